#pragma once
// Axis scales, ticks and the plot frame shared by every report chart.
#include "report/ChartCanvas.h"

#include <QRectF>

#include <functional>
#include <vector>

namespace peftbench {

struct AxisScale {
    double min = 0;
    double max = 1;
    bool log = false;
    bool binary = false;   // bytes: ticks at round KiB/MiB/GiB values rather than powers of ten
    // 0 at min, 1 at max (log: in decades).
    double fraction(double value) const;
};

// The range of the finite values (log: of the positive ones), padded by 5 %; includeZero keeps 0
// in a linear range (bars grow from 0). No values: 0..1 (log: 1..10).
AxisScale fitScale(const std::vector<double> &values, bool log, bool includeZero);
// About five round values inside the scale (log: the powers of ten, with 2× and 5× when few).
std::vector<double> axisTicks(const AxisScale &scale);

using TickFormat = std::function<QString(double)>;
QString compactNumber(double value);   // "0.25", "1.5e+04": 3 significant digits

// Plot area inside a canvas, with a way from data to pixels.
struct PlotFrame {
    QRectF area;
    AxisScale x, y;
    QPointF map(double xValue, double yValue) const;
    double mapX(double xValue) const;
    double mapY(double yValue) const;
};

// Grid lines, tick labels and the axis titles around frame.area.
void drawAxes(ChartCanvas &canvas, const PlotFrame &frame, const QString &xLabel, const TickFormat &xFormat,
              const QString &yLabel, const TickFormat &yFormat);

// A palette distinguishable with the common colour-vision deficiencies (Paul Tol's "bright").
QString reportSeriesColor(int index);

}  // namespace peftbench
