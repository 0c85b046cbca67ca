#include "WizardFieldLabels.h"

#include "WizardMethodForm.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>

namespace peftbench {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("WizardFieldLabels", text);
}

QString runFieldLabel(const QString &field)
{
    static const QHash<QString, const char *> labels{
        {QStringLiteral("name"), QT_TRANSLATE_NOOP("WizardFieldLabels", "run name")},
        {QStringLiteral("lr"), QT_TRANSLATE_NOOP("WizardFieldLabels", "learning rate")},
        {QStringLiteral("lora.r"), QT_TRANSLATE_NOOP("WizardFieldLabels", "rank")},
        {QStringLiteral("lora.alpha"), QT_TRANSLATE_NOOP("WizardFieldLabels", "alpha")},
        {QStringLiteral("lora.dropout"), QT_TRANSLATE_NOOP("WizardFieldLabels", "dropout")},
        {QStringLiteral("lora.target_modules"), QT_TRANSLATE_NOOP("WizardFieldLabels", "target layers")},
        {QStringLiteral("lora.rslora"), QT_TRANSLATE_NOOP("WizardFieldLabels", "rsLoRA scaling")},
        {QStringLiteral("lora.init"), QT_TRANSLATE_NOOP("WizardFieldLabels", "initialisation")},
        {QStringLiteral("lora.rank_pattern"), QT_TRANSLATE_NOOP("WizardFieldLabels", "per-layer rank")},
        {QStringLiteral("prefix_tuning.num_virtual_tokens"), QT_TRANSLATE_NOOP("WizardFieldLabels", "prefix length")},
        {QStringLiteral("prefix_tuning.projection"), QT_TRANSLATE_NOOP("WizardFieldLabels", "projection MLP")},
        {QStringLiteral("prefix_tuning.projection_hidden"), QT_TRANSLATE_NOOP("WizardFieldLabels", "projection width")},
        {QStringLiteral("ia3.target_modules"), QT_TRANSLATE_NOOP("WizardFieldLabels", "scaled layers")},
        {QStringLiteral("bitfit.norm_weights"), QT_TRANSLATE_NOOP("WizardFieldLabels", "norms' weights")},
        {QStringLiteral("last_layers.layers"), QT_TRANSLATE_NOOP("WizardFieldLabels", "trained blocks")},
        {QStringLiteral("last_layers.head"), QT_TRANSLATE_NOOP("WizardFieldLabels", "head")},
        {QStringLiteral("prompt_tuning.num_virtual_tokens"), QT_TRANSLATE_NOOP("WizardFieldLabels", "virtual tokens")},
        {QStringLiteral("prompt_tuning.init"), QT_TRANSLATE_NOOP("WizardFieldLabels", "initialisation")},
        {QStringLiteral("prompt_tuning.init_text"), QT_TRANSLATE_NOOP("WizardFieldLabels", "init text")},
    };
    const auto it = labels.find(field);
    return it == labels.end() ? field : tr(it.value());
}

}  // namespace

QString wizardFieldLabel(const QString &key, const ExperimentConfig &config)
{
    // Sweep indices name one value of a field: the field is the same.
    static const QRegularExpression sweepIndex(QStringLiteral("(\\[[0-9]+\\])+$"));
    static const QRegularExpression runKey(QStringLiteral("^runs\\[([0-9]+)\\]\\.(.+)$"));
    const QRegularExpressionMatch run = runKey.match(key);
    if (run.hasMatch()) {
        const size_t index = run.captured(1).toULongLong();
        QString field = run.captured(2);
        field.remove(sweepIndex);
        if (field.startsWith(QLatin1String("lora.rank_pattern.")))  // one layer's rank: the same field
            field = QStringLiteral("lora.rank_pattern");
        const QString method = index < config.runs.size() ? WizardMethodForm::methodTitle(config.runs[index].method)
                                                          : QCoreApplication::translate("WizardFieldLabels", "Run %1").arg(index + 1);
        return QCoreApplication::translate("WizardFieldLabels", "%1 %2").arg(method, runFieldLabel(field));
    }
    static const QHash<QString, const char *> labels{
        {QStringLiteral("name"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Experiment name")},
        {QStringLiteral("base_model"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Base model")},
        {QStringLiteral("dataset.source"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Dataset")},
        {QStringLiteral("dataset.max_length"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Max length (dataset page)")},
        {QStringLiteral("dataset.validation_fraction"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Validation fraction")},
        {QStringLiteral("dataset.test_fraction"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Test fraction")},
        {QStringLiteral("train.steps"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Steps")},
        {QStringLiteral("train.batch_size"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Batch size")},
        {QStringLiteral("train.grad_accumulation"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Gradient accumulation")},
        {QStringLiteral("train.weight_decay"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Weight decay")},
        {QStringLiteral("train.schedule"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Schedule")},
        {QStringLiteral("train.warmup_steps"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Warmup steps")},
        {QStringLiteral("train.grad_clip"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Gradient clipping")},
        {QStringLiteral("train.eval_every"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Evaluate every")},
        {QStringLiteral("train.eval_max_examples"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Evaluation examples")},
        {QStringLiteral("train.early_stopping_patience"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Early stopping patience")},
        {QStringLiteral("train.seed"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Seed")},
        {QStringLiteral("train.device"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Device")},
        {QStringLiteral("train.threads"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Threads")},
        {QStringLiteral("repeats"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Repeats")},
        {QStringLiteral("runs"), QT_TRANSLATE_NOOP("WizardFieldLabels", "Runs")},
    };
    const auto it = labels.find(key);
    return it == labels.end() ? key : tr(it.value());
}

QString wizardFieldMessage(const QString &key, const QString &message, const ExperimentConfig &config)
{
    return key.isEmpty() ? message : QCoreApplication::translate("WizardFieldLabels", "%1: %2").arg(wizardFieldLabel(key, config), message);
}

}  // namespace peftbench
