// Export of finished runs for Python, and import of PEFT adapters: tiny GPT-2 and Llama Hugging
// Face folders (tests/HfFixtures.h) are fine-tuned for a few steps with LoRA (q,v; every
// projection with rsLoRA), prompt tuning and full fine-tuning. An exported PEFT adapter must have
// PEFT's config keys, tensor names and shapes (the tables below are written out from PEFT's source,
// not from our code), GPT-2's fused c_attn export must reproduce our per-part weight change, an
// adapter read back must give the tuned model's logits exactly, and a merged model must import
// again with importHfModel and give the tuned model's logits. Refusals name what is wrong.
#include "ExperimentFixtures.h"
#include "HfFixtures.h"

#include "ExportModelDialog.h"
#include "experiment/ConfigReader.h"
#include "experiment/ExperimentSubmission.h"
#include "experiment/PeftTunedModel.h"
#include "experiment/RunExport.h"
#include "experiment/RunQueue.h"
#include "experiment/TunedModel.h"
#include "methods/FineTuningMethod.h"
#include "methods/LoraMethod.h"
#include "model/HfModelImport.h"
#include "model/PeftAdapterExport.h"
#include "model/PeftAdapterImport.h"
#include "model/SafetensorsReader.h"
#include "store/RunStore.h"
#include "tokenizer/BpeTokenizer.h"
#include "tokenizer/ByteTokenizer.h"

#include <torch/torch.h>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <map>

using namespace peftbench;
using namespace peftbench::testing;

namespace {

// LoRA's dense weight change on one layer (zero when the layer has no LoRA).
torch::Tensor loraDelta(const AdaptableLinear &linear)
{
    return static_cast<const LoraAdapterImpl *>(linear->adapter())->weightDelta();
}

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

void writeJson(const QString &path, const QJsonObject &json)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        throw std::runtime_error("cannot write " + path.toStdString());
    f.write(QJsonDocument(json).toJson());
}

QString shapeText(at::IntArrayRef shape)
{
    QStringList dims;
    for (int64_t d : shape)
        dims << QString::number(d);
    return QLatin1Char('[') + dims.join(QLatin1Char(',')) + QLatin1Char(']');
}

// The tokens every logits comparison uses: bos-less, within the context after 4 virtual tokens.
torch::Tensor probeIds()
{
    return torch::tensor(std::vector<int64_t>{116, 104, 101, 32, 99, 97, 116, 32, 115, 101, 101, 115, 32, 97, 256, 46}).unsqueeze(0);
}

torch::Tensor logitsOf(const TunedModel &model)
{
    torch::NoGradGuard noGrad;
    return model.method->logits(probeIds());
}

// PEFT's layout, written out from peft/utils/save_and_load.py (keys: "base_model.model." + module +
// ".lora_A.weight", adapter name dropped) and peft/tuners/lora/layer.py (lora_A = Linear(in, r):
// weight [r, in]; lora_B = Linear(r, out): weight [out, r]; Conv1D's in/out = weight.shape), for
// tinyConfig: width 32, 2 layers, GPT-2 MLP 128, Llama 4 heads and 2 KV heads of 8, MLP 88.
struct ExpectedModule {
    const char *module;   // with %1 for the layer
    int64_t rank, in, out;
};
const std::vector<ExpectedModule> kGpt2Qv{{"transformer.h.%1.attn.c_attn", 4, 32, 96}};
const std::vector<ExpectedModule> kGpt2All{{"transformer.h.%1.attn.c_attn", 6, 32, 96},
                                           {"transformer.h.%1.attn.c_proj", 2, 32, 32},
                                           {"transformer.h.%1.mlp.c_fc", 2, 32, 128},
                                           {"transformer.h.%1.mlp.c_proj", 2, 128, 32}};
const std::vector<ExpectedModule> kLlamaQv{{"model.layers.%1.self_attn.q_proj", 2, 32, 32},
                                           {"model.layers.%1.self_attn.v_proj", 2, 32, 16}};
const std::vector<ExpectedModule> kLlamaAll{{"model.layers.%1.self_attn.q_proj", 2, 32, 32},
                                            {"model.layers.%1.self_attn.k_proj", 2, 32, 16},
                                            {"model.layers.%1.self_attn.v_proj", 2, 32, 16},
                                            {"model.layers.%1.self_attn.o_proj", 2, 32, 32},
                                            {"model.layers.%1.mlp.gate_proj", 2, 32, 88},
                                            {"model.layers.%1.mlp.up_proj", 2, 32, 88},
                                            {"model.layers.%1.mlp.down_proj", 2, 88, 32}};

}  // namespace

class TestPeftExport : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_database;
    std::map<QString, int64_t> m_runs;   // "gpt2 lora-qv", ..., "byte full" → run id
    QElapsedTimer m_clock;

    QString path(const QString &name) const { return QDir(m_dir.path()).filePath(name); }
    QString hfFolder(const QString &family) const { return path(family + QStringLiteral("-hf")); }

    // Trains one experiment's runs to completion and records their ids under "<prefix> <run name>".
    void train(const QString &prefix, const QByteArray &yaml)
    {
        const QString file = writeFile(QDir(m_dir.path()), prefix + QStringLiteral(".yaml"), yaml);
        const ExperimentConfig config = loadExperimentConfig(file);
        RunStore store(m_database);
        const SubmittedExperiment submitted = submitExperiment(store, config);
        QueueParams params;
        params.databasePath = m_database;
        params.dataDirectory = m_dir.path();
        params.experimentId = submitted.experimentId;
        std::atomic<bool> cancel{false};
        const QueueOutcome outcome = processQueue(params, nullptr, cancel);
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
        for (int64_t id : submitted.runIds) {
            const RunRecord run = *store.run(id);
            QVERIFY2(run.status == RunStatus::Completed, qPrintable(run.name + QStringLiteral(": ") + run.error));
            m_runs[prefix + QLatin1Char(' ') + run.name] = id;
        }
    }

    static QByteArray experiment(const QByteArray &base, const QByteArray &runs)
    {
        return "name: export\n"
               "base_model: " + base + "\n"
               "dataset: {source: sentences.txt, task: causal_lm, max_length: 48}\n"
               "train: {steps: 3, batch_size: 4, eval_every: 3, threads: 1, seed: 11, device: cpu, schedule: constant}\n"
               "runs:\n" + runs;
    }

    int64_t run(const QString &key) const
    {
        const auto it = m_runs.find(key);
        return it == m_runs.end() ? -1 : it->second;
    }

    RunExportResult exportTo(const QString &key, ExportFormat format, const QString &folder)
    {
        RunExportRequest request;
        request.databasePath = m_database;
        request.runId = run(key);
        request.format = format;
        request.outputFolder = folder;
        return exportRun(request);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_clock.start();
        QVERIFY(m_dir.isValid());
        m_database = RunStore::pathInDataDirectory(m_dir.path());
        writeSentences(path(QStringLiteral("sentences.txt")));
        writeTinyHfFolder(hfFolder(QStringLiteral("gpt2")), ModelFamily::Gpt2);
        writeTinyHfFolder(hfFolder(QStringLiteral("llama")), ModelFamily::Llama);
        writeTinyModel(path(QStringLiteral("tiny.pwbc")));
        // Issue 12's methods: DoRA on q, v leaves GPT-2's fused c_attn with an unadapted k part.
        const QByteArray common = "  - {name: lora-qv, method: lora, lora: {r: 2, alpha: 4, dropout: 0.1}}\n"
                                  "  - {name: full, method: full, lr: 1.0e-3}\n"
                                  "  - {name: ia3, method: ia3, lr: 3.0e-2}\n"
                                  "  - {name: dora, method: dora, lora: {r: 2, alpha: 4, target_modules: [q, v, down]}}\n"
                                  "  - {name: prefix, method: prefix_tuning, prefix_tuning: {num_virtual_tokens: 4}}\n"
                                  "  - {name: prefix-mlp, method: prefix_tuning, prefix_tuning: {num_virtual_tokens: 3, projection: true, "
                                  "projection_hidden: 8}}\n"
                                  "  - {name: bitfit, method: bitfit, bitfit: {norm_weights: true}}\n"
                                  "  - {name: last, method: last_layers, lr: 1.0e-3, last_layers: {layers: 1, head: true}}\n";
        train(QStringLiteral("gpt2"), experiment("hf:gpt2-hf", common
                                                 + "  - {name: prompt, method: prompt_tuning, prompt_tuning: {num_virtual_tokens: 4, init: sample_vocab}}\n"
                                                 + "  - {name: lora-all, method: lora, lora: {r: 2, alpha: 3, rslora: true, "
                                                   "target_modules: [q, k, v, o, up, down]}}\n"));
        train(QStringLiteral("llama"), experiment("hf:llama-hf", common
                                                  + "  - {name: prompt, method: prompt_tuning, prompt_tuning: {num_virtual_tokens: 4, init: random}}\n"
                                                  + "  - {name: lora-all, method: lora, lora: {r: 2, alpha: 3, rslora: true, "
                                                    "target_modules: [q, k, v, o, gate, up, down]}}\n"));
        train(QStringLiteral("byte"), experiment("file:tiny.pwbc", "  - {name: lora, method: lora, lora: {r: 2, target_modules: [q, o]}}\n"
                                                                   "  - {name: doomed, method: lora, lora: {r: 2}}\n"
                                                                   "  - {name: prompt-text, method: prompt_tuning, prompt_tuning: "
                                                                   "{num_virtual_tokens: 4, init: text, init_text: the cat}}\n"));
        qInfo("trained %zu runs in %lld ms", m_runs.size(), qint64(m_clock.elapsed()));
    }

    // A run whose virtual tokens started from a text loads again (its init text is tokenized with
    // the base model's tokenizer, as when it trained) and exports with that text in its config.
    void promptTuningFromTextExports()
    {
        const QString out = path(QStringLiteral("layout prompt text"));
        exportTo(QStringLiteral("byte prompt-text"), ExportFormat::PeftAdapter, out);
        const QJsonObject c = readJson(out + QStringLiteral("/adapter_config.json"));
        QCOMPARE(c.value("prompt_tuning_init").toString(), QStringLiteral("TEXT"));
        QCOMPARE(c.value("prompt_tuning_init_text").toString(), QStringLiteral("the cat"));
    }

    void cleanupTestCase()
    {
        qInfo("whole test: %lld ms", qint64(m_clock.elapsed()));
    }

    void loraAdapterFollowsPeftLayout_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QStringList>("targets");
        QTest::addColumn<int>("r");
        QTest::addColumn<double>("alpha");
        QTest::addColumn<QJsonObject>("rankPattern");
        QTest::addColumn<QJsonObject>("alphaPattern");
        QTest::addColumn<bool>("rslora");
        QTest::addColumn<bool>("fanInFanOut");
        QTest::addColumn<double>("dropout");
        QTest::addColumn<void *>("modules");
        // GPT-2 q,v: one LoRA on c_attn of rank 2·2, alpha 4·2 so that 8/4 = 4/2.
        QTest::newRow("gpt2 q,v") << "gpt2 lora-qv" << QStringList{"c_attn"} << 4 << 8.0 << QJsonObject{} << QJsonObject{} << false
                                  << true << 0.1 << (void *)&kGpt2Qv;
        // GPT-2, every projection: c_attn has rank 3·2 (rank_pattern), alpha 3·sqrt(3) keeps alpha/sqrt(r).
        QTest::newRow("gpt2 all rslora") << "gpt2 lora-all" << QStringList{"c_attn", "attn.c_proj", "c_fc", "mlp.c_proj"} << 2 << 3.0
                                         << QJsonObject{{"c_attn", 6}} << QJsonObject{{"c_attn", 3.0 * std::sqrt(3.0)}} << true << true
                                         << 0.05 << (void *)&kGpt2All;
        QTest::newRow("llama q,v") << "llama lora-qv" << QStringList{"q_proj", "v_proj"} << 2 << 4.0 << QJsonObject{} << QJsonObject{}
                                   << false << false << 0.1 << (void *)&kLlamaQv;
        QTest::newRow("llama all rslora") << "llama lora-all"
                                          << QStringList{"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"} << 2
                                          << 3.0 << QJsonObject{} << QJsonObject{} << true << false << 0.05 << (void *)&kLlamaAll;
    }

    void loraAdapterFollowsPeftLayout()
    {
        QFETCH(QString, key);
        QFETCH(QStringList, targets);
        QFETCH(int, r);
        QFETCH(double, alpha);
        QFETCH(QJsonObject, rankPattern);
        QFETCH(QJsonObject, alphaPattern);
        QFETCH(bool, rslora);
        QFETCH(bool, fanInFanOut);
        QFETCH(double, dropout);
        QFETCH(void *, modules);
        const QString out = path(QStringLiteral("layout ") + key);
        const RunExportResult result = exportTo(key, ExportFormat::PeftAdapter, out);
        QCOMPARE(result.files, (QStringList{"adapter_config.json", "adapter_model.safetensors"}));

        const QJsonObject c = readJson(out + QStringLiteral("/adapter_config.json"));
        QCOMPARE(c.value("peft_type").toString(), QStringLiteral("LORA"));
        QCOMPARE(c.value("task_type").toString(), QStringLiteral("CAUSAL_LM"));
        QCOMPARE(c.value("base_model_name_or_path").toString(), hfFolder(key.section(' ', 0, 0)));
        QVERIFY(c.contains("revision") && c.value("revision").isNull());
        QCOMPARE(c.value("inference_mode").toBool(false), true);
        QCOMPARE(c.value("r").toInt(), r);
        QCOMPARE(c.value("lora_alpha").toDouble(), alpha);
        QCOMPARE(c.value("lora_dropout").toDouble(), dropout);
        QStringList gotTargets;
        for (const QJsonValue &t : c.value("target_modules").toArray())
            gotTargets << t.toString();
        QCOMPARE(gotTargets, targets);
        QCOMPARE(c.value("fan_in_fan_out").toBool(!fanInFanOut), fanInFanOut);
        QCOMPARE(c.value("use_rslora").toBool(!rslora), rslora);
        QCOMPARE(c.value("bias").toString(), QStringLiteral("none"));
        QCOMPARE(c.value("use_dora").toBool(true), false);
        QCOMPARE(c.value("rank_pattern").toObject(), rankPattern);
        QCOMPARE(c.value("alpha_pattern").toObject(), alphaPattern);

        const SafetensorsReader weights(out + QStringLiteral("/adapter_model.safetensors"));
        QCOMPARE(weights.metadata().value(QStringLiteral("format")), QStringLiteral("pt"));
        std::vector<std::string> expectedNames;
        for (int layer = 0; layer < 2; ++layer)
            for (const ExpectedModule &m : *static_cast<const std::vector<ExpectedModule> *>(modules)) {
                const std::string base = "base_model.model." + QString::fromLatin1(m.module).arg(layer).toStdString();
                expectedNames.push_back(base + ".lora_A.weight");
                expectedNames.push_back(base + ".lora_B.weight");
                QVERIFY2(weights.contains(base + ".lora_A.weight"), base.c_str());
                QCOMPARE(shapeText(weights.shape(base + ".lora_A.weight")), shapeText({m.rank, m.in}));
                QCOMPARE(shapeText(weights.shape(base + ".lora_B.weight")), shapeText({m.out, m.rank}));
                QCOMPARE(weights.dtypeName(base + ".lora_A.weight"), QStringLiteral("F32"));
            }
        std::vector<std::string> names = weights.names();
        std::sort(names.begin(), names.end());
        std::sort(expectedNames.begin(), expectedNames.end());
        QCOMPARE(names, expectedNames);
    }

    void promptTuningAdapterFollowsPeftLayout_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("init");
        QTest::newRow("gpt2") << "gpt2" << "SAMPLE_VOCAB";
        QTest::newRow("llama") << "llama" << "RANDOM";
    }

    void promptTuningAdapterFollowsPeftLayout()
    {
        QFETCH(QString, family);
        QFETCH(QString, init);
        const QString out = path(QStringLiteral("layout prompt ") + family);
        exportTo(family + QStringLiteral(" prompt"), ExportFormat::PeftAdapter, out);
        const QJsonObject c = readJson(out + QStringLiteral("/adapter_config.json"));
        QCOMPARE(c.value("peft_type").toString(), QStringLiteral("PROMPT_TUNING"));
        QCOMPARE(c.value("task_type").toString(), QStringLiteral("CAUSAL_LM"));
        QCOMPARE(c.value("num_virtual_tokens").toInt(), 4);
        QCOMPARE(c.value("token_dim").toInt(), 32);
        QCOMPARE(c.value("num_transformer_submodules").toInt(), 1);
        QCOMPARE(c.value("num_attention_heads").toInt(), 4);
        QCOMPARE(c.value("num_layers").toInt(), 2);
        QCOMPARE(c.value("prompt_tuning_init").toString(), init);
        QVERIFY(c.contains("prompt_tuning_init_text") && c.value("prompt_tuning_init_text").isNull());
        QCOMPARE(c.value("inference_mode").toBool(false), true);
        const SafetensorsReader weights(out + QStringLiteral("/adapter_model.safetensors"));
        QCOMPARE(weights.names(), std::vector<std::string>{"prompt_embeddings"});
        QCOMPARE(shapeText(weights.shape("prompt_embeddings")), shapeText({4, 32}));

        // TEXT needs its text and a tokenizer (PromptTuningConfig.__post_init__ refuses it otherwise).
        PromptTuningSettings text;
        text.numVirtualTokens = 4;
        text.init = PromptInit::Text;
        TensorFile adapter;
        adapter.tensors.emplace_back("prompt_embeddings", torch::zeros({4, 32}));
        const PeftAdapterFiles files = peftPromptTuningAdapter(tinyConfig(ModelFamily::Gpt2), text, QStringLiteral("the cat"), adapter,
                                                               QStringLiteral("openai-community/gpt2"));
        QCOMPARE(files.config.value("prompt_tuning_init").toString(), QStringLiteral("TEXT"));
        QCOMPARE(files.config.value("prompt_tuning_init_text").toString(), QStringLiteral("the cat"));
        QCOMPARE(files.config.value("tokenizer_name_or_path").toString(), QStringLiteral("openai-community/gpt2"));
    }

    void gpt2FusedExportReproducesOurWeightChange_data()
    {
        QTest::addColumn<QString>("key");
        QTest::newRow("q,v") << "gpt2 lora-qv";
        QTest::newRow("all, rslora, rank_pattern") << "gpt2 lora-all";
    }

    // What Python PEFT computes from the files (peft/tuners/lora/layer.py: scaling = alpha / r, or
    // alpha / sqrt(r) with use_rslora; delta = B·A·scaling, transposed for fan_in_fan_out) must be
    // our change to each of q, k and v, and zero for a part we did not adapt.
    void gpt2FusedExportReproducesOurWeightChange()
    {
        QFETCH(QString, key);
        const QString out = path(QStringLiteral("fused ") + key);
        exportTo(key, ExportFormat::PeftAdapter, out);
        const QJsonObject c = readJson(out + QStringLiteral("/adapter_config.json"));
        const SafetensorsReader weights(out + QStringLiteral("/adapter_model.safetensors"));
        const TunedModel tuned = loadRunModel(m_database, run(key));
        const auto layers = tuned.method->model()->linearLayers();
        for (int layer = 0; layer < 2; ++layer) {
            const std::string module = "base_model.model.transformer.h." + std::to_string(layer) + ".attn.c_attn";
            const torch::Tensor A = weights.tensor(module + ".lora_A.weight");
            const torch::Tensor B = weights.tensor(module + ".lora_B.weight");
            const double r = c.value("rank_pattern").toObject().value("c_attn").toDouble(c.value("r").toDouble());
            const double alpha = c.value("alpha_pattern").toObject().value("c_attn").toDouble(c.value("lora_alpha").toDouble());
            QCOMPARE(double(A.size(0)), r);
            const double scaling = alpha / (c.value("use_rslora").toBool() ? std::sqrt(r) : r);
            // Conv1D's merge adds transpose(B·A)·scaling to its [in, out] weight.
            const torch::Tensor conv1dDelta = torch::matmul(B, A).t() * scaling;
            int64_t offset = 0;
            for (const char *part : {"q", "k", "v"}) {
                const AdaptableLinear &linear = layers.at("blocks." + std::to_string(layer) + ".attn." + part);
                const torch::Tensor theirs = linear->weight + conv1dDelta.narrow(1, offset, 32).t();
                const torch::Tensor ours = linear->adapter() ? linear->weight + loraDelta(linear) : linear->weight;
                QVERIFY2(torch::allclose(theirs, ours, 1e-6, 1e-7),
                         qPrintable(QStringLiteral("layer %1 %2: max difference %3").arg(layer).arg(QLatin1String(part))
                                        .arg((theirs - ours).abs().max().item<double>())));
                if (!linear->adapter())   // an untargeted part's rows of B are exactly zero
                    QVERIFY(B.narrow(0, offset, 32).eq(0).all().item<bool>());
                else
                    QVERIFY(loraDelta(linear).abs().max().item<double>() > 0);   // it trained
                offset += 32;
            }
        }
    }

    void peftRoundTripGivesIdenticalLogits_data()
    {
        QTest::addColumn<QString>("key");
        for (const char *k : {"gpt2 lora-qv", "gpt2 lora-all", "gpt2 prompt", "llama lora-qv", "llama lora-all", "llama prompt",
                              "gpt2 ia3", "llama ia3", "gpt2 dora", "llama dora", "gpt2 prefix", "llama prefix", "llama prefix-mlp"})
            QTest::newRow(k) << k;
    }

    void peftRoundTripGivesIdenticalLogits()
    {
        QFETCH(QString, key);
        const QString out = path(QStringLiteral("round trip ") + key);
        exportTo(key, ExportFormat::PeftAdapter, out);
        const TunedModel tuned = loadRunModel(m_database, run(key));
        const QString family = key.section(' ', 0, 0);
        const TunedModel imported = loadPeftTunedModel(QStringLiteral("hf:") + hfFolder(family), out);
        const torch::Tensor expected = logitsOf(tuned), got = logitsOf(imported);
        QVERIFY2(torch::equal(got, expected), qPrintable(QStringLiteral("max difference %1").arg((got - expected).abs().max().item<double>())));
        // The adapter comes back as it was trained, not just equivalent: same layers, rank and alpha.
        // (A prefix trained through its MLP comes back as the table the MLP gave: equivalent only.)
        if (key.endsWith(QLatin1String("prefix-mlp")))
            return;
        const PeftAdapter adapter = readPeftAdapter(out, tuned.base.config);
        const TensorFile original = tuned.method->adapterFile();
        QCOMPARE(adapter.adapter.tensors.size(), original.tensors.size());
        for (const auto &[name, tensor] : original.tensors) {
            const torch::Tensor *back = adapter.adapter.find(name);
            QVERIFY2(back && torch::equal(*back, tensor), name.c_str());
        }
        if (adapter.method.kind == MethodKind::Lora) {
            QCOMPARE(adapter.method.lora.rank, int64_t(2));
            QCOMPARE(adapter.method.lora.alpha, key.endsWith(QLatin1String("all")) ? 3.0 : 4.0);
        }
    }

    void mergedExportImportsBack_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("modelType");
        QTest::newRow("gpt2 lora") << "gpt2 lora-all" << "gpt2";
        QTest::newRow("gpt2 full") << "gpt2 full" << "gpt2";
        QTest::newRow("llama lora") << "llama lora-qv" << "llama";
        QTest::newRow("llama full") << "llama full" << "llama";
        QTest::newRow("byte-level base of ours, lora") << "byte lora" << "gpt2";
        QTest::newRow("gpt2 ia3") << "gpt2 ia3" << "gpt2";
        QTest::newRow("llama ia3") << "llama ia3" << "llama";
        QTest::newRow("gpt2 dora") << "gpt2 dora" << "gpt2";
        QTest::newRow("llama dora") << "llama dora" << "llama";
        QTest::newRow("gpt2 bitfit") << "gpt2 bitfit" << "gpt2";
        QTest::newRow("llama last_layers") << "llama last" << "llama";
    }

    void mergedExportImportsBack()
    {
        QFETCH(QString, key);
        QFETCH(QString, modelType);
        const QString out = path(QStringLiteral("merged ") + key);
        const RunExportResult result = exportTo(key, ExportFormat::MergedModel, out);
        QVERIFY(result.files.contains(QStringLiteral("model.safetensors")));
        QVERIFY(result.files.contains(QStringLiteral("config.json")));
        QVERIFY(result.files.contains(QStringLiteral("tokenizer.json")));
        const HfImportedModel imported = importHfModel(out);
        QCOMPARE(imported.summary.config.modelType, modelType);
        const TunedModel tuned = loadRunModel(m_database, run(key));
        QVERIFY(imported.summary.config.model == tuned.base.config);
        Transformer model(imported.summary.config.model);
        model->loadWeights(imported.weights);
        model->eval();
        torch::NoGradGuard noGrad;
        const torch::Tensor got = model->forward(probeIds()), expected = logitsOf(tuned);
        QVERIFY2(torch::allclose(got, expected, 0, 1e-5), qPrintable(QStringLiteral("max difference %1").arg((got - expected).abs().max().item<double>())));
        // The weights did change: a merged model is not its base.
        const TunedModel base = loadTunedModel(tuned.base.reference, m_database, 0);
        QVERIFY((logitsOf(base) - expected).abs().max().item<double>() > 1e-5);
        if (key.startsWith(QLatin1String("byte"))) {
            // Our byte tokenizer, spelled as byte-level BPE without merges: the same ids.
            const std::string text = "The cat's 3 naïve dogs — 🐈\n";
            QCOMPARE(imported.summary.tokenizer->encode(text), ByteTokenizer().encode(text));
            QCOMPARE(imported.summary.tokenizer->bosId(), ByteTokenizer::kBosId);
            QCOMPARE(imported.summary.tokenizer->eosId(), ByteTokenizer::kEosId);
            QFile readme(out + QStringLiteral("/README.txt"));
            QVERIFY(readme.open(QIODevice::ReadOnly));
            QVERIFY(readme.readAll().contains("byte-level with a vocabulary of 259"));
        } else {
            QFile original(hfFolder(key.section(' ', 0, 0)) + QStringLiteral("/tokenizer.json"));
            QFile copied(out + QStringLiteral("/tokenizer.json"));
            QVERIFY(original.open(QIODevice::ReadOnly) && copied.open(QIODevice::ReadOnly));
            QCOMPARE(copied.readAll(), original.readAll());
        }
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("runId");   // used when key is empty
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown run") << "" << 9999 << int(ExportFormat::PeftAdapter) << "run 9999: no such run";
        QTest::newRow("full run as adapter") << "gpt2 full" << 0 << int(ExportFormat::PeftAdapter)
                                             << "fine-tuned the whole model (method full), so it has no adapter; export it with --format merged";
        QTest::newRow("prompt tuning merged") << "llama prompt" << 0 << int(ExportFormat::MergedModel)
                                              << "virtual tokens are extra inputs, not a change to any weight";
        QTest::newRow("bitfit as adapter") << "gpt2 bitfit" << 0 << int(ExportFormat::PeftAdapter)
                                           << "is bitfit, which trains the model's own weights and has no PEFT adapter type";
        QTest::newRow("last_layers as adapter") << "llama last" << 0 << int(ExportFormat::PeftAdapter)
                                                << "is last_layers, which trains the model's own weights";
        QTest::newRow("prefix tuning merged") << "gpt2 prefix" << 0 << int(ExportFormat::MergedModel)
                                              << "is prefix tuning: its virtual tokens are extra inputs";
        QTest::newRow("adapter file gone") << "byte doomed" << 0 << int(ExportFormat::PeftAdapter) << "no saved adapter or model";
        QTest::newRow("not completed") << "queued" << 0 << int(ExportFormat::PeftAdapter) << "is queued, not completed";
    }

    void refusals()
    {
        QFETCH(QString, key);
        QFETCH(int, runId);
        QFETCH(int, format);
        QFETCH(QString, expected);
        if (key == QLatin1String("byte doomed")) {
            RunStore store(m_database);
            for (const ArtifactRecord &a : store.artifacts(run(key)))
                if (a.kind == QLatin1String("adapter"))
                    QFile::remove(a.path);
        }
        if (key == QLatin1String("queued") && !m_runs.count(key)) {
            const QString file = writeFile(QDir(m_dir.path()), QStringLiteral("queued.yaml"),
                                           experiment("file:tiny.pwbc", "  - {name: waiting, method: lora}\n"));
            RunStore store(m_database);
            m_runs[key] = submitExperiment(store, loadExperimentConfig(file)).runIds.front();
        }
        RunExportRequest request;
        request.databasePath = m_database;
        request.runId = key.isEmpty() ? runId : run(key);
        request.format = ExportFormat(format);
        request.outputFolder = path(QStringLiteral("refused"));
        try {
            exportRun(request);
            QFAIL("exported");
        } catch (const RunExportError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(expected), e.what());
        }
        QVERIFY(!QFileInfo::exists(request.outputFolder));
        QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("refused*")}, QDir::AllEntries | QDir::Hidden), QStringList{});
    }

    void existingFolderIsReplacedOnlyWithForce()
    {
        const QString out = path(QStringLiteral("occupied"));
        QDir().mkpath(out);
        writeFile(QDir(out), QStringLiteral("keep.txt"), "mine");
        RunExportRequest request;
        request.databasePath = m_database;
        request.runId = run(QStringLiteral("gpt2 lora-qv"));
        request.outputFolder = out;
        try {
            exportRun(request);
            QFAIL("exported over a folder that is not empty");
        } catch (const RunExportError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("exists and is not empty")), e.what());
        }
        QVERIFY(QFileInfo::exists(out + QStringLiteral("/keep.txt")));
        request.force = true;
        exportRun(request);
        QVERIFY(!QFileInfo::exists(out + QStringLiteral("/keep.txt")));
        QCOMPARE(QDir(out).entryList(QDir::Files), (QStringList{"adapter_config.json", "adapter_model.safetensors"}));
        // An empty folder needs no force.
        const QString empty = path(QStringLiteral("empty"));
        QDir().mkpath(empty);
        request.force = false;
        request.outputFolder = empty;
        exportRun(request);
        QVERIFY(QFileInfo::exists(empty + QStringLiteral("/adapter_config.json")));
        QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("*.export-*")}, QDir::AllEntries | QDir::Hidden), QStringList{});
    }

    void importRefusesWhatItCannotRepresent_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("edit");
        QTest::addColumn<QString>("expected");
        QTest::newRow("another method") << "llama lora-qv" << "peft_type=LOHA"
                                        << "'peft_type' is \"LOHA\", expected \"LORA\", \"PROMPT_TUNING\", \"IA3\" or \"PREFIX_TUNING\"";
        QTest::newRow("LoRA read as IA3") << "llama lora-qv" << "peft_type=IA3" << "lora_A.weight is not an IA3 vector of a llama model";
        QTest::newRow("another task") << "llama lora-qv" << "task_type=SEQ_CLS" << "'task_type' is \"SEQ_CLS\", expected \"CAUSAL_LM\"";
        QTest::newRow("trained biases") << "llama lora-qv" << "bias=all" << "'bias' is \"all\", expected \"none\"";
        QTest::newRow("DoRA without magnitudes") << "llama lora-qv" << "use_dora=true"
                                                 << "module model.layers.0.self_attn.q_proj has no lora_magnitude_vector, which 'use_dora' true needs";
        QTest::newRow("DoRA magnitudes without use_dora") << "llama dora" << "use_dora=false" << "'use_dora' is false, but";
        QTest::newRow("IA3 feedforward") << "llama ia3" << "feedforward_modules=[\"v_proj\"]" << "which selects model.layers.0.self_attn.v_proj; our IA3 scales the input of exactly the MLP's down projections";
        QTest::newRow("prefix width") << "llama prefix" << "token_dim=32" << "'token_dim' is 32, expected 16 (key/value heads";
        QTest::newRow("rank pattern dropped") << "gpt2 lora-all" << "rank_pattern={}"
                                              << "module transformer.h.0.attn.c_attn: lora_A is [6, 32] and lora_B [96, 6], expected [2, 32]";
        QTest::newRow("target_modules misses one") << "llama lora-qv" << "target_modules=[\"q_proj\"]" << "which does not select model.layers.0.self_attn.v_proj";
        QTest::newRow("token_dim") << "gpt2 prompt" << "token_dim=64" << "'token_dim' is 64, expected 32, the base model's hidden size";
        QTest::newRow("renamed tensor") << "llama lora-qv" << "rename" << "tensor base_model.model.model.layers.0.self_attn.q_proj.lora_A.default.weight is not a LoRA matrix";
        QTest::newRow("one layer missing") << "llama lora-qv" << "drop layer 1 v" << "layer 0 adapts q,v but layer 1 adapts q";
        QTest::newRow("dense c_attn beside rank-2 modules") << "gpt2 lora-all" << "dense c_attn"
                                                            << "is not split into blocks of rank 2 by part";
        QTest::newRow("no weights") << "llama prompt" << "delete weights" << "adapter_model.safetensors: missing";
    }

    void importRefusesWhatItCannotRepresent()
    {
        QFETCH(QString, key);
        QFETCH(QString, edit);
        QFETCH(QString, expected);
        const QString out = path(QStringLiteral("tampered %1 %2").arg(key, QString::fromLatin1(QTest::currentDataTag())));
        exportTo(key, ExportFormat::PeftAdapter, out);
        const QString configPath = out + QStringLiteral("/adapter_config.json");
        const QString weightsPath = out + QStringLiteral("/adapter_model.safetensors");
        auto rewriteTensors = [&](const std::function<void(std::vector<std::pair<std::string, torch::Tensor>> &)> &change) {
            std::vector<std::pair<std::string, torch::Tensor>> tensors;
            {
                const SafetensorsReader reader(weightsPath);
                for (const std::string &name : reader.names())
                    tensors.emplace_back(name, reader.tensor(name));
            }
            change(tensors);
            writeSafetensors(weightsPath, tensors);
        };
        if (edit.contains(QLatin1Char('='))) {
            QJsonObject c = readJson(configPath);
            const QString value = edit.section(QLatin1Char('='), 1);
            const QJsonDocument parsed = QJsonDocument::fromJson(("[" + value + "]").toUtf8());
            c.insert(edit.section(QLatin1Char('='), 0, 0), parsed.isArray() ? parsed.array().at(0) : QJsonValue(value));
            writeJson(configPath, c);
        } else if (edit == QLatin1String("rename")) {
            rewriteTensors([](auto &tensors) {
                std::string &name = tensors.front().first;
                name.replace(name.find(".weight"), 7, ".default.weight");
            });
        } else if (edit == QLatin1String("drop layer 1 v")) {
            rewriteTensors([](auto &tensors) {
                tensors.erase(std::remove_if(tensors.begin(), tensors.end(),
                                             [](const auto &t) { return t.first.find("layers.1.self_attn.v_proj") != std::string::npos; }),
                              tensors.end());
            });
        } else if (edit == QLatin1String("dense c_attn")) {
            rewriteTensors([](auto &tensors) {
                for (auto &[name, t] : tensors)
                    if (name.find("c_attn.lora_B") != std::string::npos)
                        t = torch::ones_like(t);
            });
        } else if (edit == QLatin1String("delete weights")) {
            QFile::remove(weightsPath);
        }
        const TunedModel tuned = loadRunModel(m_database, run(key));
        try {
            readPeftAdapter(out, tuned.base.config);
            QFAIL("imported");
        } catch (const FileFormatError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(expected), e.what());
        }
    }

    // A LoRA over the whole c_attn, as Python PEFT trains it on GPT-2, is three LoRAs sharing A.
    void denseGpt2AttentionLoraImportsAsSharedA()
    {
        const QString out = path(QStringLiteral("dense c_attn"));
        exportTo(QStringLiteral("gpt2 lora-qv"), ExportFormat::PeftAdapter, out);
        const QString weightsPath = out + QStringLiteral("/adapter_model.safetensors");
        std::vector<std::pair<std::string, torch::Tensor>> tensors;
        {
            const SafetensorsReader reader(weightsPath);
            for (const std::string &name : reader.names())
                tensors.emplace_back(name, reader.tensor(name));
        }
        for (auto &[name, t] : tensors)
            if (name.find("lora_B") != std::string::npos)
                t = torch::randn(t.sizes(), torch::TensorOptions().dtype(torch::kFloat)) * 0.1;
        writeSafetensors(weightsPath, tensors);
        const TunedModel base = loadTunedModel(QStringLiteral("hf:") + hfFolder(QStringLiteral("gpt2")), m_database, 0);
        const PeftAdapter adapter = readPeftAdapter(out, base.base.config);
        QCOMPARE(adapter.method.lora.rank, int64_t(4));
        QCOMPARE(adapter.method.lora.targets, (std::vector<std::string>{"q", "k", "v"}));
        const TunedModel imported = loadPeftTunedModel(QStringLiteral("hf:") + hfFolder(QStringLiteral("gpt2")), out);
        const auto layers = imported.method->model()->linearLayers();
        const QJsonObject c = readJson(out + QStringLiteral("/adapter_config.json"));
        const double scaling = c.value("lora_alpha").toDouble() / c.value("r").toDouble();
        const SafetensorsReader reader(weightsPath);
        const torch::Tensor delta = torch::matmul(reader.tensor("base_model.model.transformer.h.1.attn.c_attn.lora_B.weight"),
                                                  reader.tensor("base_model.model.transformer.h.1.attn.c_attn.lora_A.weight"))
                                    * scaling;
        const torch::Tensor ours = torch::cat({loraDelta(layers.at("blocks.1.attn.q")), loraDelta(layers.at("blocks.1.attn.k")),
                                               loraDelta(layers.at("blocks.1.attn.v"))});
        QVERIFY(torch::allclose(ours, delta, 1e-6, 1e-7));
    }

    void dialogOffersTheRunsFormatsAndShowsRefusals()
    {
        ExportModelDialog prompt(m_database, run(QStringLiteral("gpt2 prompt")), QStringLiteral("prompt_tuning"));
        QVERIFY(prompt.formatAvailable(ExportModelDialog::Format::PeftAdapter));
        QVERIFY(!prompt.formatAvailable(ExportModelDialog::Format::MergedModel));
        ExportModelDialog full(m_database, run(QStringLiteral("gpt2 full")), QStringLiteral("full"));
        QVERIFY(full.format() == ExportModelDialog::Format::MergedModel);
        QVERIFY(!full.formatAvailable(ExportModelDialog::Format::PeftAdapter));

        const QString out = path(QStringLiteral("dialog"));
        QDir().mkpath(out);
        writeFile(QDir(out), QStringLiteral("keep.txt"), "mine");
        prompt.setOutputFolder(out);
        prompt.setBaseModelName(QStringLiteral("my-org/tiny-gpt2"));
        QVERIFY(!prompt.exportModel());
        QVERIFY2(prompt.errorText().contains(QStringLiteral("exists and is not empty")), qPrintable(prompt.errorText()));
        prompt.setReplaceExisting(true);
        QVERIFY2(prompt.exportModel(), qPrintable(prompt.errorText()));
        QCOMPARE(prompt.errorText(), QString());
        QVERIFY(prompt.resultText().contains(out));
        QCOMPARE(readJson(out + QStringLiteral("/adapter_config.json")).value("base_model_name_or_path").toString(),
                 QStringLiteral("my-org/tiny-gpt2"));
    }
};

QTEST_MAIN(TestPeftExport)
#include "test_peft_export.moc"
