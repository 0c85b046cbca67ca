#pragma once
// Quality against cost, one point per run (or per group of seeds, with ± std error bars), against
// peak memory and against trainable parameters (log scale). The Pareto front — the points no other
// point beats on both cost and quality — is joined by a dashed line and ringed.
#include "CompareSeries.h"

#include <QWidget>

#include <map>
#include <memory>
#include <vector>

class QCPGraph;
class QCustomPlot;

namespace peftbench {

class CompareScatter : public QWidget {
    Q_OBJECT
public:
    enum class Cost { PeakMemory, TrainableParams };

    explicit CompareScatter(QWidget *parent = nullptr);

    void setComparison(std::shared_ptr<const Comparison> comparison, bool byGroup);

    // The quality axis: the test metric when every run has one, else the best validation loss.
    static RunMetric qualityMetric(const Comparison &comparison);

    QCustomPlot *chart(Cost cost) const { return m_charts.at(cost).plot; }
    // The series on the front, by ascending cost.
    std::vector<int> frontSeries(Cost cost) const { return m_charts.at(cost).front; }
    const std::vector<CompareSeries> &series() const { return m_series; }
    // The drawn point of a series (null when it lacks the cost or the quality).
    QCPGraph *point(Cost cost, int series) const { return m_charts.at(cost).points[size_t(series)]; }
    QCPGraph *frontLine(Cost cost) const { return m_charts.at(cost).frontLine; }

private:
    struct Chart {
        QCustomPlot *plot = nullptr;
        std::vector<QCPGraph *> points;
        QCPGraph *frontLine = nullptr;
        std::vector<int> front;
    };
    QCustomPlot *makePlot(Cost cost);
    void fill(Cost cost, Chart &chart);

    std::shared_ptr<const Comparison> m_comparison;
    std::vector<CompareSeries> m_series;
    std::map<Cost, Chart> m_charts;
};

}  // namespace peftbench
