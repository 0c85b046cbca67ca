#include "experiment/ConfigWriter.h"

#include "experiment/ConfigNumbers.h"

#include <QRegularExpression>
#include <QStringList>

namespace peftbench {

namespace {

// A string as a YAML scalar: plain when it cannot be misread (as a number, a bool, null, or YAML
// syntax, in block or flow context), double-quoted with escapes otherwise.
QString scalar(const QString &s)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./][A-Za-z0-9_./:+-]*$"));
    static const QRegularExpression special(
        QStringLiteral("^([-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.inf|\\.nan|0x[0-9a-f]+|0o[0-7]+"
                       "|null|true|false|yes|no|on|off|y|n)$"),
        QRegularExpression::CaseInsensitiveOption);
    if (plain.match(s).hasMatch() && !special.match(s).hasMatch() && !s.endsWith(QLatin1Char(':')))
        return s;
    QString quoted = QStringLiteral("\"");
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        if (c == QLatin1Char('"'))
            quoted += QStringLiteral("\\\"");
        else if (c == QLatin1Char('\\'))
            quoted += QStringLiteral("\\\\");
        else if (c == QLatin1Char('\n'))
            quoted += QStringLiteral("\\n");
        else if (c == QLatin1Char('\t'))
            quoted += QStringLiteral("\\t");
        else if (u < 0x20 || u == 0x7f)
            quoted += QStringLiteral("\\x%1").arg(uint(u), 2, 16, QLatin1Char('0'));
        else if (u == 0x85 || u == 0x2028 || u == 0x2029 || u == 0xfeff)  // line breaks and BOM YAML would eat
            quoted += QStringLiteral("\\u%1").arg(uint(u), 4, 16, QLatin1Char('0'));
        else
            quoted += c;
    }
    return quoted + QLatin1Char('"');
}

QString list(const QStringList &items)
{
    return QLatin1Char('[') + items.join(QStringLiteral(", ")) + QLatin1Char(']');
}

QString modules(const std::vector<std::string> &names)
{
    QStringList items;
    for (const std::string &name : names)
        items << scalar(QString::fromStdString(name));
    return list(items);
}

// One value plainly, several as a flow list: the sweep form the reader expands.
template <typename T, typename Format>
QString sweep(const std::vector<T> &values, Format format)
{
    QStringList items;
    for (const T &value : values)
        items << format(value);
    return items.size() == 1 ? items.front() : list(items);
}

// LoRA's rank_pattern: {q: 16, v: 4}.
QString rankMap(const std::map<std::string, int64_t> &ranks)
{
    QStringList items;
    for (const auto &[module, rank] : ranks)
        items << scalar(QString::fromStdString(module)) + QStringLiteral(": ") + QString::number(rank);
    return QLatin1Char('{') + items.join(QStringLiteral(", ")) + QLatin1Char('}');
}

QString number(double value)
{
    return formatConfigNumber(value);
}

QString integer(int64_t value)
{
    return QString::number(value);
}

QString boolean(bool value)
{
    return value ? QStringLiteral("true") : QStringLiteral("false");
}

// "key: value" pairs of a run's method block, as one flow map.
class FlowMap {
public:
    template <typename T, typename Format>
    void add(const char *key, const std::vector<T> &values, Format format)
    {
        if (!values.empty())
            m_items << QLatin1String(key) + QStringLiteral(": ") + sweep(values, format);
    }
    bool isEmpty() const { return m_items.isEmpty(); }
    QString text() const { return QLatin1Char('{') + m_items.join(QStringLiteral(", ")) + QLatin1Char('}'); }

private:
    QStringList m_items;
};

}  // namespace

QByteArray saveExperimentConfig(const ExperimentConfig &c)
{
    QString out;
    const auto line = [&out](int indent, const QString &key, const QString &value) {
        out += QString(indent, QLatin1Char(' ')) + key + QStringLiteral(": ") + value + QLatin1Char('\n');
    };
    out += QStringLiteral("# PEFT Workbench experiment\n");
    line(0, QStringLiteral("name"), scalar(c.name));
    line(0, QStringLiteral("base_model"), scalar(c.baseModel));

    const DatasetSpec &d = c.dataset;
    out += QStringLiteral("dataset:\n");
    line(2, QStringLiteral("source"), scalar(d.source));
    line(2, QStringLiteral("task"), taskKindName(d.task));
    line(2, QStringLiteral("max_length"), integer(d.maxLength));
    if (!d.textColumn.isEmpty())
        line(2, QStringLiteral("text_column"), scalar(d.textColumn));
    if (!d.labelColumn.isEmpty())
        line(2, QStringLiteral("label_column"), scalar(d.labelColumn));
    if (!d.labels.empty()) {
        QStringList labels;
        for (const std::string &label : d.labels)
            labels << scalar(QString::fromStdString(label));
        line(2, QStringLiteral("labels"), list(labels));
    }
    line(2, QStringLiteral("validation_fraction"), number(d.split.validation));
    line(2, QStringLiteral("test_fraction"), number(d.split.test));

    const TrainingParams &t = c.train;
    out += QStringLiteral("train:\n");
    line(2, QStringLiteral("steps"), integer(t.steps));
    line(2, QStringLiteral("batch_size"), integer(t.batchSize));
    line(2, QStringLiteral("grad_accumulation"), integer(t.gradAccumulation));
    if (c.hasSharedLr)
        line(2, QStringLiteral("lr"), number(t.lr));
    line(2, QStringLiteral("weight_decay"), number(t.weightDecay));
    line(2, QStringLiteral("beta1"), number(t.beta1));
    line(2, QStringLiteral("beta2"), number(t.beta2));
    line(2, QStringLiteral("adam_eps"), number(t.adamEps));
    line(2, QStringLiteral("schedule"), lrScheduleName(t.schedule));
    line(2, QStringLiteral("warmup_steps"), integer(t.warmupSteps));
    line(2, QStringLiteral("grad_clip"), number(t.gradClip));
    line(2, QStringLiteral("eval_every"), integer(t.evalEvery));
    line(2, QStringLiteral("eval_max_examples"), integer(t.evalMaxExamples));
    line(2, QStringLiteral("early_stopping_patience"), integer(t.earlyStoppingPatience));
    line(2, QStringLiteral("seed"), QString::number(t.seed));
    line(2, QStringLiteral("device"), scalar(t.device));
    line(2, QStringLiteral("dtype"), scalar(t.dtype));
    line(2, QStringLiteral("threads"), integer(t.threads));
    line(2, QStringLiteral("gradient_checkpointing"), boolean(t.gradientCheckpointing));
    line(0, QStringLiteral("repeats"), integer(c.repeats));

    out += QStringLiteral("runs:\n");
    for (const RunTemplate &run : c.runs) {
        QString prefix = QStringLiteral("  - ");
        const auto runLine = [&](const QString &key, const QString &value) {
            out += prefix + key + QStringLiteral(": ") + value + QLatin1Char('\n');
            prefix = QStringLiteral("    ");
        };
        if (!run.name.isEmpty())
            runLine(QStringLiteral("name"), scalar(run.name));
        runLine(QStringLiteral("method"), methodKindName(run.method));
        if (!run.lr.empty())
            runLine(QStringLiteral("lr"), sweep(run.lr, number));

        FlowMap lora;
        lora.add("r", run.lora.r, integer);
        lora.add("alpha", run.lora.alpha, number);
        lora.add("dropout", run.lora.dropout, number);
        lora.add("target_modules", run.lora.targetModules, modules);
        lora.add("rslora", run.lora.rslora, boolean);
        lora.add("init", run.lora.init, loraInitName);
        lora.add("rank_pattern", run.lora.rankPattern, rankMap);
        if (!lora.isEmpty())
            runLine(QStringLiteral("lora"), lora.text());

        FlowMap prompt;
        prompt.add("num_virtual_tokens", run.promptTuning.numVirtualTokens, integer);
        prompt.add("init", run.promptTuning.init, promptInitName);
        prompt.add("init_text", run.promptTuning.initText, scalar);
        if (!prompt.isEmpty())
            runLine(QStringLiteral("prompt_tuning"), prompt.text());

        FlowMap prefixTuning;
        prefixTuning.add("num_virtual_tokens", run.prefixTuning.numVirtualTokens, integer);
        prefixTuning.add("projection", run.prefixTuning.projection, boolean);
        prefixTuning.add("projection_hidden", run.prefixTuning.projectionHidden, integer);
        if (!prefixTuning.isEmpty())
            runLine(QStringLiteral("prefix_tuning"), prefixTuning.text());

        FlowMap ia3;
        ia3.add("target_modules", run.ia3.targetModules, modules);
        if (!ia3.isEmpty())
            runLine(QStringLiteral("ia3"), ia3.text());

        FlowMap bitFit;
        bitFit.add("norm_weights", run.bitFit.normWeights, boolean);
        if (!bitFit.isEmpty())
            runLine(QStringLiteral("bitfit"), bitFit.text());

        FlowMap lastLayers;
        lastLayers.add("layers", run.lastLayers.layers, integer);
        lastLayers.add("head", run.lastLayers.head, boolean);
        if (!lastLayers.isEmpty())
            runLine(QStringLiteral("last_layers"), lastLayers.text());
    }
    return out.toUtf8();
}

}  // namespace peftbench
