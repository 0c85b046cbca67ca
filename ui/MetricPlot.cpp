#include "MetricPlot.h"

#include <cmath>

namespace peftbench {

MetricPlot::MetricPlot(const QString &yLabel, QWidget *parent) : QCustomPlot(parent)
{
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    xAxis->setLabel(tr("step"));
    xAxis->ticker()->setTickCount(4);   // readable in a narrow chart too
    yAxis->ticker()->setTickCount(5);
    yAxis->setLabel(yLabel);
    legend->setVisible(true);
    legend->setFont(font());
    legend->setBrush(QColor(255, 255, 255, 210));   // curves stay visible behind it
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    setMinimumHeight(160);
    setNoAntialiasingOnDrag(true);
    // Solid curves drawn as separate segments, not one stroked path: Qt strokes a 2 px path over a
    // dense, zigzagging curve (a noisy loss, a saw-tooth memory curve) in 30-180 ms at 100k points
    // and already in ~25 ms at 1,000, separate segments in ~3 ms. Joins differ by under a pixel;
    // exports (PDF, pixmaps) and dashed pens still take the path.
    setPlottingHint(QCP::phFastPolylines, true);

    m_reference = new QCPItemStraightLine(this);
    m_reference->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));
    m_reference->setVisible(false);
    m_referenceLabel = new QCPItemText(this);
    m_referenceLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    m_referenceLabel->setColor(QColor(90, 90, 90));
    m_referenceLabel->setVisible(false);
}

int MetricPlot::addSeries(const QString &name, const QColor &color, Style style)
{
    QCPGraph *graph = addGraph();
    graph->setName(name);
    graph->setPen(QPen(color, style == Style::Points || style == Style::ThinLine ? 1 : 2));
    if (style == Style::Points) {
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, color, 3));
    } else if (style == Style::LineAndPoints) {
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, color, Qt::white, 6));
    }
    graph->setAdaptiveSampling(true);   // 100k points per curve still redraw in milliseconds
    return graphCount() - 1;
}

void MetricPlot::append(int series, const QVector<double> &keys, const QVector<double> &values)
{
    if (keys.isEmpty())
        return;
    graph(series)->addData(keys, values, true);
    m_changed = true;
}

void MetricPlot::setSeries(int series, const QVector<double> &keys, const QVector<double> &values)
{
    graph(series)->setData(keys, values, true);
    m_changed = true;
}

int MetricPlot::pointCount(int series) const
{
    return graph(series)->dataCount();
}

void MetricPlot::clearData()
{
    for (int i = 0; i < graphCount(); ++i)
        graph(i)->data()->clear();
    m_minXUpper = 0;
    m_following = true;
    m_changed = true;
}

void MetricPlot::setYLabel(const QString &label)
{
    yAxis->setLabel(label);
    m_changed = true;
}

void MetricPlot::setLogScale(bool on)
{
    yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (on)
        yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    else
        yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    yAxis->ticker()->setTickCount(5);
    m_changed = true;
}

void MetricPlot::setReference(double value, const QString &label)
{
    m_referenceValue = value;
    const bool visible = std::isfinite(value);
    m_reference->setVisible(visible);
    m_referenceLabel->setVisible(visible);
    if (visible) {
        m_reference->point1->setCoords(0, value);
        m_reference->point2->setCoords(1, value);
        m_referenceLabel->setText(label);
    }
    m_changed = true;
}

void MetricPlot::fitToData()
{
    bool found = false;
    QCPRange x(0, std::max(1.0, m_minXUpper));
    QCPRange y;
    const QCP::SignDomain domain = yAxis->scaleType() == QCPAxis::stLogarithmic ? QCP::sdPositive : QCP::sdBoth;
    for (int i = 0; i < graphCount(); ++i) {
        bool ok = false;
        const QCPRange keys = graph(i)->getKeyRange(ok);
        if (ok)
            x.expand(keys);
        const QCPRange values = graph(i)->getValueRange(ok, domain);
        if (ok) {
            y = found ? QCPRange(std::min(y.lower, values.lower), std::max(y.upper, values.upper)) : values;
            found = true;
        }
    }
    if (std::isfinite(m_referenceValue)) {
        y = found ? QCPRange(std::min(y.lower, m_referenceValue), std::max(y.upper, m_referenceValue))
                  : QCPRange(m_referenceValue, m_referenceValue);
        found = true;
    }
    xAxis->setRange(x);
    if (found) {
        if (yAxis->scaleType() == QCPAxis::stLogarithmic)
            yAxis->setRange(y.lower / 1.15, y.upper * 1.15);
        else {
            const double pad = std::max((y.upper - y.lower) * 0.06, std::abs(y.upper) * 0.02 + 1e-12);
            yAxis->setRange(y.lower - pad, y.upper + pad);
        }
    }
    if (m_referenceLabel->visible())
        m_referenceLabel->position->setCoords(x.lower + (x.upper - x.lower) * 0.01, m_referenceValue);
}

bool MetricPlot::replotIfChanged()
{
    if (!m_changed)
        return false;
    m_changed = false;
    if (m_following)
        fitToData();
    replot(QCustomPlot::rpQueuedReplot);
    return true;
}

void MetricPlot::mousePressEvent(QMouseEvent *event)
{
    m_following = false;
    QCustomPlot::mousePressEvent(event);
}

void MetricPlot::wheelEvent(QWheelEvent *event)
{
    m_following = false;
    QCustomPlot::wheelEvent(event);
}

void MetricPlot::mouseDoubleClickEvent(QMouseEvent *event)
{
    m_following = true;
    m_changed = true;
    replotIfChanged();
    QCustomPlot::mouseDoubleClickEvent(event);
}

}  // namespace peftbench
