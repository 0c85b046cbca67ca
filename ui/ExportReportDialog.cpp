#include "ExportReportDialog.h"

#include "ErrorLabel.h"
#include "PdfReport.h"

#include "report/ReportFile.h"
#include "report/Reports.h"
#include "store/RunStore.h"
#include "store/StoreError.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QVBoxLayout>

#include <algorithm>

namespace peftbench {

namespace {

const ReportFormat kFormats[] = {ReportFormat::Html, ReportFormat::Pdf, ReportFormat::Markdown, ReportFormat::Csv,
                                 ReportFormat::Json};

// The experiment the runs belong to (or a description of the runs), for the title and file name.
QString describeRuns(const QString &databasePath, const std::vector<qint64> &runIds)
{
    try {
        RunStore store(databasePath);
        std::vector<int64_t> experiments;
        for (qint64 id : runIds)
            if (const std::optional<RunRecord> run = store.run(id))
                if (std::find(experiments.begin(), experiments.end(), run->experimentId) == experiments.end())
                    experiments.push_back(run->experimentId);
        if (experiments.size() == 1)
            for (const ExperimentRecord &e : store.experiments())
                if (e.id == experiments.front() && !e.name.isEmpty())
                    return e.name;
    } catch (const StoreError &) {
        // No name then: the default stands, and writing reports the store's problem.
    }
    return {};
}

}  // namespace

QString ExportReportDialog::fileExtension(ReportFormat format)
{
    return reportFormatName(format);   // html, pdf, md, csv, json
}

QString ExportReportDialog::suggestedFileName(const QString &baseName, ReportFormat format)
{
    QString base = baseName.trimmed();
    base.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
    base.remove(QRegularExpression(QStringLiteral("^[-.]+|-+$")));   // no hidden file, no dangling dash
    if (base.isEmpty())
        base = QStringLiteral("peftbench");
    return QStringLiteral("%1-report.%2").arg(base, fileExtension(format));
}

ExportReportDialog::ExportReportDialog(const QString &databasePath, const std::vector<qint64> &runIds, QWidget *parent)
    : QDialog(parent), m_databasePath(databasePath), m_runIds(runIds)
{
    setWindowTitle(tr("Export report"));
    setObjectName(QStringLiteral("exportReportDialog"));
    m_baseName = describeRuns(databasePath, runIds);

    m_title = new QLineEdit(this);
    m_title->setObjectName(QStringLiteral("reportTitle"));
    m_title->setText(m_baseName.isEmpty() ? tr("Comparison of %n run(s)", nullptr, int(runIds.size()))
                                          : tr("%1: comparison of %n run(s)", nullptr, int(runIds.size())).arg(m_baseName));
    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("reportFormat"));
    m_format->addItem(tr("HTML: one self-contained page with charts"), int(ReportFormat::Html));
    m_format->addItem(tr("PDF: the same content, paginated"), int(ReportFormat::Pdf));
    m_format->addItem(tr("Markdown: a summary"), int(ReportFormat::Markdown));
    m_format->addItem(tr("CSV: every step of every run"), int(ReportFormat::Csv));
    m_format->addItem(tr("JSON: everything, machine-readable"), int(ReportFormat::Json));
    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("reportPath"));
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty())
        folder = QDir::homePath();
    m_path->setText(QDir(folder).filePath(suggestedFileName(m_baseName, ReportFormat::Html)));
    auto *browseButton = new QPushButton(tr("Browse…"), this);
    m_error = createErrorLabel(QStringLiteral("reportError"), this);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *exportButton = m_buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    exportButton->setDefault(true);

    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browseButton);
    auto *form = new QFormLayout;
    form->addRow(tr("Title"), m_title);
    form->addRow(tr("Format"), m_format);
    form->addRow(tr("File"), pathRow);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Export the comparison of %n run(s).", nullptr, int(runIds.size())), this));
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    setMinimumWidth(520);

    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        // The file follows the format: same folder and name, that format's extension.
        const QFileInfo info(outputPath());
        if (!info.fileName().isEmpty())
            m_path->setText(info.dir().filePath(info.completeBaseName() + QLatin1Char('.') + fileExtension(format())));
    });
    connect(browseButton, &QPushButton::clicked, this, &ExportReportDialog::browse);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (writeReport())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void ExportReportDialog::setReportOptions(const ReportOptions &options)
{
    m_options = options;
}

void ExportReportDialog::setFormat(ReportFormat format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

ReportFormat ExportReportDialog::format() const
{
    return ReportFormat(m_format->currentData().toInt());
}

void ExportReportDialog::setOutputPath(const QString &path)
{
    m_path->setText(path);
}

QString ExportReportDialog::outputPath() const
{
    return m_path->text().trimmed();
}

QString ExportReportDialog::reportTitleText() const
{
    return m_title->text().trimmed();
}

QString ExportReportDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void ExportReportDialog::browse()
{
    const QString filters[] = {tr("HTML files (*.html *.htm)"), tr("PDF files (*.pdf)"), tr("Markdown files (*.md)"),
                               tr("CSV files (*.csv)"), tr("JSON files (*.json)")};
    const QString path = QFileDialog::getSaveFileName(this, tr("Export report"), outputPath(), filters[m_format->currentIndex()]);
    if (path.isEmpty())
        return;
    setOutputPath(path);
    if (const std::optional<ReportFormat> chosen = reportFormatForPath(path))
        setFormat(*chosen);
}

void ExportReportDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}

QByteArray ExportReportDialog::render(const Comparison &comparison, const ReportOptions &options, ReportFormat format) const
{
    switch (format) {
    case ReportFormat::Html: return htmlReport(comparison, options);
    case ReportFormat::Markdown: return markdownReport(comparison, options);
    case ReportFormat::Csv: return csvReport(comparison);
    case ReportFormat::Json: return jsonReport(comparison, options);
    case ReportFormat::Pdf: return pdfReport(comparison, options);
    }
    return {};
}

bool ExportReportDialog::writeReport()
{
    m_error->hide();
    const QString path = outputPath();
    if (path.isEmpty()) {
        showError(tr("Choose the file to write."));
        return false;
    }
    if (QFileInfo(path).isDir()) {
        showError(tr("%1 is a folder: choose a file name.").arg(path));
        return false;
    }
    ReportOptions options = m_options;
    options.title = reportTitleText();
    options.generator = QStringLiteral("peftbench %1").arg(QStringLiteral(PEFTBENCH_VERSION));
    Comparison comparison;
    try {
        RunStore store(m_databasePath);
        comparison = loadComparison(store, std::vector<int64_t>(m_runIds.begin(), m_runIds.end()));
    } catch (const ComparisonError &e) {
        showError(tr("Cannot compare these runs: %1").arg(e.message()));
        return false;
    } catch (const StoreError &e) {
        showError(tr("Cannot read the run store: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    try {
        writeReportFile(path, render(comparison, options, format()));   // all or nothing
    } catch (const ReportFileError &e) {
        showError(e.message());
        return false;
    }
    return true;
}

}  // namespace peftbench
