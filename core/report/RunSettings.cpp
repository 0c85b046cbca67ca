#include "report/RunSettings.h"

#include "data/TaskData.h"
#include "experiment/ConfigNumbers.h"
#include "experiment/ConfigReader.h"
#include "experiment/RunExpansion.h"
#include "store/StoreRecords.h"

#include <QStringList>

namespace peftbench {

namespace {

QString joined(const std::vector<std::string> &items)
{
    QStringList list;
    for (const std::string &item : items)
        list << QString::fromStdString(item);
    return list.join(QStringLiteral(", "));
}

QString flag(bool value)
{
    return value ? QStringLiteral("true") : QStringLiteral("false");
}

}  // namespace

QMap<QString, QString> flattenRunSettings(const RunRecord &run)
{
    const ExperimentConfig config =
        parseExperimentConfig(run.configYaml.toUtf8(), QStringLiteral("run %1's config").arg(run.id));
    const std::vector<RunSpec> specs = expandRuns(config);
    QMap<QString, QString> s;
    s.insert(QStringLiteral("base_model"), config.baseModel);

    const DatasetSpec &d = config.dataset;
    s.insert(QStringLiteral("dataset.source"), d.source);
    s.insert(QStringLiteral("dataset.task"), taskKindName(d.task));
    s.insert(QStringLiteral("dataset.max_length"), QString::number(d.maxLength));
    if (!d.textColumn.isEmpty())
        s.insert(QStringLiteral("dataset.text_column"), d.textColumn);
    if (!d.labelColumn.isEmpty())
        s.insert(QStringLiteral("dataset.label_column"), d.labelColumn);
    if (!d.labels.empty())
        s.insert(QStringLiteral("dataset.labels"), joined(d.labels));
    s.insert(QStringLiteral("dataset.validation_fraction"), formatConfigNumber(d.split.validation));
    s.insert(QStringLiteral("dataset.test_fraction"), formatConfigNumber(d.split.test));

    // A stored run's config is narrowed to exactly one run (singleRunConfig); anything else has
    // no single run to describe beyond the shared settings.
    if (specs.size() != 1)
        return s;
    const RunSpec &run1 = specs.front();
    const MethodSettings &m = run1.method;
    s.insert(QStringLiteral("method"), methodKindName(m.kind));
    if (m.kind == MethodKind::Lora || m.kind == MethodKind::Dora) {
        s.insert(QStringLiteral("lora.r"), QString::number(m.lora.rank));
        s.insert(QStringLiteral("lora.alpha"), formatConfigNumber(m.lora.alpha));
        s.insert(QStringLiteral("lora.dropout"), formatConfigNumber(m.lora.dropout));
        s.insert(QStringLiteral("lora.target_modules"), joined(m.lora.targets));
        s.insert(QStringLiteral("lora.rslora"), flag(m.lora.rslora));
        s.insert(QStringLiteral("lora.init"), loraInitName(m.lora.init));
        if (!m.lora.rankPattern.empty()) {
            QStringList ranks;
            for (const auto &[module, rank] : m.lora.rankPattern)
                ranks << QStringLiteral("%1: %2").arg(QString::fromStdString(module)).arg(rank);
            s.insert(QStringLiteral("lora.rank_pattern"), ranks.join(QStringLiteral(", ")));
        }
    } else if (m.kind == MethodKind::PrefixTuning) {
        s.insert(QStringLiteral("prefix_tuning.num_virtual_tokens"), QString::number(m.prefixTuning.numVirtualTokens));
        s.insert(QStringLiteral("prefix_tuning.projection"), flag(m.prefixTuning.projection));
        if (m.prefixTuning.projection)
            s.insert(QStringLiteral("prefix_tuning.projection_hidden"), QString::number(m.prefixTuning.projectionHidden));
    } else if (m.kind == MethodKind::Ia3) {
        s.insert(QStringLiteral("ia3.target_modules"), joined(m.ia3.targets));
    } else if (m.kind == MethodKind::BitFit) {
        s.insert(QStringLiteral("bitfit.norm_weights"), flag(m.bitFit.normWeights));
    } else if (m.kind == MethodKind::LastLayers) {
        s.insert(QStringLiteral("last_layers.layers"), QString::number(m.lastLayers.layers));
        s.insert(QStringLiteral("last_layers.head"), flag(m.lastLayers.head));
    } else if (m.kind == MethodKind::PromptTuning) {
        s.insert(QStringLiteral("prompt_tuning.num_virtual_tokens"), QString::number(m.promptTuning.numVirtualTokens));
        s.insert(QStringLiteral("prompt_tuning.init"), promptInitName(m.promptTuning.init));
        if (m.promptTuning.init == PromptInit::Text)
            s.insert(QStringLiteral("prompt_tuning.init_text"), run1.promptInitText);
    }

    const TrainingParams &t = run1.train;
    s.insert(QStringLiteral("train.steps"), QString::number(t.steps));
    s.insert(QStringLiteral("train.batch_size"), QString::number(t.batchSize));
    s.insert(QStringLiteral("train.grad_accumulation"), QString::number(t.gradAccumulation));
    s.insert(QStringLiteral("train.gradient_checkpointing"), t.gradientCheckpointing ? QStringLiteral("true") : QStringLiteral("false"));
    s.insert(QStringLiteral("train.lr"), formatConfigNumber(t.lr));
    s.insert(QStringLiteral("train.weight_decay"), formatConfigNumber(t.weightDecay));
    s.insert(QStringLiteral("train.beta1"), formatConfigNumber(t.beta1));
    s.insert(QStringLiteral("train.beta2"), formatConfigNumber(t.beta2));
    s.insert(QStringLiteral("train.adam_eps"), formatConfigNumber(t.adamEps));
    s.insert(QStringLiteral("train.schedule"), lrScheduleName(t.schedule));
    s.insert(QStringLiteral("train.warmup_steps"), QString::number(t.warmupSteps));
    s.insert(QStringLiteral("train.grad_clip"), formatConfigNumber(t.gradClip));
    s.insert(QStringLiteral("train.eval_every"), QString::number(t.evalEvery));
    s.insert(QStringLiteral("train.eval_max_examples"), QString::number(t.evalMaxExamples));
    s.insert(QStringLiteral("train.early_stopping_patience"), QString::number(t.earlyStoppingPatience));
    s.insert(kSeedSettingKey, QString::number(t.seed));
    s.insert(QStringLiteral("train.device"), t.device);
    s.insert(QStringLiteral("train.dtype"), t.dtype);
    s.insert(QStringLiteral("train.threads"), QString::number(t.threads));
    return s;
}

}  // namespace peftbench
