#include "report/ChartCanvas.h"

#include "report/ReportText.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace peftbench {

ChartCanvas::ChartCanvas(double width, double height, QString title)
    : width_(width), height_(height), title_(std::move(title))
{
}

void ChartCanvas::line(QPointF a, QPointF b, const QString &stroke, double width, bool dashed)
{
    ChartItem item;
    item.kind = ChartItem::Kind::Line;
    item.points = {a, b};
    item.stroke = stroke;
    item.strokeWidth = width;
    item.dashed = dashed;
    items_.push_back(std::move(item));
}

void ChartCanvas::polyline(QVector<QPointF> points, const QString &stroke, double width, bool dashed)
{
    ChartItem item;
    item.kind = ChartItem::Kind::Polyline;
    item.points = std::move(points);
    item.stroke = stroke;
    item.strokeWidth = width;
    item.dashed = dashed;
    items_.push_back(std::move(item));
}

void ChartCanvas::rect(QPointF topLeft, QPointF bottomRight, const QString &fill, const QString &stroke, const QString &tooltip,
                       double opacity)
{
    ChartItem item;
    item.kind = ChartItem::Kind::Rect;
    item.points = {topLeft, bottomRight};
    item.fill = fill;
    item.stroke = stroke;
    item.tooltip = tooltip;
    item.opacity = opacity;
    items_.push_back(std::move(item));
}

void ChartCanvas::circle(QPointF center, double radius, const QString &fill, const QString &stroke, const QString &tooltip)
{
    ChartItem item;
    item.kind = ChartItem::Kind::Circle;
    item.points = {center};
    item.radius = radius;
    item.fill = fill;
    item.stroke = stroke;
    item.tooltip = tooltip;
    items_.push_back(std::move(item));
}

void ChartCanvas::text(QPointF at, const QString &text, double size, ChartItem::Anchor anchor, bool bold, bool vertical,
                       const QString &color)
{
    ChartItem item;
    item.kind = ChartItem::Kind::Text;
    item.points = {at};
    item.text = text;
    item.fontSize = size;
    item.anchor = anchor;
    item.bold = bold;
    item.vertical = vertical;
    item.fill = color;
    items_.push_back(std::move(item));
}

namespace {

QString num(double v)
{
    return QString::number(v, 'f', 1);
}

// Colours come from our own palette, but a stray value must not break out of the attribute.
QString paint(const QString &color)
{
    return color.isEmpty() ? QStringLiteral("none") : escapeHtml(color);
}

QString strokeAttributes(const ChartItem &item)
{
    QString a = QStringLiteral(" stroke=\"%1\"").arg(paint(item.stroke));
    if (!item.stroke.isEmpty()) {
        a += QStringLiteral(" stroke-width=\"%1\"").arg(item.strokeWidth);
        if (item.dashed)
            a += QStringLiteral(" stroke-dasharray=\"5 3\"");
    }
    return a;
}

QString withTooltip(const QString &open, const QString &tag, const ChartItem &item)
{
    if (item.tooltip.isEmpty())
        return open + QStringLiteral("/>");
    return open + QStringLiteral("><title>") + escapeHtml(item.tooltip) + QStringLiteral("</title></") + tag + QLatin1Char('>');
}

QString itemSvg(const ChartItem &item)
{
    switch (item.kind) {
    case ChartItem::Kind::Line:
        return QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%4\"%5/>")
            .arg(num(item.points[0].x()), num(item.points[0].y()), num(item.points[1].x()), num(item.points[1].y()),
                 strokeAttributes(item));
    case ChartItem::Kind::Polyline: {
        QStringList pts;
        for (const QPointF &p : item.points)
            pts << num(p.x()) + QLatin1Char(',') + num(p.y());
        return QStringLiteral("<polyline fill=\"none\" points=\"%1\"%2 stroke-linejoin=\"round\"/>")
            .arg(pts.join(QLatin1Char(' ')), strokeAttributes(item));
    }
    case ChartItem::Kind::Rect: {
        const QPointF a = item.points[0], b = item.points[1];
        QString open = QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"%5\"%6")
                           .arg(num(std::min(a.x(), b.x())), num(std::min(a.y(), b.y())), num(std::abs(b.x() - a.x())),
                                num(std::abs(b.y() - a.y())), paint(item.fill), strokeAttributes(item));
        if (item.opacity < 1)
            open += QStringLiteral(" fill-opacity=\"%1\"").arg(item.opacity);
        return withTooltip(open, QStringLiteral("rect"), item);
    }
    case ChartItem::Kind::Circle:
        return withTooltip(QStringLiteral("<circle cx=\"%1\" cy=\"%2\" r=\"%3\" fill=\"%4\"%5")
                               .arg(num(item.points[0].x()), num(item.points[0].y()), num(item.radius), paint(item.fill),
                                    strokeAttributes(item)),
                           QStringLiteral("circle"), item);
    case ChartItem::Kind::Text: {
        static const char *anchors[] = {"start", "middle", "end"};
        const QPointF p = item.points[0];
        QString open = QStringLiteral("<text x=\"%1\" y=\"%2\" font-size=\"%3\" text-anchor=\"%4\" fill=\"%5\"")
                           .arg(num(p.x()), num(p.y()), QString::number(item.fontSize), QLatin1String(anchors[int(item.anchor)]),
                                paint(item.fill));
        if (item.bold)
            open += QStringLiteral(" font-weight=\"bold\"");
        if (item.vertical)
            open += QStringLiteral(" transform=\"rotate(-90 %1 %2)\"").arg(num(p.x()), num(p.y()));
        return open + QLatin1Char('>') + escapeHtml(item.text) + QStringLiteral("</text>");
    }
    }
    return {};
}

}  // namespace

QByteArray chartSvg(const ChartCanvas &canvas)
{
    QString svg = QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" height=\"%2\" viewBox=\"0 0 %1 %2\" "
                                 "role=\"img\" font-family=\"sans-serif\"><title>%3</title>\n")
                      .arg(num(canvas.width()), num(canvas.height()), escapeHtml(canvas.title()));
    svg += QStringLiteral("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    for (const ChartItem &item : canvas.items())
        svg += itemSvg(item) + QLatin1Char('\n');
    svg += QStringLiteral("</svg>");
    return svg.toUtf8();
}

}  // namespace peftbench
