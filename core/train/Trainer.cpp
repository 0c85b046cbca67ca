#include "train/Trainer.h"

#include "methods/FineTuningMethod.h"
#include "system/ComputeEnvironment.h"
#include "system/HostHeap.h"
#include "train/Evaluator.h"
#include "train/FusedAdamW.h"
#include "train/LrSchedule.h"
#include "train/MemoryProbe.h"
#include "train/OutOfMemory.h"
#include "train/TrainerCheckpoint.h"

#include <data/BatchSampler.h>

#include <ATen/autocast_mode.h>
#include <torch/torch.h>

#include <QFileInfo>
#include <QTemporaryDir>

#include <chrono>
#include <cmath>

namespace peftbench {

QString resolveDevice(const QString &requested)
{
    if (requested == QLatin1String("auto"))
        return torch::cuda::is_available() ? QStringLiteral("cuda:0") : QStringLiteral("cpu");
    if (requested == QLatin1String("cpu"))
        return requested;
    if (requested == QLatin1String("cuda") || requested.startsWith(QLatin1String("cuda:"))) {
        const int index = requested == QLatin1String("cuda") ? 0 : requested.mid(5).toInt();
        if (!torch::cuda::is_available())
            throw std::invalid_argument(QStringLiteral("device '%1' requested, but CUDA is not available here (%2)")
                                            .arg(requested,
#ifdef PEFTBENCH_WITH_CUDA
                                                 QStringLiteral("no CUDA device found")
#else
                                                 QStringLiteral("this build's LibTorch has no CUDA")
#endif
                                                     ).toStdString());
        if (index < 0 || index >= int(torch::cuda::device_count()))
            throw std::invalid_argument(QStringLiteral("device '%1': there are %2 CUDA device(s)")
                                            .arg(requested).arg(torch::cuda::device_count()).toStdString());
        return QStringLiteral("cuda:%1").arg(index);
    }
    throw std::invalid_argument(QStringLiteral("unknown device '%1' (expected auto, cpu, cuda or cuda:N)").arg(requested).toStdString());
}

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t)
{
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// Mixed precision for the forward pass (bf16/fp16), restored on leaving.
class AutocastScope {
public:
    AutocastScope(const QString &dtype, bool cuda)
    {
        if (dtype == QLatin1String("fp32"))
            return;
        const at::ScalarType type = dtype == QLatin1String("bf16") ? at::kBFloat16 : at::kHalf;
        m_cuda = cuda;
        m_active = true;
        if (cuda) {
            at::autocast::set_enabled(true);
            at::autocast::set_autocast_gpu_dtype(type);
        } else {
            at::autocast::set_cpu_enabled(true);
            at::autocast::set_autocast_cpu_dtype(type);
        }
        at::autocast::increment_nesting();
    }
    ~AutocastScope()
    {
        if (!m_active)
            return;
        if (at::autocast::decrement_nesting() == 0)
            at::autocast::clear_cache();
        if (m_cuda)
            at::autocast::set_enabled(false);
        else
            at::autocast::set_cpu_enabled(false);
    }

private:
    bool m_active = false;
    bool m_cuda = false;
};

int64_t tensorBytes(const torch::Tensor &t)
{
    return t.defined() ? t.numel() * int64_t(t.element_size()) : 0;
}

int64_t optimizerStateBytes(torch::optim::AdamW &optimizer)
{
    int64_t bytes = 0;
    for (const auto &entry : optimizer.state()) {
        const auto &s = static_cast<const torch::optim::AdamWParamState &>(*entry.second);
        bytes += tensorBytes(s.exp_avg()) + tensorBytes(s.exp_avg_sq()) + tensorBytes(s.max_exp_avg_sq());
    }
    return bytes;
}

int64_t longestExample(const TrainingData &data)
{
    size_t longest = 0;
    for (const auto *split : {&data.train, &data.validation, &data.test})
        for (const auto &ex : *split)
            longest = std::max(longest, ex.tokens.size());
    return int64_t(longest);
}

struct Evaluation {
    double loss = kNoValue;
    double metric = kNoValue;
    double macroF1 = kNoValue;
};

// At most `cap` examples (0: all) spread evenly over the split: a split stored in some order (by
// label, by source) then still shows the model all of it, not its first part.
std::vector<TokenizedExample> evenlySpread(const std::vector<TokenizedExample> &examples, int64_t cap)
{
    const size_t n = examples.size();
    if (cap <= 0 || size_t(cap) >= n)
        return examples;
    std::vector<TokenizedExample> sample;
    sample.reserve(size_t(cap));
    for (int64_t i = 0; i < cap; ++i)
        sample.push_back(examples[size_t(i) * n / size_t(cap)]);
    return sample;
}

// Every example given; the caller chooses them (evenlySpread for capped validation and training
// evaluations; the whole test split).
Evaluation evaluate(FineTuningMethod &method, const TrainingData &data, const std::vector<TokenizedExample> &examples,
                    const TrainingParams &p, const torch::Device &device)
{
    Evaluation e;
    if (examples.empty())
        return e;
    e.loss = evaluateLoss(method, examples, p.batchSize, data.padId, device).meanNll;
    if (data.task == TaskKind::Classification) {
        const ClassificationScores scores =
            evaluateClassification(method, examples, data.layout, p.batchSize, data.padId, device);
        e.metric = scores.accuracy;
        e.macroF1 = scores.macroF1;
    } else {
        e.metric = perplexityFromLoss(e.loss);
    }
    return e;
}

class RunTrainer {
public:
    RunTrainer(const TrainRequest &request, TrainingObserver *observer, const std::atomic<bool> &cancel)
        : m_req(request), m_p(request.params), m_observer(observer), m_cancel(cancel)
    {
    }

    TrainResult run();

private:
    void setUp();
    bool trainStep(int64_t step);  // false: the run stopped (diverged or cancelled)
    void evaluateAt(int64_t step);
    void saveCheckpoint();
    void resumeFromCheckpoint();
    QString outOfMemoryMessage(const std::exception &e) const;
    double wallSeconds() const { return m_wallBefore + secondsSince(m_start); }
    // A trained tensor that is not one of the model's parameters (virtual tokens, prefixes).
    bool isOutsideModel(const torch::Tensor &t) const
    {
        for (const auto &p : m_method->model()->parameters())
            if (p.is_same(t))
                return false;
        return true;
    }
    void finish();
    void say(const QString &message)
    {
        if (m_observer)
            m_observer->onMessage(message);
    }

    const TrainRequest &m_req;
    const TrainingParams &m_p;
    TrainingObserver *m_observer;
    const std::atomic<bool> &m_cancel;

    TrainResult m_result;
    torch::Device m_device{torch::kCPU};
    std::unique_ptr<MemoryProbe> m_probe;
    std::shared_ptr<FineTuningMethod> m_method;
    std::vector<torch::Tensor> m_trainable;
    std::unique_ptr<torch::optim::AdamW> m_optimizer;
    std::unique_ptr<BatchSampler> m_sampler;
    std::vector<TokenizedExample> m_validationSample;  // what each evaluation scores (eval_max_examples)
    Clock::time_point m_start;
    double m_wallBefore = 0;  // wall time of the run before a resume
    TrainerProgress m_progress;
    bool m_stopEarly = false;
    QString m_phase = QStringLiteral("while setting up the run");  // for an out-of-memory message
    int64_t m_checkpointStep = -1;  // the step of the last checkpoint on disk; -1: none
};

void RunTrainer::setUp()
{
    const TrainingData &data = *m_req.data;
    if (data.train.empty())
        throw std::invalid_argument("the training split is empty");
    if (m_p.steps < 1 || m_p.batchSize < 1 || m_p.gradAccumulation < 1 || m_p.evalEvery < 1)
        throw std::invalid_argument("train.steps, batch_size, grad_accumulation and eval_every must all be >= 1");
    if (!(m_p.lr > 0))
        throw std::invalid_argument(QStringLiteral("learning rate must be > 0, got %1").arg(m_p.lr).toStdString());
    if (m_p.dtype != QLatin1String("fp32") && m_p.dtype != QLatin1String("bf16") && m_p.dtype != QLatin1String("fp16"))
        throw std::invalid_argument(QStringLiteral("train.dtype '%1' is not one of fp32, bf16, fp16").arg(m_p.dtype).toStdString());

    // Intra-op threads are per calling thread under OpenMP: set them on the training thread itself.
    m_result.summary.threads = applyComputeSettings({m_p.threads});
    const QString device = resolveDevice(m_p.device);
    m_device = torch::Device(device.toStdString());
    if (m_p.dtype == QLatin1String("fp16") && !m_device.is_cuda())
        throw std::invalid_argument("train.dtype fp16 needs a CUDA device; use bf16 or fp32 on the CPU");
    m_probe = std::make_unique<MemoryProbe>(m_device.is_cuda(), m_device.is_cuda() ? m_device.index() : 0);
    m_result.summary.deviceName = m_device.is_cuda() ? device : QStringLiteral("cpu (%1)").arg(cpuModelName());
    m_result.summary.memoryLabel = m_probe->label();

    m_validationSample = evenlySpread(data.validation, m_p.evalMaxExamples);
    m_result.summary.memory.baselineBytes = m_device.is_cuda() ? 0 : m_probe->sample().currentBytes;
    m_probe->resetPeak();
    m_start = Clock::now();

    torch::manual_seed(m_p.seed);
    Transformer model(m_req.baseConfig);
    if (m_req.baseWeights)
        model->loadWeights(*m_req.baseWeights);
    else
        model->initializeWeights(m_p.seed);
    model->to(m_device);
    model->train();
    model->setActivationCheckpointing(m_p.gradientCheckpointing);

    m_method = createMethod(m_req.method);
    m_trainable = m_method->apply(model, m_p.seed);

    const int64_t usable = m_req.baseConfig.contextLength - m_method->contextReduction();
    if (longestExample(data) > usable) {
        QString why = QStringLiteral("examples are up to %1 tokens long, but the model's context is %2 tokens")
                          .arg(longestExample(data)).arg(m_req.baseConfig.contextLength);
        if (m_method->contextReduction() > 0)
            why += QStringLiteral(" and %1 of them hold %2's virtual tokens, leaving %3")
                       .arg(m_method->contextReduction())
                       .arg(m_method->kind() == MethodKind::PrefixTuning ? QStringLiteral("prefix tuning") : QStringLiteral("prompt tuning"))
                       .arg(usable);
        throw std::invalid_argument((why + QStringLiteral(": lower dataset.max_length to %1 or less").arg(usable)).toStdString());
    }

    torch::optim::AdamWOptions options(m_p.lr);
    options.betas({m_p.beta1, m_p.beta2}).eps(m_p.adamEps).weight_decay(m_p.weightDecay);
    m_optimizer = std::make_unique<torch::optim::AdamW>(m_trainable, options);
    m_sampler = std::make_unique<BatchSampler>(data.train.size(), size_t(m_p.batchSize), m_p.seed);

    RunSummary &s = m_result.summary;
    for (const auto &p : model->parameters())
        s.totalParams += p.numel();
    for (const auto &p : m_trainable) {
        s.trainableParams += p.numel();
        if (isOutsideModel(p))
            s.totalParams += p.numel();  // prompt and prefix tuning's virtual tokens live outside the model
    }
    s.trainablePercent = 100.0 * double(s.trainableParams) / double(std::max<int64_t>(1, s.totalParams));
    s.metricName = data.task == TaskKind::Classification ? QStringLiteral("accuracy") : QStringLiteral("perplexity");
    say(QStringLiteral("%1: %2 of %3 parameters train (%4%), on %5 with %6 threads")
            .arg(methodKindName(m_method->kind()))
            .arg(s.trainableParams).arg(s.totalParams)
            .arg(s.trainablePercent, 0, 'g', 3)
            .arg(s.deviceName).arg(s.threads));
}

bool RunTrainer::trainStep(int64_t step)
{
    const TrainingData &data = *m_req.data;
    // Checked between optimizer steps only, so a cancelled run stops on a step boundary that a
    // checkpoint can describe exactly.
    if (m_cancel.load()) {
        m_result.status = RunStatus::Cancelled;
        m_result.error = QStringLiteral("cancelled at step %1").arg(step + 1);
        return false;
    }
    const auto stepStart = Clock::now();
    m_phase = QStringLiteral("at step %1").arg(step + 1);
    const double lr = learningRateAt(m_p, step);
    for (auto &group : m_optimizer->param_groups())
        static_cast<torch::optim::AdamWOptions &>(group.options()).lr(lr);
    m_optimizer->zero_grad();

    double lossSum = 0;
    int64_t targets = 0, tokens = 0;
    for (int64_t micro = 0; micro < m_p.gradAccumulation; ++micro) {
        std::vector<const TokenizedExample *> examples;
        for (size_t i : m_sampler->next())
            examples.push_back(&data.train[i]);
        Batch batch = collate(examples, data.padId);
        batch.inputs = batch.inputs.to(m_device);
        batch.targets = batch.targets.to(m_device);
        batch.lossMask = batch.lossMask.to(m_device);
        torch::Tensor summed;
        {
            AutocastScope autocast(m_p.dtype, m_device.is_cuda());
            summed = summedTargetNll(*m_method, batch);
        }
        if (m_req.faults.outOfMemoryAtStep == step + 1)
            throwInjectedOutOfMemory(m_req.faults);
        // Each micro-batch's mean, averaged over the accumulation.
        (summed / double(std::max<int64_t>(1, batch.targetCount) * m_p.gradAccumulation)).backward();
        lossSum += summed.item<double>();
        targets += batch.targetCount;
        tokens += batch.tokenCount;
        m_progress.examplesSeen += int64_t(examples.size());
    }
    double loss = lossSum / double(std::max<int64_t>(1, targets));
    if (m_req.faults.nonFiniteLossAtStep == step + 1)
        loss = std::numeric_limits<double>::quiet_NaN();
    if (!std::isfinite(loss)) {
        m_result.status = RunStatus::Diverged;
        m_result.error = QStringLiteral("the training loss became %1 at step %2; try a lower learning rate")
                             .arg(std::isnan(loss) ? QStringLiteral("NaN") : QStringLiteral("infinite")).arg(step + 1);
        return false;
    }
    const double clip = m_p.gradClip > 0 ? m_p.gradClip : std::numeric_limits<double>::infinity();
    const double gradNorm = torch::nn::utils::clip_grad_norm_(m_trainable, clip);
    if (!fusedAdamWStep(*m_optimizer))
        m_optimizer->step();

    StepMetrics m;
    m.step = step + 1;
    m.trainLoss = loss;
    m.learningRate = lr;
    m.gradNorm = gradNorm;
    m.stepSeconds = secondsSince(stepStart);
    m.tokensPerSecond = double(tokens) / std::max(1e-9, m.stepSeconds);
    m_progress.tokensSeen += tokens;
    m.tokensSeen = m_progress.tokensSeen;
    m.epoch = double(m_progress.examplesSeen) / double(data.train.size());
    m.wallSeconds = wallSeconds();
    const MemorySample mem = m_probe->sample();
    m.memoryBytes = mem.currentBytes;
    m.memoryPeakBytes = mem.peakBytes;
    m_progress.stepSecondsTotal += m.stepSeconds;
    m_progress.step = step + 1;
    if (m_observer)
        m_observer->onStep(m);
    return true;
}

void RunTrainer::evaluateAt(int64_t step)
{
    const TrainingData &data = *m_req.data;
    m_phase = QStringLiteral("while evaluating at step %1").arg(step);
    const Evaluation e = evaluate(*m_method, data, m_validationSample, m_p, m_device);
    if (std::isnan(e.loss))
        return;
    EvalMetrics m;
    m.step = step;
    m.valLoss = e.loss;
    m.metricName = m_result.summary.metricName;
    m.metric = e.metric;
    m.macroF1 = e.macroF1;
    if (data.byteLevel)
        m.bitsPerByte = bitsPerToken(e.loss);
    TrainerProgress &p = m_progress;
    if (std::isnan(p.bestValLoss) || e.loss < p.bestValLoss) {
        p.bestValLoss = e.loss;
        p.bestStep = step;
        p.bestMetric = e.metric;
        p.evalsWithoutImprovement = 0;
    } else if (m_p.earlyStoppingPatience > 0 && ++p.evalsWithoutImprovement >= m_p.earlyStoppingPatience) {
        m_stopEarly = true;
        say(QStringLiteral("early stopping at step %1: validation loss has not improved for %2 evaluations")
                .arg(step).arg(p.evalsWithoutImprovement));
    }
    p.finalValLoss = e.loss;
    p.finalMetric = e.metric;
    if (m_observer)
        m_observer->onEvaluation(m);
}

void RunTrainer::finish()
{
    const TrainingData &data = *m_req.data;
    m_phase = QStringLiteral("while scoring the trained model");
    RunSummary &s = m_result.summary;
    const TrainerProgress &p = m_progress;
    s.steps = p.step;
    s.meanStepSeconds = p.step > 0 ? p.stepSecondsTotal / double(p.step) : 0;
    s.tokensPerSecond = p.stepSecondsTotal > 0 ? double(p.tokensSeen) / p.stepSecondsTotal : 0;
    s.bestValLoss = p.bestValLoss;
    s.bestStep = p.bestStep;
    s.bestMetric = p.bestMetric;
    s.finalValLoss = p.finalValLoss;
    s.finalMetric = p.finalMetric;

    // Memory breakdown at the end of training, where gradients and optimizer state are all live.
    const MemorySample mem = m_probe->sample();
    s.peakMemoryBytes = mem.peakBytes;
    for (const auto &p : m_method->model()->parameters())
        s.memory.weightBytes += tensorBytes(p);
    for (const auto &p : m_trainable) {
        if (isOutsideModel(p))
            s.memory.weightBytes += tensorBytes(p);
        s.memory.gradientBytes += tensorBytes(p.grad());
    }
    s.memory.optimizerBytes = optimizerStateBytes(*m_optimizer);
    s.memory.otherBytes = std::max<int64_t>(0, s.peakMemoryBytes - s.memory.baselineBytes - s.memory.weightBytes
                                                   - s.memory.gradientBytes - s.memory.optimizerBytes);

    if (m_result.status == RunStatus::Completed) {
        const Evaluation train = evaluate(*m_method, data, evenlySpread(data.train, m_p.evalMaxExamples), m_p, m_device);
        s.finalTrainLoss = train.loss;
        if (!std::isnan(s.finalValLoss))
            s.generalizationGap = s.finalValLoss - s.finalTrainLoss;
        const Evaluation test = evaluate(*m_method, data, data.test, m_p, m_device);
        s.testLoss = test.loss;
        s.testMetric = test.metric;
        s.testMacroF1 = test.macroF1;
    }

    // Save what the method produces and measure it on disk.
    QTemporaryDir temporary;
    const QString dir = m_req.outputDir.isEmpty() ? temporary.path() : m_req.outputDir;
    const QString path = dir + (m_method->kind() == MethodKind::Full ? QStringLiteral("/model.pwbc") : QStringLiteral("/adapter.pwbc"));
    writeTensorFile(path, m_method->adapterFile());
    s.adapterBytes = QFileInfo(path).size();
    if (!m_req.outputDir.isEmpty())
        s.adapterPath = path;
    s.wallSeconds = wallSeconds();
}

void RunTrainer::saveCheckpoint()
{
    m_progress.sampler = m_sampler->state();
    m_progress.wallSeconds = wallSeconds();
    try {
        saveTrainerCheckpoint(m_req.checkpointPath, m_method->kind(), m_trainable, *m_optimizer, m_progress);
    } catch (const std::exception &e) {
        // The write is atomic: a full disk leaves the previous checkpoint whole under its name.
        const QString kept = m_checkpointStep >= 0
                                 ? QStringLiteral("the checkpoint of step %1 is kept: free some disk space, then resume "
                                                  "the run from it")
                                       .arg(m_checkpointStep)
                                 : QStringLiteral("no earlier checkpoint exists: free some disk space and start the run again");
        throw std::runtime_error(QStringLiteral("could not write the checkpoint of step %1 (%2); %3")
                                     .arg(m_progress.step)
                                     .arg(QString::fromUtf8(e.what()), kept)
                                     .toStdString());
    }
    m_checkpointStep = m_progress.step;
    if (m_observer)
        m_observer->onCheckpoint(m_progress.step);
}

QString RunTrainer::outOfMemoryMessage(const std::exception &e) const
{
    OutOfMemoryContext context;
    context.device = m_device.is_cuda() ? QString::fromStdString(m_device.str()) : QStringLiteral("the CPU");
    context.when = m_phase;
    context.method = m_req.method.kind;
    context.inUseBytes = m_probe ? m_probe->sample().currentBytes : -1;
    context.longestExample = m_req.data ? longestExample(*m_req.data) : 0;
    return describeOutOfMemory(e, context, m_p);
}

void RunTrainer::resumeFromCheckpoint()
{
    m_progress = loadTrainerCheckpoint(m_req.checkpointPath, m_method->kind(), m_trainable, *m_optimizer);
    m_sampler->restore(m_progress.sampler);
    m_wallBefore = m_progress.wallSeconds;
    m_checkpointStep = m_progress.step;
    say(QStringLiteral("resumed from the checkpoint at step %1").arg(m_progress.step));
}

TrainResult RunTrainer::run()
{
    try {
        setUp();
        m_result.status = RunStatus::Completed;
        if (m_req.resume)
            resumeFromCheckpoint();
        else
            evaluateAt(0);  // the starting point every curve and "did it improve" question needs
        for (int64_t step = m_progress.step; step < m_p.steps && !m_stopEarly; ++step) {
            if (!trainStep(step))
                break;
            if ((step + 1) % m_p.evalEvery == 0 || step + 1 == m_p.steps)
                evaluateAt(step + 1);
            if (!m_req.checkpointPath.isEmpty() && m_req.checkpointEvery > 0 && (step + 1) % m_req.checkpointEvery == 0)
                saveCheckpoint();
        }
        const int64_t done = m_progress.step;
        if (m_result.status == RunStatus::Completed && done > 0 && done % m_p.evalEvery != 0 && done != m_p.steps)
            evaluateAt(done);  // stopped early between evaluations
        if (!m_req.checkpointPath.isEmpty()
            && (m_result.status == RunStatus::Completed || m_result.status == RunStatus::Cancelled))
            saveCheckpoint();  // a cancelled run can be resumed from where it stopped
        finish();
        m_result.method = m_method;
    } catch (const std::exception &e) {
        m_result.status = RunStatus::Failed;
        m_result.error = isOutOfMemory(e) ? outOfMemoryMessage(e) : QString::fromUtf8(e.what());
        const int traceback = m_result.error.indexOf(QLatin1String("\nException raised from"));
        if (traceback > 0)  // c10::Error appends a C++ backtrace nobody needs to read
            m_result.error.truncate(traceback);
    }
    if (!m_result.error.isEmpty())
        say(m_result.error);
    return std::move(m_result);
}

}  // namespace

TrainResult trainRun(const TrainRequest &request, TrainingObserver *observer, const std::atomic<bool> &cancel)
{
    const TrainingHeapHold heapHold;  // no page faults for re-allocated activations while this run trains
    TrainResult result = RunTrainer(request, observer, cancel).run();
    // The trainer and every tensor of a run that did not finish are gone by now; on CUDA the cached
    // blocks go back too, so memory returns to where it was before the run (after an
    // out-of-memory above all: the next run must not start short).
    if (result.status != RunStatus::Completed && result.summary.deviceName.startsWith(QLatin1String("cuda")))
        releaseCachedDeviceMemory(true);
    return result;
}

}  // namespace peftbench
