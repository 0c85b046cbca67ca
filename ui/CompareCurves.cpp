#include "CompareCurves.h"

#include "ComparePlotStyle.h"
#include "EmaSmoother.h"
#include "MetricPlot.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace peftbench {

namespace {

QVector<double> smoothed(const QVector<double> &values, double weight)
{
    EmaSmoother ema(weight);
    QVector<double> out;
    out.reserve(values.size());
    for (double v : values)
        out << ema.add(v);
    return out;
}

QVector<double> validationLosses(const ComparedRun &run)
{
    QVector<double> out;
    out.reserve(qsizetype(run.evaluations.size()));
    for (const EvalMetrics &e : run.evaluations)
        out << e.valLoss;
    return out;
}

// Point-wise mean and sample standard deviation of curves over their common length: repeats of one
// configuration log the same steps and evaluations, so index i is the same point of training.
struct PointStats {
    QVector<double> mean, std;
};

PointStats pointStats(const std::vector<QVector<double>> &curves)
{
    PointStats out;
    qsizetype n = curves.empty() ? 0 : curves.front().size();
    for (const QVector<double> &c : curves)
        n = std::min(n, c.size());
    for (qsizetype i = 0; i < n; ++i) {
        double sum = 0;
        for (const QVector<double> &c : curves)
            sum += c[i];
        const double mean = sum / double(curves.size());
        double squares = 0;
        for (const QVector<double> &c : curves)
            squares += (c[i] - mean) * (c[i] - mean);
        out.mean << mean;
        out.std << (curves.size() > 1 ? std::sqrt(squares / double(curves.size() - 1)) : 0.0);
    }
    return out;
}

QVector<double> shifted(const QVector<double> &a, const QVector<double> &b, double sign)
{
    QVector<double> out(a.size());
    for (qsizetype i = 0; i < a.size(); ++i)
        out[i] = a[i] + sign * b[i];
    return out;
}

}  // namespace

CompareCurves::CompareCurves(QWidget *parent) : QWidget(parent)
{
    m_axisBox = new QComboBox(this);
    m_axisBox->setObjectName(QStringLiteral("curveAxisBox"));
    m_axisBox->addItem(tr("Step"), int(CurveAxis::Step));
    m_axisBox->addItem(tr("Epoch"), int(CurveAxis::Epoch));
    m_axisBox->addItem(tr("Tokens seen"), int(CurveAxis::Tokens));
    m_axisBox->addItem(tr("Wall time"), int(CurveAxis::WallTime));
    m_axisBox->setToolTip(tr("What the runs are lined up by: a method that is slower per step falls behind on wall time."));
    m_smoothingSlider = new QSlider(Qt::Horizontal, this);
    m_smoothingSlider->setObjectName(QStringLiteral("compareSmoothingSlider"));
    m_smoothingSlider->setRange(0, 99);
    m_smoothingSlider->setValue(int(std::lround(m_smoothing * 100)));
    m_smoothingSlider->setToolTip(tr("Exponential moving average of the training loss."));
    m_smoothingLabel = new QLabel(QString::number(m_smoothing, 'f', 2), this);
    m_logScale = new QCheckBox(tr("Log scale"), this);
    m_logScale->setObjectName(QStringLiteral("compareLogScaleCheck"));

    m_plot = new MetricPlot(tr("loss (nats/token)"), this);
    m_plot->setObjectName(QStringLiteral("compareCurvesPlot"));
    m_plot->setMinimumHeight(320);
    placeLegendBelow(m_plot, 5);

    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("X axis"), this));
    controls->addWidget(m_axisBox);
    controls->addSpacing(16);
    controls->addWidget(new QLabel(tr("Smoothing"), this));
    controls->addWidget(m_smoothingSlider, 1);
    controls->addWidget(m_smoothingLabel);
    controls->addSpacing(16);
    controls->addWidget(m_logScale);
    auto *note = new QLabel(tr("Solid: training loss (smoothed). Dashed with points: validation loss. "
                               "Shaded: ± one standard deviation over seeds."),
                            this);
    note->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_plot, 1);
    layout->addWidget(note);

    connect(m_axisBox, &QComboBox::currentIndexChanged, this,
            [this](int index) { setAxis(CurveAxis(m_axisBox->itemData(index).toInt())); });
    connect(m_smoothingSlider, &QSlider::valueChanged, this, [this](int value) { setSmoothing(value / 100.0); });
    connect(m_logScale, &QCheckBox::toggled, this, [this](bool on) {
        m_plot->setLogScale(on);
        m_plot->replotIfChanged();
    });
}

void CompareCurves::setComparison(std::shared_ptr<const Comparison> comparison, bool byGroup)
{
    m_comparison = std::move(comparison);
    m_byGroup = byGroup;
    rebuild();
}

void CompareCurves::setAxis(CurveAxis axis)
{
    const int index = m_axisBox->findData(int(axis));
    if (m_axisBox->currentIndex() != index) {
        m_axisBox->setCurrentIndex(index);   // comes back here through the signal
        return;
    }
    if (m_axis == axis)
        return;
    m_axis = axis;
    rebuild();
}

void CompareCurves::setSmoothing(double weight)
{
    weight = std::clamp(weight, 0.0, 0.99);
    const int position = int(std::lround(weight * 100));
    if (m_smoothingSlider->value() != position) {
        m_smoothingSlider->setValue(position);   // comes back here through the signal
        return;
    }
    m_smoothing = weight;
    m_smoothingLabel->setText(QString::number(m_smoothing, 'f', 2));
    rebuild();
}

void CompareCurves::rebuild()
{
    m_plot->clearGraphs();
    m_plot->clearData();
    m_series.clear();
    m_drawn.clear();
    const QString axisLabels[] = {tr("step"), tr("epoch"), tr("tokens seen"), tr("wall time (s)")};
    m_plot->xAxis->setLabel(axisLabels[int(m_axis)]);
    if (m_comparison) {
        m_series = compareSeries(*m_comparison, m_byGroup);
        for (const CompareSeries &s : m_series)
            m_drawn.push_back(draw(s));
    }
    m_plot->replotIfChanged();
}

CompareCurves::Drawn CompareCurves::draw(const CompareSeries &series)
{
    std::vector<QVector<double>> trainX, trainY, validationX, validationY;
    for (int r : series.runs) {
        const ComparedRun &run = m_comparison->runs[size_t(r)];
        trainX.push_back(curveX(run.steps, m_axis));
        trainY.push_back(smoothed(run.steps.trainLoss, m_smoothing));
        validationX.push_back(evaluationX(run, m_axis));
        validationY.push_back(validationLosses(run));
    }
    const PointStats tx = pointStats(trainX), ty = pointStats(trainY);
    const PointStats vx = pointStats(validationX), vy = pointStats(validationY);

    Drawn drawn;
    // Bands first, so the lines are drawn over them.
    if (series.runs.size() > 1) {
        drawn.trainUpper = addBand(tx.mean, ty.mean, ty.std, series.color);
        drawn.validationUpper = addBand(vx.mean, vy.mean, vy.std, series.color);
    }
    const int train = m_plot->addSeries(series.label, series.color, MetricPlot::Style::Line);
    m_plot->setSeries(train, tx.mean, ty.mean);
    drawn.train = m_plot->graph(train);
    const int validation = m_plot->addSeries(series.label + tr(" (validation)"), series.color, MetricPlot::Style::LineAndPoints);
    m_plot->setSeries(validation, vx.mean, vy.mean);
    drawn.validation = m_plot->graph(validation);
    drawn.validation->setPen(QPen(series.color, 1.5, Qt::DashLine));
    drawn.validation->removeFromLegend();   // one legend entry per run: the color says which
    return drawn;
}

QCPGraph *CompareCurves::addBand(const QVector<double> &x, const QVector<double> &mean, const QVector<double> &std,
                                 const QColor &color)
{
    QColor fill = color;
    fill.setAlpha(45);
    QCPGraph *lower = m_plot->addGraph();
    QCPGraph *upper = m_plot->addGraph();
    lower->setData(x, shifted(mean, std, -1), true);
    upper->setData(x, shifted(mean, std, +1), true);
    for (QCPGraph *edge : {lower, upper}) {
        edge->setPen(Qt::NoPen);
        edge->removeFromLegend();
    }
    upper->setBrush(fill);
    upper->setChannelFillGraph(lower);
    return upper;
}

}  // namespace peftbench
