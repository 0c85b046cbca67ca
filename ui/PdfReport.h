#pragma once
// The PDF report: the HTML report laid out by QTextDocument and printed by QPdfWriter on A4
// pages. QTextDocument cannot draw SVG (and Qt6::Svg's development files are not part of our
// dependencies), so each chart's drawing list (report/ChartCanvas.h) is painted with QPainter
// into an image the document shows in place of the inline SVG: the same layout as the HTML.
#include "report/ChartCanvas.h"
#include "report/ReportOptions.h"
#include "report/RunComparison.h"

#include <QByteArray>
#include <QImage>

namespace peftbench {

// The PDF file's bytes. Needs a QGuiApplication (fonts); works on the offscreen platform.
QByteArray pdfReport(const Comparison &comparison, const ReportOptions &options);

// The chart drawn at `scale` × its size in pixels, on white.
QImage chartImage(const ChartCanvas &canvas, qreal scale);

}  // namespace peftbench
