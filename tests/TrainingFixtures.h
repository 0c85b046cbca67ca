#pragma once
// Small models and tasks made in the tests, shared by the engine's test executables.

#include "data/TaskData.h"
#include "methods/FineTuningMethod.h"
#include "model/Transformer.h"
#include "tokenizer/ByteTokenizer.h"
#include "train/Trainer.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <map>

namespace peftbench::testing {

inline QString goldenFixture(const char *name)
{
    return QStringLiteral(PEFTBENCH_SOURCE_DIR "/tests/golden/%1.pwbc").arg(QLatin1String(name));
}

inline ModelConfig tinyConfig(ModelFamily family, int64_t context = 96)
{
    ModelConfig c;
    c.family = family;
    c.vocabSize = 259;
    c.contextLength = context;
    c.dModel = 32;
    c.nLayers = 2;
    c.nHeads = 4;
    c.nKvHeads = family == ModelFamily::Llama ? 2 : 4;
    c.headDim = 8;
    c.ffnDim = family == ModelFamily::Llama ? 88 : 128;
    c.qkvBias = family == ModelFamily::Gpt2;
    c.tiedHead = family == ModelFamily::Gpt2;
    return c;
}

// A small causal-LM task with real structure: English-like sentences built from a few templates,
// split into train/validation/test by record.
// `shifted` uses other words in the same templates: a new domain for a base trained on the first.
inline std::shared_ptr<TrainingData> sentenceTask(int maxLength = 48, bool shifted = false)
{
    static const char *words[2][3][5] = {
        {{"the cat", "a dog", "my friend", "the old man", "our teacher"},
         {"sees", "likes", "finds", "wants", "reads"},
         {"the ball.", "a red book.", "some bread.", "the river.", "a letter."}},
        {{"the girl", "a bird", "his sister", "the baker", "my uncle"},
         {"paints", "carries", "opens", "cleans", "buys"},
         {"the door.", "a blue cup.", "two apples.", "the window.", "a small boat."}}};
    const auto &subjects = words[shifted][0];
    const auto &verbs = words[shifted][1];
    const auto &objects = words[shifted][2];
    std::vector<TextRecord> train, validation, test;
    int n = 0;
    for (const char *s : subjects)
        for (const char *v : verbs)
            for (const char *o : objects) {
                TextRecord r;
                r.text = std::string(s) + " " + v + " " + o;
                (n % 5 == 3 ? validation : n % 5 == 4 ? test : train).push_back(r);
                ++n;
            }
    ByteTokenizer tok;
    auto data = std::make_shared<TrainingData>();
    data->task = TaskKind::CausalLm;
    data->train = buildCausalLmExamples(train, tok, maxLength);
    data->validation = buildCausalLmExamples(validation, tok, maxLength);
    data->test = buildCausalLmExamples(test, tok, maxLength);
    data->padId = tok.padId();
    data->byteLevel = true;
    return data;
}

inline TrainRequest tinyRequest(MethodKind method, ModelFamily family = ModelFamily::Gpt2, int64_t steps = 20)
{
    TrainRequest r;
    r.baseConfig = tinyConfig(family);
    r.method.kind = method;
    r.method.lora.rank = 4;
    r.method.promptTuning.numVirtualTokens = 8;
    r.params.steps = steps;
    r.params.batchSize = 8;
    r.params.lr = defaultLearningRate(method) * (method == MethodKind::Full ? 10.0 : 1.0);
    r.params.evalEvery = 10;
    r.params.schedule = LrScheduleKind::Constant;
    r.params.threads = 1;  // d=32 models gain nothing from more threads; one also keeps CI steady under load
    r.params.seed = 7;
    r.data = sentenceTask();
    return r;
}

// A base that already knows the task's alphabet and word shapes: a short full fine-tuning of
// the random tiny model, as a stand-in for a pretrained model that the methods then adapt.
inline std::shared_ptr<const TensorFile> pretrainedTinyBase(ModelFamily family)
{
    static std::map<ModelFamily, std::shared_ptr<const TensorFile>> cache;
    auto &base = cache[family];
    if (!base) {
        TrainRequest r = tinyRequest(MethodKind::Full, family, 40);
        r.params.lr = 3e-3;
        r.params.evalEvery = 1000;
        std::atomic<bool> cancel{false};
        const TrainResult result = trainRun(r, nullptr, cancel);
        if (result.status != RunStatus::Completed)
            throw std::runtime_error("pretraining the tiny base failed: " + result.error.toStdString());
        base = std::make_shared<TensorFile>(result.method->model()->toTensorFile());
    }
    return base;
}

// Records every callback, for assertions.
struct RecordingObserver : TrainingObserver {
    std::vector<StepMetrics> steps;
    std::vector<EvalMetrics> evals;
    QStringList messages;
    std::function<void(const StepMetrics &)> afterStep;
    void onStep(const StepMetrics &m) override
    {
        steps.push_back(m);
        if (afterStep)
            afterStep(m);
    }
    void onEvaluation(const EvalMetrics &m) override { evals.push_back(m); }
    void onMessage(const QString &m) override { messages << m; }
};

}  // namespace peftbench::testing
