#include "PdfReport.h"

#include "report/ReportCharts.h"
#include "report/Reports.h"

#include <QBuffer>
#include <QFont>
#include <QFontMetricsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>
#include <QTextDocument>
#include <QUrl>
#include <QtMath>

#include <algorithm>

namespace peftbench {

namespace {

// The document is laid out this wide (in CSS pixels) and scaled onto the A4 page, so the 720 px
// charts fit with a margin.
constexpr qreal kLayoutWidth = 800;
constexpr qreal kChartScale = 2;   // image pixels per chart pixel: sharp when printed

QColor colorOf(const QString &name)
{
    return name.isEmpty() ? QColor(Qt::transparent) : QColor(name);
}

QPen penOf(const ChartItem &item)
{
    if (item.stroke.isEmpty())
        return Qt::NoPen;
    QPen pen(colorOf(item.stroke), item.strokeWidth);
    if (item.dashed)
        pen.setDashPattern({5 / item.strokeWidth, 3 / item.strokeWidth});
    pen.setJoinStyle(Qt::RoundJoin);
    return pen;
}

QBrush brushOf(const ChartItem &item)
{
    if (item.fill.isEmpty())
        return Qt::NoBrush;
    QColor c = colorOf(item.fill);
    c.setAlphaF(float(item.opacity));
    return c;
}

void drawText(QPainter &p, const ChartItem &item)
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setStyleHint(QFont::SansSerif);
    font.setPixelSize(std::max(1, qRound(item.fontSize)));
    font.setBold(item.bold);
    p.setFont(font);
    p.setPen(colorOf(item.fill.isEmpty() ? QStringLiteral("#222222") : item.fill));
    const qreal width = QFontMetricsF(font).horizontalAdvance(item.text);
    const qreal shift = item.anchor == ChartItem::Anchor::Start ? 0 : item.anchor == ChartItem::Anchor::Middle ? width / 2 : width;
    p.save();
    p.translate(item.points[0]);
    if (item.vertical)
        p.rotate(-90);
    p.drawText(QPointF(-shift, 0), item.text);   // like SVG: the point is on the baseline
    p.restore();
}

}  // namespace

QImage chartImage(const ChartCanvas &canvas, qreal scale)
{
    QImage image(QSize(qCeil(canvas.width() * scale), qCeil(canvas.height() * scale)), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.scale(scale, scale);
    for (const ChartItem &item : canvas.items()) {
        switch (item.kind) {
        case ChartItem::Kind::Line:
            p.setPen(penOf(item));
            p.drawLine(item.points[0], item.points[1]);
            break;
        case ChartItem::Kind::Polyline:
            p.setPen(penOf(item));
            p.setBrush(Qt::NoBrush);
            p.drawPolyline(item.points.constData(), int(item.points.size()));
            break;
        case ChartItem::Kind::Rect:
            p.setPen(penOf(item));
            p.setBrush(brushOf(item));
            p.drawRect(QRectF(item.points[0], item.points[1]).normalized());
            break;
        case ChartItem::Kind::Circle:
            p.setPen(penOf(item));
            p.setBrush(brushOf(item));
            p.drawEllipse(item.points[0], item.radius, item.radius);
            break;
        case ChartItem::Kind::Text:
            drawText(p, item);
            break;
        }
    }
    p.end();
    return image;
}

QByteArray pdfReport(const Comparison &comparison, const ReportOptions &options)
{
    ReportOptions pdfOptions = options;
    pdfOptions.charts = ReportOptions::Charts::ImageReferences;

    QTextDocument document;
    for (const ReportChart &chart : reportCharts(comparison, pdfOptions))
        document.addResource(QTextDocument::ImageResource, QUrl(QStringLiteral("chart:") + chart.id),
                             chartImage(chart.canvas, kChartScale));
    document.setHtml(QString::fromUtf8(htmlReport(comparison, pdfOptions)));
    document.setDocumentMargin(24);
    const QSizeF a4 = QPageSize(QPageSize::A4).size(QPageSize::Millimeter);
    // A page size makes the document paginate itself; print() then scales each page onto A4.
    document.setPageSize(QSizeF(kLayoutWidth, kLayoutWidth * a4.height() / a4.width()));

    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(10, 10, 10, 10),
                                         QPageLayout::Millimeter));
        writer.setResolution(300);
        writer.setTitle(reportTitle(options));
        writer.setCreator(options.generator.isEmpty() ? QStringLiteral("PEFT Workbench") : options.generator);
        document.print(&writer);
    }
    return bytes;
}

}  // namespace peftbench
