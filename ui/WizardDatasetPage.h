#pragma once
// Wizard page 2: the data every run trains and evaluates on — a built-in corpus or the user's own
// text/CSV/TSV/JSONL file — the task, max_length, and a preview of what was read.
#include "experiment/ExperimentConfig.h"

#include <QWizardPage>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTimer;

namespace peftbench {

class RunWizard;
class WizardDatasetPreview;

class WizardDatasetPage : public QWizardPage {
    Q_OBJECT
public:
    explicit WizardDatasetPage(RunWizard &wizard);

    void load(const ExperimentConfig &config);
    void applyTo(ExperimentConfig &config) const;
    // Reads the dataset and shows its preview, unless the selection is the one already shown.
    void refreshPreview();

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    DatasetSpec spec() const;
    QString previewKey() const;
    bool isUserFile() const;
    bool isDelimited() const;  // CSV or TSV: the column pickers apply
    void selectionChanged();
    void fileChanged();
    void readColumns();
    void updateEnabled();
    void browse();
    void showError(const QString &message);

    RunWizard &m_wizard;
    QRadioButton *m_builtinRadio = nullptr;
    QComboBox *m_builtinCombo = nullptr;
    QLabel *m_builtinDescription = nullptr;
    QRadioButton *m_fileRadio = nullptr;
    QLineEdit *m_fileEdit = nullptr;
    QPushButton *m_browse = nullptr;
    QComboBox *m_task = nullptr;
    QSpinBox *m_maxLength = nullptr;
    QComboBox *m_textColumn = nullptr;
    QComboBox *m_labelColumn = nullptr;
    QDoubleSpinBox *m_validationFraction = nullptr;
    QDoubleSpinBox *m_testFraction = nullptr;
    WizardDatasetPreview *m_preview = nullptr;
    QLabel *m_error = nullptr;
    QTimer *m_debounce = nullptr;

    DatasetSpec m_loaded;       // labels are kept while source and task stay as loaded
    QString m_shownKey;         // the selection the preview (or error) is for
    bool m_previewOk = false;
};

}  // namespace peftbench
