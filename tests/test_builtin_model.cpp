// The built-in base model (issue 5): it ships in the executable, scores the held-out loss it
// claims on brown's test split, writes English words, and the default experiment fine-tunes it
// above the majority baseline with every method.
#include "TrainingFixtures.h"

#include "data/BuiltinDatasets.h"
#include "experiment/BaseModels.h"
#include "experiment/ConfigReader.h"
#include "experiment/ExperimentData.h"
#include "experiment/ExperimentSubmission.h"
#include "experiment/Pretraining.h"
#include "experiment/RunQueue.h"
#include "model/Generation.h"
#include "store/RunStore.h"
#include "system/ComputeEnvironment.h"
#include "system/DataDirectory.h"
#include "train/Evaluator.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace peftbench;
using namespace peftbench::testing;

class TestBuiltinModel : public QObject {
    Q_OBJECT

    QString m_cache;   // the dataset cache installer/fetch-datasets.sh fills

    // The dataset must be there: CI fetches it before the tests (installer/test.sh).
    bool requireFetched(const char *id)
    {
        if (isBuiltinDatasetFetched(QLatin1String(id), m_cache))
            return true;
        QTest::qFail(qPrintable(QStringLiteral("the built-in dataset %1 is not fetched in %2; run: %3")
                                    .arg(QLatin1String(id), m_cache, fetchDatasetsCommand(m_cache))),
                     __FILE__, __LINE__);
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // The app's names, so the default data directory is the one the installer fills.
        QCoreApplication::setOrganizationName(QStringLiteral("peftbench"));
        QCoreApplication::setApplicationName(QStringLiteral("peftbench"));
        m_cache = datasetCacheDirectory(resolveDataDirectory(QString()));
        applyComputeSettings({2});
    }

    void shipsInTheExecutableWithItsRecipe()
    {
        const BaseModel base = loadBaseModel(QStringLiteral("builtin:byte-gpt"), {});
        QCOMPARE(base.path, QStringLiteral(":/models/byte-gpt.pwbc"));
        QVERIFY(QFile(base.path).size() <= 25 * 1000 * 1000);
        QCOMPARE(base.config.family, ModelFamily::Gpt2);
        QCOMPARE(base.config.vocabSize, base.tokenizer->vocabSize());
        // The default experiment's max_length plus prompt tuning's virtual tokens fit.
        const ExperimentConfig preset = loadExperimentConfig(QStringLiteral(":/experiments/spam-three-methods.yaml"));
        QVERIFY(base.config.contextLength >= preset.dataset.maxLength + 20);

        // The model says how it was made: its recipe, byte for byte the shipped one.
        QFile recipe(QStringLiteral(":/models/byte-gpt.recipe.yaml"));
        QVERIFY(recipe.open(QIODevice::ReadOnly));
        QCOMPARE(base.weights->metadata.value(QStringLiteral("recipe")), QString::fromUtf8(recipe.readAll()));
        const PretrainRecipe r = parsePretrainRecipe(base.weights->metadata.value(QStringLiteral("recipe")).toUtf8(), QStringLiteral("recipe"));
        QVERIFY(r.model == base.config);
        const double claimed = base.weights->metadata.value(QLatin1String(kHeldOutLossKey)).toDouble();
        QVERIFY2(claimed > 0.5 && claimed <= 1.5, qPrintable(QString::number(claimed)));
    }

    void scoresTheHeldOutLossItClaims()
    {
        if (!requireFetched("brown"))
            return;
        const BaseModel base = loadBaseModel(QStringLiteral("builtin:byte-gpt"), {});
        const PretrainRecipe r = parsePretrainRecipe(base.weights->metadata.value(QStringLiteral("recipe")).toUtf8(), QStringLiteral("recipe"));
        const DatasetSplits splits = loadBuiltinDataset(QStringLiteral("brown"), m_cache);
        const std::shared_ptr<TrainingData> data = tokenizeSplits(splits, r.dataset, *base.tokenizer, r.dataset.source);

        std::unique_ptr<FineTuningMethod> method = createMethod(MethodSettings{});
        Transformer model(base.config);
        model->loadWeights(*base.weights);
        method->apply(model, 0);
        const LossResult loss = evaluateLoss(*method, data->test, 16, base.tokenizer->padId(), torch::Device(torch::kCPU));
        QCOMPARE(loss.targets, base.weights->metadata.value(QLatin1String(kHeldOutTokensKey)).toLongLong());
        const double claimed = base.weights->metadata.value(QLatin1String(kHeldOutLossKey)).toDouble();
        QVERIFY2(std::abs(loss.meanNll - claimed) < 1e-4,
                 qPrintable(QStringLiteral("measured %1, claimed %2").arg(loss.meanNll, 0, 'f', 6).arg(claimed, 0, 'f', 6)));
        QVERIFY(loss.meanNll <= 1.5);
    }

    // Sampled text is made of the corpus's words: most of its words occur in brown's training texts.
    void writesEnglishWords()
    {
        if (!requireFetched("brown"))
            return;
        QSet<QString> vocabulary;
        static const QRegularExpression word(QStringLiteral("[A-Za-z]+"));
        for (const TextRecord &t : loadBuiltinDataset(QStringLiteral("brown"), m_cache).train)
            for (auto it = word.globalMatch(QString::fromStdString(t.text)); it.hasNext();)
                vocabulary.insert(it.next().captured().toLower());

        const BaseModel base = loadBaseModel(QStringLiteral("builtin:byte-gpt"), {});
        Transformer model(base.config);
        model->loadWeights(*base.weights);
        model->eval();
        torch::NoGradGuard noGrad;
        GenerationParams params;
        params.maxNewTokens = 500;   // past the 320-byte context: the window slides
        params.keepFirstToken = true;
        params.temperature = 0.7;
        params.seed = 5;
        const std::vector<int64_t> ids = generateTokens([&](const torch::Tensor &x) { return model->forward(x); },
                                                        base.tokenizer->encode("The committee said that the"),
                                                        base.config.contextLength - 1, params);
        const QString text = QString::fromStdString(base.tokenizer->decode(ids));
        int words = 0, known = 0;
        for (auto it = word.globalMatch(text); it.hasNext();) {
            ++words;
            known += vocabulary.contains(it.next().captured().toLower());
        }
        qInfo("sample: %s", qPrintable(text));
        QVERIFY2(words >= 30, qPrintable(text));
        QVERIFY2(double(known) / words >= 0.8, qPrintable(QStringLiteral("%1 of %2 words known: %3").arg(known).arg(words).arg(text)));
    }

    // The default experiment at reduced steps: every method's test accuracy beats the majority
    // baseline (the spam test split is balanced: 50%).
    void defaultExperimentBeatsTheMajorityBaseline()
    {
        if (!requireFetched("spam"))
            return;
        QTemporaryDir dir;
        QVERIFY(QFile::link(m_cache, QDir(dir.path()).filePath(QStringLiteral("datasets"))));
        ExperimentConfig config = loadExperimentConfig(QStringLiteral(":/experiments/spam-three-methods.yaml"));
        config.train.steps = 240;   // 80% of the preset's
        config.train.warmupSteps = 24;
        config.train.evalEvery = 240;
        config.train.threads = 2;
        const QString database = RunStore::pathInDataDirectory(dir.path());
        {
            RunStore store(database);
            submitExperiment(store, config);
        }
        QueueParams params;
        params.databasePath = database;
        params.dataDirectory = dir.path();
        std::atomic<bool> cancel{false};
        const QueueOutcome outcome = processQueue(params, nullptr, cancel);
        QCOMPARE(outcome.runIds.size(), size_t(3));
        RunStore store(database);
        for (int64_t id : outcome.runIds) {
            const RunRecord run = *store.run(id);
            QVERIFY2(run.status == RunStatus::Completed, qPrintable(run.error));
            const RunSummary s = *store.summary(id);
            qInfo("%s: test accuracy %.4f, %lld trainable, %.1f s", qPrintable(run.name), s.testMetric,
                  static_cast<long long>(s.trainableParams), s.wallSeconds);
            // 360 balanced test mails: a coin's accuracy is 0.5 +- 0.026, so 0.58 is three of those above it.
            QVERIFY2(s.testMetric > 0.58, qPrintable(QStringLiteral("%1: test accuracy %2").arg(run.name).arg(s.testMetric)));
        }
    }
};

QTEST_GUILESS_MAIN(TestBuiltinModel)
#include "test_builtin_model.moc"
