// Core: importing a Hugging Face model folder. Tiny GPT-2, Llama (grouped-query attention,
// head_dim ≠ hidden/heads, untied head, BF16) and Qwen2 (q/k/v biases, tied head, F16) checkpoints
// are written here with our safetensors writer; their weights come from a splitmix64 stream that
// tests/data/hf/make_reference.py reproduces in Python, where an independent float64 PyTorch
// implementation of Transformers' forward passes computed the logits committed beside it. The
// imported models must give those logits. Also: sharded = unsharded, tied and untied heads, GPT-2's
// Conv1D transposition, the name mapping's inverse, and one message per malformed folder.
#include "HfFixtures.h"

#include "data/DatasetError.h"
#include "experiment/BaseModels.h"
#include "experiment/ConfigError.h"
#include "experiment/ConfigReader.h"
#include "experiment/ExperimentData.h"
#include "experiment/ExperimentSubmission.h"
#include "experiment/ModelChecks.h"
#include "experiment/RunExpansion.h"
#include "model/HfModelImport.h"
#include "model/HfTensorNames.h"
#include "model/SafetensorsWriter.h"
#include "model/Transformer.h"
#include "tokenizer/BpeByteAlphabet.h"
#include "tokenizer/BpeTokenizer.h"
#include "train/Trainer.h"

#include <torch/torch.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include <atomic>
#include <functional>
#include <set>
#include <string>
#include <vector>

using namespace peftbench;

namespace {

using Tensors = std::vector<std::pair<std::string, torch::Tensor>>;

// ---------------------------------------------------------------------------------------------
// The fixtures: config.json and reference.json from tests/data/hf/<name>/.

struct Fixture {
    QJsonObject config;
    QJsonArray tensorSpecs;
    std::vector<int64_t> tokenIds;
    torch::Tensor logits;  // [T, V], float64
};

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw std::runtime_error(("cannot read fixture " + path).toStdString());
    return QJsonDocument::fromJson(f.readAll()).object();
}

Fixture fixture(const QString &name)
{
    const QString dir = QStringLiteral(PEFTBENCH_SOURCE_DIR "/tests/data/hf/") + name;
    Fixture fx;
    fx.config = readJson(dir + QStringLiteral("/config.json"));
    const QJsonObject ref = readJson(dir + QStringLiteral("/reference.json"));
    fx.tensorSpecs = ref.value(QStringLiteral("tensors")).toArray();
    for (const QJsonValue &id : ref.value(QStringLiteral("token_ids")).toArray())
        fx.tokenIds.push_back(id.toInteger());
    std::vector<double> values;
    const QJsonArray rows = ref.value(QStringLiteral("logits")).toArray();
    for (const QJsonValue &row : rows)
        for (const QJsonValue &v : row.toArray())
            values.push_back(v.toDouble());
    fx.logits = torch::tensor(values, torch::kFloat64).reshape({int64_t(rows.size()), -1});
    return fx;
}

// splitmix64, as make_reference.py: value = offset + scale · u, u uniform in [-1, 1) from the top
// 24 bits, rounded to float32 and then to the tensor's dtype.
torch::Tensor generate(const QJsonObject &spec)
{
    std::vector<int64_t> shape;
    for (const QJsonValue &d : spec.value(QStringLiteral("shape")).toArray())
        shape.push_back(d.toInteger());
    int64_t n = 1;
    for (int64_t d : shape)
        n *= d;
    const QString init = spec.value(QStringLiteral("init")).toString();
    torch::Tensor t;
    if (init == QLatin1String("uniform")) {
        std::vector<double> values(static_cast<size_t>(n));
        uint64_t state = uint64_t(spec.value(QStringLiteral("seed")).toInteger());
        const double scale = spec.value(QStringLiteral("scale")).toDouble();
        const double offset = spec.value(QStringLiteral("offset")).toDouble();
        for (double &v : values) {
            state += 0x9E3779B97F4A7C15ull;
            uint64_t z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            z ^= z >> 31;
            v = offset + scale * (double(z >> 40) * 0x1p-23 - 1.0);
        }
        t = torch::tensor(values, torch::kFloat64).to(torch::kFloat32).reshape(shape);
    } else if (init == QLatin1String("causal_mask")) {
        t = torch::ones({shape[shape.size() - 2], shape.back()}).tril().reshape(shape);
    } else {  // inv_freq: a buffer the importer skips
        t = torch::arange(n, torch::kFloat32).reshape(shape);
    }
    const QString dtype = spec.value(QStringLiteral("dtype")).toString();
    return t.to(dtype == QLatin1String("BF16") ? torch::kBFloat16 : dtype == QLatin1String("F16") ? torch::kFloat16 : torch::kFloat32);
}

// The checkpoint's tensors; fails the test (returning empty) if one differs from the Python side.
Tensors fixtureTensors(const Fixture &fx)
{
    Tensors tensors;
    for (const QJsonValue &v : fx.tensorSpecs) {
        const QJsonObject spec = v.toObject();
        const std::string name = spec.value(QStringLiteral("name")).toString().toStdString();
        torch::Tensor t = generate(spec);
        const double sum = t.to(torch::kFloat64).sum().item<double>();
        const double expected = spec.value(QStringLiteral("sum")).toDouble();
        if (std::abs(sum - expected) > 1e-9 * std::max(1.0, std::abs(expected))) {
            qWarning("generated %s sums to %.17g, make_reference.py's to %.17g", name.c_str(), sum, expected);
            return {};
        }
        tensors.emplace_back(name, t);
    }
    return tensors;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
        throw std::runtime_error(("cannot write " + path).toStdString());
}

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

// config.json, model.safetensors and tokenizer.json in `dir`.
void writeFolder(const QString &dir, const QJsonObject &config, const Tensors &tensors)
{
    writeFile(dir + QStringLiteral("/config.json"), json(config));
    writeFile(dir + QStringLiteral("/tokenizer.json"), json(testing::tinyHfTokenizer()));
    writeSafetensors(dir + QStringLiteral("/model.safetensors"), tensors);
}

QString shardName(int index, int count)
{
    return QStringLiteral("model-%1-of-%2.safetensors").arg(index, 5, 10, QLatin1Char('0')).arg(count, 5, 10, QLatin1Char('0'));
}

// Replaces model.safetensors by `count` shards and their index; `editMap` may spoil the index.
void shard(const QString &dir, const Tensors &tensors, int count, const std::function<void(QJsonObject &)> &editMap = {})
{
    QFile::remove(dir + QStringLiteral("/model.safetensors"));
    QJsonObject weightMap;
    std::vector<Tensors> parts(static_cast<size_t>(count));
    for (size_t i = 0; i < tensors.size(); ++i) {
        const int k = int(i * size_t(count) / tensors.size());
        parts[size_t(k)].push_back(tensors[i]);
        weightMap.insert(QString::fromStdString(tensors[i].first), shardName(k + 1, count));
    }
    for (int k = 0; k < count; ++k)
        writeSafetensors(dir + QLatin1Char('/') + shardName(k + 1, count), parts[size_t(k)]);
    if (editMap)
        editMap(weightMap);
    writeFile(dir + QStringLiteral("/model.safetensors.index.json"),
              json(QJsonObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("total_size"), 1}}},
                               {QStringLiteral("weight_map"), weightMap}}));
}

torch::Tensor logitsOf(const HfImportedModel &imported, const std::vector<int64_t> &ids)
{
    Transformer model(imported.summary.config.model);
    model->loadWeights(imported.weights);
    model->eval();
    torch::NoGradGuard noGrad;
    return model->forward(torch::tensor(ids, torch::kLong).unsqueeze(0)).squeeze(0).to(torch::kFloat64);
}

Tensors withPrefix(const Tensors &tensors, const std::string &prefix)
{
    Tensors out;
    for (const auto &[name, t] : tensors)
        out.emplace_back(prefix + name, t);
    return out;
}

Tensors without(Tensors tensors, const std::string &name)
{
    tensors.erase(std::remove_if(tensors.begin(), tensors.end(), [&](const auto &p) { return p.first == name; }), tensors.end());
    return tensors;
}

torch::Tensor tensorNamed(const Tensors &tensors, const std::string &name)
{
    for (const auto &[n, t] : tensors)
        if (n == name)
            return t;
    throw std::out_of_range(name);
}

QString importError(const QString &dir)
{
    try {
        importHfModel(dir);
    } catch (const HfImportError &e) {
        return QString::fromUtf8(e.what());
    }
    return QStringLiteral("(imported without error)");
}

// ---------------------------------------------------------------------------------------------
// Malformed folders: each starts from a good fixture, is spoiled one way, and has its message.

struct Spoiled {
    QJsonObject config;
    Tensors tensors;
};

struct MalformedCase {
    const char *name;
    const char *fixture;
    std::function<void(Spoiled &)> edit;             // before the folder is written
    std::function<void(const QString &, const Tensors &)> afterWrite;  // changes on disk
    QStringList expected;                            // every one must be in the message
};

QJsonObject with(QJsonObject o, const char *key, const QJsonValue &value)
{
    if (value.isUndefined())
        o.remove(QLatin1String(key));
    else
        o.insert(QLatin1String(key), value);
    return o;
}

const std::vector<MalformedCase> &malformedCases()
{
    static const std::vector<MalformedCase> cases = {
        {"no config.json", "gpt2", nullptr,
         [](const QString &dir, const Tensors &) { QFile::remove(dir + QStringLiteral("/config.json")); },
         {QStringLiteral("/config.json: missing")}},
        {"config.json not JSON", "gpt2", nullptr,
         [](const QString &dir, const Tensors &) { writeFile(dir + QStringLiteral("/config.json"), "{\"model_type\": "); },
         {QStringLiteral("/config.json: not valid JSON")}},
        {"no model_type", "llama", [](Spoiled &s) { s.config = with(s.config, "model_type", QJsonValue::Undefined); }, nullptr,
         {QStringLiteral("config.json: 'model_type' is missing (expected one of gpt2, llama, qwen2")}},
        {"unknown model_type", "llama", [](Spoiled &s) { s.config = with(s.config, "model_type", QStringLiteral("mistral")); }, nullptr,
         {QStringLiteral("config.json: 'model_type' is \"mistral\": this build cannot import it")}},
        {"rope_scaling set", "llama",
         [](Spoiled &s) {
             s.config = with(s.config, "rope_scaling",
                             QJsonObject{{QStringLiteral("rope_type"), QStringLiteral("llama3")}, {QStringLiteral("factor"), 8}});
         },
         nullptr, {QStringLiteral("config.json: 'rope_scaling' is {\"factor\":8,\"rope_type\":\"llama3\"}: scaled RoPE")}},
        {"sliding window on", "qwen2", [](Spoiled &s) { s.config = with(s.config, "use_sliding_window", true); }, nullptr,
         {QStringLiteral("config.json: 'use_sliding_window' is true: sliding-window attention is not implemented (expected false)")}},
        {"attention_bias on Llama", "llama", [](Spoiled &s) { s.config = with(s.config, "attention_bias", true); }, nullptr,
         {QStringLiteral("config.json: 'attention_bias' is true: a bias on o_proj is not implemented")}},
        {"exact GELU", "gpt2", [](Spoiled &s) { s.config = with(s.config, "activation_function", QStringLiteral("gelu")); }, nullptr,
         {QStringLiteral("config.json: 'activation_function' is \"gelu\": only the tanh-approximated GELU")}},
        {"hidden_size missing", "llama", [](Spoiled &s) { s.config = with(s.config, "hidden_size", QJsonValue::Undefined); }, nullptr,
         {QStringLiteral("config.json: 'hidden_size' is missing (expected a whole number >= 1)")}},
        {"fractional layer count", "gpt2", [](Spoiled &s) { s.config = with(s.config, "n_layer", 2.5); }, nullptr,
         {QStringLiteral("config.json: 'n_layer' is 2.5, expected a whole number >= 1")}},
        {"heads do not divide width", "gpt2", [](Spoiled &s) { s.config = with(s.config, "n_head", 3); }, nullptr,
         {QStringLiteral("config.json: 'n_embd' is 16, expected a multiple of n_head (3)")}},
        {"kv heads do not divide heads", "llama", [](Spoiled &s) { s.config = with(s.config, "num_key_value_heads", 3); }, nullptr,
         {QStringLiteral("config.json: 'num_key_value_heads' is 3, expected a divisor of num_attention_heads (4)")}},
        {"shape mismatch", "llama", [](Spoiled &s) { s.config = with(s.config, "intermediate_size", 48); }, nullptr,
         {QStringLiteral("model.safetensors: tensor model.layers.0.mlp.gate_proj.weight is [40, 24], but config.json implies [48, 24]"),
          QStringLiteral("model.safetensors: tensor model.layers.1.mlp.down_proj.weight is [24, 40], but config.json implies [24, 48]")}},
        {"Conv1D stored output-major", "gpt2",
         [](Spoiled &s) {
             for (auto &[name, t] : s.tensors)
                 if (name == "h.1.mlp.c_fc.weight")
                     t = t.t().contiguous();
         },
         nullptr, {QStringLiteral("model.safetensors: tensor h.1.mlp.c_fc.weight is [64, 16], but config.json implies [16, 64]")}},
        {"missing tensor", "llama", [](Spoiled &s) { s.tensors = without(s.tensors, "model.layers.1.mlp.up_proj.weight"); }, nullptr,
         {QStringLiteral("model.safetensors: missing tensor model.layers.1.mlp.up_proj.weight (a llama model with this config.json has "
                         "it, shape [40, 24])")}},
        {"untied head missing", "llama", [](Spoiled &s) { s.tensors = without(s.tensors, "lm_head.weight"); }, nullptr,
         {QStringLiteral("missing tensor lm_head.weight"), QStringLiteral("tie_word_embeddings is false")}},
        {"unexpected tensor", "qwen2",
         [](Spoiled &s) { s.tensors.emplace_back("model.layers.2.mlp.up_proj.weight", torch::zeros({48, 32})); }, nullptr,
         {QStringLiteral("model.safetensors: unexpected tensor model.layers.2.mlp.up_proj.weight (a qwen2 model with this "
                         "config.json has no such tensor)")}},
        {"base-model names mixed with prefixed ones", "gpt2",
         [](Spoiled &s) { s.tensors.emplace_back("transformer.wte.weight", torch::zeros({264, 16})); }, nullptr,
         {QStringLiteral("missing tensor transformer.h.0.ln_1.weight"), QStringLiteral("unexpected tensor wpe.weight")}},
        {"tied head saved but different", "qwen2",
         [](Spoiled &s) { s.tensors.emplace_back("lm_head.weight", torch::zeros({264, 32})); }, nullptr,
         {QStringLiteral("model.safetensors: tensor lm_head.weight differs from the token embedding, but config.json's "
                         "tie_word_embeddings is true")}},
        {"tokenizer larger than vocab_size", "gpt2",
         [](Spoiled &s) {
             s.config = with(s.config, "vocab_size", 200);
         },
         nullptr,
         {QStringLiteral("config.json: 'vocab_size' is 200, but the folder's tokenizer has 258 tokens"),
          QStringLiteral("model.safetensors: tensor wte.weight is [264, 16], but config.json implies [200, 16]")}},
        {"no tokenizer", "gpt2", nullptr,
         [](const QString &dir, const Tensors &) { QFile::remove(dir + QStringLiteral("/tokenizer.json")); },
         {QStringLiteral("no tokenizer")}},
        {"no weights", "gpt2", nullptr,
         [](const QString &dir, const Tensors &) { QFile::remove(dir + QStringLiteral("/model.safetensors")); },
         {QStringLiteral(": no weights: looked for model.safetensors or model.safetensors.index.json")}},
        {"pickle only", "gpt2", nullptr,
         [](const QString &dir, const Tensors &) {
             QFile::remove(dir + QStringLiteral("/model.safetensors"));
             writeFile(dir + QStringLiteral("/pytorch_model.bin"), "PK\x03\x04 not opened");
         },
         {QStringLiteral("the only weights are pickle checkpoints (pytorch_model.bin), which are refused: loading a pickle "
                         "file can execute arbitrary code"),
          QStringLiteral("safetensors")}},
        {"safetensors under another name", "gpt2", nullptr,
         [](const QString &dir, const Tensors &) {
             QFile::rename(dir + QStringLiteral("/model.safetensors"), dir + QStringLiteral("/weights.safetensors"));
         },
         {QStringLiteral("no model.safetensors or model.safetensors.index.json (found weights.safetensors")}},
        {"shard missing", "llama", nullptr,
         [](const QString &dir, const Tensors &tensors) {
             shard(dir, tensors, 3);
             QFile::remove(dir + QLatin1Char('/') + shardName(2, 3));
         },
         {QStringLiteral("/model-00002-of-00003.safetensors: missing shard; model.safetensors.index.json maps 7 tensor(s) to it")}},
        {"tensor not in its mapped shard", "llama", nullptr,
         [](const QString &dir, const Tensors &tensors) {
             shard(dir, tensors, 2, [](QJsonObject &map) { map.insert(QStringLiteral("lm_head.weight"), shardName(1, 2)); });
         },
         {QStringLiteral("model.safetensors.index.json: 'weight_map' puts tensor lm_head.weight in model-00001-of-00002.safetensors, "
                         "which does not hold it (model-00002-of-00002.safetensors holds it)"),
          QStringLiteral("model-00002-of-00002.safetensors: holds tensor lm_head.weight, which model.safetensors.index.json puts "
                         "in model-00001-of-00002.safetensors")}},
        {"shard tensor not in the index", "llama", nullptr,
         [](const QString &dir, const Tensors &tensors) {
             shard(dir, tensors, 2, [](QJsonObject &map) { map.remove(QStringLiteral("model.norm.weight")); });
         },
         {QStringLiteral("model-00002-of-00002.safetensors: holds tensor model.norm.weight, which "
                         "model.safetensors.index.json does not list")}},
        {"shard outside the folder", "llama", nullptr,
         [](const QString &dir, const Tensors &tensors) {
             shard(dir, tensors, 2, [](QJsonObject &map) { map.insert(QStringLiteral("model.norm.weight"), QStringLiteral("../x.safetensors")); });
         },
         {QStringLiteral("model.safetensors.index.json: 'weight_map' entry 'model.norm.weight' must be the name of a file inside "
                         "the folder, got \"../x.safetensors\"")}},
        {"index without weight_map", "llama", nullptr,
         [](const QString &dir, const Tensors &tensors) {
             shard(dir, tensors, 2);
             writeFile(dir + QStringLiteral("/model.safetensors.index.json"), "{\"metadata\": {}}");
         },
         {QStringLiteral("model.safetensors.index.json: 'weight_map' must be a non-empty object")}},
        {"malformed safetensors", "gpt2", nullptr,
         [](const QString &dir, const Tensors &) { writeFile(dir + QStringLiteral("/model.safetensors"), "short"); },
         {QStringLiteral("/model.safetensors: ")}},
    };
    return cases;
}

}  // namespace

class TestHfImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void logitsEqualReference_data();
    void logitsEqualReference();
    void checkpointWrittenByPython();
    void everyParameterHasOneHfTensor();
    void mappingInvertsExactly();
    void conv1dIsTransposedAndSplit();
    void shardedEqualsUnsharded();
    void tiedAndUntiedHeads();
    void inspectReadsNoTensorData();
    void malformed_data();
    void malformed();
    void problemsAreReportedTogether();
    void baseModelReference();
    void experimentWithHfBaseTrains();

private:
    QElapsedTimer m_timer;
};

void TestHfImport::initTestCase()
{
    m_timer.start();
    torch::set_num_threads(1);
}

void TestHfImport::logitsEqualReference_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("prefix");  // added to every base-model tensor name
    QTest::newRow("gpt2 (GPT2Model names, F32)") << QStringLiteral("gpt2") << QString();
    QTest::newRow("gpt2 (GPT2LMHeadModel names)") << QStringLiteral("gpt2") << QStringLiteral("transformer.");
    QTest::newRow("llama (GQA, head_dim 8 x 4 heads != 24, untied, BF16)") << QStringLiteral("llama") << QString();
    QTest::newRow("qwen2 (q/k/v bias, tied, F16)") << QStringLiteral("qwen2") << QString();
}

void TestHfImport::logitsEqualReference()
{
    QFETCH(QString, name);
    QFETCH(QString, prefix);
    const Fixture fx = fixture(name);
    Tensors tensors = fixtureTensors(fx);
    QVERIFY2(!tensors.empty(), "the weights generated here differ from make_reference.py's");
    if (!prefix.isEmpty())
        tensors = withPrefix(tensors, prefix.toStdString());
    QTemporaryDir dir;
    writeFolder(dir.path(), fx.config, tensors);

    HfImportedModel imported;
    try {
        imported = importHfModel(dir.path());
    } catch (const std::exception &e) {
        QFAIL(e.what());
    }
    QCOMPARE(imported.summary.config.modelType, name);
    QCOMPARE(imported.summary.tokenizer->vocabSize(), int64_t(258));
    // The buffers in the fixtures are skipped, not imported.
    const QStringList expectedSkipped = name == QLatin1String("gpt2")
                                            ? QStringList{prefix + QStringLiteral("h.0.attn.bias"), prefix + QStringLiteral("h.1.attn.bias")}
                                        : name == QLatin1String("llama") ? QStringList{QStringLiteral("model.layers.0.self_attn.rotary_emb.inv_freq")}
                                                                         : QStringList{};
    QCOMPARE(imported.summary.skippedTensors, expectedSkipped);

    const torch::Tensor ours = logitsOf(imported, fx.tokenIds);
    QCOMPARE(ours.sizes(), fx.logits.sizes());
    const double maxDiff = (ours - fx.logits).abs().max().item<double>();
    QVERIFY2(maxDiff < 1e-4, qPrintable(QStringLiteral("logits differ from the PyTorch reference by up to %1").arg(maxDiff)));
    // The reference is not degenerate: a perturbed model would not pass.
    QVERIFY(fx.logits.std().item<double>() > 0.5);
}

void TestHfImport::checkpointWrittenByPython()
{
    // tests/data/hf/llama/model.safetensors was written by make_reference.py, not by our writer.
    const Fixture fx = fixture(QStringLiteral("llama"));
    QTemporaryDir ours, python;
    writeFolder(ours.path(), fx.config, fixtureTensors(fx));
    writeFolder(python.path(), fx.config, fixtureTensors(fx));
    QVERIFY(QFile::remove(python.filePath(QStringLiteral("model.safetensors"))));
    QVERIFY(QFile::copy(QStringLiteral(PEFTBENCH_SOURCE_DIR "/tests/data/hf/llama/model.safetensors"),
                        python.filePath(QStringLiteral("model.safetensors"))));
    const HfImportedModel a = importHfModel(ours.path());
    const HfImportedModel b = importHfModel(python.path());
    QCOMPARE(a.weights.tensors.size(), b.weights.tensors.size());
    for (size_t i = 0; i < a.weights.tensors.size(); ++i)
        QVERIFY2(torch::equal(a.weights.tensors[i].second, b.weights.tensors[i].second), a.weights.tensors[i].first.c_str());
    QVERIFY((logitsOf(b, fx.tokenIds) - fx.logits).abs().max().item<double>() < 1e-4);
}

void TestHfImport::everyParameterHasOneHfTensor()
{
    for (const char *name : {"gpt2", "llama", "qwen2"}) {
        QStringList problems;
        const HfModelConfig hf = parseHfConfig(fixture(QLatin1String(name)).config, QStringLiteral("config.json"), problems);
        QCOMPARE(problems, QStringList());
        for (bool tied : {true, false}) {
            ModelConfig c = hf.model;
            c.tiedHead = tied;
            std::multiset<std::string> mapped;
            for (const HfTensorMapping &m : hfTensorMappings(c))
                mapped.insert(m.ourNames.begin(), m.ourNames.end());
            std::multiset<std::string> params;
            for (const auto &item : Transformer(c)->named_parameters())
                params.insert(item.key());
            QVERIFY2(mapped == params, name);
            QCOMPARE(bool(findHfTensorFor(hfTensorMappings(c), "lm_head.weight")), !tied);
        }
    }
    // The locations export will use.
    QStringList problems;
    const ModelConfig gpt2 = parseHfConfig(fixture(QStringLiteral("gpt2")).config, QStringLiteral("config.json"), problems).model;
    const std::vector<HfTensorMapping> gpt2Maps = hfTensorMappings(gpt2);
    const auto v = findHfTensorFor(gpt2Maps, "blocks.1.attn.v.weight");
    QVERIFY(v);
    QCOMPARE(v->mapping->hfName, std::string("transformer.h.1.attn.c_attn.weight"));
    QCOMPARE(v->part, size_t(2));
    const ModelConfig llama = parseHfConfig(fixture(QStringLiteral("llama")).config, QStringLiteral("config.json"), problems).model;
    const std::vector<HfTensorMapping> llamaMaps = hfTensorMappings(llama);
    QCOMPARE(findHfTensorFor(llamaMaps, "blocks.0.mlp.gate.weight")->mapping->hfName, std::string("model.layers.0.mlp.gate_proj.weight"));
    QCOMPARE(findHfTensorFor(llamaMaps, "final_norm.weight")->mapping->hfName, std::string("model.norm.weight"));
    QVERIFY(!findHfTensorFor(llamaMaps, "blocks.0.attn.q.lora.A"));
    QVERIFY(isIgnorableHfBuffer(ModelFamily::Gpt2, "h.3.attn.masked_bias"));
    QVERIFY(!isIgnorableHfBuffer(ModelFamily::Gpt2, "h.3.attn.c_attn.bias"));
    QVERIFY(!isIgnorableHfBuffer(ModelFamily::Llama, "h.3.attn.bias"));
}

void TestHfImport::mappingInvertsExactly()
{
    torch::manual_seed(3);
    for (const char *name : {"gpt2", "llama", "qwen2"}) {
        QStringList problems;
        const ModelConfig c = parseHfConfig(fixture(QLatin1String(name)).config, QStringLiteral("config.json"), problems).model;
        for (const HfTensorMapping &m : hfTensorMappings(c)) {
            const torch::Tensor hf = torch::randn(m.hfShape);
            const std::vector<torch::Tensor> ours = ourTensorsFromHf(m, hf);
            QCOMPARE(ours.size(), m.ourNames.size());
            QVERIFY2(torch::equal(hfTensorFromOurs(m, ours), hf), m.hfName.c_str());
        }
        // Wrong shapes are refused, not reshaped.
        const std::vector<HfTensorMapping> mappings = hfTensorMappings(c);
        const HfTensorMapping &first = mappings.front();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ourTensorsFromHf(first, torch::zeros({3, 3})));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hfTensorFromOurs(first, {torch::zeros({3, 3})}));
    }
}

void TestHfImport::conv1dIsTransposedAndSplit()
{
    // Checked against the fixture tensors directly, not through the mapping.
    const Fixture fx = fixture(QStringLiteral("gpt2"));
    const Tensors tensors = fixtureTensors(fx);
    QVERIFY(!tensors.empty());
    QTemporaryDir dir;
    writeFolder(dir.path(), fx.config, tensors);
    const HfImportedModel imported = importHfModel(dir.path());
    const TensorFile &w = imported.weights;
    const torch::Tensor cFc = tensorNamed(tensors, "h.0.mlp.c_fc.weight");  // [16 in, 64 out]
    QCOMPARE(cFc.sizes(), (std::vector<int64_t>{16, 64}));
    QVERIFY(torch::equal(w.get("blocks.0.mlp.up.weight"), cFc.t()));
    QVERIFY(torch::equal(w.get("blocks.1.mlp.down.weight"), tensorNamed(tensors, "h.1.mlp.c_proj.weight").t()));
    const torch::Tensor cAttn = tensorNamed(tensors, "h.1.attn.c_attn.weight");  // [16, 48]: q | k | v columns
    QVERIFY(torch::equal(w.get("blocks.1.attn.q.weight"), cAttn.narrow(1, 0, 16).t()));
    QVERIFY(torch::equal(w.get("blocks.1.attn.k.weight"), cAttn.narrow(1, 16, 16).t()));
    QVERIFY(torch::equal(w.get("blocks.1.attn.v.weight"), cAttn.narrow(1, 32, 16).t()));
    QVERIFY(torch::equal(w.get("blocks.1.attn.k.bias"), tensorNamed(tensors, "h.1.attn.c_attn.bias").narrow(0, 16, 16)));
    QVERIFY(torch::equal(w.get("pos_emb.weight"), tensorNamed(tensors, "wpe.weight")));
    QCOMPARE(w.kind, QStringLiteral("model"));
    QCOMPARE(w.metadata.value(QStringLiteral("hf_model_type")), QStringLiteral("gpt2"));
    QCOMPARE(modelConfigFromTensorFile(w, dir.path()), imported.summary.config.model);
}

void TestHfImport::shardedEqualsUnsharded()
{
    const Fixture fx = fixture(QStringLiteral("llama"));
    const Tensors tensors = fixtureTensors(fx);
    QVERIFY(!tensors.empty());
    QTemporaryDir single, sharded;
    writeFolder(single.path(), fx.config, tensors);
    writeFolder(sharded.path(), fx.config, tensors);
    shard(sharded.path(), tensors, 3);
    QVERIFY(!QFile::exists(sharded.filePath(QStringLiteral("model.safetensors"))));
    const HfImportedModel a = importHfModel(single.path());
    const HfImportedModel b = importHfModel(sharded.path());
    QVERIFY(b.summary.weightsSource.endsWith(QStringLiteral("model.safetensors.index.json (3 shards)")));
    QCOMPARE(a.weights.tensors.size(), b.weights.tensors.size());
    for (size_t i = 0; i < a.weights.tensors.size(); ++i) {
        QCOMPARE(a.weights.tensors[i].first, b.weights.tensors[i].first);
        QVERIFY(torch::equal(a.weights.tensors[i].second, b.weights.tensors[i].second));
    }
    QVERIFY(torch::equal(logitsOf(a, fx.tokenIds), logitsOf(b, fx.tokenIds)));
    // model.safetensors wins over an index beside it, as in Transformers.
    writeSafetensors(sharded.filePath(QStringLiteral("model.safetensors")), tensors);
    QCOMPARE(inspectHfModel(sharded.path()).weightsSource, sharded.filePath(QStringLiteral("model.safetensors")));
}

void TestHfImport::tiedAndUntiedHeads()
{
    // Untied (llama): the head is its own tensor, imported as lm_head.weight.
    const Fixture llama = fixture(QStringLiteral("llama"));
    const Tensors llamaTensors = fixtureTensors(llama);
    QTemporaryDir untied;
    writeFolder(untied.path(), llama.config, llamaTensors);
    const HfImportedModel a = importHfModel(untied.path());
    QVERIFY(!a.summary.config.model.tiedHead);
    QVERIFY(torch::equal(a.weights.get("lm_head.weight"), tensorNamed(llamaTensors, "lm_head.weight").to(torch::kFloat)));

    // Tied (qwen2): no lm_head; saved anyway but equal to the embedding, it is accepted and skipped.
    const Fixture qwen = fixture(QStringLiteral("qwen2"));
    Tensors qwenTensors = fixtureTensors(qwen);
    QVERIFY(!qwenTensors.empty());
    QTemporaryDir tied;
    writeFolder(tied.path(), qwen.config, qwenTensors);
    const HfImportedModel b = importHfModel(tied.path());
    QVERIFY(b.summary.config.model.tiedHead);
    QVERIFY(!b.weights.find("lm_head.weight"));
    qwenTensors.emplace_back("lm_head.weight", tensorNamed(qwenTensors, "model.embed_tokens.weight").clone());
    writeFolder(tied.path(), qwen.config, qwenTensors);
    const HfImportedModel c = importHfModel(tied.path());
    QVERIFY(!c.weights.find("lm_head.weight"));
    QCOMPARE(c.summary.skippedTensors, QStringList{QStringLiteral("lm_head.weight (tied to the embedding)")});
    QVERIFY(torch::equal(logitsOf(b, qwen.tokenIds), logitsOf(c, qwen.tokenIds)));

    // The same llama weights with tie_word_embeddings true: lm_head differs from the embedding.
    QJsonObject tiedLlama = llama.config;
    tiedLlama.insert(QStringLiteral("tie_word_embeddings"), true);
    writeFile(untied.filePath(QStringLiteral("config.json")), json(tiedLlama));
    QVERIFY(importError(untied.path()).contains(QStringLiteral("lm_head.weight differs from the token embedding")));
}

void TestHfImport::inspectReadsNoTensorData()
{
    // A dtype the importer cannot load is found from the header alone: the summary checks names,
    // shapes and dtypes without reading data (so the wizard can show big models at once).
    const Fixture fx = fixture(QStringLiteral("gpt2"));
    QTemporaryDir dir;
    writeFolder(dir.path(), fx.config, fixtureTensors(fx));
    const HfModelSummary summary = inspectHfModel(dir.path());
    QCOMPARE(summary.folder, QDir(dir.path()).absolutePath());
    QCOMPARE(summary.config.model.ffnDim, int64_t(64));  // n_inner null → 4 · n_embd
    QCOMPARE(summary.config.model.nLayers, int64_t(2));
    QCOMPARE(summary.weightsSource, dir.filePath(QStringLiteral("model.safetensors")));

    // An I64 tensor in place of a weight: built byte by byte, since our writer writes floats only.
    const QByteArray header = R"({"wte.weight":{"dtype":"I64","shape":[264,16],"data_offsets":[0,33792]}})";
    QByteArray padded = header + QByteArray((8 - header.size() % 8) % 8, ' ');
    char length[8];
    qToLittleEndian<quint64>(quint64(padded.size()), length);
    QTemporaryDir bad;
    writeFolder(bad.path(), fx.config, fixtureTensors(fx));
    writeFile(bad.filePath(QStringLiteral("model.safetensors")), QByteArray(length, 8) + padded + QByteArray(33792, '\0'));
    QString message;
    try {
        inspectHfModel(bad.path());
    } catch (const HfImportError &e) {
        message = QString::fromUtf8(e.what());
    }
    QVERIFY2(message.contains(QStringLiteral("model.safetensors: tensor wte.weight is I64; only F32, F16 and BF16 weights load")),
             qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("missing tensor wpe.weight")), qPrintable(message));
}

void TestHfImport::malformed_data()
{
    QTest::addColumn<int>("index");
    for (size_t i = 0; i < malformedCases().size(); ++i)
        QTest::newRow(malformedCases()[i].name) << int(i);
}

void TestHfImport::malformed()
{
    QFETCH(int, index);
    const MalformedCase &c = malformedCases()[size_t(index)];
    const Fixture fx = fixture(QLatin1String(c.fixture));
    Spoiled s{fx.config, fixtureTensors(fx)};
    QVERIFY(!s.tensors.empty());
    const Tensors original = s.tensors;
    if (c.edit)
        c.edit(s);
    QTemporaryDir dir;
    writeFolder(dir.path(), s.config, s.tensors);
    if (c.afterWrite)
        c.afterWrite(dir.path(), original);
    const QString message = importError(dir.path());
    for (const QString &expected : c.expected)
        QVERIFY2(message.contains(expected), qPrintable(QStringLiteral("expected «%1» in:\n%2").arg(expected, message)));
    QVERIFY2(message.contains(QDir(dir.path()).absolutePath()), qPrintable(QStringLiteral("the folder is not named in: ") + message));
}

void TestHfImport::problemsAreReportedTogether()
{
    const Fixture fx = fixture(QStringLiteral("llama"));
    Tensors tensors = without(fixtureTensors(fx), "model.layers.0.mlp.up_proj.weight");
    tensors.emplace_back("model.layers.0.mlp.extra.weight", torch::zeros({2}));
    for (auto &[name, t] : tensors)
        if (name == "model.norm.weight")
            t = torch::zeros({23}, torch::kBFloat16);
    QTemporaryDir dir;
    writeFolder(dir.path(), fx.config, tensors);
    try {
        importHfModel(dir.path());
        QFAIL("imported a folder with three problems");
    } catch (const HfImportError &e) {
        QCOMPARE(e.problems().size(), 3);
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.startsWith(QDir(dir.path()).absolutePath() + QStringLiteral(": 3 problems importing this Hugging Face model:\n  ")),
                 qPrintable(message));
        QVERIFY(message.contains(QStringLiteral("missing tensor model.layers.0.mlp.up_proj.weight")));
        QVERIFY(message.contains(QStringLiteral("unexpected tensor model.layers.0.mlp.extra.weight")));
        QVERIFY(message.contains(QStringLiteral("tensor model.norm.weight is [23], but config.json implies [24]")));
    }
}

void TestHfImport::baseModelReference()
{
    const Fixture fx = fixture(QStringLiteral("gpt2"));
    QTemporaryDir root;
    writeFolder(root.filePath(QStringLiteral("models/tiny gpt2")), fx.config, fixtureTensors(fx));
    const QString abs = QDir(root.path()).absolutePath();

    QCOMPARE(absoluteModelReference(QStringLiteral("hf:models/./tiny gpt2"), root.path()), QStringLiteral("hf:") + abs + QStringLiteral("/models/tiny gpt2"));
    QCOMPARE(absoluteModelReference(QStringLiteral("hf:/x/../models"), root.path()), QStringLiteral("hf:/models"));

    BaseModel base;
    try {
        base = loadBaseModel(QStringLiteral("hf:models/tiny gpt2"), root.path());
    } catch (const std::exception &e) {
        QFAIL(e.what());
    }
    QCOMPARE(base.reference, QStringLiteral("hf:models/tiny gpt2"));
    QCOMPARE(base.path, abs + QStringLiteral("/models/tiny gpt2"));
    QCOMPARE(base.config.family, ModelFamily::Gpt2);
    QCOMPARE(base.tokenizer->vocabSize(), int64_t(258));
    QCOMPARE(base.tokenizer->encode("hello"), (std::vector<int64_t>{256, 'l', 'l', 'o'}));
    Transformer model(base.config);
    model->loadWeights(*base.weights);  // the form every consumer of BaseModel uses
    const torch::Tensor logits = model->forward(torch::tensor(fx.tokenIds, torch::kLong).unsqueeze(0)).squeeze(0).to(torch::kFloat64);
    QVERIFY((logits - fx.logits).abs().max().item<double>() < 1e-4);

    // Errors name the folder.
    const auto failure = [&](const QString &reference) {
        try {
            loadBaseModel(reference, root.path());
        } catch (const std::exception &e) {
            return QString::fromUtf8(e.what());
        }
        return QString();
    };
    QCOMPARE(failure(QStringLiteral("hf:missing")),
             QStringLiteral("base_model 'hf:missing': no such folder %1/missing").arg(abs));
    QVERIFY(failure(QStringLiteral("hf:")).contains(QStringLiteral("expected hf:DIR")));
    QDir(root.path()).mkpath(QStringLiteral("empty"));
    const QString empty = failure(QStringLiteral("hf:empty"));
    QVERIFY2(empty.contains(abs + QStringLiteral("/empty/config.json: missing")), qPrintable(empty));
}

void TestHfImport::experimentWithHfBaseTrains()
{
    const Fixture fx = fixture(QStringLiteral("llama"));
    QTemporaryDir root;
    writeFolder(root.filePath(QStringLiteral("tiny-llama")), fx.config, fixtureTensors(fx));
    QByteArray text;
    for (int i = 0; i < 60; ++i)
        text += "hello there, line " + QByteArray::number(i) + " of the tiny corpus\n";
    writeFile(root.filePath(QStringLiteral("corpus.txt")), text);
    const QString configPath = root.filePath(QStringLiteral("experiment.yaml"));
    writeFile(configPath, R"(name: tiny-hf
base_model: hf:tiny-llama
dataset: {source: corpus.txt, task: causal_lm, max_length: 24}
train: {steps: 2, batch_size: 4, eval_every: 2, eval_max_examples: 4, device: cpu, seed: 1}
runs:
  - {method: lora, lr: 2.0e-3, lora: {r: 2, alpha: 4, target_modules: [q, v, gate]}}
)");
    try {
        const ExperimentConfig config = loadExperimentConfig(configPath);
        const QString folder = QFileInfo(configPath).absolutePath();
        const BaseModel base = loadBaseModel(config.baseModel, folder);
        QCOMPARE(validateAgainstModel(config, base.config), QStringList());
        const std::vector<RunSpec> runs = expandRuns(config);
        QCOMPARE(int(runs.size()), 1);
        // A queued run stores its config with the folder made absolute, loadable from anywhere.
        QCOMPARE(singleRunConfig(config, runs.front()).baseModel, QStringLiteral("hf:") + folder + QStringLiteral("/tiny-llama"));

        const DatasetSplits splits = loadDatasetSplits(config.dataset, {}, folder, *base.tokenizer, config.train.seed);
        TrainRequest request;
        request.baseConfig = base.config;
        request.baseWeights = base.weights;
        request.method = runs.front().method;
        request.params = runs.front().train;
        request.data = tokenizeSplits(splits, config.dataset, *base.tokenizer, QStringLiteral("corpus.txt"));
        const std::atomic<bool> cancel{false};
        const TrainResult result = trainRun(request, nullptr, cancel);
        QVERIFY2(result.status == RunStatus::Completed, qPrintable(result.error));
    } catch (const ConfigError &e) {
        QFAIL(qPrintable(e.message()));
    } catch (const std::exception &e) {
        QFAIL(e.what());
    }

    // max_length is checked against the imported context (n_positions 16 for the GPT-2 fixture).
    const Fixture gpt2 = fixture(QStringLiteral("gpt2"));
    writeFolder(root.filePath(QStringLiteral("tiny-gpt2")), gpt2.config, fixtureTensors(gpt2));
    const ExperimentConfig tooLong = parseExperimentConfig(R"(name: too-long
base_model: hf:tiny-gpt2
dataset: {source: corpus.txt, task: causal_lm, max_length: 24}
runs:
  - {method: full}
)", QStringLiteral("too-long.yaml"));
    const QStringList problems = validateAgainstModel(tooLong, loadBaseModel(tooLong.baseModel, root.path()).config);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.front().contains(QStringLiteral("16")), qPrintable(problems.front()));
    QVERIFY2(m_timer.elapsed() < 30000, "the whole test should stay under 30 s");
}

QTEST_GUILESS_MAIN(TestHfImport)
#include "test_hf_import.moc"
