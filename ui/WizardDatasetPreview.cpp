#include "WizardDatasetPreview.h"

#include "data/DatasetPreview.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

#include "QCustomPlotNoKeywords.h"

#include <algorithm>

namespace peftbench {

namespace {

QTableWidget *readOnlyTable(QWidget *parent, const char *objectName)
{
    auto *table = new QTableWidget(parent);
    table->setObjectName(QLatin1String(objectName));
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);
    return table;
}

// One line of a record for a table cell: line breaks shown as ⏎, long texts cut.
QString cellText(const std::string &text)
{
    QString s = QString::fromUtf8(text.data(), qsizetype(text.size()));
    s.replace(QLatin1Char('\n'), QStringLiteral(" ⏎ "));
    return s.size() > 200 ? s.left(200) + QStringLiteral("…") : s;
}

}  // namespace

WizardDatasetPreview::WizardDatasetPreview(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("datasetPreview"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("previewSummary"));
    m_summary->setWordWrap(true);
    m_rows = readOnlyTable(this, "previewTable");
    m_rows->setToolTip(tr("The first records of the training split"));
    m_labels = readOnlyTable(this, "labelCountsTable");
    m_labels->setToolTip(tr("Records per label in each split (classification)"));
    m_histogram = new QCustomPlot(this);
    m_histogram->setObjectName(QStringLiteral("lengthHistogram"));
    m_histogram->setToolTip(tr("Records by length in tokens (without bos/eos): longer ones are cut to max_length"));
    m_histogram->setMinimumHeight(150);
    m_histogram->xAxis->setLabel(tr("tokens per record"));
    m_histogram->yAxis->setLabel(tr("records"));

    auto *lower = new QHBoxLayout;
    lower->addWidget(m_labels, 1);
    lower->addWidget(m_histogram, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_rows, 1);
    layout->addLayout(lower, 1);
    clear();
}

void WizardDatasetPreview::clear()
{
    m_summary->clear();
    m_rows->clear();
    m_rows->setRowCount(0);
    m_rows->setColumnCount(0);
    m_labels->clear();
    m_labels->setRowCount(0);
    m_labels->setColumnCount(0);
    m_labels->hide();
    m_histogram->clearPlottables();
    m_histogram->replot();
}

void WizardDatasetPreview::showPreview(const DatasetPreview &preview, int maxLength)
{
    const QLocale locale;
    m_summary->setText(tr("%1 train / %2 validation / %3 test records; %4 to %5 tokens per record, %6 on average.")
                           .arg(locale.toString(qulonglong(preview.trainCount)),
                                locale.toString(qulonglong(preview.validationCount)),
                                locale.toString(qulonglong(preview.testCount)),
                                locale.toString(qlonglong(preview.minTokens)),
                                locale.toString(qlonglong(preview.maxTokens)))
                           .arg(preview.meanTokens, 0, 'f', 1));
    showRows(preview);
    showLabels(preview);
    showHistogram(preview, maxLength);
}

void WizardDatasetPreview::showRows(const DatasetPreview &preview)
{
    QStringList headers;
    switch (preview.task) {
    case TaskKind::CausalLm:
        headers = {tr("Text")};
        break;
    case TaskKind::Completion:
        headers = {tr("Prompt"), tr("Completion")};
        break;
    case TaskKind::Classification:
        headers = {tr("Label"), tr("Text")};
        break;
    }
    m_rows->clear();
    m_rows->setColumnCount(int(headers.size()));
    m_rows->setHorizontalHeaderLabels(headers);
    m_rows->setRowCount(int(preview.rows.size()));
    for (int i = 0; i < int(preview.rows.size()); ++i) {
        const TextRecord &r = preview.rows[size_t(i)];
        QStringList cells;
        if (preview.task == TaskKind::Completion)
            cells = {cellText(r.prompt), cellText(r.completion)};
        else if (preview.task == TaskKind::Classification)
            cells = {cellText(r.label), cellText(r.text)};
        else
            cells = {cellText(r.text)};
        for (int c = 0; c < int(cells.size()); ++c)
            m_rows->setItem(i, c, new QTableWidgetItem(cells[c]));
    }
    m_rows->resizeColumnsToContents();
    m_rows->horizontalHeader()->setStretchLastSection(true);
}

void WizardDatasetPreview::showLabels(const DatasetPreview &preview)
{
    m_labels->clear();
    m_labels->setVisible(!preview.labels.empty());
    m_labels->setColumnCount(4);
    m_labels->setHorizontalHeaderLabels({tr("Label"), tr("Train"), tr("Validation"), tr("Test")});
    m_labels->setRowCount(int(preview.labels.size()));
    for (int i = 0; i < int(preview.labels.size()); ++i) {
        const LabelCount &l = preview.labels[size_t(i)];
        m_labels->setItem(i, 0, new QTableWidgetItem(cellText(l.label)));
        int column = 1;
        for (size_t count : {l.train, l.validation, l.test}) {
            auto *item = new QTableWidgetItem(QLocale().toString(qulonglong(count)));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_labels->setItem(i, column++, item);
        }
    }
    m_labels->resizeColumnsToContents();
}

void WizardDatasetPreview::showHistogram(const DatasetPreview &preview, int maxLength)
{
    m_histogram->clearPlottables();
    // Two series so that the buckets max_length cuts stand out from those that fit whole.
    auto *fits = new QCPBars(m_histogram->xAxis, m_histogram->yAxis);
    fits->setName(tr("fit in max_length"));
    fits->setBrush(QColor(0x3b, 0x78, 0xb0));
    fits->setPen(Qt::NoPen);
    auto *cut = new QCPBars(m_histogram->xAxis, m_histogram->yAxis);
    cut->setName(tr("truncated"));
    cut->setBrush(QColor(0xd9, 0x6c, 0x2c));
    cut->setPen(Qt::NoPen);

    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    double highest = 0;
    for (size_t i = 0; i < preview.lengthHistogram.size(); ++i) {
        const TokenLengthBucket &b = preview.lengthHistogram[i];
        const double x = double(i + 1);
        ticker->addTick(x, QStringLiteral("%1–%2").arg(b.lower).arg(b.upper - 1));
        (b.upper <= maxLength ? fits : cut)->addData(x, double(b.count));
        highest = std::max(highest, double(b.count));
    }
    m_histogram->xAxis->setTicker(ticker);
    m_histogram->xAxis->setTickLabelRotation(30);
    m_histogram->xAxis->setRange(0.4, double(preview.lengthHistogram.size()) + 0.6);
    m_histogram->yAxis->setRange(0, std::max(1.0, highest * 1.1));
    m_histogram->replot();
}

}  // namespace peftbench
