#include "report/ReportCharts.h"

#include "experiment/ComparisonTable.h"
#include "report/ChartAxes.h"

#include <algorithm>
#include <cmath>

namespace peftbench {

namespace {

constexpr double kWidth = 720;
constexpr int kMaxCurvePoints = 600;   // per series: enough for the eye, keeps the SVG small

TickFormat formatFor(RunMetric metric)
{
    if (isByteMetric(metric))
        return [](double v) { return formatBytes(int64_t(std::llround(v))); };
    if (metric == RunMetric::TrainableParams)
        return [](double v) { return formatCount(int64_t(std::llround(v))); };
    return compactNumber;
}

QString shortLabel(const QString &label)
{
    return label.size() > 26 ? label.left(25) + QChar(0x2026) : label;
}

// Exponential moving average, as the live view smooths its train-loss curve.
QVector<double> smoothed(const QVector<double> &values, double weight)
{
    weight = std::clamp(weight, 0.0, 0.99);
    QVector<double> out;
    out.reserve(values.size());
    double s = kNoValue;
    for (double v : values) {
        if (std::isfinite(v))
            s = std::isfinite(s) ? weight * s + (1 - weight) * v : v;
        out << s;
    }
    return out;
}

// Bucket means so a 100k-step run still draws as a few hundred points.
QVector<QPointF> downsampled(const QVector<double> &x, const QVector<double> &y)
{
    QVector<QPointF> points;
    const qsizetype n = std::min(x.size(), y.size());
    const qsizetype bucket = std::max<qsizetype>(1, (n + kMaxCurvePoints - 1) / kMaxCurvePoints);
    for (qsizetype start = 0; start < n; start += bucket) {
        double sx = 0, sy = 0;
        int count = 0;
        for (qsizetype i = start; i < std::min(n, start + bucket); ++i)
            if (std::isfinite(x[i]) && std::isfinite(y[i])) {
                sx += x[i];
                sy += y[i];
                ++count;
            }
        if (count > 0)
            points << QPointF(sx / count, sy / count);
    }
    return points;
}

void drawLegend(ChartCanvas &canvas, const Comparison &c, double left, double top)
{
    for (int g = 0; g < int(c.groups.size()); ++g) {
        const double y = top + 16 * g;
        canvas.rect({left, y - 8}, {left + 12, y + 2}, reportSeriesColor(g));
        canvas.text({left + 17, y + 1}, shortLabel(c.groups[size_t(g)].label), 10);
    }
}

struct Curve {
    int group;
    QVector<QPointF> points;
    bool markers;
};

ReportChart curveChart(const Comparison &c, const QString &id, const QString &title, const QString &xLabel,
                       const std::vector<Curve> &curves)
{
    ChartCanvas canvas(kWidth, 300, title);
    std::vector<double> xs, ys;
    for (const Curve &curve : curves)
        for (const QPointF &p : curve.points) {
            xs.push_back(p.x());
            ys.push_back(p.y());
        }
    PlotFrame frame{QRectF(60, 28, kWidth - 60 - 180, 300 - 28 - 48), fitScale(xs, false, false), fitScale(ys, false, false)};
    if (!xs.empty() && *std::min_element(xs.begin(), xs.end()) >= 0)
        frame.x.min = 0;   // steps, epochs, tokens and seconds all start at 0
    canvas.text({kWidth / 2, 16}, title, 13, ChartItem::Anchor::Middle, true);
    drawAxes(canvas, frame, xLabel, compactNumber, QStringLiteral("loss"), compactNumber);
    for (const Curve &curve : curves) {
        QVector<QPointF> pixels;
        for (const QPointF &p : curve.points)
            pixels << frame.map(p.x(), p.y());
        if (pixels.size() > 1)
            canvas.polyline(pixels, reportSeriesColor(curve.group), 1.6);
        if (curve.markers || pixels.size() == 1)
            for (const QPointF &p : pixels)
                canvas.circle(p, 2.5, reportSeriesColor(curve.group));
    }
    drawLegend(canvas, c, kWidth - 170, 40);
    return {id, QStringLiteral("Curves"), canvas};
}

std::vector<ReportChart> curveCharts(const Comparison &c, const ReportOptions &options)
{
    const QString xLabel = curveAxisLabel(options.curveAxis);
    std::vector<Curve> train, validation;
    for (const ComparedRun &run : c.runs) {
        train.push_back({run.group, downsampled(curveX(run.steps, options.curveAxis), smoothed(run.steps.trainLoss, options.smoothing)),
                         false});
        QVector<double> valLoss;
        for (const EvalMetrics &e : run.evaluations)
            valLoss << e.valLoss;
        validation.push_back({run.group, downsampled(evaluationX(run, options.curveAxis), valLoss), true});
    }
    std::vector<ReportChart> charts;
    const QString smoothing = options.smoothing > 0 ? QStringLiteral(" (EMA %1)").arg(std::clamp(options.smoothing, 0.0, 0.99))
                                                    : QString();
    charts.push_back(curveChart(c, QStringLiteral("train-loss"), QStringLiteral("Training loss") + smoothing, xLabel, train));
    charts.push_back(curveChart(c, QStringLiteral("validation-loss"), QStringLiteral("Validation loss"), xLabel, validation));
    return charts;
}

double rowHeightFor(const Comparison &c)
{
    return 60 + 26.0 * double(c.groups.size());
}

// One horizontal bar per group, mean ± std.
std::optional<ReportChart> barChart(const Comparison &c, RunMetric metric, const QString &section, bool log)
{
    std::vector<Stat> stats;
    std::vector<double> extents;
    for (int g = 0; g < int(c.groups.size()); ++g) {
        stats.push_back(groupStat(c, g, metric));
        extents.push_back(stats.back().mean - stats.back().std);
        extents.push_back(stats.back().mean + stats.back().std);
        extents.push_back(stats.back().mean);
    }
    if (std::none_of(stats.begin(), stats.end(), [](const Stat &s) { return s.n > 0; }))
        return std::nullopt;
    const QString title = metricLabel(metric, c.metricName, c.memoryLabel);
    const QString better = higherIsBetter(metric, c.metricName) ? QStringLiteral("higher is better") : QStringLiteral("lower is better");
    const double height = rowHeightFor(c);
    ChartCanvas canvas(kWidth, height, title);
    PlotFrame frame{QRectF(180, 28, kWidth - 180 - 30, height - 28 - 32), fitScale(extents, log, !log), AxisScale{}};
    frame.x.binary = isByteMetric(metric);
    canvas.text({kWidth / 2, 16}, QStringLiteral("%1 (%2%3)").arg(title, better, log ? QStringLiteral(", log scale") : QString()), 13,
                ChartItem::Anchor::Middle, true);
    const TickFormat format = formatFor(metric);
    drawAxes(canvas, frame, QString(), format, QString(), nullptr);
    const double slot = frame.area.height() / double(c.groups.size());
    const double base = log ? frame.x.min : std::clamp(0.0, frame.x.min, frame.x.max);
    for (int g = 0; g < int(c.groups.size()); ++g) {
        const Stat &s = stats[size_t(g)];
        const double top = frame.area.top() + slot * g + slot * 0.2, bottom = top + slot * 0.6, middle = (top + bottom) / 2;
        canvas.text({frame.area.left() - 8, middle + 4}, shortLabel(c.groups[size_t(g)].label), 10, ChartItem::Anchor::End);
        if (s.n == 0) {
            canvas.text({frame.area.left() + 6, middle + 4}, QStringLiteral("not recorded"), 10, ChartItem::Anchor::Start, false,
                        false, QStringLiteral("#888888"));
            continue;
        }
        QString valueText = formatMetric(metric, s.mean);
        if (s.n > 1)
            valueText += QStringLiteral(" ± %1 (n=%2)").arg(formatMetric(metric, s.std)).arg(s.n);
        canvas.rect({frame.mapX(base), top}, {frame.mapX(s.mean), bottom}, reportSeriesColor(g), {},
                    c.groups[size_t(g)].label + QStringLiteral(": ") + valueText, 0.85);
        if (s.n > 1) {
            const double lo = frame.mapX(s.mean - s.std), hi = frame.mapX(s.mean + s.std);
            canvas.line({lo, middle}, {hi, middle}, QStringLiteral("#222222"), 1.2);
            canvas.line({lo, top + 3}, {lo, bottom - 3}, QStringLiteral("#222222"), 1.2);
            canvas.line({hi, top + 3}, {hi, bottom - 3}, QStringLiteral("#222222"), 1.2);
        }
        const double labelX = std::max(frame.mapX(s.mean), frame.mapX(s.mean + s.std)) + 4;
        const bool fitsRight = labelX + 7 * valueText.size() < kWidth;
        canvas.text({fitsRight ? labelX : frame.mapX(s.mean) - 4, middle + 4}, valueText, 10,
                    fitsRight ? ChartItem::Anchor::Start : ChartItem::Anchor::End);
    }
    const QString id = QStringLiteral("bar-") + metricKey(metric).replace(QLatin1Char('_'), QLatin1Char('-'));
    return ReportChart{id, section, canvas};
}

// Peak memory of each group (means), stacked by what holds it.
ReportChart memoryChart(const Comparison &c)
{
    const std::vector<RunMetric> parts{RunMetric::WeightBytes, RunMetric::GradientBytes, RunMetric::OptimizerBytes,
                                       RunMetric::OtherBytes};
    const QStringList colors{QStringLiteral("#4477aa"), QStringLiteral("#ee6677"), QStringLiteral("#ccbb44"),
                             QStringLiteral("#bbbbbb")};
    std::vector<double> totals{0};
    for (int g = 0; g < int(c.groups.size()); ++g) {
        double total = 0;
        for (RunMetric m : parts)
            total += std::max(0.0, groupStat(c, g, m).mean);
        totals.push_back(total);
    }
    const double height = rowHeightFor(c) + 22;
    const QString title = QStringLiteral("Peak %1 by what holds it").arg(c.memoryLabel.isEmpty() ? QStringLiteral("memory") : c.memoryLabel);
    ChartCanvas canvas(kWidth, height, title);
    PlotFrame frame{QRectF(180, 28, kWidth - 180 - 30, height - 28 - 54), fitScale(totals, false, true), AxisScale{}};
    frame.x.binary = true;
    canvas.text({kWidth / 2, 16}, title, 13, ChartItem::Anchor::Middle, true);
    drawAxes(canvas, frame, QString(), formatFor(RunMetric::PeakMemory), QString(), nullptr);
    const double slot = frame.area.height() / double(c.groups.size());
    for (int g = 0; g < int(c.groups.size()); ++g) {
        const double top = frame.area.top() + slot * g + slot * 0.2, bottom = top + slot * 0.6;
        canvas.text({frame.area.left() - 8, (top + bottom) / 2 + 4}, shortLabel(c.groups[size_t(g)].label), 10, ChartItem::Anchor::End);
        double at = 0;
        for (size_t p = 0; p < parts.size(); ++p) {
            const double value = std::max(0.0, groupStat(c, g, parts[p]).mean);
            if (!(value > 0))
                continue;
            canvas.rect({frame.mapX(at), top}, {frame.mapX(at + value), bottom}, colors[int(p)], QStringLiteral("#ffffff"),
                        QStringLiteral("%1 %2: %3").arg(c.groups[size_t(g)].label, metricLabel(parts[p]), formatMetric(parts[p], value)));
            at += value;
        }
        canvas.text({frame.mapX(at) + 4, (top + bottom) / 2 + 4}, formatMetric(RunMetric::PeakMemory, at), 10);
    }
    double x = frame.area.left();
    for (size_t p = 0; p < parts.size(); ++p) {
        canvas.rect({x, height - 20}, {x + 12, height - 10}, colors[int(p)]);
        canvas.text({x + 17, height - 11}, metricLabel(parts[p]), 10);
        x += 130;
    }
    return {QStringLiteral("memory-breakdown"), QStringLiteral("Memory"), canvas};
}

// Quality (y) against a cost (x), one point per group with its error bar; the Pareto front is the
// groups no other beats on both.
std::optional<ReportChart> scatterChart(const Comparison &c, RunMetric cost, const QString &id, bool logX)
{
    const RunMetric quality = qualityMetric(c);
    const bool higher = higherIsBetter(quality, c.metricName);
    std::vector<std::pair<double, double>> costQuality;
    std::vector<Stat> qualities;
    std::vector<double> xs, ys;
    for (int g = 0; g < int(c.groups.size()); ++g) {
        const Stat q = groupStat(c, g, quality);
        const double x = groupStat(c, g, cost).mean;
        qualities.push_back(q);
        costQuality.push_back({x, higher ? q.mean : -q.mean});
        xs.push_back(x);
        ys.insert(ys.end(), {q.mean - q.std, q.mean + q.std, q.mean});
    }
    if (std::none_of(costQuality.begin(), costQuality.end(),
                     [](const auto &p) { return std::isfinite(p.first) && std::isfinite(p.second); }))
        return std::nullopt;
    const std::vector<int> front = paretoFront(costQuality);
    const QString qualityLabel = metricLabel(quality, c.metricName);
    const QString costLabel = metricLabel(cost, c.metricName, c.memoryLabel);
    const QString title = QStringLiteral("%1 vs %2").arg(qualityLabel, costLabel);
    ChartCanvas canvas(kWidth, 340, title);
    PlotFrame frame{QRectF(70, 28, kWidth - 70 - 180, 340 - 28 - 48), fitScale(xs, logX, false), fitScale(ys, false, false)};
    frame.x.binary = isByteMetric(cost);
    canvas.text({kWidth / 2, 16}, title + QStringLiteral(" (Pareto front dashed)"), 13, ChartItem::Anchor::Middle, true);
    drawAxes(canvas, frame, costLabel + (logX ? QStringLiteral(" (log scale)") : QString()), formatFor(cost),
             qualityLabel + (higher ? QStringLiteral(" ↑") : QStringLiteral(" ↓")), compactNumber);
    QVector<QPointF> frontLine;
    for (int i : front)
        frontLine << frame.map(costQuality[size_t(i)].first, qualities[size_t(i)].mean);
    if (frontLine.size() > 1)
        canvas.polyline(frontLine, QStringLiteral("#222222"), 1.2, true);
    for (int g = 0; g < int(c.groups.size()); ++g) {
        const Stat &q = qualities[size_t(g)];
        const double x = costQuality[size_t(g)].first;
        if (!std::isfinite(x) || !std::isfinite(q.mean))
            continue;
        const QPointF p = frame.map(x, q.mean);
        if (q.n > 1)
            canvas.line(frame.map(x, q.mean - q.std), frame.map(x, q.mean + q.std), reportSeriesColor(g), 1.2);
        const bool onFront = std::find(front.begin(), front.end(), g) != front.end();
        canvas.circle(p, onFront ? 6 : 4.5, reportSeriesColor(g), onFront ? QStringLiteral("#222222") : QString(),
                      QStringLiteral("%1: %2, %3%4")
                          .arg(c.groups[size_t(g)].label, formatMetric(cost, x), formatMetric(quality, q.mean),
                               onFront ? QStringLiteral(" (on the Pareto front)") : QString()));
    }
    drawLegend(canvas, c, kWidth - 170, 40);
    return ReportChart{id, QStringLiteral("Quality vs cost"), canvas};
}

}  // namespace

std::vector<ReportChart> reportCharts(const Comparison &comparison, const ReportOptions &options)
{
    std::vector<ReportChart> charts = curveCharts(comparison, options);
    if (comparison.groups.empty())
        return charts;
    const auto add = [&](std::optional<ReportChart> chart) {
        if (chart)
            charts.push_back(std::move(*chart));
    };
    add(barChart(comparison, RunMetric::BestValLoss, QStringLiteral("Quality"), false));
    if (!comparison.metricName.isEmpty())
        add(barChart(comparison, RunMetric::TestMetric, QStringLiteral("Quality"), false));
    add(barChart(comparison, RunMetric::GeneralizationGap, QStringLiteral("Quality"), false));
    add(barChart(comparison, RunMetric::TrainableParams, QStringLiteral("Cost"), true));
    add(barChart(comparison, RunMetric::SecondsPerStep, QStringLiteral("Cost"), false));
    add(barChart(comparison, RunMetric::TokensPerSecond, QStringLiteral("Cost"), false));
    add(barChart(comparison, RunMetric::AdapterBytes, QStringLiteral("Cost"), true));
    charts.push_back(memoryChart(comparison));
    add(scatterChart(comparison, RunMetric::PeakMemory, QStringLiteral("scatter-memory"), false));
    add(scatterChart(comparison, RunMetric::TrainableParams, QStringLiteral("scatter-params"), true));
    return charts;
}

}  // namespace peftbench
