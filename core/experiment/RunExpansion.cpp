#include "experiment/RunExpansion.h"

#include "experiment/ConfigNumbers.h"
#include "tokenizer/Tokenizer.h"

#include <QSet>
#include <QStringList>

#include <functional>

namespace peftbench {

namespace {

// One list-valued setting of a template: how many values it has, how to apply value i to a run,
// and how to show it in a generated name.
struct Axis {
    const char *key;
    size_t size;
    std::function<void(size_t, RunSpec &)> apply;
    std::function<QString(size_t)> label;
};

template <typename T, typename Apply, typename Label>
void addAxis(std::vector<Axis> &axes, const char *key, const std::vector<T> &values, Apply apply, Label label)
{
    if (values.empty())
        return;
    axes.push_back(Axis{key, values.size(), [&values, apply](size_t i, RunSpec &run) { apply(run, values[i]); },
                        [&values, label](size_t i) { return label(values[i]); }});
}

QString shortened(const QString &text)
{
    return text.size() > 20 ? text.left(17) + QStringLiteral("...") : text;
}

std::vector<RunSpec> expandTemplate(const ExperimentConfig &config, int index)
{
    const RunTemplate &t = config.runs[size_t(index)];
    std::vector<Axis> axes;
    const auto number = [](double v) { return formatConfigNumber(v); };
    const auto integer = [](int64_t v) { return QString::number(v); };
    const auto flag = [](bool v) { return v ? QStringLiteral("true") : QStringLiteral("false"); };
    const auto moduleList = [](const std::vector<std::string> &v) {
        QStringList names;
        for (const std::string &name : v)
            names << QString::fromStdString(name);
        return names.join(QLatin1Char(','));
    };
    addAxis(axes, "r", t.lora.r, [](RunSpec &r, int64_t v) { r.method.lora.rank = v; }, integer);
    addAxis(axes, "alpha", t.lora.alpha, [](RunSpec &r, double v) { r.method.lora.alpha = v; }, number);
    addAxis(axes, "dropout", t.lora.dropout, [](RunSpec &r, double v) { r.method.lora.dropout = v; }, number);
    addAxis(axes, "target_modules", t.lora.targetModules,
            [](RunSpec &r, const std::vector<std::string> &v) { r.method.lora.targets = v; }, moduleList);
    addAxis(axes, "rslora", t.lora.rslora, [](RunSpec &r, bool v) { r.method.lora.rslora = v; }, flag);
    addAxis(axes, "init", t.lora.init, [](RunSpec &r, LoraInit v) { r.method.lora.init = v; }, loraInitName);
    addAxis(axes, "rank_pattern", t.lora.rankPattern,
            [](RunSpec &r, const std::map<std::string, int64_t> &v) { r.method.lora.rankPattern = v; },
            [](const std::map<std::string, int64_t> &v) {
                QStringList items;
                for (const auto &[module, rank] : v)
                    items << QStringLiteral("%1:%2").arg(QString::fromStdString(module)).arg(rank);
                return items.join(QLatin1Char(','));
            });
    addAxis(axes, "num_virtual_tokens", t.promptTuning.numVirtualTokens,
            [](RunSpec &r, int64_t v) { r.method.promptTuning.numVirtualTokens = v; }, integer);
    addAxis(axes, "init", t.promptTuning.init, [](RunSpec &r, PromptInit v) { r.method.promptTuning.init = v; },
            promptInitName);
    addAxis(axes, "init_text", t.promptTuning.initText, [](RunSpec &r, const QString &v) { r.promptInitText = v; },
            shortened);
    addAxis(axes, "num_virtual_tokens", t.prefixTuning.numVirtualTokens,
            [](RunSpec &r, int64_t v) { r.method.prefixTuning.numVirtualTokens = v; }, integer);
    addAxis(axes, "projection", t.prefixTuning.projection, [](RunSpec &r, bool v) { r.method.prefixTuning.projection = v; },
            flag);
    addAxis(axes, "projection_hidden", t.prefixTuning.projectionHidden,
            [](RunSpec &r, int64_t v) { r.method.prefixTuning.projectionHidden = v; }, integer);
    addAxis(axes, "target_modules", t.ia3.targetModules,
            [](RunSpec &r, const std::vector<std::string> &v) { r.method.ia3.targets = v; }, moduleList);
    addAxis(axes, "norm_weights", t.bitFit.normWeights, [](RunSpec &r, bool v) { r.method.bitFit.normWeights = v; }, flag);
    addAxis(axes, "layers", t.lastLayers.layers, [](RunSpec &r, int64_t v) { r.method.lastLayers.layers = v; }, integer);
    addAxis(axes, "head", t.lastLayers.head, [](RunSpec &r, bool v) { r.method.lastLayers.head = v; }, flag);
    addAxis(axes, "lr", t.lr, [](RunSpec &r, double v) { r.train.lr = v; }, number);

    RunSpec base;
    base.templateIndex = index;
    base.method.kind = t.method;
    base.train = config.train;
    base.train.lr = config.hasSharedLr ? config.train.lr : defaultLearningRate(t.method);
    const QString baseName = t.name.isEmpty() ? methodKindName(t.method) : t.name;

    std::vector<RunSpec> runs;
    std::vector<size_t> digit(axes.size(), 0);  // a mixed-radix counter, last axis fastest
    for (;;) {
        RunSpec run = base;
        QStringList name{baseName};
        for (size_t a = 0; a < axes.size(); ++a) {
            axes[a].apply(digit[a], run);
            if (axes[a].size > 1)
                name << QStringLiteral("%1=%2").arg(QLatin1String(axes[a].key), axes[a].label(digit[a]));
        }
        run.name = name.join(QLatin1Char(' '));
        runs.push_back(std::move(run));
        size_t a = axes.size();
        while (a > 0 && ++digit[a - 1] == axes[a - 1].size)
            digit[--a] = 0;
        if (a == 0)
            return runs;
    }
}

}  // namespace

std::vector<RunSpec> expandRuns(const ExperimentConfig &config)
{
    std::vector<RunSpec> once;
    QSet<QString> taken;
    for (int i = 0; i < int(config.runs.size()); ++i) {
        for (RunSpec &run : expandTemplate(config, i)) {
            const QString wanted = run.name;
            for (int n = 2; taken.contains(run.name); ++n)
                run.name = QStringLiteral("%1 (%2)").arg(wanted).arg(n);
            taken.insert(run.name);
            once.push_back(std::move(run));
        }
    }

    std::vector<RunSpec> all;
    all.reserve(once.size() * size_t(std::max(config.repeats, 1)));
    for (int repeat = 0; repeat < std::max(config.repeats, 1); ++repeat) {
        for (const RunSpec &run : once) {
            RunSpec copy = run;
            copy.repeatIndex = repeat;
            copy.train.seed = config.train.seed + uint64_t(repeat);
            if (config.repeats > 1)
                copy.name += QStringLiteral(" #%1").arg(repeat + 1);
            all.push_back(std::move(copy));
        }
    }
    return all;
}

MethodSettings methodSettings(const RunSpec &run, const Tokenizer &tok)
{
    MethodSettings settings = run.method;
    if (settings.kind == MethodKind::PromptTuning && settings.promptTuning.init == PromptInit::Text)
        settings.promptTuning.initTokenIds = tok.encode(run.promptInitText.toStdString());
    return settings;
}

}  // namespace peftbench
