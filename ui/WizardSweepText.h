#pragma once
// A setting that can be one value or a sweep over several (SPEC §6), as the text of one field:
// "8" or "4, 8, 16"; empty = not given (the method's default applies).
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace peftbench {

QString sweepText(const std::vector<double> &values);
QString sweepText(const std::vector<int64_t> &values);

// One problem with a field's text, naming the field and what it allows; nullopt when fine.
struct SweepRange {
    double lo = 0;
    bool loInclusive = true;
    double hi = 0;
    bool hiInclusive = true;
    QString allowed;  // e.g. "a number > 0 and <= 10"
};

// The values of the text, or the problem: "LABEL: 'x' is not a number (allowed: ...)".
std::optional<std::vector<double>> parseNumberSweep(const QString &text, const QString &label, const SweepRange &range,
                                                    QString *problem);
std::optional<std::vector<int64_t>> parseIntegerSweep(const QString &text, const QString &label, int64_t lo,
                                                      int64_t hi, const QString &allowed, QString *problem);

}  // namespace peftbench
