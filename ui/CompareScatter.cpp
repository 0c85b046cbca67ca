#include "CompareScatter.h"

#include "ComparePlotStyle.h"
#include "QCustomPlotNoKeywords.h"

#include <QHBoxLayout>

#include <algorithm>
#include <cmath>

namespace peftbench {

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

RunMetric costMetric(CompareScatter::Cost cost)
{
    return cost == CompareScatter::Cost::PeakMemory ? RunMetric::PeakMemory : RunMetric::TrainableParams;
}

double costScale(CompareScatter::Cost cost)
{
    return cost == CompareScatter::Cost::PeakMemory ? 1.0 / kMiB : 1.0;
}

}  // namespace

RunMetric CompareScatter::qualityMetric(const Comparison &comparison)
{
    if (comparison.metricName.isEmpty() || comparison.mixedMetrics)
        return RunMetric::BestValLoss;
    for (const ComparedRun &run : comparison.runs)
        if (!std::isfinite(metricValue(run, RunMetric::TestMetric)))
            return RunMetric::BestValLoss;
    return RunMetric::TestMetric;
}

CompareScatter::CompareScatter(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    for (Cost cost : {Cost::PeakMemory, Cost::TrainableParams}) {
        m_charts[cost].plot = makePlot(cost);
        layout->addWidget(m_charts[cost].plot);
    }
}

QCustomPlot *CompareScatter::makePlot(Cost cost)
{
    auto *plot = new QCustomPlot(this);
    plot->setObjectName(cost == Cost::PeakMemory ? QStringLiteral("scatterMemory") : QStringLiteral("scatterParams"));
    plot->setMinimumSize(320, 320);
    addChartTitle(plot);
    if (cost == Cost::TrainableParams) {
        plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
        plot->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        plot->xAxis->setNumberFormat(QStringLiteral("eb"));
        plot->xAxis->setNumberPrecision(0);
        plot->xAxis->setLabel(tr("trainable parameters (log scale)"));
    }
    placeLegendBelow(plot, 3);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    return plot;
}

void CompareScatter::setComparison(std::shared_ptr<const Comparison> comparison, bool byGroup)
{
    m_comparison = std::move(comparison);
    m_series = m_comparison ? compareSeries(*m_comparison, byGroup) : std::vector<CompareSeries>{};
    for (auto &[cost, chart] : m_charts)
        fill(cost, chart);
}

void CompareScatter::fill(Cost cost, Chart &chart)
{
    QCustomPlot *plot = chart.plot;
    plot->clearPlottables();
    plot->clearItems();
    chart.points.clear();
    chart.front.clear();
    chart.frontLine = nullptr;
    if (!m_comparison) {
        plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const RunMetric quality = qualityMetric(*m_comparison);
    const QString metricName = quality == RunMetric::TestMetric ? m_comparison->metricName : QString();
    const bool higher = higherIsBetter(quality, metricName);
    const QString qualityName = quality == RunMetric::TestMetric ? tr("test %1").arg(metricName) : tr("best validation loss");
    const QString memory = m_comparison->memoryLabel.isEmpty() ? tr("memory") : m_comparison->memoryLabel;
    const QString costName = cost == Cost::PeakMemory ? tr("peak %1").arg(memory) : tr("trainable parameters");
    QString title = tr("%1 against %2 · best: %3").arg(qualityName, costName, higher ? tr("top left") : tr("bottom left"));
    title[0] = title[0].toUpper();
    static_cast<QCPTextElement *>(plot->plotLayout()->element(0, 0))->setText(title);
    plot->yAxis->setLabel(qualityName);
    if (cost == Cost::PeakMemory)
        plot->xAxis->setLabel(tr("peak %1 (MiB)").arg(memory));

    const double scale = costScale(cost);
    std::vector<std::pair<double, double>> costQuality;
    QCPRange xRange, yRange;
    bool any = false;
    for (const CompareSeries &series : m_series) {
        const Stat c = seriesStat(*m_comparison, series, costMetric(cost));
        const Stat q = seriesStat(*m_comparison, series, quality);
        // paretoFront wants "higher is better" quality.
        costQuality.emplace_back(c.n ? c.mean : qQNaN(), q.n ? (higher ? q.mean : -q.mean) : qQNaN());
        QCPGraph *point = nullptr;
        if (c.n && q.n) {
            point = plot->addGraph();
            point->setName(series.label);
            point->setLineStyle(QCPGraph::lsNone);
            point->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, series.color, series.color, 9));
            point->setPen(QPen(series.color));
            point->addData(c.mean * scale, q.mean);
            if (series.group >= 0) {
                for (const auto &[type, spread] : {std::pair{QCPErrorBars::etValueError, q.std},
                                                   std::pair{QCPErrorBars::etKeyError, c.std * scale}}) {
                    auto *errors = new QCPErrorBars(plot->xAxis, plot->yAxis);
                    errors->removeFromLegend();
                    errors->setErrorType(type);
                    errors->setDataPlottable(point);
                    errors->setData(QVector<double>{spread});
                    errors->setPen(QPen(series.color.darker(130)));
                }
            }
            const QCPRange x(c.mean * scale - c.std * scale, c.mean * scale + c.std * scale);
            const QCPRange y(q.mean - q.std, q.mean + q.std);
            xRange = any ? QCPRange(std::min(xRange.lower, x.lower), std::max(xRange.upper, x.upper)) : x;
            yRange = any ? QCPRange(std::min(yRange.lower, y.lower), std::max(yRange.upper, y.upper)) : y;
            any = true;
        }
        chart.points.push_back(point);
    }

    chart.front = paretoFront(costQuality);
    if (!chart.front.empty()) {
        chart.frontLine = plot->addGraph();
        chart.frontLine->setName(tr("Pareto front"));
        chart.frontLine->setPen(QPen(QColor(60, 60, 60), 1.5, Qt::DashLine));
        chart.frontLine->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(60, 60, 60), 1.5), Qt::NoBrush, 17));
        QVector<double> x, y;
        for (int s : chart.front) {
            x << costQuality[size_t(s)].first * scale;
            y << (higher ? costQuality[size_t(s)].second : -costQuality[size_t(s)].second);
        }
        chart.frontLine->setData(x, y, true);   // the front comes by ascending cost
        chart.frontLine->setLayer(QStringLiteral("background"));
    }

    if (any) {
        if (cost == Cost::TrainableParams) {
            const double low = std::max(xRange.lower, 1.0);
            plot->xAxis->setRange(low / 3, std::max(xRange.upper, low) * 3);
        } else {
            const double pad = std::max((xRange.upper - xRange.lower) * 0.12, std::abs(xRange.upper) * 0.05 + 1e-9);
            plot->xAxis->setRange(std::max(0.0, xRange.lower - pad), xRange.upper + pad);
        }
        const double pad = std::max((yRange.upper - yRange.lower) * 0.12, std::abs(yRange.upper) * 0.02 + 1e-9);
        plot->yAxis->setRange(yRange.lower - pad, yRange.upper + pad);
    }
    plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace peftbench
