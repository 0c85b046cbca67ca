#include "WizardSweepText.h"

#include "experiment/ConfigNumbers.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

#include <cmath>

namespace peftbench {

namespace {

// Comma-separated items, blanks around them ignored; an empty text has none.
QStringList items(const QString &text)
{
    QStringList parts;
    if (text.trimmed().isEmpty())
        return parts;
    for (const QString &part : text.split(QLatin1Char(',')))
        parts << part.trimmed();
    return parts;
}

}  // namespace

QString sweepText(const std::vector<double> &values)
{
    QStringList parts;
    for (double v : values)
        parts << formatConfigNumber(v);
    return parts.join(QStringLiteral(", "));
}

QString sweepText(const std::vector<int64_t> &values)
{
    QStringList parts;
    for (int64_t v : values)
        parts << QString::number(v);
    return parts.join(QStringLiteral(", "));
}

std::optional<std::vector<double>> parseNumberSweep(const QString &text, const QString &label, const SweepRange &range,
                                                    QString *problem)
{
    std::vector<double> values;
    for (const QString &item : items(text)) {
        bool ok = false;
        // Config numbers are C-locale ("0.002", "3e-4") whatever the user's language.
        const double v = QLocale::c().toDouble(item, &ok);
        const bool inRange = ok && std::isfinite(v) && (range.loInclusive ? v >= range.lo : v > range.lo)
            && (range.hiInclusive ? v <= range.hi : v < range.hi);
        if (!ok || !inRange) {
            *problem = (ok ? QCoreApplication::translate("WizardSweepText", "%1: %2 is out of range (allowed: %3)") : QCoreApplication::translate("WizardSweepText", "%1: '%2' is not a number (allowed: %3)"))
                           .arg(label, item, range.allowed);
            return std::nullopt;
        }
        values.push_back(v);
    }
    return values;
}

std::optional<std::vector<int64_t>> parseIntegerSweep(const QString &text, const QString &label, int64_t lo,
                                                      int64_t hi, const QString &allowed, QString *problem)
{
    std::vector<int64_t> values;
    for (const QString &item : items(text)) {
        bool ok = false;
        const qlonglong v = item.toLongLong(&ok);
        if (!ok || v < lo || v > hi) {
            *problem = (ok ? QCoreApplication::translate("WizardSweepText", "%1: %2 is out of range (allowed: %3)") : QCoreApplication::translate("WizardSweepText", "%1: '%2' is not a whole number (allowed: %3)"))
                           .arg(label, item, allowed);
            return std::nullopt;
        }
        values.push_back(v);
    }
    return values;
}

}  // namespace peftbench
