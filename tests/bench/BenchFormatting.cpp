#include "BenchFormatting.h"

#include <cmath>

namespace peftbench::bench {

QString bytes(int64_t b)
{
    const double mib = double(b) / double(1 << 20);
    return mib >= 1024 ? QStringLiteral("%1 GiB").arg(mib / 1024, 0, 'f', 2) : QStringLiteral("%1 MiB").arg(mib, 0, 'f', 0);
}

QString params(int64_t n)
{
    if (n >= 1000000)
        return QStringLiteral("%1M").arg(double(n) / 1e6, 0, 'f', 2);
    if (n >= 1000)
        return QStringLiteral("%1k").arg(double(n) / 1e3, 0, 'f', 1);
    return QString::number(n);
}

QString percent(double p)
{
    return p >= 1 ? QStringLiteral("%1%").arg(p, 0, 'f', 1) : QStringLiteral("%1%").arg(p, 0, 'g', 2);
}

QString milliseconds(double seconds)
{
    const double ms = seconds * 1000;
    return QString::number(ms, 'f', ms < 100 ? 1 : 0);
}

QString cell(const QString &text, int width)
{
    return text.rightJustified(width) + QLatin1Char(' ');
}

double ratio(double a, double b)
{
    return (a > 0 && b > 0) ? a / b : kNaN;
}

// PyTorch's CPU time per step ÷ the engine's: the same comparison as tokens/s, but what other
// processes on the cores do to wall time mostly cancels out (with one thread; with more,
// threads that spin while waiting for a descheduled peer add CPU time too).
double cpuRatio(const SideResult &engine, const SideResult &reference)
{
    return engine.ok && reference.ok ? ratio(reference.medianCpuSeconds, engine.medianCpuSeconds) : kNaN;
}

QString times(double r)
{
    return std::isnan(r) ? QStringLiteral("n/a") : QStringLiteral("%1×").arg(r, 0, 'f', 2);
}

Target atLeast(const QString &figure, double value, double minimum, const QString &unit)
{
    Target t;
    t.figure = figure;
    t.value = value;
    t.shown = std::isnan(value) ? QStringLiteral("n/a") : QStringLiteral("%1%2").arg(value, 0, 'f', 2).arg(unit);
    t.target = QStringLiteral("≥ %1%2").arg(minimum, 0, 'f', 2).arg(unit);
    t.pass = !std::isnan(value) && value >= minimum;
    return t;
}

Target atMost(const QString &figure, double value, double maximum, const QString &unit, int decimals)
{
    Target t;
    t.figure = figure;
    t.value = value;
    t.shown = std::isnan(value) ? QStringLiteral("n/a") : QStringLiteral("%1 %2").arg(value, 0, 'f', decimals).arg(unit);
    t.target = QStringLiteral("≤ %1 %2").arg(maximum, 0, 'f', 0).arg(unit);
    t.pass = !std::isnan(value) && value <= maximum;
    return t;
}

}  // namespace peftbench::bench
