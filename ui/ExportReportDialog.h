#pragma once
// File → Export report: the compared runs written as an HTML, PDF, Markdown, CSV or JSON file.
// The runs are loaded again from the store (with the resource estimates reports show), the file is
// written atomically (a temporary file renamed into place), and a failure is shown in the dialog.
#include "report/ReportOptions.h"

#include <QDialog>

#include <vector>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace peftbench {

class ExportReportDialog : public QDialog {
    Q_OBJECT
public:
    ExportReportDialog(const QString &databasePath, const std::vector<qint64> &runIds, QWidget *parent = nullptr);

    // The curves' axis and smoothing as the compare view shows them; the title stays the dialog's.
    void setReportOptions(const ReportOptions &options);

    void setFormat(ReportFormat format);   // also gives the output file that format's extension
    ReportFormat format() const;
    void setOutputPath(const QString &path);
    QString outputPath() const;
    QString reportTitleText() const;
    // The visible error of the last attempt; empty after a success.
    QString errorText() const;

    // Writes the report now. False (with the error shown in the dialog) when the runs cannot be
    // loaded or the file cannot be written; the dialog stays open then.
    bool writeReport();

    // "<experiment>-report.<ext>", with everything but letters, digits, '.', '_' and '-' replaced.
    static QString suggestedFileName(const QString &baseName, ReportFormat format);
    static QString fileExtension(ReportFormat format);

private:
    void browse();
    void showError(const QString &message);
    QByteArray render(const Comparison &comparison, const ReportOptions &options, ReportFormat format) const;

    QString m_databasePath;
    std::vector<qint64> m_runIds;
    ReportOptions m_options;
    QString m_baseName;

    QLineEdit *m_title = nullptr;
    QComboBox *m_format = nullptr;
    QLineEdit *m_path = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

}  // namespace peftbench
