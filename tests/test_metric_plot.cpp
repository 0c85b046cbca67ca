// The live chart draws dense curves fast without losing their extremes: a one-step spike (or dip)
// in 100,000 noisy points still reaches its own pixel, for the thin raw line and the 2 px smoothed
// one, near the start, in the middle and near the end of the run.
#include "MetricPlot.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdlib>

using namespace peftbench;

namespace {

// The curve's pure red, or its anti-aliased blend with the white background (half a pixel's
// coverage at the axis rect's edge: 255,188,188); grid lines and axes are grey or black.
bool isCurveRed(QRgb pixel)
{
    return qRed(pixel) > 200 && qRed(pixel) - qGreen(pixel) > 40 && std::abs(qGreen(pixel) - qBlue(pixel)) < 20;
}

}  // namespace

class TestMetricPlot : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void extremeReachesItsPixel_data();
    void extremeReachesItsPixel();
};

void TestMetricPlot::extremeReachesItsPixel_data()
{
    QTest::addColumn<int>("points");
    QTest::addColumn<int>("style");
    QTest::addColumn<double>("where");   // fraction of the run
    QTest::addColumn<double>("extreme");

    for (int points : {30, 3000, 100000}) {
        for (MetricPlot::Style style : {MetricPlot::Style::ThinLine, MetricPlot::Style::Line}) {
            const char *styleName = style == MetricPlot::Style::ThinLine ? "thin" : "line";
            for (double where : {0.0, 0.5, 1.0}) {
                // Off the tick values: the axis' ticks are drawn over the curve.
                QTest::addRow("%d %s spike at %.1f", points, styleName, where) << points << int(style) << where << 11.3;
                QTest::addRow("%d %s dip at %.1f", points, styleName, where) << points << int(style) << where << -3.7;
            }
        }
    }
}

void TestMetricPlot::extremeReachesItsPixel()
{
    QFETCH(int, points);
    QFETCH(int, style);
    QFETCH(double, where);
    QFETCH(double, extreme);

    MetricPlot plot(QStringLiteral("loss"));
    plot.legend->setVisible(false);   // it would cover a spike at the end of the run
    plot.resize(1000, 300);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    const int series = plot.addSeries(QStringLiteral("train"), QColor(255, 0, 0), MetricPlot::Style(style));

    // The synthetic loss of the benchmark: a decay with noise, here with one outlying step.
    QVector<double> keys, values;
    for (int s = 1; s <= points; ++s) {
        keys << s;
        values << 3.0 * std::exp(-s / (points * 0.3)) + 0.2 * std::sin(s * 0.7);
    }
    // The first and last steps lie on the axis rect's edge (the range fits the data exactly), where
    // half of a 1 px line is clipped: the outlier sits one step inside.
    const int at = std::clamp(int(std::lround(where * (points - 1))), 1, points - 2);
    values[at] = extreme;
    plot.append(series, keys, values);
    QVERIFY(plot.replotIfChanged());
    plot.replot(QCustomPlot::rpImmediateRefresh);

    const QImage image = plot.grab().toImage();
    const double scale = image.devicePixelRatio();
    const QPointF expected(plot.xAxis->coordToPixel(keys[at]), plot.yAxis->coordToPixel(extreme));
    QVERIFY(QRectF(plot.axisRect()->rect()).adjusted(-1, -1, 1, 1).contains(expected));
    // The drawn curve must reach the extreme's pixel, give or take the pen and anti-aliasing.
    bool reached = false;
    for (int dy = -2; dy <= 2 && !reached; ++dy) {
        for (int dx = -2; dx <= 2 && !reached; ++dx) {
            const QPoint p = ((expected + QPointF(dx, dy)) * scale).toPoint();
            reached = image.rect().contains(p) && isCurveRed(image.pixel(p));
        }
    }
    QVERIFY2(reached, qPrintable(QStringLiteral("no curve pixel near (%1, %2)").arg(expected.x()).arg(expected.y())));
    // And nothing of the curve beyond it: the extreme is the curve's edge, not lost in padding.
    const int beyond = int(std::lround(expected.y() + (extreme > 0 ? -4 : 4)));
    for (int x = plot.axisRect()->left(); x < plot.axisRect()->right(); ++x) {
        const QPoint p = (QPointF(x, beyond) * scale).toPoint();
        QVERIFY2(!(image.rect().contains(p) && isCurveRed(image.pixel(p))),
                 qPrintable(QStringLiteral("curve pixel beyond the extreme at (%1, %2)").arg(x).arg(beyond)));
    }
}

QTEST_MAIN(TestMetricPlot)
#include "test_metric_plot.moc"
