#pragma once

#include <QString>

#include <stdexcept>

namespace peftbench {

// Every failed run-store operation: what we were doing, on which file, and SQLite's own words,
// so a message in the log or a dialog is enough to act on without a debugger.
class StoreError : public std::runtime_error {
public:
    // What went wrong, for whoever decides what to offer: a file that is not a usable run store
    // (not SQLite, corrupt, another application's, written by a newer build) can only be moved
    // aside or replaced; any other failure (permissions, a locked file, a full disk, a missing
    // driver) may pass once its cause is fixed, and the file must stay where it is.
    enum class Kind {
        Failure,
        UnusableFile,
    };

    StoreError(const QString &purpose, const QString &file, const QString &detail, Kind kind = Kind::Failure);

    const QString &purpose() const { return purpose_; }
    const QString &file() const { return file_; }
    const QString &detail() const { return detail_; }
    Kind kind() const { return kind_; }

private:
    QString purpose_;
    QString file_;
    QString detail_;
    Kind kind_;
};

}  // namespace peftbench
