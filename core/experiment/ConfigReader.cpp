#include "experiment/ConfigReader.h"

#include "experiment/ConfigError.h"
#include "experiment/ConfigNumbers.h"
#include "experiment/YamlNesting.h"
#include "system/DataPaths.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <QFile>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <sstream>

namespace peftbench {

namespace {

const QStringList kTopKeys{"name", "base_model", "dataset", "train", "repeats", "runs"};
const QStringList kDatasetKeys{"source", "task", "max_length", "text_column", "label_column",
                               "labels", "validation_fraction", "test_fraction"};
const QStringList kTrainKeys{"steps", "batch_size", "grad_accumulation", "lr", "weight_decay", "beta1",
                             "beta2", "adam_eps", "schedule", "warmup_steps", "grad_clip", "eval_every",
                             "eval_max_examples", "early_stopping_patience", "seed", "device", "dtype",
                             "threads", "gradient_checkpointing"};
const QStringList kRunKeys{"name", "method", "lr", "lora", "prompt_tuning", "prefix_tuning", "ia3", "bitfit", "last_layers"};
const QStringList kLoraKeys{"r", "alpha", "dropout", "target_modules", "rslora", "init", "rank_pattern"};
const QStringList kPromptTuningKeys{"num_virtual_tokens", "init", "init_text"};
const QStringList kPrefixTuningKeys{"num_virtual_tokens", "projection", "projection_hidden"};
const QStringList kIa3Keys{"target_modules"};
const QStringList kBitFitKeys{"norm_weights"};
const QStringList kLastLayersKeys{"layers", "head"};
const QStringList kModules{"q", "k", "v", "o", "up", "gate", "down"};
const QStringList kRecipeKeys{"name", "tokenizer", "model", "dataset", "train", "output"};
const QStringList kModelKeys{"family", "layers", "d_model", "heads", "kv_heads", "head_dim", "ffn_dim",
                             "context_length", "norm_eps", "rope_theta", "qkv_bias", "tied_head"};

constexpr int64_t kMaxSteps = 10'000'000;
constexpr int kMaxRepeats = 1000;

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QString oneOf(const QStringList &names)
{
    return QStringLiteral("one of ") + names.join(QStringLiteral(", "));
}

QString mapWith(const QStringList &keys)
{
    return QStringLiteral("a map with keys ") + keys.join(QStringLiteral(", "));
}

int editDistance(const QString &a, const QString &b)
{
    std::vector<int> row(size_t(b.size()) + 1);
    for (size_t j = 0; j < row.size(); ++j)
        row[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int above = row[size_t(j)];
            const int cost = a[i - 1].toLower() == b[j - 1].toLower() ? 0 : 1;
            row[size_t(j)] = std::min({above + 1, row[size_t(j - 1)] + 1, diagonal + cost});
            diagonal = above;
        }
    }
    return row.back();
}

// ", did you mean 'lr'?" for the closest known name within two edits, else nothing.
QString suggestion(const QString &given, const QStringList &known)
{
    QString best;
    int bestDistance = 3;
    for (const QString &name : known) {
        const int d = editDistance(given, name);
        if (d < bestDistance) {
            bestDistance = d;
            best = name;
        }
    }
    return best.isEmpty() ? QString() : QStringLiteral(", did you mean '%1'?").arg(best);
}

bool isEmptyNode(const YAML::Node &node)
{
    return !node.IsDefined() || node.IsNull();
}

// Quoted scalars and !!str are strings even when they look like numbers: "16" is not 16.
bool isStringTagged(const YAML::Node &node)
{
    return node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str";
}

// What a value is, for "got ...": the scalar as written (quoted if it was), or its kind.
QString describe(const YAML::Node &node)
{
    if (isEmptyNode(node))
        return QStringLiteral("nothing");
    if (node.IsMap())
        return QStringLiteral("a map");
    if (node.IsSequence())
        return QStringLiteral("a list");
    QString text = qs(node.Scalar());
    if (text.size() > 40)
        text = text.left(37) + QStringLiteral("...");
    text.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    if (isStringTagged(node))
        return QLatin1Char('"') + text + QLatin1Char('"');
    return text;
}

// An allowed interval of a floating-point setting; hi = infinity means no upper bound.
struct NumberRange {
    double lo;
    bool loInclusive;
    double hi = std::numeric_limits<double>::infinity();
    bool hiInclusive = true;

    bool contains(double x) const
    {
        if (!std::isfinite(x) || (loInclusive ? x < lo : x <= lo))
            return false;
        return std::isinf(hi) || (hiInclusive ? x <= hi : x < hi);
    }

    QString describe() const
    {
        const QString low = QStringLiteral("%1 %2").arg(loInclusive ? ">=" : ">", formatConfigNumber(lo));
        if (std::isinf(hi))
            return QStringLiteral("a finite number ") + low;
        return QStringLiteral("a number %1 and %2 %3").arg(low, hiInclusive ? "<=" : "<", formatConfigNumber(hi));
    }
};

const NumberRange kLrRange{0.0, false, 10.0, true};

// A value together with where it came from: its key path and, because yaml-cpp gives empty values
// an unreliable mark, the mark of its key (or list) to point at instead.
struct Value {
    YAML::Node node;
    QString path;
    YAML::Mark keyMark;

    YAML::Mark mark() const { return isEmptyNode(node) || node.Mark().line < 0 ? keyMark : node.Mark(); }
};

QString childPath(const QString &parent, const QString &key)
{
    return parent.isEmpty() ? key : parent + QLatin1Char('.') + key;
}

class Reader {
public:
    Reader(QString file, ExperimentConfig &config) : m_file(std::move(file)), m_config(config) {}

    [[noreturn]] void fail(const QString &path, const YAML::Mark &mark, const QString &problem,
                           const QString &got = {}, const QString &expected = {}) const
    {
        const int line = mark.line < 0 ? 1 : mark.line + 1;
        const int column = mark.line < 0 ? 1 : mark.column + 1;
        throw ConfigError(m_file, path, line, column, problem, got, expected);
    }

    [[noreturn]] void fail(const Value &v, const QString &problem, const QString &got = {},
                           const QString &expected = {}) const
    {
        fail(v.path, v.mark(), problem, got, expected);
    }

    void note(const Value &v)
    {
        const YAML::Mark m = v.mark();
        if (m.line >= 0)
            m_config.positions.insert(v.path, SourcePosition{m.line + 1, m.column + 1});
    }

    // Local tags (!foo) mean something only to the program that wrote them; we have no use for any.
    void checkTag(const Value &v) const
    {
        const std::string &tag = v.node.Tag();
        static const std::vector<std::string> core{"", "?", "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:int",
                                                   "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
                                                   "tag:yaml.org,2002:null", "tag:yaml.org,2002:seq",
                                                   "tag:yaml.org,2002:map"};
        if (std::find(core.begin(), core.end(), tag) == core.end())
            fail(v, QStringLiteral("unsupported YAML tag"), qs(tag), QStringLiteral("no tag"));
    }

    QString text(const Value &v, const QString &expected)
    {
        note(v);
        checkTag(v);
        if (isEmptyNode(v.node))
            fail(v, QStringLiteral("no value"), {}, expected);
        if (!v.node.IsScalar())
            fail(v, QStringLiteral("not a text"), describe(v.node), expected);
        const QString value = qs(v.node.Scalar());
        if (value.isEmpty())
            fail(v, QStringLiteral("empty"), {}, expected);
        return value;
    }

    int64_t integer(const Value &v, int64_t lo, int64_t hi, const QString &why = {})
    {
        note(v);
        checkTag(v);
        QString expected = QStringLiteral("a whole number in %1..%2").arg(lo).arg(hi);
        if (!why.isEmpty())
            expected += QStringLiteral(", ") + why;
        static const QRegularExpression digits(QStringLiteral("^[-+]?[0-9]+$"));
        const QString t = qs(v.node.Scalar());
        if (!v.node.IsScalar() || isStringTagged(v.node) || !digits.match(t).hasMatch())
            fail(v, QStringLiteral("not a whole number"), describe(v.node), expected);
        bool ok = false;
        const qlonglong value = t.toLongLong(&ok);
        if (!ok || value < lo || value > hi)
            fail(v, QStringLiteral("out of range"), describe(v.node), expected);
        return value;
    }

    double number(const Value &v, const NumberRange &range)
    {
        note(v);
        checkTag(v);
        // YAML 1.2's core schema floats (and integers, which are numbers too).
        static const QRegularExpression decimal(
            QStringLiteral("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"));
        static const QRegularExpression infinity(QStringLiteral("^[-+]?\\.(inf|Inf|INF)$"));
        static const QRegularExpression nan(QStringLiteral("^\\.(nan|NaN|NAN)$"));
        const QString t = qs(v.node.Scalar());
        std::optional<double> value;
        if (v.node.IsScalar() && !isStringTagged(v.node)) {
            if (decimal.match(t).hasMatch())
                value = t.toDouble();
            else if (infinity.match(t).hasMatch())
                value = t.startsWith(QLatin1Char('-')) ? -HUGE_VAL : HUGE_VAL;
            else if (nan.match(t).hasMatch())
                value = std::nan("");
        }
        if (!value)
            fail(v, QStringLiteral("not a number"), describe(v.node), range.describe());
        if (!range.contains(*value))
            fail(v, QStringLiteral("out of range"), describe(v.node), range.describe());
        return *value;
    }

    bool boolean(const Value &v)
    {
        note(v);
        checkTag(v);
        const QString t = qs(v.node.Scalar());
        if (v.node.IsScalar() && !isStringTagged(v.node)) {
            if (t == QLatin1String("true") || t == QLatin1String("True") || t == QLatin1String("TRUE"))
                return true;
            if (t == QLatin1String("false") || t == QLatin1String("False") || t == QLatin1String("FALSE"))
                return false;
        }
        fail(v, QStringLiteral("not true or false"), describe(v.node), QStringLiteral("true or false"));
    }

    // One of a fixed set of names; returns its index in `allowed`.
    int choice(const Value &v, const QStringList &allowed, const QString &what)
    {
        note(v);
        checkTag(v);
        if (isEmptyNode(v.node))
            fail(v, QStringLiteral("no value"), {}, oneOf(allowed));
        if (!v.node.IsScalar())
            fail(v, QStringLiteral("not a %1 name").arg(what), describe(v.node), oneOf(allowed));
        const QString t = qs(v.node.Scalar());
        const int index = int(allowed.indexOf(t));
        if (index < 0)
            fail(v, QStringLiteral("unknown ") + what + suggestion(t, allowed), describe(v.node), oneOf(allowed));
        return index;
    }

    std::vector<Value> elements(const Value &list)
    {
        std::vector<Value> items;
        int i = 0;
        for (auto it = list.node.begin(); it != list.node.end(); ++it, ++i)
            items.push_back(Value{*it, QStringLiteral("%1[%2]").arg(list.path).arg(i), list.node.Mark()});
        return items;
    }

    // A run setting: one value, or a list of values to sweep over (each given once).
    template <typename T, typename ReadOne>
    std::vector<T> sweep(const Value &v, const QString &expectedOne, ReadOne readOne)
    {
        if (!v.node.IsSequence())
            return {readOne(v)};
        note(v);
        checkTag(v);
        const QString expected = expectedOne + QStringLiteral(", or a list of them to sweep over");
        if (v.node.size() == 0)
            fail(v, QStringLiteral("empty list"), {}, expected);
        std::vector<T> values;
        for (const Value &item : elements(v)) {
            T value = readOne(item);
            if (std::find(values.begin(), values.end(), value) != values.end())
                fail(item, QStringLiteral("repeated in the sweep"), describe(item.node),
                     QStringLiteral("each value once (repeats: trains every run with more seeds)"));
            values.push_back(std::move(value));
        }
        return values;
    }

    // The entries of a map, checked as a whole: a map, keys that are names, each key once, every
    // key known.
    class Map {
    public:
        Map(Reader &reader, const Value &v, const QStringList &known, bool emptyIsAllowed = false)
            : m_reader(reader), m_self(v)
        {
            reader.note(v);
            reader.checkTag(v);
            if (emptyIsAllowed && isEmptyNode(v.node))
                return;
            if (!v.node.IsMap())
                reader.fail(v, QStringLiteral("not a map"), describe(v.node), mapWith(known));
            for (auto it = v.node.begin(); it != v.node.end(); ++it) {
                const YAML::Node key = it->first;
                if (!key.IsScalar())
                    reader.fail(v.path, key.Mark(), QStringLiteral("not a key name"), describe(key),
                                QStringLiteral("a name such as ") + known.first());
                const QString name = qs(key.Scalar());
                const QString path = childPath(v.path, name);
                for (const Value &earlier : m_entries) {
                    if (earlier.path == path)
                        reader.fail(path, key.Mark(),
                                    QStringLiteral("given twice, first at line %1, column %2")
                                        .arg(earlier.keyMark.line + 1)
                                        .arg(earlier.keyMark.column + 1),
                                    {}, QStringLiteral("each key once"));
                }
                if (!known.contains(name))
                    reader.fail(path, key.Mark(), QStringLiteral("unknown key") + suggestion(name, known), {},
                                oneOf(known));
                m_entries.push_back(Value{it->second, path, key.Mark()});
            }
        }

        std::optional<Value> get(const QString &key) const
        {
            const QString path = childPath(m_self.path, key);
            for (const Value &entry : m_entries)
                if (entry.path == path)
                    return entry;
            return std::nullopt;
        }

        Value require(const QString &key, const QString &expected) const
        {
            if (std::optional<Value> v = get(key))
                return *v;
            m_reader.fail(childPath(m_self.path, key), m_self.mark(), QStringLiteral("missing required key"), {},
                          expected);
        }

    private:
        Reader &m_reader;
        Value m_self;
        std::vector<Value> m_entries;
    };

    void readExperiment(const YAML::Node &root);
    void readRecipe(const YAML::Node &root, PretrainRecipe &recipe);

private:
    void readModel(const Value &v, ModelConfig &model);
    void readDataset(const Value &v);
    void readTrain(const Value &v);
    RunTemplate readRun(const Value &v);
    void readLora(const Value &v, RunTemplate &run);
    void readPromptTuning(const Value &v, RunTemplate &run);
    void readPrefixTuning(const Value &v, RunTemplate &run);
    void readIa3(const Value &v, RunTemplate &run);
    void readBitFit(const Value &v, RunTemplate &run);
    void readLastLayers(const Value &v, RunTemplate &run);
    std::vector<std::string> readModules(const Value &v);
    std::vector<std::vector<std::string>> readModuleSweep(const Value &v);
    std::map<std::string, int64_t> readRankPattern(const Value &v);
    void checkRunNames();

    QString m_file;
    ExperimentConfig &m_config;
    std::optional<Value> m_seed;             // train.seed, checked again once repeats is known
    std::vector<std::optional<Value>> m_runNames;  // runs[i].name, to point at a repeated one
};

void Reader::readExperiment(const YAML::Node &root)
{
    m_config.sourceFile = m_file;
    const Value top{root, QString(), YAML::Mark()};
    const Map map(*this, top, kTopKeys);

    m_config.name = text(map.require(QStringLiteral("name"), QStringLiteral("the experiment's name")),
                         QStringLiteral("the experiment's name"));

    const QString modelForms = QStringLiteral("builtin:NAME, file:PATH or hf:/path/to/folder");
    const Value model = map.require(QStringLiteral("base_model"), modelForms);
    m_config.baseModel = text(model, modelForms);
    static const QRegularExpression modelForm(QStringLiteral("^(builtin|file|hf):.+$"));
    if (!modelForm.match(m_config.baseModel).hasMatch())
        fail(model, QStringLiteral("not a base model reference"), describe(model.node), modelForms);

    readDataset(map.require(QStringLiteral("dataset"), mapWith(kDatasetKeys)));

    if (std::optional<Value> train = map.get(QStringLiteral("train")))
        readTrain(*train);

    std::optional<Value> repeats = map.get(QStringLiteral("repeats"));
    if (repeats)
        m_config.repeats = int(integer(*repeats, 1, kMaxRepeats));

    // Seeds seed .. seed+repeats-1 must all fit the run store's 64-bit integers.
    const int64_t maxSeed = std::numeric_limits<int64_t>::max() - (m_config.repeats - 1);
    if (m_config.train.seed > uint64_t(maxSeed)) {
        fail(*m_seed, QStringLiteral("out of range"), describe(m_seed->node),
             QStringLiteral("a whole number in 0..%1, so that seed + repeats - 1 fits").arg(maxSeed));
    }

    const QString runsExpected = QStringLiteral("a list of runs, each a map with method and its settings");
    const Value runs = map.require(QStringLiteral("runs"), runsExpected);
    note(runs);
    checkTag(runs);
    if (!runs.node.IsSequence())
        fail(runs, QStringLiteral("not a list"), describe(runs.node), runsExpected);
    if (runs.node.size() == 0)
        fail(runs, QStringLiteral("empty list"), {}, QStringLiteral("at least one run"));
    // The file size bounds the number of entries, so the sum of capped products cannot overflow.
    int64_t total = 0;
    bool huge = false;
    for (const Value &run : elements(runs)) {
        m_config.runs.push_back(readRun(run));
        const int64_t combinations = m_config.runs.back().combinations();
        huge = huge || combinations > kMaxExpandedRuns;
        total += std::min(combinations, kMaxExpandedRuns);
    }
    checkRunNames();
    total *= m_config.repeats;
    if (huge || total > kMaxExpandedRuns)
        fail(runs, QStringLiteral("the sweeps and repeats expand to %1 runs")
                       .arg(huge ? QStringLiteral("more than %1").arg(kMaxExpandedRuns) : QString::number(total)),
             {}, QStringLiteral("at most %1").arg(kMaxExpandedRuns));
}

void Reader::readRecipe(const YAML::Node &root, PretrainRecipe &recipe)
{
    m_config.sourceFile = m_file;
    const Value top{root, QString(), YAML::Mark()};
    const Map map(*this, top, kRecipeKeys);
    recipe.sourceFile = m_file;
    const Value name = map.require(QStringLiteral("name"), QStringLiteral("the model's name"));
    recipe.name = text(name, QStringLiteral("the model's name"));
    // It names the checkpoint folder <data dir>/pretrain/<name>/.
    if (const QString problem = pathComponentProblem(recipe.name); !problem.isEmpty())
        fail(name, QStringLiteral("not usable as a folder name: %1").arg(problem), recipe.name.left(80),
             QStringLiteral("a name without '/', '\\', control characters or '..', at most %1 bytes").arg(kMaxPathComponentBytes));
    if (std::optional<Value> tokenizer = map.get(QStringLiteral("tokenizer")))
        choice(*tokenizer, {QStringLiteral("byte")}, QStringLiteral("tokenizer"));
    readModel(map.require(QStringLiteral("model"), mapWith(kModelKeys)), recipe.model);
    readDataset(map.require(QStringLiteral("dataset"), mapWith(kDatasetKeys)));
    if (m_config.dataset.task != TaskKind::CausalLm)
        fail(*map.get(QStringLiteral("dataset")), QStringLiteral("pretraining needs task causal_lm"),
             taskKindName(m_config.dataset.task), QStringLiteral("task: causal_lm"));
    if (m_config.dataset.maxLength > recipe.model.contextLength)
        fail(*map.get(QStringLiteral("dataset")), QStringLiteral("max_length exceeds model.context_length"),
             QString::number(m_config.dataset.maxLength),
             QStringLiteral("at most %1").arg(recipe.model.contextLength));
    recipe.dataset = m_config.dataset;
    if (std::optional<Value> train = map.get(QStringLiteral("train")))
        readTrain(*train);
    recipe.train = m_config.train;
    const QString outputForm = QStringLiteral("the model file to write (.pwbc), relative to the recipe's folder");
    const Value output = map.require(QStringLiteral("output"), outputForm);
    recipe.output = text(output, outputForm);
    // A recipe from elsewhere must not write outside its own folder; --output PATH chooses freely.
    if (const QString problem = relativePathProblem(recipe.output); !problem.isEmpty())
        fail(output, QStringLiteral("not a path inside the recipe's folder: %1").arg(problem), recipe.output.left(80),
             outputForm + QStringLiteral(" (peftbench pretrain --output PATH writes anywhere)"));
    recipe.positions = m_config.positions;
}

void Reader::readModel(const Value &v, ModelConfig &m)
{
    const Map map(*this, v, kModelKeys);
    const QStringList families{modelFamilyName(ModelFamily::Gpt2), modelFamilyName(ModelFamily::Llama)};
    m.family = choice(map.require(QStringLiteral("family"), oneOf(families)), families, QStringLiteral("family")) == 0
                   ? ModelFamily::Gpt2
                   : ModelFamily::Llama;
    m.qkvBias = m.family == ModelFamily::Gpt2;
    m.vocabSize = 259;  // the byte tokenizer's
    const auto integerKey = [&](const char *key, int64_t &field, int64_t lo, int64_t hi, bool required) {
        const QString expected = QStringLiteral("a whole number in %1..%2").arg(lo).arg(hi);
        if (required)
            field = integer(map.require(QLatin1String(key), expected), lo, hi);
        else if (std::optional<Value> value = map.get(QLatin1String(key)))
            field = integer(*value, lo, hi);
    };
    integerKey("layers", m.nLayers, 1, 256, true);
    integerKey("d_model", m.dModel, 8, 65536, true);
    integerKey("heads", m.nHeads, 1, 1024, true);
    m.nKvHeads = m.nHeads;
    integerKey("kv_heads", m.nKvHeads, 1, m.nHeads, false);
    m.headDim = m.dModel / m.nHeads;
    integerKey("head_dim", m.headDim, 1, 65536, false);
    m.ffnDim = 4 * m.dModel;
    integerKey("ffn_dim", m.ffnDim, 1, 1 << 20, false);
    integerKey("context_length", m.contextLength, 2, 1 << 20, true);
    if (std::optional<Value> eps = map.get(QStringLiteral("norm_eps")))
        m.normEps = number(*eps, NumberRange{0.0, false, 1.0, true});
    if (std::optional<Value> theta = map.get(QStringLiteral("rope_theta")))
        m.ropeTheta = number(*theta, NumberRange{0.0, false});
    if (std::optional<Value> bias = map.get(QStringLiteral("qkv_bias")))
        m.qkvBias = boolean(*bias);
    if (std::optional<Value> tied = map.get(QStringLiteral("tied_head")))
        m.tiedHead = boolean(*tied);
    try {
        m.validate();
    } catch (const std::invalid_argument &e) {
        fail(v, QStringLiteral("inconsistent model shape: ") + QString::fromStdString(e.what()));
    }
}

void Reader::readDataset(const Value &v)
{
    const Map map(*this, v, kDatasetKeys);
    DatasetSpec &d = m_config.dataset;

    const QString sourceForms = QStringLiteral("builtin:NAME or a path to a text, CSV, TSV or JSONL file");
    const Value source = map.require(QStringLiteral("source"), sourceForms);
    d.source = text(source, sourceForms);
    if (d.source == QLatin1String("builtin:"))
        fail(source, QStringLiteral("no built-in dataset named"), describe(source.node), sourceForms);

    QStringList tasks;
    for (TaskKind kind : {TaskKind::CausalLm, TaskKind::Completion, TaskKind::Classification})
        tasks << taskKindName(kind);
    const Value task = map.require(QStringLiteral("task"), oneOf(tasks));
    d.task = *parseTaskKind(tasks[choice(task, tasks, QStringLiteral("task"))]);

    d.maxLength = int(integer(map.require(QStringLiteral("max_length"), QStringLiteral("a whole number in 2..1000000")),
                              2, 1'000'000));

    const QString columnName = QStringLiteral("a column name");
    if (std::optional<Value> column = map.get(QStringLiteral("text_column")))
        d.textColumn = text(*column, columnName);
    const auto onlyForClassification = [&](const Value &value) {
        if (d.task != TaskKind::Classification)
            fail(value.path, value.keyMark, QStringLiteral("not used by task %1").arg(taskKindName(d.task)), {},
                 QStringLiteral("task: classification, or no %1").arg(value.path.section(QLatin1Char('.'), -1)));
    };
    if (std::optional<Value> column = map.get(QStringLiteral("label_column"))) {
        onlyForClassification(*column);
        d.labelColumn = text(*column, columnName);
    }
    if (std::optional<Value> labels = map.get(QStringLiteral("labels"))) {
        onlyForClassification(*labels);
        const QString expected = QStringLiteral("a list of at least two different label words");
        note(*labels);
        checkTag(*labels);
        if (!labels->node.IsSequence())
            fail(*labels, QStringLiteral("not a list"), describe(labels->node), expected);
        if (labels->node.size() < 2)
            fail(*labels, QStringLiteral("fewer than two labels"), {}, expected);
        for (const Value &item : elements(*labels)) {
            const std::string label = text(item, QStringLiteral("a label word")).toStdString();
            if (std::find(d.labels.begin(), d.labels.end(), label) != d.labels.end())
                fail(item, QStringLiteral("listed twice"), describe(item.node), QStringLiteral("each label once"));
            d.labels.push_back(label);
        }
    }

    const NumberRange fraction{0.0, true, 0.5, true};
    if (std::optional<Value> f = map.get(QStringLiteral("validation_fraction")))
        d.split.validation = number(*f, fraction);
    if (std::optional<Value> f = map.get(QStringLiteral("test_fraction")))
        d.split.test = number(*f, fraction);
}

void Reader::readTrain(const Value &v)
{
    const Map map(*this, v, kTrainKeys, /*emptyIsAllowed=*/true);
    TrainingParams &t = m_config.train;
    const auto integerKey = [&](const char *key, int64_t &field, int64_t lo, int64_t hi) {
        if (std::optional<Value> value = map.get(QLatin1String(key)))
            field = integer(*value, lo, hi);
    };
    const auto numberKey = [&](const char *key, double &field, const NumberRange &range) {
        if (std::optional<Value> value = map.get(QLatin1String(key)))
            field = number(*value, range);
    };
    integerKey("steps", t.steps, 1, kMaxSteps);
    integerKey("batch_size", t.batchSize, 1, 65536);
    integerKey("grad_accumulation", t.gradAccumulation, 1, 65536);
    if (std::optional<Value> lr = map.get(QStringLiteral("lr"))) {
        t.lr = number(*lr, kLrRange);
        m_config.hasSharedLr = true;
    }
    numberKey("weight_decay", t.weightDecay, NumberRange{0.0, true, 10.0, true});
    numberKey("beta1", t.beta1, NumberRange{0.0, true, 1.0, false});
    numberKey("beta2", t.beta2, NumberRange{0.0, true, 1.0, false});
    numberKey("adam_eps", t.adamEps, NumberRange{0.0, false, 1.0, true});
    if (std::optional<Value> schedule = map.get(QStringLiteral("schedule"))) {
        const QStringList names{lrScheduleName(LrScheduleKind::Constant), lrScheduleName(LrScheduleKind::Linear),
                                lrScheduleName(LrScheduleKind::Cosine)};
        t.schedule = *parseLrSchedule(names[choice(*schedule, names, QStringLiteral("schedule"))]);
    }
    if (std::optional<Value> warmup = map.get(QStringLiteral("warmup_steps")))
        t.warmupSteps = integer(*warmup, 0, t.steps, QStringLiteral("at most train.steps"));
    numberKey("grad_clip", t.gradClip, NumberRange{0.0, true});
    integerKey("eval_every", t.evalEvery, 1, kMaxSteps);
    integerKey("eval_max_examples", t.evalMaxExamples, 0, 100'000'000);
    integerKey("early_stopping_patience", t.earlyStoppingPatience, 0, 1'000'000);
    m_seed = map.get(QStringLiteral("seed"));
    if (m_seed)
        t.seed = uint64_t(integer(*m_seed, 0, std::numeric_limits<int64_t>::max()));
    if (std::optional<Value> device = map.get(QStringLiteral("device"))) {
        const QString expected = QStringLiteral("auto, cpu, cuda or cuda:N");
        const QString name = text(*device, expected);
        static const QRegularExpression form(QStringLiteral("^(auto|cpu|cuda|cuda:(0|[1-9][0-9]{0,3}))$"));
        if (!form.match(name).hasMatch())
            fail(*device, QStringLiteral("unknown device") + suggestion(name, {"auto", "cpu", "cuda"}),
                 describe(device->node), expected);
        t.device = name;
    }
    if (std::optional<Value> dtype = map.get(QStringLiteral("dtype"))) {
        const QStringList names{"fp32", "bf16", "fp16"};
        t.dtype = names[choice(*dtype, names, QStringLiteral("dtype"))];
    }
    if (std::optional<Value> threads = map.get(QStringLiteral("threads")))
        t.threads = int(integer(*threads, 0, 1024));
    if (std::optional<Value> checkpointing = map.get(QStringLiteral("gradient_checkpointing")))
        t.gradientCheckpointing = boolean(*checkpointing);
}

RunTemplate Reader::readRun(const Value &v)
{
    const Map map(*this, v, kRunKeys);
    RunTemplate run;
    m_runNames.push_back(map.get(QStringLiteral("name")));
    if (m_runNames.back())
        run.name = text(*m_runNames.back(), QStringLiteral("a name for the run"));

    QStringList methods;
    for (MethodKind kind : allMethodKinds())
        methods << methodKindName(kind);
    const Value method = map.require(QStringLiteral("method"), oneOf(methods));
    if (method.node.IsSequence())
        fail(method, QStringLiteral("one method per run"), describe(method.node),
             oneOf(methods) + QStringLiteral("; write one run per method"));
    run.method = *parseMethodKind(methods[choice(method, methods, QStringLiteral("method"))]);

    if (std::optional<Value> lr = map.get(QStringLiteral("lr")))
        run.lr = sweep<double>(*lr, kLrRange.describe(), [&](const Value &item) { return number(item, kLrRange); });

    // A block for another method would be silently ignored: almost certainly a mistake.
    const auto blockFor = [&](const char *key, std::initializer_list<MethodKind> owners) -> std::optional<Value> {
        std::optional<Value> block = map.get(QLatin1String(key));
        if (block && std::find(owners.begin(), owners.end(), run.method) == owners.end()) {
            QStringList names;
            for (MethodKind owner : owners)
                names << methodKindName(owner);
            fail(block->path, block->keyMark,
                 QStringLiteral("not used by method %1").arg(methodKindName(run.method)), {},
                 QStringLiteral("method: %1, or no %2 block").arg(names.join(QStringLiteral(" or ")), QLatin1String(key)));
        }
        return block;
    };
    if (std::optional<Value> lora = blockFor("lora", {MethodKind::Lora, MethodKind::Dora}))
        readLora(*lora, run);
    if (std::optional<Value> prompt = blockFor("prompt_tuning", {MethodKind::PromptTuning}))
        readPromptTuning(*prompt, run);
    if (std::optional<Value> prefix = blockFor("prefix_tuning", {MethodKind::PrefixTuning}))
        readPrefixTuning(*prefix, run);
    if (std::optional<Value> ia3 = blockFor("ia3", {MethodKind::Ia3}))
        readIa3(*ia3, run);
    if (std::optional<Value> bitfit = blockFor("bitfit", {MethodKind::BitFit}))
        readBitFit(*bitfit, run);
    if (std::optional<Value> last = blockFor("last_layers", {MethodKind::LastLayers}))
        readLastLayers(*last, run);
    return run;
}

void Reader::readLora(const Value &v, RunTemplate &run)
{
    const Map map(*this, v, kLoraKeys, /*emptyIsAllowed=*/true);
    RunTemplate::LoraSweep &lora = run.lora;
    if (std::optional<Value> r = map.get(QStringLiteral("r")))
        lora.r = sweep<int64_t>(*r, QStringLiteral("a whole number in 1..4096"),
                                [&](const Value &item) { return integer(item, 1, 4096); });
    const NumberRange alphaRange{0.0, false};
    if (std::optional<Value> alpha = map.get(QStringLiteral("alpha")))
        lora.alpha = sweep<double>(*alpha, alphaRange.describe(), [&](const Value &item) { return number(item, alphaRange); });
    const NumberRange dropoutRange{0.0, true, 1.0, false};
    if (std::optional<Value> dropout = map.get(QStringLiteral("dropout")))
        lora.dropout = sweep<double>(*dropout, dropoutRange.describe(),
                                     [&](const Value &item) { return number(item, dropoutRange); });
    if (std::optional<Value> targets = map.get(QStringLiteral("target_modules")))
        lora.targetModules = readModuleSweep(*targets);
    if (std::optional<Value> rslora = map.get(QStringLiteral("rslora")))
        lora.rslora = sweep<bool>(*rslora, QStringLiteral("true or false"), [&](const Value &item) { return boolean(item); });
    const QStringList inits{loraInitName(LoraInit::Kaiming), loraInitName(LoraInit::Gaussian), loraInitName(LoraInit::Pissa)};
    if (std::optional<Value> init = map.get(QStringLiteral("init")))
        lora.init = sweep<LoraInit>(*init, oneOf(inits), [&](const Value &item) {
            return *parseLoraInit(inits[choice(item, inits, QStringLiteral("init"))]);
        });
    if (std::optional<Value> pattern = map.get(QStringLiteral("rank_pattern"))) {
        lora.rankPattern = sweep<std::map<std::string, int64_t>>(
            *pattern, QStringLiteral("a map from module to rank"), [&](const Value &item) { return readRankPattern(item); });
        // A rank for a module LoRA does not adapt would silently do nothing.
        const std::vector<std::vector<std::string>> targetSweep =
            lora.targetModules.empty() ? std::vector<std::vector<std::string>>{LoraSettings{}.targets} : lora.targetModules;
        const std::vector<Value> patterns = pattern->node.IsSequence() ? elements(*pattern) : std::vector<Value>{*pattern};
        for (const Value &one : patterns)
            for (auto it = one.node.begin(); it != one.node.end(); ++it)
                for (const std::vector<std::string> &targets : targetSweep)
                    if (std::find(targets.begin(), targets.end(), it->first.Scalar()) == targets.end()) {
                        QStringList names;
                        for (const std::string &t : targets)
                            names << qs(t);
                        fail(childPath(one.path, qs(it->first.Scalar())), it->first.Mark(),
                             QStringLiteral("not in lora.target_modules"), qs(it->first.Scalar()),
                             QStringLiteral("a module LoRA adapts: one of ") + names.join(QStringLiteral(", ")));
                    }
    }
}

std::map<std::string, int64_t> Reader::readRankPattern(const Value &v)
{
    const Map map(*this, v, kModules);
    std::map<std::string, int64_t> pattern;
    for (const QString &module : kModules)
        if (std::optional<Value> rank = map.get(module))
            pattern[module.toStdString()] = integer(*rank, 1, 4096);
    if (pattern.empty())
        fail(v, QStringLiteral("empty map"), {}, QStringLiteral("a rank for at least one module, such as {q: 16}"));
    return pattern;
}

std::vector<std::vector<std::string>> Reader::readModuleSweep(const Value &targets)
{
    // The value is itself a list, so only a list of lists is a sweep.
    const bool isSweep = targets.node.IsSequence() && targets.node.size() > 0 && targets.node[0].IsSequence();
    if (isSweep)
        return sweep<std::vector<std::string>>(targets, QStringLiteral("a list of modules"),
                                               [&](const Value &item) { return readModules(item); });
    return {readModules(targets)};
}

void Reader::readPrefixTuning(const Value &v, RunTemplate &run)
{
    const Map map(*this, v, kPrefixTuningKeys, /*emptyIsAllowed=*/true);
    RunTemplate::PrefixTuningSweep &p = run.prefixTuning;
    if (std::optional<Value> n = map.get(QStringLiteral("num_virtual_tokens")))
        p.numVirtualTokens = sweep<int64_t>(*n, QStringLiteral("a whole number in 1..4096"),
                                            [&](const Value &item) { return integer(item, 1, 4096); });
    std::optional<Value> projection = map.get(QStringLiteral("projection"));
    if (projection)
        p.projection = sweep<bool>(*projection, QStringLiteral("true or false"), [&](const Value &item) { return boolean(item); });
    std::optional<Value> hidden = map.get(QStringLiteral("projection_hidden"));
    if (hidden) {
        p.projectionHidden = sweep<int64_t>(*hidden, QStringLiteral("a whole number in 1..65536"),
                                            [&](const Value &item) { return integer(item, 1, 65536); });
        // The MLP's width without the MLP is a forgotten setting.
        if (std::find(p.projection.begin(), p.projection.end(), true) == p.projection.end())
            fail(hidden->path, hidden->keyMark, QStringLiteral("only used with projection: true"),
                 projection ? QStringLiteral("projection: false") : QStringLiteral("no projection key (default false)"),
                 QStringLiteral("projection: true, or no projection_hidden"));
    }
}

void Reader::readIa3(const Value &v, RunTemplate &run)
{
    const Map map(*this, v, kIa3Keys, /*emptyIsAllowed=*/true);
    if (std::optional<Value> targets = map.get(QStringLiteral("target_modules")))
        run.ia3.targetModules = readModuleSweep(*targets);
}

void Reader::readBitFit(const Value &v, RunTemplate &run)
{
    const Map map(*this, v, kBitFitKeys, /*emptyIsAllowed=*/true);
    if (std::optional<Value> norms = map.get(QStringLiteral("norm_weights")))
        run.bitFit.normWeights = sweep<bool>(*norms, QStringLiteral("true or false"), [&](const Value &item) { return boolean(item); });
}

void Reader::readLastLayers(const Value &v, RunTemplate &run)
{
    const Map map(*this, v, kLastLayersKeys, /*emptyIsAllowed=*/true);
    RunTemplate::LastLayersSweep &l = run.lastLayers;
    // The upper bound is the base model's number of blocks, checked where the model is known.
    if (std::optional<Value> layers = map.get(QStringLiteral("layers")))
        l.layers = sweep<int64_t>(*layers, QStringLiteral("a whole number in 1..4096"),
                                  [&](const Value &item) { return integer(item, 1, 4096); });
    if (std::optional<Value> head = map.get(QStringLiteral("head")))
        l.head = sweep<bool>(*head, QStringLiteral("true or false"), [&](const Value &item) { return boolean(item); });
}

std::vector<std::string> Reader::readModules(const Value &v)
{
    const QString expected = QStringLiteral("a list of modules from ") + kModules.join(QStringLiteral(", "));
    note(v);
    checkTag(v);
    if (!v.node.IsSequence())
        fail(v, QStringLiteral("not a list"), describe(v.node), expected);
    if (v.node.size() == 0)
        fail(v, QStringLiteral("empty list"), {}, expected);
    std::vector<std::string> modules;
    for (const Value &item : elements(v)) {
        const std::string module = kModules[choice(item, kModules, QStringLiteral("module"))].toStdString();
        if (std::find(modules.begin(), modules.end(), module) != modules.end())
            fail(item, QStringLiteral("listed twice"), describe(item.node), QStringLiteral("each module once"));
        modules.push_back(module);
    }
    return modules;
}

void Reader::readPromptTuning(const Value &v, RunTemplate &run)
{
    const Map map(*this, v, kPromptTuningKeys, /*emptyIsAllowed=*/true);
    RunTemplate::PromptTuningSweep &p = run.promptTuning;
    if (std::optional<Value> n = map.get(QStringLiteral("num_virtual_tokens")))
        p.numVirtualTokens = sweep<int64_t>(*n, QStringLiteral("a whole number in 1..4096"),
                                            [&](const Value &item) { return integer(item, 1, 4096); });
    const QStringList inits{promptInitName(PromptInit::Random), promptInitName(PromptInit::SampleVocab),
                            promptInitName(PromptInit::Text)};
    std::optional<Value> init = map.get(QStringLiteral("init"));
    if (init)
        p.init = sweep<PromptInit>(*init, oneOf(inits), [&](const Value &item) {
            return *parsePromptInit(inits[choice(item, inits, QStringLiteral("init"))]);
        });
    std::optional<Value> initText = map.get(QStringLiteral("init_text"));
    if (initText)
        p.initText = sweep<QString>(*initText, QStringLiteral("a non-empty text"),
                                    [&](const Value &item) { return text(item, QStringLiteral("a non-empty text")); });

    // init: text and init_text come together: one without the other is a forgotten setting.
    const bool usesText = std::find(p.init.begin(), p.init.end(), PromptInit::Text) != p.init.end();
    if (usesText && !initText) {
        const size_t at = size_t(std::find(p.init.begin(), p.init.end(), PromptInit::Text) - p.init.begin());
        const Value where = p.init.size() > 1 ? elements(*init)[at] : *init;
        fail(childPath(v.path, QStringLiteral("init_text")), where.mark(),
             QStringLiteral("missing, init: text needs it"), {},
             QStringLiteral("a non-empty text to initialise the virtual tokens from"));
    }
    if (initText && !usesText)
        fail(initText->path, initText->keyMark, QStringLiteral("only used with init: text"),
             QStringLiteral("init: %1").arg(promptInitName(p.init.empty() ? PromptTuningSettings{}.init : p.init.front())),
             QStringLiteral("init: text, or no init_text"));
}

// Given names must tell runs apart; generated ones are made unique by expandRuns().
void Reader::checkRunNames()
{
    for (size_t i = 0; i < m_config.runs.size(); ++i) {
        if (m_config.runs[i].name.isEmpty())
            continue;
        for (size_t j = 0; j < i; ++j) {
            if (m_config.runs[j].name == m_config.runs[i].name) {
                const Value &name = *m_runNames[i];
                fail(name, QStringLiteral("the same name as runs[%1]").arg(j), describe(name.node),
                     QStringLiteral("a name no other run has"));
            }
        }
    }
}

// yaml-cpp's messages are terse ("end of sequence flow not found" at the start of the line); say
// which bracket is open or that a tab indents the line when that is the cause.
[[noreturn]] void throwSyntaxError(const YAML::ParserException &e, const QByteArray &yaml, const FlowNesting &nesting,
                                   const QString &file)
{
    const QString message = qs(e.msg);
    const char open = e.msg == "end of sequence flow not found" ? '[' : e.msg == "end of map flow not found" ? '{' : 0;
    for (auto it = nesting.unclosed.rbegin(); open && it != nesting.unclosed.rend(); ++it) {
        if (it->open == open)
            throw ConfigError(file, {}, it->line, it->column,
                              QStringLiteral("syntax error: '%1' is never closed").arg(QLatin1Char(open)), {},
                              QStringLiteral("a matching '%1'").arg(QLatin1Char(open == '[' ? ']' : '}')));
    }
    const int line = std::max(0, e.mark.line), column = std::max(0, e.mark.column);
    const QList<QByteArray> lines = yaml.split('\n');
    if (line < lines.size()) {
        const QByteArray &text = lines[line];
        qsizetype indent = 0;
        while (indent < text.size() && (text[indent] == ' ' || text[indent] == '\t'))
            ++indent;
        if (text.left(indent).contains('\t'))
            throw ConfigError(file, {}, line + 1, 1, QStringLiteral("syntax error: tab indentation"),
                              QStringLiteral("a tab"), QStringLiteral("spaces"));
    }
    QString got;
    if (e.mark.pos >= 0 && e.mark.pos < yaml.size()) {
        const char c = yaml[e.mark.pos];
        if (c == '\n')
            got = QStringLiteral("the end of the line");
        else if (uchar(c) >= 0x20 && uchar(c) < 0x7f)
            got = QStringLiteral("'%1'").arg(QLatin1Char(c));
    } else if (e.mark.pos >= yaml.size()) {
        got = QStringLiteral("the end of the file");
    }
    throw ConfigError(file, {}, line + 1, column + 1, QStringLiteral("syntax error: ") + message, got);
}

[[noreturn]] void throwTooDeep(const QString &file, int line, int column)
{
    throw ConfigError(file, {}, line, column, QStringLiteral("nested deeper than %1 levels").arg(kMaxConfigNesting),
                      {}, QStringLiteral("at most %1 levels of lists and maps").arg(kMaxConfigNesting));
}

// The first line with content, for "got" when the whole file is not a map.
QString firstContentLine(const QByteArray &yaml)
{
    for (const QByteArray &raw : yaml.split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (!line.isEmpty() && !line.startsWith(QLatin1Char('#')) && line != QLatin1String("---"))
            return line.size() > 40 ? line.left(37) + QStringLiteral("...") : line;
    }
    return {};
}

// Where a second document starts, if there is one. Not YAML::LoadAll: yaml-cpp 0.7's LoadAll loops
// forever, allocating, on a stray ',' at the top level (each HandleNextDocument() call returns an
// empty document without consuming it), so this asks the parser for at most two documents.
std::optional<YAML::Mark> secondDocument(const std::string &text)
{
    class FirstNode : public YAML::EventHandler {
    public:
        std::optional<YAML::Mark> mark;
        void OnDocumentStart(const YAML::Mark &) override {}
        void OnDocumentEnd() override {}
        void OnNull(const YAML::Mark &m, YAML::anchor_t) override { first(m); }
        void OnAlias(const YAML::Mark &m, YAML::anchor_t) override { first(m); }
        void OnScalar(const YAML::Mark &m, const std::string &, YAML::anchor_t, const std::string &) override { first(m); }
        void OnSequenceStart(const YAML::Mark &m, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override
        {
            first(m);
        }
        void OnSequenceEnd() override {}
        void OnMapStart(const YAML::Mark &m, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override
        {
            first(m);
        }
        void OnMapEnd() override {}

    private:
        void first(const YAML::Mark &m)
        {
            if (!mark)
                mark = m;
        }
    };
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    FirstNode ignored, next;
    if (!parser.HandleNextDocument(ignored) || !parser.HandleNextDocument(next))
        return std::nullopt;
    return next.mark ? next.mark : YAML::Mark();
}

}  // namespace

namespace {

// The checks every config file gets before its keys are read: size, nesting, syntax, one document
// that is not empty. Returns the document's root.
YAML::Node parseDocument(const QByteArray &yaml, const QString &file, const QString &what, const QStringList &topKeys)
{
    if (yaml.size() > kMaxConfigBytes)
        throw ConfigError(file, {}, 0, 0, QStringLiteral("too large for a config file"),
                          QStringLiteral("%1 bytes").arg(yaml.size()),
                          QStringLiteral("at most %1 bytes").arg(kMaxConfigBytes));
    const FlowNesting nesting = scanFlowNesting(yaml, kMaxConfigNesting);
    if (nesting.tooDeep)
        throwTooDeep(file, nesting.deepest.line, nesting.deepest.column);

    YAML::Node root;
    std::optional<YAML::Mark> second;
    try {
        const std::string text(yaml.constData(), size_t(yaml.size()));
        root = YAML::Load(text);
        second = secondDocument(text);
    } catch (const YAML::DeepRecursion &e) {
        // Block nesting (indentation) the scan above does not count: yaml-cpp's own guard caught it.
        throwTooDeep(file, e.mark.line + 1, e.mark.column + 1);
    } catch (const YAML::ParserException &e) {
        throwSyntaxError(e, yaml, nesting, file);
    } catch (const YAML::Exception &e) {
        throw ConfigError(file, {}, e.mark.line + 1, e.mark.column + 1, QStringLiteral("unreadable YAML: ") + qs(e.msg));
    }

    const QString expected = mapWith(topKeys);
    if (isEmptyNode(root)) {
        const QString first = firstContentLine(yaml);
        if (first.isEmpty())
            throw ConfigError(file, {}, 1, 1, QStringLiteral("empty file"), {}, expected);
        throw ConfigError(file, {}, 1, 1, QStringLiteral("no %1 settings").arg(what), first, expected);
    }
    if (second)
        throw ConfigError(file, {}, second->line + 1, second->column + 1, QStringLiteral("a second YAML document"), {},
                          QStringLiteral("one %1 per file").arg(what));
    return root;
}

// Runs `read` and turns yaml-cpp's own exceptions into ConfigError.
template <typename Read>
void readDocument(const QString &file, Read read)
{
    try {
        read();
    } catch (const YAML::Exception &e) {
        throw ConfigError(file, {}, e.mark.line + 1, e.mark.column + 1, QStringLiteral("unreadable YAML: ") + qs(e.msg));
    }
}

QByteArray readConfigFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw ConfigError(path, {}, 0, 0, QStringLiteral("cannot read the file: ") + f.errorString());
    if (f.size() > kMaxConfigBytes)
        throw ConfigError(path, {}, 0, 0, QStringLiteral("too large for a config file"),
                          QStringLiteral("%1 bytes").arg(f.size()), QStringLiteral("at most %1 bytes").arg(kMaxConfigBytes));
    return f.readAll();
}

const QString kExperimentWhat = QStringLiteral("experiment");
const QString kRecipeWhat = QStringLiteral("pretraining recipe");

}  // namespace

ExperimentConfig parseExperimentConfig(const QByteArray &yaml, const QString &fileNameForMessages)
{
    const YAML::Node root = parseDocument(yaml, fileNameForMessages, kExperimentWhat, kTopKeys);
    ExperimentConfig config;
    Reader reader(fileNameForMessages, config);
    readDocument(fileNameForMessages, [&] { reader.readExperiment(root); });
    return config;
}

ExperimentConfig loadExperimentConfig(const QString &path)
{
    return parseExperimentConfig(readConfigFile(path), path);
}

PretrainRecipe parsePretrainRecipe(const QByteArray &yaml, const QString &fileNameForMessages)
{
    const YAML::Node root = parseDocument(yaml, fileNameForMessages, kRecipeWhat, kRecipeKeys);
    ExperimentConfig scratch;
    PretrainRecipe recipe;
    Reader reader(fileNameForMessages, scratch);
    readDocument(fileNameForMessages, [&] { reader.readRecipe(root, recipe); });
    return recipe;
}

PretrainRecipe loadPretrainRecipe(const QString &path)
{
    return parsePretrainRecipe(readConfigFile(path), path);
}

}  // namespace peftbench
