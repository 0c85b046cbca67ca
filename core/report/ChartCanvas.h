#pragma once
// A chart as a list of drawing primitives in pixel coordinates: written out as SVG for the HTML
// report, replayed on a QPainter for the PDF (core may not use QtGui, and QTextDocument cannot
// draw SVG). One layout, two back ends, so both reports show the same chart.
#include <QByteArray>
#include <QPointF>
#include <QString>
#include <QVector>

#include <vector>

namespace peftbench {

struct ChartItem {
    enum class Kind { Line, Polyline, Rect, Circle, Text };
    enum class Anchor { Start, Middle, End };

    Kind kind = Kind::Line;
    QVector<QPointF> points;   // Line: 2, Polyline: n, Rect: top-left and bottom-right, Circle and Text: 1
    double radius = 0;         // Circle
    QString stroke;            // "#rrggbb"; empty: none
    QString fill;              // "#rrggbb"; empty: none
    double strokeWidth = 1;
    bool dashed = false;
    double opacity = 1;        // of the fill
    QString text;              // Text (plain, escaped on output)
    double fontSize = 11;
    Anchor anchor = Anchor::Start;
    bool bold = false;
    bool vertical = false;     // Text rotated −90° about its point
    QString tooltip;           // SVG <title>: a browser shows it on hover
};

class ChartCanvas {
public:
    ChartCanvas(double width, double height, QString title);

    void line(QPointF a, QPointF b, const QString &stroke, double width = 1, bool dashed = false);
    void polyline(QVector<QPointF> points, const QString &stroke, double width = 1.5, bool dashed = false);
    void rect(QPointF topLeft, QPointF bottomRight, const QString &fill, const QString &stroke = {}, const QString &tooltip = {},
              double opacity = 1);
    void circle(QPointF center, double radius, const QString &fill, const QString &stroke = {}, const QString &tooltip = {});
    void text(QPointF at, const QString &text, double size = 11, ChartItem::Anchor anchor = ChartItem::Anchor::Start,
              bool bold = false, bool vertical = false, const QString &color = QStringLiteral("#222222"));

    double width() const { return width_; }
    double height() const { return height_; }
    const QString &title() const { return title_; }
    const std::vector<ChartItem> &items() const { return items_; }

private:
    double width_, height_;
    QString title_;
    std::vector<ChartItem> items_;
};

// A standalone <svg> element (no XML prolog), every text escaped; fit to embed inline in HTML.
QByteArray chartSvg(const ChartCanvas &canvas);

}  // namespace peftbench
