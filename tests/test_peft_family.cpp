// The rest of the PEFT family (issue 12): prefix tuning, IA3, DoRA, BitFit and last_layers, and
// LoRA's rsLoRA / Gaussian / PiSSA / rank_pattern options. Each method leaves the model's output
// unchanged at initialisation where it says it does, merges exactly, trains only its own
// parameters, saves and loads its adapter, resumes, and trains the built-in model above the
// majority baseline on the spam task in a short run.
#include "TrainingFixtures.h"

#include "data/BuiltinDatasets.h"
#include "experiment/BaseModels.h"
#include "experiment/ExperimentData.h"
#include "methods/BitFitMethod.h"
#include "methods/LastLayersMethod.h"
#include "methods/LoraMethod.h"
#include "methods/PrefixTuningMethod.h"
#include "system/ComputeEnvironment.h"
#include "system/DataDirectory.h"

#include <torch/torch.h>

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <set>

using namespace peftbench;
using namespace peftbench::testing;

Q_DECLARE_METATYPE(peftbench::MethodSettings)
Q_DECLARE_METATYPE(peftbench::ModelFamily)
Q_DECLARE_METATYPE(peftbench::MethodKind)

namespace {

MethodSettings settingsFor(MethodKind kind)
{
    MethodSettings s;
    s.kind = kind;
    s.lora.rank = 4;
    s.prefixTuning.numVirtualTokens = 6;
    return s;
}

// A tiny model with trained-looking weights: nonzero biases and norms, so BitFit's and IA3's
// changes are visible and identities are not trivially true.
Transformer tinyModel(ModelFamily family, uint64_t seed = 3)
{
    Transformer model(tinyConfig(family));
    model->initializeWeights(seed);
    torch::NoGradGuard noGrad;
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed + 1);
    for (auto &item : model->named_parameters())
        if (item.key().find("norm") != std::string::npos || item.key().find(".bias") != std::string::npos)
            item.value().add_(at::normal(0.0, 0.1, item.value().sizes(), gen));
    model->eval();
    return model;
}

torch::Tensor sampleIds(int64_t batch = 2, int64_t length = 12, uint64_t seed = 5)
{
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    return at::randint(0, 256, {batch, length}, gen, torch::kLong);
}

// Every trainable tensor gets a random push, as training would give it.
void perturb(const std::vector<torch::Tensor> &trainable, uint64_t seed = 11)
{
    torch::NoGradGuard noGrad;
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    for (const auto &t : trainable)
        const_cast<torch::Tensor &>(t).add_(at::normal(0.0, 0.05, t.sizes(), gen).to(t.dtype()));
}

double maxDifference(const torch::Tensor &a, const torch::Tensor &b)
{
    return (a - b).abs().max().item<double>();
}

std::map<std::string, torch::Tensor> snapshot(const torch::nn::Module &module)
{
    std::map<std::string, torch::Tensor> values;
    for (const auto &item : module.named_parameters())
        values[item.key()] = item.value().detach().clone();
    return values;
}

}  // namespace

class TestPeftFamily : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { applyComputeSettings({2}); }

    void initialisationLeavesTheOutputUnchanged_data()
    {
        QTest::addColumn<MethodSettings>("settings");
        QTest::addColumn<ModelFamily>("family");
        for (ModelFamily family : {ModelFamily::Gpt2, ModelFamily::Llama}) {
            const QString f = modelFamilyName(family);
            MethodSettings ia3 = settingsFor(MethodKind::Ia3);
            ia3.ia3.targets = {"q", "k", "v", "o", "up", "down"};
            MethodSettings dora = settingsFor(MethodKind::Dora);
            dora.lora.targets = {"q", "k", "v", "o", "up", "down"};
            MethodSettings gaussian = settingsFor(MethodKind::Lora);
            gaussian.lora.init = LoraInit::Gaussian;
            MethodSettings pissa = settingsFor(MethodKind::Lora);
            pissa.lora.init = LoraInit::Pissa;
            pissa.lora.targets = {"q", "v", "down"};
            MethodSettings pattern = settingsFor(MethodKind::Lora);
            pattern.lora.rslora = true;
            pattern.lora.targets = {"q", "v"};
            pattern.lora.rankPattern = {{"v", 2}};
            MethodSettings doraPissa = dora;
            doraPissa.lora.init = LoraInit::Pissa;
            MethodSettings bitfit = settingsFor(MethodKind::BitFit);
            bitfit.bitFit.normWeights = true;
            MethodSettings last = settingsFor(MethodKind::LastLayers);
            last.lastLayers = {1, true};
            QTest::newRow(qPrintable(f + QStringLiteral(" ia3"))) << ia3 << family;
            QTest::newRow(qPrintable(f + QStringLiteral(" dora"))) << dora << family;
            QTest::newRow(qPrintable(f + QStringLiteral(" dora pissa"))) << doraPissa << family;
            QTest::newRow(qPrintable(f + QStringLiteral(" lora gaussian"))) << gaussian << family;
            QTest::newRow(qPrintable(f + QStringLiteral(" lora pissa"))) << pissa << family;
            QTest::newRow(qPrintable(f + QStringLiteral(" lora rslora rank_pattern"))) << pattern << family;
            QTest::newRow(qPrintable(f + QStringLiteral(" bitfit"))) << bitfit << family;
            QTest::newRow(qPrintable(f + QStringLiteral(" last_layers"))) << last << family;
        }
    }

    void initialisationLeavesTheOutputUnchanged()
    {
        QFETCH(MethodSettings, settings);
        QFETCH(ModelFamily, family);
        Transformer model = tinyModel(family);
        const torch::Tensor ids = sampleIds();
        torch::NoGradGuard noGrad;
        const torch::Tensor before = model->forward(ids);
        auto method = createMethod(settings);
        const std::vector<torch::Tensor> trainable = method->apply(model, 1);
        QVERIFY(!trainable.empty());
        model->eval();
        const double difference = maxDifference(method->logits(ids), before);
        QVERIFY2(difference < 2e-5, qPrintable(QString::number(difference)));
    }

    // rank_pattern gives each module its rank; rsLoRA scales by alpha/sqrt(r) of that rank.
    void rankPatternAndRsLoraShapeTheAdapters()
    {
        Transformer model = tinyModel(ModelFamily::Llama);
        LoraSettings s;
        s.rank = 4;
        s.alpha = 8;
        s.rslora = true;
        s.targets = {"q", "v"};
        s.rankPattern = {{"v", 2}};
        LoraMethod lora(s);
        lora.apply(model, 1);
        const auto layers = model->linearLayers();
        const auto *q = static_cast<const LoraAdapterImpl *>(layers.at("blocks.0.attn.q")->adapter());
        const auto *v = static_cast<const LoraAdapterImpl *>(layers.at("blocks.0.attn.v")->adapter());
        QCOMPARE(q->rank(), int64_t(4));
        QCOMPARE(v->rank(), int64_t(2));
        QCOMPARE(q->scale(), 8.0 / 2.0);
        QCOMPARE(v->scale(), 8.0 / std::sqrt(2.0));
        // A pattern for a module LoRA does not adapt is an error that names it.
        s.rankPattern = {{"k", 2}};
        LoraMethod wrong(s);
        Transformer other = tinyModel(ModelFamily::Llama);
        try {
            wrong.apply(other, 1);
            QFAIL("rank_pattern for an unadapted module was accepted");
        } catch (const std::invalid_argument &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("rank_pattern names k")), e.what());
        }
    }

    // PiSSA: A and B are the top singular directions, and the residual weight keeps the rest.
    void pissaStartsFromTheSingularVectors()
    {
        Transformer model = tinyModel(ModelFamily::Gpt2);
        const torch::Tensor original = model->linearLayers().at("blocks.0.attn.q")->weight.detach().clone();
        LoraSettings s;
        s.rank = 4;
        s.init = LoraInit::Pissa;
        LoraMethod lora(s);
        lora.apply(model, 1);
        const AdaptableLinear q = model->linearLayers().at("blocks.0.attn.q");
        const auto *adapter = static_cast<const LoraAdapterImpl *>(q->adapter());
        const auto spectralNorm = [](const torch::Tensor &m) { return torch::linalg::svdvals(m, c10::nullopt)[0].item<double>(); };
        const torch::Tensor sv = torch::linalg::svdvals(original, c10::nullopt);
        // ‖scale·B A‖₂ is the largest singular value; the residual's is the (r+1)-th.
        QVERIFY(std::abs(spectralNorm(adapter->weightDelta().detach()) - sv[0].item<double>()) < 1e-4);
        QVERIFY(std::abs(spectralNorm(q->weight.detach()) - sv[4].item<double>()) < 1e-4);
    }

    void mergedEqualsUnmerged_data()
    {
        QTest::addColumn<MethodSettings>("settings");
        QTest::addColumn<ModelFamily>("family");
        for (ModelFamily family : {ModelFamily::Gpt2, ModelFamily::Llama}) {
            const QString f = modelFamilyName(family);
            MethodSettings ia3 = settingsFor(MethodKind::Ia3);
            ia3.ia3.targets = {"q", "k", "v", "o", "up", "down"};
            MethodSettings dora = settingsFor(MethodKind::Dora);
            dora.lora.targets = {"q", "k", "v", "o", "up", "down"};
            MethodSettings pissa = settingsFor(MethodKind::Lora);
            pissa.lora.init = LoraInit::Pissa;
            QTest::newRow(qPrintable(f + QStringLiteral(" ia3"))) << ia3 << family;
            QTest::newRow(qPrintable(f + QStringLiteral(" dora"))) << dora << family;
            QTest::newRow(qPrintable(f + QStringLiteral(" lora pissa"))) << pissa << family;
        }
    }

    void mergedEqualsUnmerged()
    {
        QFETCH(MethodSettings, settings);
        QFETCH(ModelFamily, family);
        Transformer model = tinyModel(family);
        auto method = createMethod(settings);
        perturb(method->apply(model, 1));
        model->eval();
        QVERIFY(method->canMerge());
        const torch::Tensor ids = sampleIds();
        torch::NoGradGuard noGrad;
        const std::map<std::string, torch::Tensor> weights = snapshot(*model);
        const torch::Tensor unmerged = method->logits(ids);
        QVERIFY(maxDifference(unmerged, tinyModel(family)->forward(ids)) > 1e-3);   // the adapter does something
        method->merge();
        const double merged = maxDifference(method->logits(ids), unmerged);
        QVERIFY2(merged < 5e-5, qPrintable(QString::number(merged)));
        method->unmerge();
        QVERIFY(maxDifference(method->logits(ids), unmerged) < 5e-5);
        for (const auto &item : model->named_parameters())
            QVERIFY2(maxDifference(item.value(), weights.at(item.key())) < 1e-5, item.key().c_str());
    }

    // After a few optimizer steps, exactly the method's own parameters differ from their start.
    void onlyTheIntendedParametersChange_data()
    {
        QTest::addColumn<MethodSettings>("settings");
        QTest::addColumn<QStringList>("changing");   // name patterns of the model's parameters that must change
        MethodSettings last = settingsFor(MethodKind::LastLayers);
        last.lastLayers = {1, false};
        MethodSettings lastHead = last;
        lastHead.lastLayers.head = true;
        MethodSettings bitfitNorms = settingsFor(MethodKind::BitFit);
        bitfitNorms.bitFit.normWeights = true;
        QTest::newRow("prefix_tuning") << settingsFor(MethodKind::PrefixTuning) << QStringList{};
        QTest::newRow("ia3") << settingsFor(MethodKind::Ia3) << QStringList{"\\.ia3\\.scale$"};
        QTest::newRow("dora") << settingsFor(MethodKind::Dora) << QStringList{"\\.lora\\.(A|B|magnitude)$"};
        QTest::newRow("bitfit") << settingsFor(MethodKind::BitFit) << QStringList{"\\.bias$"};
        QTest::newRow("bitfit norm_weights") << bitfitNorms << QStringList{"\\.bias$", "norm.*\\.weight$"};
        QTest::newRow("last_layers") << last << QStringList{"^blocks\\.1\\."};
        QTest::newRow("last_layers head") << lastHead << QStringList{"^blocks\\.1\\.", "^final_norm\\.", "^tok_emb\\."};
    }

    void onlyTheIntendedParametersChange()
    {
        QFETCH(MethodSettings, settings);
        QFETCH(QStringList, changing);
        TrainRequest r = tinyRequest(settings.kind, ModelFamily::Gpt2, 4);
        r.method = settings;
        r.baseWeights = pretrainedTinyBase(ModelFamily::Gpt2);
        r.params.evalEvery = 1000;
        r.params.evalMaxExamples = 4;
        std::atomic<bool> cancel{false};
        const TrainResult result = trainRun(r, nullptr, cancel);
        QVERIFY2(result.status == RunStatus::Completed, qPrintable(result.error));

        // The same method applied to the same base with the same seed is the starting point.
        Transformer start(r.baseConfig);
        start->loadWeights(*r.baseWeights);
        auto fresh = createMethod(settings);
        fresh->apply(start, r.params.seed);
        const std::map<std::string, torch::Tensor> before = snapshot(*start);
        const std::map<std::string, torch::Tensor> after = snapshot(*result.method->model());
        QCOMPARE(after.size(), before.size());
        int changed = 0;
        for (const auto &[name, value] : before) {
            bool intended = false;
            for (const QString &pattern : changing)
                intended = intended || QRegularExpression(pattern).match(QString::fromStdString(name)).hasMatch();
            const bool differs = !torch::equal(value, after.at(name));
            QVERIFY2(differs == intended, qPrintable(QStringLiteral("%1 %2").arg(QString::fromStdString(name),
                                                                                 differs ? QStringLiteral("changed") : QStringLiteral("did not change"))));
            changed += differs;
        }
        if (settings.kind == MethodKind::PrefixTuning) {
            auto *prefix = dynamic_cast<PrefixTuningMethod *>(result.method.get());
            auto *initial = dynamic_cast<PrefixTuningMethod *>(fresh.get());
            QVERIFY(!torch::equal(prefix->prefixTable(), initial->prefixTable()));
        } else {
            QVERIFY(changed > 0);
            QCOMPARE(result.summary.trainableParams, [&] {
                int64_t n = 0;
                for (const auto &[name, value] : before)
                    if (!torch::equal(value, after.at(name)))
                        n += value.numel();
                return n;
            }());
        }
    }

    // A prefix made of real tokens' keys and values is those tokens in front of the sequence:
    // with GPT-2's learned positions exactly so; with RoPE for one token at position 0 (the
    // prefix keys are not rotated, and rotation by 0 is none). Also grouped-query attention.
    void aPrefixOfRealKeysAndValuesIsThoseTokensInFront_data()
    {
        QTest::addColumn<ModelFamily>("family");
        QTest::addColumn<int>("n");
        QTest::newRow("gpt2 n=5") << ModelFamily::Gpt2 << 5;
        QTest::newRow("llama gqa n=1") << ModelFamily::Llama << 1;
    }

    void aPrefixOfRealKeysAndValuesIsThoseTokensInFront()
    {
        QFETCH(ModelFamily, family);
        QFETCH(int, n);
        Transformer model = tinyModel(family);
        torch::NoGradGuard noGrad;
        const torch::Tensor front = sampleIds(1, n, 9);
        const torch::Tensor ids = sampleIds(1, 10, 10);
        const torch::Tensor expected = model->forward(torch::cat({front, ids}, 1)).narrow(1, n, 10);
        const torch::Tensor got = model->forwardEmbeddings(model->embed(ids), model->keysAndValues(front));
        QVERIFY2(maxDifference(got, expected) < 1e-5, qPrintable(QString::number(maxDifference(got, expected))));
    }

    // Gradient checkpointing recomputes each block with its prefix: same loss and prefix gradient.
    void prefixTuningUnderGradientCheckpointing_data()
    {
        QTest::addColumn<bool>("projection");
        QTest::newRow("table") << false;
        QTest::newRow("projection") << true;
    }

    void prefixTuningUnderGradientCheckpointing()
    {
        QFETCH(bool, projection);
        std::vector<torch::Tensor> grads[2];
        double losses[2];
        for (int checkpoint = 0; checkpoint < 2; ++checkpoint) {
            Transformer model = tinyModel(ModelFamily::Llama);
            PrefixTuningSettings s;
            s.numVirtualTokens = 4;
            s.projection = projection;
            s.projectionHidden = 16;
            PrefixTuningMethod method(s);
            const std::vector<torch::Tensor> trainable = method.apply(model, 2);
            model->train();
            model->setActivationCheckpointing(checkpoint == 1);
            const torch::Tensor ids = sampleIds(2, 12);
            const torch::Tensor loss = method.logits(ids).logsumexp(-1).mean();
            loss.backward();
            losses[checkpoint] = loss.item<double>();
            for (const auto &t : trainable)
                grads[checkpoint].push_back(t.grad().clone());
        }
        QVERIFY(std::abs(losses[0] - losses[1]) < 1e-6);
        for (size_t i = 0; i < grads[0].size(); ++i) {
            QVERIFY(grads[0][i].abs().max().item<double>() > 0);
            QVERIFY(maxDifference(grads[0][i], grads[1][i]) < 1e-6);
        }
    }

    void adapterFileRoundTrip_data()
    {
        QTest::addColumn<MethodSettings>("settings");
        MethodSettings projected = settingsFor(MethodKind::PrefixTuning);
        projected.prefixTuning.projection = true;
        projected.prefixTuning.projectionHidden = 16;
        MethodSettings pissa = settingsFor(MethodKind::Lora);
        pissa.lora.init = LoraInit::Pissa;
        pissa.lora.rankPattern = {{"q", 2}};
        QTest::newRow("prefix_tuning") << settingsFor(MethodKind::PrefixTuning);
        QTest::newRow("prefix_tuning projection") << projected;
        QTest::newRow("ia3") << settingsFor(MethodKind::Ia3);
        QTest::newRow("dora") << settingsFor(MethodKind::Dora);
        QTest::newRow("lora pissa rank_pattern") << pissa;
        QTest::newRow("bitfit") << settingsFor(MethodKind::BitFit);
        QTest::newRow("last_layers") << settingsFor(MethodKind::LastLayers);
    }

    void adapterFileRoundTrip()
    {
        QFETCH(MethodSettings, settings);
        for (ModelFamily family : {ModelFamily::Gpt2, ModelFamily::Llama}) {
            if (settings.kind == MethodKind::BitFit && family == ModelFamily::Llama)
                settings.bitFit.normWeights = true;   // tinyConfig's Llama has no biases
            Transformer trained = tinyModel(family);
            auto method = createMethod(settings);
            perturb(method->apply(trained, 1));
            const QString path = QDir(QDir::tempPath()).filePath(QStringLiteral("peft-family-%1.pwbc").arg(QCoreApplication::applicationPid()));
            writeTensorFile(path, method->adapterFile());
            Transformer other = tinyModel(family);
            auto loaded = createMethod(settings);
            loaded->apply(other, 99);
            loaded->loadAdapter(readTensorFile(path));
            QFile::remove(path);
            trained->eval();
            other->eval();
            torch::NoGradGuard noGrad;
            const torch::Tensor ids = sampleIds();
            QVERIFY(maxDifference(loaded->logits(ids), method->logits(ids)) < 1e-6);
            // Another method's file is refused with a message naming the method.
            auto lora = createMethod(settingsFor(settings.kind == MethodKind::Lora ? MethodKind::Ia3 : MethodKind::Lora));
            Transformer third = tinyModel(family);
            lora->apply(third, 1);
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument, lora->loadAdapter(method->adapterFile()));
        }
    }

    void bitFitWithoutBiasesSaysSo()
    {
        Transformer model = tinyModel(ModelFamily::Llama);   // tinyConfig's Llama: no q/k/v bias
        BitFitMethod bitfit(BitFitSettings{false});
        try {
            bitfit.apply(model, 1);
            QFAIL("BitFit on a model without biases was accepted");
        } catch (const std::invalid_argument &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("bitfit.norm_weights")), e.what());
        }
        LastLayersMethod tooMany(LastLayersSettings{3, false});
        try {
            tooMany.apply(model, 1);
            QFAIL("last_layers beyond the model's blocks was accepted");
        } catch (const std::invalid_argument &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("last_layers.layers = 3 is outside 1..2")), e.what());
        }
    }

    // A cancelled run resumes from its checkpoint onto the same loss curve, bit for bit.
    void resumeContinuesTheSameCurve_data()
    {
        QTest::addColumn<MethodKind>("method");
        for (MethodKind kind : {MethodKind::PrefixTuning, MethodKind::Ia3, MethodKind::Dora, MethodKind::BitFit, MethodKind::LastLayers})
            QTest::newRow(qPrintable(methodKindName(kind))) << kind;
    }

    void resumeContinuesTheSameCurve()
    {
        QFETCH(MethodKind, method);
        QTemporaryDir dir;
        TrainRequest request = tinyRequest(method, ModelFamily::Llama, 8);
        request.method.bitFit.normWeights = true;   // tinyConfig's Llama has no biases
        request.method.lastLayers.layers = 1;
        request.params.evalEvery = 1000;
        request.params.evalMaxExamples = 4;
        request.checkpointEvery = 100;
        std::atomic<bool> never{false};
        RecordingObserver whole;
        request.checkpointPath = dir.filePath(QStringLiteral("whole.pwbc"));
        QVERIFY(trainRun(request, &whole, never).status == RunStatus::Completed);

        request.checkpointPath = dir.filePath(QStringLiteral("part.pwbc"));
        std::atomic<bool> cancel{false};
        RecordingObserver first;
        first.afterStep = [&](const StepMetrics &m) {
            if (m.step == 4)
                cancel = true;
        };
        QCOMPARE(trainRun(request, &first, cancel).status, RunStatus::Cancelled);
        request.resume = true;
        RecordingObserver second;
        const TrainResult resumed = trainRun(request, &second, never);
        QVERIFY2(resumed.status == RunStatus::Completed, qPrintable(resumed.error));
        QCOMPARE(second.steps.front().step, int64_t(5));
        for (const StepMetrics &m : second.steps)
            QCOMPARE(m.trainLoss, whole.steps[size_t(m.step - 1)].trainLoss);
    }

    // The built-in model on the spam task: a short run of 16 mails per step cut to 48 bytes beats
    // the majority baseline (the test split is balanced: 360 mails, a coin's accuracy is
    // 0.5 ± 0.026, so the bar is three of those above it). Measured at these settings with
    // `peftbench run`: IA3 0.619, DoRA 0.728, last_layers 0.594 after 60 steps; BitFit and prefix
    // tuning were still at the majority after 60 and need 200 (0.667 and 0.631).
    void shortRunsBeatTheMajorityBaseline_data()
    {
        QTest::addColumn<MethodSettings>("settings");
        QTest::addColumn<double>("lr");
        QTest::addColumn<int>("steps");
        MethodSettings prefix = settingsFor(MethodKind::PrefixTuning);
        prefix.prefixTuning.numVirtualTokens = 10;
        MethodSettings dora = settingsFor(MethodKind::Dora);
        dora.lora.rank = 8;
        MethodSettings last = settingsFor(MethodKind::LastLayers);
        last.lastLayers = {1, false};
        QTest::newRow("prefix_tuning") << prefix << 3e-2 << 200;
        QTest::newRow("ia3") << settingsFor(MethodKind::Ia3) << 0.1 << 60;
        QTest::newRow("dora") << dora << 1e-2 << 60;
        QTest::newRow("bitfit") << settingsFor(MethodKind::BitFit) << 3e-2 << 200;
        QTest::newRow("last_layers") << last << 3e-3 << 60;
    }

    void shortRunsBeatTheMajorityBaseline()
    {
        QFETCH(MethodSettings, settings);
        QFETCH(double, lr);
        QFETCH(int, steps);
        static std::shared_ptr<TrainingData> data;
        static BaseModel base;
        if (!data) {
            QCoreApplication::setOrganizationName(QStringLiteral("peftbench"));
            QCoreApplication::setApplicationName(QStringLiteral("peftbench"));
            const QString directory = resolveDataDirectory(QString());
            if (!isBuiltinDatasetFetched(QStringLiteral("spam"), datasetCacheDirectory(directory)))
                QFAIL(qPrintable(QStringLiteral("the built-in dataset spam is not fetched; run: %1")
                                     .arg(fetchDatasetsCommand(datasetCacheDirectory(directory)))));
            base = loadBaseModel(QStringLiteral("builtin:byte-gpt"), {});
            DatasetSpec spec;
            spec.source = QStringLiteral("builtin:spam");
            spec.task = TaskKind::Classification;
            spec.maxLength = kMaxLength;
            data = tokenizeSplits(loadDatasetSplits(spec, directory, {}, *base.tokenizer, 42), spec, *base.tokenizer,
                                  spec.source);
        }
        std::map<int, int> perLabel;
        for (const TokenizedExample &e : data->test)
            ++perLabel[e.label];
        int most = 0;
        for (const auto &[label, count] : perLabel)
            most = std::max(most, count);
        const double n = double(data->test.size()), majority = double(most) / n;
        const double margin = 3.0 * std::sqrt(majority * (1 - majority) / n);

        TrainRequest r;
        r.baseConfig = base.config;
        r.baseWeights = base.weights;
        r.method = settings;
        r.data = data;
        r.params.steps = steps;
        r.params.batchSize = 16;
        r.params.lr = lr;
        r.params.schedule = LrScheduleKind::Linear;
        r.params.warmupSteps = steps / 10;
        r.params.evalEvery = 1000;
        r.params.evalMaxExamples = 16;
        r.params.threads = 2;
        r.params.seed = 42;
        QElapsedTimer timer;
        timer.start();
        std::atomic<bool> cancel{false};
        const TrainResult result = trainRun(r, nullptr, cancel);
        QVERIFY2(result.status == RunStatus::Completed, qPrintable(result.error));
        qInfo("%s: test accuracy %.4f (majority %.4f, needs > %.4f), %lld of %lld parameters train, %.1f s",
              qPrintable(methodKindName(settings.kind)), result.summary.testMetric, majority, majority + margin,
              static_cast<long long>(result.summary.trainableParams), static_cast<long long>(result.summary.totalParams),
              timer.elapsed() / 1000.0);
        QVERIFY2(result.summary.testMetric > majority + margin,
                 qPrintable(QStringLiteral("test accuracy %1 vs majority %2").arg(result.summary.testMetric).arg(majority)));
    }

private:
    static constexpr int kMaxLength = 48;
};

QTEST_GUILESS_MAIN(TestPeftFamily)
#include "test_peft_family.moc"
