#pragma once
// The settings of one method's run on the hyperparameters page: its name and learning rate here,
// the method's own settings in the subclasses (WizardLoraForm for LoRA and DoRA,
// WizardPromptTuningForm, WizardPrefixTuningForm, WizardIa3Form, WizardBitFitForm,
// WizardLastLayersForm). Full fine-tuning has nothing more, so it is this class itself.
#include "experiment/ExperimentConfig.h"
#include "model/ModelConfig.h"

#include <QGroupBox>
#include <QStringList>

class QCheckBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace peftbench {

class WizardMethodForm : public QGroupBox {
    Q_OBJECT
public:
    // `prefix` starts every child's objectName: "full" → "fullLrEdit", "fullNameEdit".
    WizardMethodForm(MethodKind kind, const QString &prefix, QWidget *parent = nullptr);

    MethodKind kind() const { return m_kind; }
    // SPEC §3's starting point for the method: every setting given explicitly.
    static RunTemplate defaultTemplate(MethodKind kind);
    static QString methodTitle(MethodKind kind);

    // Shows `run`; `otherRuns` more runs of this method are kept as loaded and only mentioned.
    void load(const RunTemplate &run, int otherRuns = 0);
    // Writes the fields into `run`. Text that does not parse leaves that setting as last loaded.
    void applyTo(RunTemplate &run) const;
    // One message per field whose value is not allowed, naming the field and the allowed range.
    QStringList problems(const std::optional<ModelConfig> &model, int maxLength) const;
    // The model decides which settings apply (LoRA's gate exists only in Llama-family models).
    virtual void setModel(const std::optional<ModelConfig> &model) {}

Q_SIGNALS:
    void edited();

protected:
    virtual void loadSettings(const RunTemplate &run) {}
    virtual void applySettings(RunTemplate &run) const {}
    virtual void addProblems(QStringList &problems, const std::optional<ModelConfig> &model, int maxLength) const {}

    QFormLayout *form() const { return m_form; }
    QLineEdit *addLineEdit(const QString &name, const QString &label, const QString &toolTip);
    // Prompt and prefix tuning's n tokens take n positions of the model's context: each count with
    // max_length must fit it. One problem naming `label` and the counts allowed.
    static void addContextProblems(QStringList &problems, const std::vector<int64_t> &counts, const QString &label,
                                   const std::optional<ModelConfig> &model, int maxLength);
    QCheckBox *addCheckBox(const QString &name, const QString &text, const QString &toolTip);
    // A yes/no setting that may be a sweep: the box shows its first value (unset: unchecked). The
    // box left as loaded keeps the loaded sweep (e.g. [false, true]); changed, it is one value.
    static void loadCheck(QCheckBox *box, const std::vector<bool> &sweep);
    static std::vector<bool> checkedSweep(const QCheckBox *box, const std::vector<bool> &loaded);
    QString childName(const QString &name) const { return m_prefix + name; }
    // "LoRA rank": what messages call a field of this form.
    QString fieldLabel(const QString &field) const;
    const RunTemplate &loaded() const { return m_loaded; }

private:
    MethodKind m_kind;
    QString m_prefix;
    QFormLayout *m_form = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_lr = nullptr;
    QLabel *m_note = nullptr;
    RunTemplate m_loaded;
};

}  // namespace peftbench
