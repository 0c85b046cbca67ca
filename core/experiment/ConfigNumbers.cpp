#include "experiment/ConfigNumbers.h"

#include <cmath>

namespace peftbench {

QString formatConfigNumber(double value)
{
    if (std::isnan(value))
        return QStringLiteral(".nan");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral(".inf") : QStringLiteral("-.inf");
    // Plain decimals where they stay short enough to read (0.0003, not 3e-04), exponents beyond.
    const double magnitude = std::fabs(value);
    if (value == 0.0 || (magnitude >= 1e-5 && magnitude < 1e15)) {
        for (int decimals = 0; decimals <= 20; ++decimals) {
            const QString text = QString::number(value, 'f', decimals);
            if (text.toDouble() == value)
                return text;
        }
    }
    for (int precision = 1; precision < 17; ++precision) {
        const QString text = QString::number(value, 'g', precision);
        if (text.toDouble() == value)
            return text;
    }
    return QString::number(value, 'g', 17);
}

}  // namespace peftbench
