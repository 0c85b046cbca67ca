#pragma once
// Wizard page 1: the base model every run fine-tunes — a built-in model, one of our checkpoint
// files or a local Hugging Face folder — with a summary of its shape so the later pages can check
// settings against it.
#include "experiment/ExperimentConfig.h"

#include <QWizardPage>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QTimer;

namespace peftbench {

class RunWizard;

class WizardModelPage : public QWizardPage {
    Q_OBJECT
public:
    explicit WizardModelPage(RunWizard &wizard);

    void load(const ExperimentConfig &config);
    void applyTo(ExperimentConfig &config) const;
    // The reference the fields name: builtin:NAME, file:PATH or hf:DIR.
    QString reference() const;
    // Loads the model the fields name now, unless it is the one already loaded.
    void loadModelNow();

    bool isComplete() const override;
    bool validatePage() override;

private:
    void selectionChanged();
    void browse();
    void browseHfFolder();
    void showError(const QString &message);

    RunWizard &m_wizard;
    QRadioButton *m_builtinRadio = nullptr;
    QComboBox *m_builtinCombo = nullptr;
    QRadioButton *m_fileRadio = nullptr;
    QLineEdit *m_fileEdit = nullptr;
    QPushButton *m_browse = nullptr;
    QRadioButton *m_hfRadio = nullptr;
    QLineEdit *m_hfEdit = nullptr;
    QPushButton *m_hfBrowse = nullptr;
    QLabel *m_description = nullptr;
    QLabel *m_family = nullptr, *m_layers = nullptr, *m_width = nullptr, *m_heads = nullptr;
    QLabel *m_parameters = nullptr, *m_context = nullptr, *m_vocabulary = nullptr;
    QLabel *m_error = nullptr;
    QTimer *m_debounce = nullptr;
    QString m_loadedReference;  // what m_wizard's model is; empty while none loaded
};

}  // namespace peftbench
