#pragma once
// One live chart: named series appended in batches, an optional horizontal reference line, and a
// redraw only when something changed (the owner calls replotIfChanged() from its timer). Follows
// the data unless the user has dragged or zoomed; a double click returns to following.
#include "QCustomPlotNoKeywords.h"

namespace peftbench {

class MetricPlot : public QCustomPlot {
    Q_OBJECT
public:
    enum class Style { Line, ThinLine, Points, LineAndPoints };

    explicit MetricPlot(const QString &yLabel, QWidget *parent = nullptr);

    int addSeries(const QString &name, const QColor &color, Style style);
    void append(int series, const QVector<double> &keys, const QVector<double> &values);
    void setSeries(int series, const QVector<double> &keys, const QVector<double> &values);
    int pointCount(int series) const;
    void clearData();

    void setYLabel(const QString &label);
    void setLogScale(bool on);
    // A dashed horizontal line (e.g. the memory estimate); NaN hides it.
    void setReference(double value, const QString &label);
    // The x range to show at least (e.g. 0 … planned steps) so a run fills in from the left.
    void setMinimumXRange(double upper) { m_minXUpper = upper; m_changed = true; }

    bool replotIfChanged();

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;

private:
    void fitToData();

    QCPItemStraightLine *m_reference = nullptr;
    QCPItemText *m_referenceLabel = nullptr;
    double m_referenceValue = qQNaN();
    double m_minXUpper = 0;
    bool m_changed = false;
    bool m_following = true;
};

}  // namespace peftbench
