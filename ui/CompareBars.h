#pragma once
// What each compared run cost and gained, as bar charts: best validation loss, the test metric,
// trainable parameters (log scale), peak memory stacked by what holds it, time per step, tokens/s,
// size on disk (log scale) and the generalization gap. Grouped repeats show their mean with ± one
// standard deviation error bars.
#include "CompareSeries.h"

#include <QWidget>

#include <map>
#include <memory>
#include <vector>

class QCPBars;
class QCPErrorBars;
class QCPTextElement;
class QCustomPlot;
class QGridLayout;

namespace peftbench {

class CompareBars : public QWidget {
    Q_OBJECT
public:
    explicit CompareBars(QWidget *parent = nullptr);

    void setComparison(std::shared_ptr<const Comparison> comparison, bool byGroup);

    // The charts in the order shown; PeakMemory is the stacked one.
    static const std::vector<RunMetric> &chartedMetrics();
    // The components of the stacked memory bars, bottom to top.
    static const std::vector<RunMetric> &memoryParts();
    // Charts draw bytes in MiB; everything else in its own unit.
    static double displayScale(RunMetric metric);

    QCustomPlot *chart(RunMetric metric) const;
    // What a chart draws, read back from its bars: one value per series (NaN: no bar), and the
    // error bars' half lengths (empty when the chart has none). PeakMemory: the stacks' totals.
    std::vector<double> barValues(RunMetric metric) const;
    std::vector<double> errorValues(RunMetric metric) const;
    // One series' stacked memory bar, part by part (memoryParts() order), in MiB.
    std::vector<double> memoryStack(int series) const;
    int seriesCount() const { return int(m_series.size()); }

private:
    struct Chart {
        QCustomPlot *plot = nullptr;
        QCPTextElement *title = nullptr;
        std::vector<QCPBars *> bars;        // one per series; PeakMemory: one per memory part
        std::vector<QCPErrorBars *> errors; // one per bars object that has them
    };
    Chart makeChart(RunMetric metric);
    void fillChart(RunMetric metric, Chart &chart);
    void fillMemoryChart(Chart &chart);
    void setCategoryAxis(QCustomPlot *plot);
    QString chartTitle(RunMetric metric) const;
    QString axisLabel(RunMetric metric) const;

    std::shared_ptr<const Comparison> m_comparison;
    std::vector<CompareSeries> m_series;
    std::map<RunMetric, Chart> m_charts;
    QGridLayout *m_grid = nullptr;
};

}  // namespace peftbench
