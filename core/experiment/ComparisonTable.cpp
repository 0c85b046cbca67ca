#include "experiment/ComparisonTable.h"

#include <cmath>

namespace peftbench {

TextTable::TextTable(QStringList header, std::vector<bool> rightAligned) : m_right(std::move(rightAligned))
{
    m_right.resize(size_t(header.size()), false);
    m_rows.push_back(std::move(header));
}

void TextTable::addRow(QStringList cells)
{
    while (cells.size() < m_rows.front().size())
        cells << QString();
    m_rows.push_back(std::move(cells));
}

QString TextTable::render() const
{
    std::vector<qsizetype> width(m_right.size(), 0);
    for (const QStringList &row : m_rows)
        for (size_t c = 0; c < width.size(); ++c)
            width[c] = std::max(width[c], row.value(qsizetype(c)).size());
    QString text;
    const auto line = [&](const QStringList &row) {
        QString out;
        for (size_t c = 0; c < width.size(); ++c) {
            const QString cell = row.value(qsizetype(c));
            if (c > 0)
                out += QStringLiteral("  ");
            out += m_right[c] ? cell.rightJustified(width[c]) : cell.leftJustified(width[c]);
        }
        while (out.endsWith(QLatin1Char(' ')))
            out.chop(1);
        text += out + QLatin1Char('\n');
    };
    line(m_rows.front());
    qsizetype total = 0;
    for (qsizetype w : width)
        total += w;
    text += QString(total + 2 * qsizetype(width.size() - 1), QLatin1Char('-')) + QLatin1Char('\n');
    for (size_t r = 1; r < m_rows.size(); ++r)
        line(m_rows[r]);
    return text;
}

QString formatCount(int64_t count)
{
    const double c = double(count);
    if (std::abs(c) >= 1e9)
        return QString::number(c / 1e9, 'f', 2) + QLatin1Char('G');
    if (std::abs(c) >= 1e6)
        return QString::number(c / 1e6, 'f', 2) + QLatin1Char('M');
    if (std::abs(c) >= 1e4)
        return QString::number(c / 1e3, 'f', 1) + QLatin1Char('k');
    return QString::number(count);
}

QString formatBytes(int64_t bytes)
{
    const double b = double(bytes);
    if (b >= 1024.0 * 1024 * 1024)
        return QString::number(b / (1024.0 * 1024 * 1024), 'f', 2) + QStringLiteral(" GiB");
    if (b >= 1024.0 * 1024)
        return QString::number(b / (1024.0 * 1024), 'f', 1) + QStringLiteral(" MiB");
    if (b >= 1024.0)
        return QString::number(b / 1024.0, 'f', 1) + QStringLiteral(" KiB");
    return QString::number(bytes) + QStringLiteral(" B");
}

QString formatNumber(double value, int decimals)
{
    return std::isnan(value) ? QStringLiteral("-") : QString::number(value, 'f', decimals);
}

QString comparisonTable(const std::vector<ComparisonRow> &rows)
{
    QString memoryLabel = QStringLiteral("peak mem");
    QString metricName;
    for (const ComparisonRow &r : rows) {
        if (r.summary && !r.summary->memoryLabel.isEmpty())
            memoryLabel = QStringLiteral("peak ") + r.summary->memoryLabel;
        if (r.summary && metricName.isEmpty())
            metricName = r.summary->metricName;
    }
    if (metricName.isEmpty())
        metricName = QStringLiteral("metric");
    TextTable table({QStringLiteral("id"), QStringLiteral("run"), QStringLiteral("method"), QStringLiteral("status"),
                     QStringLiteral("trainable"), QStringLiteral("%"), memoryLabel, QStringLiteral("s/step"),
                     QStringLiteral("tokens/s"), QStringLiteral("best val loss"), QStringLiteral("val ") + metricName,
                     QStringLiteral("test ") + metricName, QStringLiteral("adapter"), QStringLiteral("wall")},
                    {true, false, false, false, true, true, true, true, true, true, true, true, true, true});
    for (const ComparisonRow &r : rows) {
        QStringList cells{QString::number(r.runId), r.name, r.method, runStatusName(r.status)};
        if (r.summary) {
            const RunSummary &s = *r.summary;
            cells << formatCount(s.trainableParams)
                  << QString::number(s.trainablePercent, 'g', s.trainablePercent < 1 ? 2 : 3)
                  << formatBytes(s.peakMemoryBytes) << formatNumber(s.meanStepSeconds, 3)
                  << formatNumber(s.tokensPerSecond, 0) << formatNumber(s.bestValLoss, 4)
                  << formatNumber(s.bestMetric, 4) << formatNumber(s.testMetric, 4) << formatBytes(s.adapterBytes)
                  << QStringLiteral("%1 s").arg(s.wallSeconds, 0, 'f', 1);
        }
        table.addRow(cells);
    }
    return table.render();
}

QString formatDuration(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return QStringLiteral("?");
    const qint64 s = qint64(std::llround(seconds));
    if (s >= 3600)
        return QStringLiteral("%1h%2m").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    if (s >= 60)
        return QStringLiteral("%1m%2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1s").arg(s);
}

}  // namespace peftbench
