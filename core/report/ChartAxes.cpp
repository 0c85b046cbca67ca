#include "report/ChartAxes.h"

#include <algorithm>
#include <cmath>

namespace peftbench {

double AxisScale::fraction(double value) const
{
    if (log) {
        const double lo = std::log10(min), hi = std::log10(max);
        return hi > lo ? (std::log10(std::max(value, min * 1e-3)) - lo) / (hi - lo) : 0.5;
    }
    return max > min ? (value - min) / (max - min) : 0.5;
}

AxisScale fitScale(const std::vector<double> &values, bool log, bool includeZero)
{
    double lo = INFINITY, hi = -INFINITY;
    for (double v : values) {
        if (!std::isfinite(v) || (log && v <= 0))
            continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    AxisScale s;
    s.log = log;
    if (!std::isfinite(lo))
        return log ? AxisScale{1, 10, true} : AxisScale{0, 1, false};
    if (log) {
        // Whole decades around the data read best on a log axis.
        s.min = std::pow(10.0, std::floor(std::log10(lo)));
        s.max = std::pow(10.0, std::ceil(std::log10(hi)));
        if (s.max <= s.min)
            s.max = s.min * 10;
        return s;
    }
    if (includeZero) {
        lo = std::min(lo, 0.0);
        hi = std::max(hi, 0.0);
    }
    if (hi == lo) {
        const double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;
        lo -= pad;
        hi += pad;
    }
    const double pad = (hi - lo) * 0.05;
    s.min = includeZero && lo == 0 ? 0 : lo - pad;
    s.max = includeZero && hi == 0 ? 0 : hi + pad;
    return s;
}

namespace {

// The largest power of 1024 not above `value` (at least 1).
double binaryUnit(double value)
{
    double unit = 1;
    while (unit * 1024 <= value)
        unit *= 1024;
    return unit;
}

}  // namespace

std::vector<double> axisTicks(const AxisScale &scale)
{
    std::vector<double> ticks;
    if (scale.binary && scale.log) {
        // 1, 10, 100 of each binary unit: "1 KiB", "10 KiB", "100 KiB", "1 MiB", ...
        for (double unit = 1; unit <= scale.max; unit *= 1024)
            for (double m : {1.0, 10.0, 100.0})
                if (unit * m >= scale.min * 0.9999 && unit * m <= scale.max * 1.0001)
                    ticks.push_back(unit * m);
        return ticks;
    }
    if (scale.binary) {
        const double unit = binaryUnit(std::max(std::abs(scale.min), std::abs(scale.max)));
        AxisScale inUnits = scale;
        inUnits.binary = false;
        inUnits.min /= unit;
        inUnits.max /= unit;
        for (double t : axisTicks(inUnits))
            ticks.push_back(t * unit);
        return ticks;
    }
    if (scale.log) {
        for (double p = scale.min; p <= scale.max * 1.0001; p *= 10)
            ticks.push_back(p);
        if (ticks.size() <= 2) {
            std::vector<double> more;
            for (double p : ticks)
                for (double m : {1.0, 2.0, 5.0})
                    if (p * m <= scale.max * 1.0001)
                        more.push_back(p * m);
            ticks = more;
        }
        return ticks;
    }
    const double range = scale.max - scale.min;
    if (!(range > 0))
        return {scale.min};
    const double raw = range / 5;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (magnitude * m >= raw) {
            step = magnitude * m;
            break;
        }
    // Multiples of the step computed each from its index (a running sum drifts: 0.6000000000000001),
    // and rounded to the step's decimals.
    const double decimals = std::pow(10.0, std::max(0.0, -std::floor(std::log10(step)) + 1));
    for (double k = std::ceil(scale.min / step); k * step <= scale.max + step * 1e-9; k += 1)
        ticks.push_back(std::round(k * step * decimals) / decimals);
    return ticks;
}

QString compactNumber(double value)
{
    return QString::number(value, 'g', 3);
}

double PlotFrame::mapX(double xValue) const
{
    return area.left() + x.fraction(xValue) * area.width();
}

double PlotFrame::mapY(double yValue) const
{
    return area.bottom() - y.fraction(yValue) * area.height();
}

QPointF PlotFrame::map(double xValue, double yValue) const
{
    return {mapX(xValue), mapY(yValue)};
}

void drawAxes(ChartCanvas &canvas, const PlotFrame &frame, const QString &xLabel, const TickFormat &xFormat,
              const QString &yLabel, const TickFormat &yFormat)
{
    const QString grid = QStringLiteral("#e3e3e3");
    const QString axis = QStringLiteral("#888888");
    const QRectF &a = frame.area;
    if (xFormat)
        for (double t : axisTicks(frame.x)) {
            const double px = frame.mapX(t);
            canvas.line({px, a.top()}, {px, a.bottom()}, grid);
            canvas.text({px, a.bottom() + 14}, xFormat(t), 10, ChartItem::Anchor::Middle);
        }
    if (yFormat)
        for (double t : axisTicks(frame.y)) {
            const double py = frame.mapY(t);
            canvas.line({a.left(), py}, {a.right(), py}, grid);
            canvas.text({a.left() - 6, py + 4}, yFormat(t), 10, ChartItem::Anchor::End);
        }
    canvas.line(a.bottomLeft(), a.bottomRight(), axis);
    canvas.line(a.topLeft(), a.bottomLeft(), axis);
    if (!xLabel.isEmpty())
        canvas.text({a.center().x(), a.bottom() + 32}, xLabel, 11, ChartItem::Anchor::Middle);
    if (!yLabel.isEmpty())
        canvas.text({14, a.center().y()}, yLabel, 11, ChartItem::Anchor::Middle, false, true);
}

QString reportSeriesColor(int index)
{
    static const char *palette[] = {"#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377", "#555555", "#bbbbbb"};
    return QLatin1String(palette[size_t(index) % (sizeof palette / sizeof *palette)]);
}

}  // namespace peftbench
