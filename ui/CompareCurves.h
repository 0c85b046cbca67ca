#pragma once
// The compared runs' loss curves overlaid: training loss (EMA-smoothed, the live view's slider)
// as solid lines, validation loss as dashed lines with points, against step, epoch, tokens seen or
// wall time. Grouped repeats draw their mean with a ± one standard deviation band.
#include "CompareSeries.h"

#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QCPGraph;
class QLabel;
class QSlider;

namespace peftbench {

class MetricPlot;

class CompareCurves : public QWidget {
    Q_OBJECT
public:
    explicit CompareCurves(QWidget *parent = nullptr);

    void setComparison(std::shared_ptr<const Comparison> comparison, bool byGroup);
    void setAxis(CurveAxis axis);
    CurveAxis axis() const { return m_axis; }
    // EMA weight 0 … 0.99 (0: the raw training loss).
    void setSmoothing(double weight);
    double smoothing() const { return m_smoothing; }

    MetricPlot *plot() const { return m_plot; }
    int seriesCount() const { return int(m_series.size()); }
    const CompareSeries &series(int index) const { return m_series[size_t(index)]; }
    QCPGraph *trainGraph(int series) const { return m_drawn[size_t(series)].train; }
    QCPGraph *validationGraph(int series) const { return m_drawn[size_t(series)].validation; }
    // The upper edge of the ± std band of the training curve; null for a single run.
    QCPGraph *trainBand(int series) const { return m_drawn[size_t(series)].trainUpper; }

private:
    struct Drawn {
        QCPGraph *train = nullptr;
        QCPGraph *validation = nullptr;
        QCPGraph *trainUpper = nullptr;
        QCPGraph *validationUpper = nullptr;
    };
    void rebuild();
    Drawn draw(const CompareSeries &series);
    QCPGraph *addBand(const QVector<double> &x, const QVector<double> &mean, const QVector<double> &std, const QColor &color);

    std::shared_ptr<const Comparison> m_comparison;
    std::vector<CompareSeries> m_series;
    std::vector<Drawn> m_drawn;
    bool m_byGroup = false;
    CurveAxis m_axis = CurveAxis::Step;
    double m_smoothing = 0.6;

    QComboBox *m_axisBox = nullptr;
    QSlider *m_smoothingSlider = nullptr;
    QLabel *m_smoothingLabel = nullptr;
    QCheckBox *m_logScale = nullptr;
    MetricPlot *m_plot = nullptr;
};

}  // namespace peftbench
