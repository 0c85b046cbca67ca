#pragma once

#include <QString>

#include <stdexcept>

namespace peftbench {

// Every failed run-store operation: what we were doing, on which file, and SQLite's own words,
// so a message in the log or a dialog is enough to act on without a debugger.
class StoreError : public std::runtime_error {
public:
    StoreError(const QString &purpose, const QString &file, const QString &detail);

    const QString &purpose() const { return purpose_; }
    const QString &file() const { return file_; }
    const QString &detail() const { return detail_; }

private:
    QString purpose_;
    QString file_;
    QString detail_;
};

}  // namespace peftbench
