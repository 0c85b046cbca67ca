#include "CompareBars.h"

#include "ComparePlotStyle.h"
#include "QCustomPlotNoKeywords.h"

#include <QGridLayout>

#include <algorithm>
#include <cmath>

namespace peftbench {

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

bool logScaled(RunMetric metric)
{
    // Parameters and sizes on disk span orders of magnitude between prompt tuning and full FT.
    return metric == RunMetric::TrainableParams || metric == RunMetric::AdapterBytes;
}

QColor partColor(RunMetric part)
{
    switch (part) {
    case RunMetric::WeightBytes: return QColor(31, 119, 180);
    case RunMetric::GradientBytes: return QColor(255, 127, 14);
    case RunMetric::OptimizerBytes: return QColor(214, 39, 40);
    default: return QColor(170, 170, 170);
    }
}

double valueAt(const QCPBars *bars, double key)
{
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
        if (it->key == key)
            return it->value;
    return qQNaN();
}

}  // namespace

const std::vector<RunMetric> &CompareBars::chartedMetrics()
{
    static const std::vector<RunMetric> metrics = {
        RunMetric::BestValLoss,    RunMetric::TestMetric,      RunMetric::TrainableParams, RunMetric::PeakMemory,
        RunMetric::SecondsPerStep, RunMetric::TokensPerSecond, RunMetric::AdapterBytes,    RunMetric::GeneralizationGap,
    };
    return metrics;
}

const std::vector<RunMetric> &CompareBars::memoryParts()
{
    static const std::vector<RunMetric> parts = {RunMetric::WeightBytes, RunMetric::GradientBytes,
                                                 RunMetric::OptimizerBytes, RunMetric::OtherBytes};
    return parts;
}

double CompareBars::displayScale(RunMetric metric)
{
    return isByteMetric(metric) ? 1.0 / kMiB : 1.0;
}

CompareBars::CompareBars(QWidget *parent) : QWidget(parent)
{
    m_grid = new QGridLayout(this);
    int index = 0;
    for (RunMetric metric : chartedMetrics()) {
        m_charts[metric] = makeChart(metric);
        m_grid->addWidget(m_charts[metric].plot, index / 2, index % 2);
        ++index;
    }
}

CompareBars::Chart CompareBars::makeChart(RunMetric metric)
{
    Chart chart;
    chart.plot = new QCustomPlot(this);
    chart.plot->setObjectName(QStringLiteral("bars_") + metricKey(metric));
    chart.plot->setMinimumHeight(230);
    chart.title = addChartTitle(chart.plot);
    if (logScaled(metric)) {
        chart.plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
        chart.plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        chart.plot->yAxis->setNumberFormat(QStringLiteral("eb"));   // 10^k
        chart.plot->yAxis->setNumberPrecision(0);
    }
    if (metric == RunMetric::PeakMemory)
        placeLegendBelow(chart.plot);
    return chart;
}

void CompareBars::setComparison(std::shared_ptr<const Comparison> comparison, bool byGroup)
{
    m_comparison = std::move(comparison);
    m_series = m_comparison ? compareSeries(*m_comparison, byGroup) : std::vector<CompareSeries>{};
    for (auto &[metric, chart] : m_charts) {
        chart.plot->clearPlottables();
        chart.bars.clear();
        chart.errors.clear();
        chart.title->setText(chartTitle(metric));
        chart.plot->yAxis->setLabel(axisLabel(metric));
        setCategoryAxis(chart.plot);
        if (metric == RunMetric::PeakMemory)
            fillMemoryChart(chart);
        else
            fillChart(metric, chart);
        chart.plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

QString CompareBars::chartTitle(RunMetric metric) const
{
    const QString metricName = m_comparison ? m_comparison->metricName : QString();
    const QString memory = m_comparison && !m_comparison->memoryLabel.isEmpty() ? m_comparison->memoryLabel : tr("memory");
    QString title;
    switch (metric) {
    case RunMetric::BestValLoss: title = tr("Best validation loss"); break;
    case RunMetric::TestMetric:
        title = metricName.isEmpty() ? tr("Test metric (the runs share none)") : tr("Test %1").arg(metricName);
        break;
    case RunMetric::TrainableParams: title = tr("Trainable parameters (log scale)"); break;
    case RunMetric::PeakMemory: title = tr("Peak %1 by what holds it").arg(memory); break;
    case RunMetric::SecondsPerStep: title = tr("Time per step"); break;
    case RunMetric::TokensPerSecond: title = tr("Throughput"); break;
    case RunMetric::AdapterBytes: title = tr("Adapter or checkpoint size on disk (log scale)"); break;
    case RunMetric::GeneralizationGap: title = tr("Generalization gap (validation − training loss)"); break;
    default: title = metricLabel(metric, metricName, memory); break;
    }
    if (metric != RunMetric::TestMetric || !metricName.isEmpty())
        title += higherIsBetter(metric, metricName) ? tr(" · higher is better") : tr(" · lower is better");
    return title;
}

QString CompareBars::axisLabel(RunMetric metric) const
{
    switch (metric) {
    case RunMetric::BestValLoss: return tr("nats/token");
    case RunMetric::TestMetric: return m_comparison ? m_comparison->metricName : QString();
    case RunMetric::TrainableParams: return tr("parameters");
    case RunMetric::PeakMemory: return tr("MiB");
    case RunMetric::SecondsPerStep: return tr("seconds");
    case RunMetric::TokensPerSecond: return tr("tokens/s");
    case RunMetric::AdapterBytes: return tr("MiB");
    case RunMetric::GeneralizationGap: return tr("nats/token");
    default: return {};
    }
}

void CompareBars::setCategoryAxis(QCustomPlot *plot)
{
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (size_t s = 0; s < m_series.size(); ++s)
        ticker->addTick(double(s + 1), m_series[s].label);
    plot->xAxis->setTicker(ticker);
    plot->xAxis->setTickLabelRotation(m_series.size() > 3 ? 30 : 0);
    plot->xAxis->setSubTicks(false);
    plot->xAxis->setTickLength(0, 4);
    plot->xAxis->setRange(0.4, double(m_series.size()) + 0.6);
}

void CompareBars::fillChart(RunMetric metric, Chart &chart)
{
    QCustomPlot *plot = chart.plot;
    const double scale = displayScale(metric);
    double lowest = qInf(), highest = -qInf();
    for (size_t s = 0; s < m_series.size(); ++s) {
        const CompareSeries &series = m_series[s];
        auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
        bars->setName(series.label);
        bars->setWidth(0.65);
        bars->setPen(QPen(series.color.darker(130)));
        bars->setBrush(series.color);
        chart.bars.push_back(bars);
        const Stat stat = seriesStat(*m_comparison, series, metric);
        if (stat.n == 0)
            continue;   // not recorded: no bar, the label stays
        const double value = stat.mean * scale;
        bars->addData(double(s + 1), value);
        lowest = std::min(lowest, value - stat.std * scale);
        highest = std::max(highest, value + stat.std * scale);
        if (series.group >= 0) {
            auto *errors = new QCPErrorBars(plot->xAxis, plot->yAxis);
            errors->removeFromLegend();
            errors->setDataPlottable(bars);
            errors->setData(QVector<double>{stat.std * scale});
            errors->setPen(QPen(Qt::black, 1.2));
            chart.errors.push_back(errors);
        }
    }
    if (!std::isfinite(lowest)) {
        plot->yAxis->setRange(0, 1);
        return;
    }
    if (logScaled(metric)) {
        // Bars on a log axis start at a power of ten below the smallest, not at zero.
        double smallest = qInf();
        for (QCPBars *bars : chart.bars)
            if (!bars->data()->isEmpty() && bars->data()->at(0)->value > 0)
                smallest = std::min(smallest, bars->data()->at(0)->value);
        const double base = std::isfinite(smallest) ? std::pow(10.0, std::floor(std::log10(smallest))) : 1.0;
        for (QCPBars *bars : chart.bars)
            bars->setBaseValue(base);
        plot->yAxis->setRange(base, std::max(highest, base) * 3);
    } else {
        const double low = std::min(0.0, lowest), high = std::max(0.0, highest);
        const double pad = std::max((high - low) * 0.08, 1e-12);
        plot->yAxis->setRange(low < 0 ? low - pad : 0, high + pad);
    }
}

void CompareBars::fillMemoryChart(Chart &chart)
{
    QCustomPlot *plot = chart.plot;
    const double scale = displayScale(RunMetric::PeakMemory);
    QCPBars *below = nullptr;
    for (RunMetric part : memoryParts()) {
        auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
        bars->setName(metricLabel(part));
        bars->setWidth(0.65);
        bars->setPen(QPen(partColor(part).darker(130)));
        bars->setBrush(partColor(part));
        for (size_t s = 0; s < m_series.size(); ++s) {
            const Stat stat = seriesStat(*m_comparison, m_series[s], part);
            if (stat.n > 0)
                bars->addData(double(s + 1), stat.mean * scale);
        }
        if (below)
            bars->moveAbove(below);
        below = bars;
        chart.bars.push_back(bars);
    }
    const std::vector<double> totals = barValues(RunMetric::PeakMemory);
    double highest = 0;
    if (below && std::any_of(m_series.begin(), m_series.end(), [](const CompareSeries &s) { return s.group >= 0; })) {
        // The spread of the peak, on top of the stack.
        auto *errors = new QCPErrorBars(plot->xAxis, plot->yAxis);
        errors->removeFromLegend();
        errors->setDataPlottable(below);
        errors->setPen(QPen(Qt::black, 1.2));
        QVector<double> spread;
        for (size_t s = 0; s < m_series.size(); ++s) {
            if (std::isnan(valueAt(below, double(s + 1))))
                continue;
            const Stat peak = seriesStat(*m_comparison, m_series[s], RunMetric::PeakMemory);
            spread << (peak.n > 0 ? peak.std * scale : 0.0);
            highest = std::max(highest, totals[s] + spread.back());
        }
        errors->setData(spread);
        chart.errors.push_back(errors);
    }
    for (double total : totals)
        if (std::isfinite(total))
            highest = std::max(highest, total);
    plot->yAxis->setRange(0, highest > 0 ? highest * 1.1 : 1.0);
}

QCustomPlot *CompareBars::chart(RunMetric metric) const
{
    const auto it = m_charts.find(metric);
    return it == m_charts.end() ? nullptr : it->second.plot;
}

std::vector<double> CompareBars::barValues(RunMetric metric) const
{
    std::vector<double> values;
    const auto it = m_charts.find(metric);
    if (it == m_charts.end())
        return values;
    for (size_t s = 0; s < m_series.size(); ++s) {
        if (metric != RunMetric::PeakMemory) {
            values.push_back(valueAt(it->second.bars[s], double(s + 1)));
            continue;
        }
        double total = 0;
        for (double part : memoryStack(int(s)))
            total += part;
        values.push_back(total);
    }
    return values;
}

std::vector<double> CompareBars::errorValues(RunMetric metric) const
{
    std::vector<double> values;
    const auto it = m_charts.find(metric);
    if (it == m_charts.end())
        return values;
    for (const QCPErrorBars *errors : it->second.errors)
        for (int i = 0; i < errors->dataCount(); ++i)
            values.push_back(errors->data()->at(i).errorPlus);
    return values;
}

std::vector<double> CompareBars::memoryStack(int series) const
{
    std::vector<double> parts;
    for (const QCPBars *bars : m_charts.at(RunMetric::PeakMemory).bars)
        parts.push_back(valueAt(bars, double(series + 1)));
    return parts;
}

}  // namespace peftbench
