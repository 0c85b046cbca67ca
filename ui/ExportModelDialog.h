#pragma once
// Export model: a finished run as a Hugging Face PEFT adapter (LoRA, prompt tuning) or a merged
// Hugging Face model (full fine-tuning, LoRA) in a chosen folder. The export itself is
// experiment/RunExport.h; it takes well under a second for the models this app trains on a CPU, so
// it runs on the UI thread. A refusal or failure is shown in the dialog, which then stays open.
#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace peftbench {

class ExportModelDialog : public QDialog {
    Q_OBJECT
public:
    // `method` is the run's method name ("lora", "prompt_tuning", "full"): it picks the formats offered.
    ExportModelDialog(const QString &databasePath, qint64 runId, const QString &method, QWidget *parent = nullptr);

    enum class Format { PeftAdapter, MergedModel };
    void setFormat(Format format);
    Format format() const;
    bool formatAvailable(Format format) const;
    void setOutputFolder(const QString &folder);
    QString outputFolder() const;
    void setBaseModelName(const QString &name);
    void setReplaceExisting(bool replace);
    // The visible error of the last attempt; empty after a success.
    QString errorText() const;
    // What the last successful export wrote ("exported run 3 … in DIR").
    QString resultText() const;

    // Exports now. False (with the error shown) when the export was refused or failed.
    bool exportModel();

private:
    void browse();
    void showError(const QString &message);

    QString m_databasePath;
    qint64 m_runId = 0;
    QString m_result;

    QComboBox *m_format = nullptr;
    QLineEdit *m_folder = nullptr;
    QLineEdit *m_baseName = nullptr;
    QCheckBox *m_replace = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

}  // namespace peftbench
