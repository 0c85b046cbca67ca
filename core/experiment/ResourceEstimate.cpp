#include "experiment/ResourceEstimate.h"

#include "system/GemmBenchmark.h"
#include "train/MemoryProbe.h"

#include <torch/torch.h>

#include <QFile>
#include <QLocale>
#include <QThread>

#include <algorithm>
#include <map>
#include <mutex>

#ifdef PEFTBENCH_WITH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#include <cuda_runtime_api.h>
#endif

namespace peftbench {
namespace {

constexpr int64_t kFloatBytes = 4;  // fp32 weights, gradients, moments and activations

// Achieved training FLOP/s (flopsPerStep / best step time of trainRun) over the 512×512 GEMM
// benchmark's, on the built-in model's shape (gpt2, 4 layers, d 256, ffn 1024; batch 16,
// max_length 256), 2-core machine:
//   1 thread  (GEMM 99-102 GFLOP/s): full 0.44, LoRA r8 q,v 0.33, prompt tuning n20 0.37
//   2 threads (GEMM 51-53 GFLOP/s, cores shared with a build): full 0.43-0.47, LoRA 0.31-0.35, prompt 0.40
// LoRA and prompt tuning lose more to what FLOPs do not count (dropout, small GEMMs, gradients
// of activations only); one factor keeps every method within about ±15%.
constexpr double kTrainingGemmEfficiency = 0.38;

// One tensor of the forward pass, as autograd sees it.
struct Activation {
    int64_t elements = 0;
    bool requiresGrad = false;
    bool saved = false;  // already counted as held for backward
};

// Walks one training forward pass exactly as TransformerImpl, the blocks and the methods run it
// and adds up (a) the elements autograd saves for backward and (b) the GEMM FLOPs of the forward
// and backward passes. LibTorch saves an operand only when the other operand's gradient needs it,
// so which tensors require grad decides both: a frozen weight saves no input for its own gradient,
// and before LoRA's first adapter nothing requires grad at all.
// With activation checkpointing (BlockCheckpoint.h) each block keeps only its input; its own
// activations exist again only while backward recomputes it, one block at a time.
class TrainingPass {
public:
    TrainingPass(const ModelConfig &model, const MethodSettings &method, int64_t batch, int64_t tokens, bool cuda,
                 bool checkpointing)
        : m_model(model), m_method(method), m_cuda(cuda), m_full(method.kind == MethodKind::Full),
          m_virtual(method.kind == MethodKind::PromptTuning ? method.promptTuning.numVirtualTokens : 0),
          m_B(batch), m_T(tokens + m_virtual), m_lossTokens(tokens), m_N(m_B * m_T)
    {
        const int64_t d = model.dModel, V = model.vocabSize;
        // Prompt tuning concatenates the trainable prompt with the embeddings: grad from the start.
        Activation h{m_N * d, m_full || m_virtual > 0};
        int64_t blockSaved = 0;  // what one checkpointed block saves while it is recomputed
        for (int64_t i = 0; i < model.nLayers; ++i) {
            if (!checkpointing) {
                h = block(h);
                continue;
            }
            savedElements += m_N * d;  // the block's input, kept by the checkpoint (and shared with
            h.saved = true;            // the recompute's norm, which saves the same storage)
            const int64_t savedBefore = savedElements;
            const double flopsBefore = forwardFlops;
            h = block(h);
            blockSaved = savedElements - savedBefore;
            savedElements = savedBefore;
            recomputeFlops += forwardFlops - flopsBefore;
        }
        const int64_t blockInputs = checkpointing ? model.nLayers * m_N * d : 0;
        Activation x = norm(h);
        if (m_full)  // the head (tied or not) trains: its weight gradient needs the normed input
            save(x);
        gemm(double(m_N), double(d), double(V), x.requiresGrad, m_full);
        // cross_entropy = log_softmax (keeps its output) + nll_loss over the real positions.
        const int64_t lossOutput = m_B * m_lossTokens * V;
        savedElements += lossOutput + m_B * m_lossTokens;

        // Beyond what is saved, the largest short-lived buffers set the peak (checked against
        // LibTorch's allocations by test_resource_estimate): at the loss, the logits (and prompt
        // tuning's copy of their real positions) or log_softmax's two [B, T, V] gradients; later,
        // with log_softmax's output and the head's input released, the last block's MLP or
        // attention gradients.
        const int64_t lossBuffers = std::max(m_N * V + (m_virtual > 0 ? lossOutput : 0), 2 * lossOutput);
        const int64_t attentionBuffers = 2 * m_B * model.nHeads * m_T * m_T - m_lastMlpSaved;
        if (!checkpointing) {
            const int64_t blockBuffers = std::max(m_mlpBackwardBuffers, attentionBuffers) - lossOutput - (m_full ? m_N * d : 0);
            transientElements = std::max(lossBuffers, blockBuffers);
            return;
        }
        // Checkpointed, the head and loss are done and released when the last block is
        // recomputed: then every block's input, the block's own activations and backward buffers,
        // its recomputed output and the gradient coming into it are held.
        const int64_t recompute = blockInputs + blockSaved + std::max(m_mlpBackwardBuffers, attentionBuffers) + 2 * m_N * d;
        transientElements = std::max(lossBuffers, recompute - savedElements);
    }

    int64_t savedElements = 0;      // held by autograd from the end of the forward pass
    int64_t transientElements = 0;  // the largest extra buffers on top, at the peak
    double forwardFlops = 0;
    double backwardFlops = 0;
    double recomputeFlops = 0;      // checkpointing: the blocks' forward once more, in backward

private:
    void save(Activation &a)
    {
        if (!a.saved) {
            a.saved = true;
            savedElements += a.elements;
        }
    }

    // A [rows, inner] × [inner, cols] product; backward computes each operand's gradient only if needed.
    void gemm(double rows, double inner, double cols, bool leftGrad, bool rightGrad)
    {
        const double flops = 2.0 * rows * inner * cols;
        forwardFlops += flops;
        backwardFlops += (leftGrad ? flops : 0.0) + (rightGrad ? flops : 0.0);
    }

    bool adapted(const std::string &layer) const
    {
        const auto &targets = m_method.lora.targets;
        return m_method.kind == MethodKind::Lora && std::find(targets.begin(), targets.end(), layer) != targets.end();
    }

    // AdaptableLinear: x Wᵀ + b, plus LoRA's scale · B A dropout(x).
    Activation linear(Activation &x, int64_t in, int64_t out, const std::string &layer)
    {
        if (m_full)
            save(x);
        gemm(double(m_N), double(in), double(out), x.requiresGrad, m_full);
        if (adapted(layer)) {
            const int64_t r = m_method.lora.rank;
            Activation *input = &x;
            Activation dropped{m_N * in, x.requiresGrad};
            if (m_method.lora.dropout > 0.0) {
                // Dropout keeps its mask for x's gradient: on the CPU a float noise tensor
                // (input · noise), on CUDA the fused kernel's one-byte mask.
                if (x.requiresGrad)
                    savedElements += m_cuda ? (m_N * in + kFloatBytes - 1) / kFloatBytes : m_N * in;
                input = &dropped;
            }
            save(*input);               // for A's gradient
            savedElements += m_N * r;   // x Aᵀ, for B's gradient
            gemm(double(m_N), double(in), double(r), input->requiresGrad, true);
            gemm(double(m_N), double(r), double(out), true, true);
        }
        return {m_N * out, x.requiresGrad || m_full || adapted(layer)};
    }

    // LayerNorm keeps its input, mean and rstd. Our RMSNorm keeps its input, x² (mean() keeps
    // its input), 1/rms, and the normalized input for the weight's gradient.
    Activation norm(Activation &x)
    {
        const int64_t d = m_model.dModel;
        if (!x.requiresGrad && !m_full)
            return {m_N * d, false};
        save(x);
        const bool rms = m_model.family == ModelFamily::Llama;
        savedElements += rms ? m_N * d + m_N : 2 * m_N;
        if (rms && m_full)
            savedElements += m_N * d;
        return {m_N * d, true};
    }

    Activation attention(Activation &x)
    {
        const int64_t d = m_model.dModel, qDim = m_model.nHeads * m_model.headDim;
        const int64_t kvDim = m_model.nKvHeads * m_model.headDim;
        const Activation q = linear(x, d, qDim, "q");
        const Activation k = linear(x, d, kvDim, "k");
        const Activation v = linear(x, d, kvDim, "v");
        // Rotary positions keep only their cos/sin tables and grouped-query expansion only its
        // indices. matmul copies the head-transposed q, k and v into [B·H, T, hd] operands (k and v
        // expanded to all H heads); bmm keeps each for the other operand's gradient.
        const double heads = double(m_B * m_model.nHeads), T = double(m_T), hd = double(m_model.headDim);
        if (k.requiresGrad)
            savedElements += m_N * qDim;
        if (q.requiresGrad)
            savedElements += m_N * qDim;
        forwardFlops += 2.0 * heads * T * T * hd;
        backwardFlops += (q.requiresGrad ? 2.0 : 0.0) * heads * T * T * hd + (k.requiresGrad ? 2.0 : 0.0) * heads * T * T * hd;
        // The scaled and masked scores are temporaries; softmax keeps its output.
        Activation probs{m_B * m_model.nHeads * m_T * m_T, q.requiresGrad || k.requiresGrad};
        if (probs.requiresGrad)
            save(probs);
        if (v.requiresGrad)
            save(probs);
        if (probs.requiresGrad)
            savedElements += m_N * qDim;
        forwardFlops += 2.0 * heads * T * T * hd;
        backwardFlops += (probs.requiresGrad ? 2.0 : 0.0) * heads * T * T * hd + (v.requiresGrad ? 2.0 : 0.0) * heads * T * T * hd;
        Activation merged{m_N * qDim, probs.requiresGrad || v.requiresGrad};  // heads back to [B, T, H·hd]
        return linear(merged, qDim, d, "o");
    }

    Activation mlp(Activation &x)
    {
        const int64_t d = m_model.dModel, F = m_model.ffnDim;
        if (m_model.family == ModelFamily::Gpt2) {
            Activation up = linear(x, d, F, "up");
            if (up.requiresGrad)
                save(up);  // gelu's input
            Activation hidden{m_N * F, up.requiresGrad};
            const Activation out = linear(hidden, F, d, "down");
            // gelu's backward: the hidden gradient and its input's, less the hidden once released.
            m_mlpBackwardBuffers = 2 * m_N * F - (hidden.saved ? m_N * F : 0);
            return out;
        }
        Activation gate = linear(x, d, F, "gate");
        Activation up = linear(x, d, F, "up");
        if (gate.requiresGrad)
            save(gate);  // silu's input
        Activation activated{m_N * F, gate.requiresGrad};
        if (up.requiresGrad)
            save(activated);  // the product keeps each factor for the other's gradient
        if (activated.requiresGrad)
            save(up);
        Activation hidden{m_N * F, gate.requiresGrad || up.requiresGrad};
        const Activation out = linear(hidden, F, d, "down");
        // The product's backward: the hidden gradient and both factors', less the hidden once released.
        m_mlpBackwardBuffers = 3 * m_N * F - (hidden.saved ? m_N * F : 0);
        return out;
    }

    // Pre-norm residual block; the residual additions keep nothing.
    Activation block(Activation &h)
    {
        Activation x1 = norm(h);
        const Activation attended = attention(x1);
        Activation mid{m_N * m_model.dModel, h.requiresGrad || attended.requiresGrad};
        const int64_t savedBefore = savedElements;
        Activation x2 = norm(mid);
        const Activation mlpOut = mlp(x2);
        m_lastMlpSaved = savedElements - savedBefore;
        return {m_N * m_model.dModel, mid.requiresGrad || mlpOut.requiresGrad};
    }

    const ModelConfig &m_model;
    const MethodSettings &m_method;
    const bool m_cuda;
    const bool m_full;
    const int64_t m_virtual;
    const int64_t m_B, m_T, m_lossTokens, m_N;
    int64_t m_mlpBackwardBuffers = 0;  // of the last block, as the walk leaves them
    int64_t m_lastMlpSaved = 0;
};

int64_t loraParameterCount(const ModelConfig &m, const LoraSettings &lora)
{
    const int64_t d = m.dModel, qDim = m.nHeads * m.headDim, kvDim = m.nKvHeads * m.headDim, F = m.ffnDim;
    const std::map<std::string, std::pair<int64_t, int64_t>> layers = {
        {"q", {d, qDim}}, {"k", {d, kvDim}}, {"v", {d, kvDim}}, {"o", {qDim, d}}, {"up", {d, F}}, {"down", {F, d}}};
    int64_t perBlock = 0;
    for (const auto &[name, shape] : layers)
        if (std::find(lora.targets.begin(), lora.targets.end(), name) != lora.targets.end())
            perBlock += lora.rank * (shape.first + shape.second);
    if (m.family == ModelFamily::Llama && std::find(lora.targets.begin(), lora.targets.end(), "gate") != lora.targets.end())
        perBlock += lora.rank * (d + F);
    return m.nLayers * perBlock;
}

// Largest single trainable tensor: AdamW's step allocates two temporaries of its size.
int64_t largestTrainableTensor(const ModelConfig &m, const MethodSettings &method)
{
    switch (method.kind) {
    case MethodKind::Full:
        return std::max({m.vocabSize * m.dModel, m.contextLength * m.dModel, m.dModel * m.ffnDim,
                         m.dModel * m.nHeads * m.headDim});
    case MethodKind::Lora:
        return method.lora.rank * std::max({m.dModel, m.ffnDim, m.nHeads * m.headDim});
    case MethodKind::PromptTuning:
        return method.promptTuning.numVirtualTokens * m.dModel;
    }
    return 0;
}

QString dataSize(int64_t bytes)
{
    return QLocale().formattedDataSize(bytes);
}

// "MemAvailable:   1234 kB" from /proc/meminfo, in bytes; 0 when unknown.
int64_t availableRam()
{
    QFile meminfo(QStringLiteral("/proc/meminfo"));
    if (!meminfo.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : meminfo.readAll().split('\n'))
        if (line.startsWith("MemAvailable:"))
            return line.mid(13).trimmed().split(' ').first().toLongLong() * 1024;
    return 0;
}

// The GEMM throughput with `threads` intra-op threads, measured once per thread count.
double gemmFlopsPerSecond(int threads)
{
    static std::mutex mutex;
    static std::map<int, double> measured;
    const std::lock_guard<std::mutex> lock(mutex);
    auto it = measured.find(threads);
    if (it == measured.end()) {
        const int before = at::get_num_threads();
        at::set_num_threads(threads);
        const GemmResult gemm = runGemmBenchmark({512, 0.2});
        at::set_num_threads(before);
        it = measured.emplace(threads, gemm.gflops * 1e9).first;
    }
    return it->second;
}

}  // namespace

ResourceEstimate estimateRun(const ModelConfig &model, const ExperimentConfig &experiment, const RunSpec &run,
                             const EstimateEnvironment &environment)
{
    ResourceEstimate e;
    e.memoryLabel = environment.cuda ? QStringLiteral("VRAM") : QStringLiteral("RAM");
    const MethodSettings &method = run.method;
    const TrainingParams &train = run.train;

    // As the trainer counts them: the model's parameters (LoRA's adapters live inside it) plus
    // prompt tuning's virtual tokens, which live outside it.
    const int64_t base = model.parameterCount();
    switch (method.kind) {
    case MethodKind::Full:
        e.totalParams = e.trainableParams = base;
        break;
    case MethodKind::Lora:
        e.trainableParams = loraParameterCount(model, method.lora);
        e.totalParams = base + e.trainableParams;
        break;
    case MethodKind::PromptTuning:
        e.trainableParams = method.promptTuning.numVirtualTokens * model.dModel;
        e.totalParams = base + e.trainableParams;
        break;
    }
    e.baselineBytes = environment.baselineBytes;
    e.weightBytes = e.totalParams * kFloatBytes;
    e.gradientBytes = e.trainableParams * kFloatBytes;  // zero_grad() keeps them allocated between steps
    e.optimizerBytes = 2 * e.trainableParams * kFloatBytes;

    // Every example padded to max_length; the model sees max_length - 1 inputs (the last token
    // is only a target).
    const int64_t tokens = std::max(1, experiment.dataset.maxLength - 1);
    const int64_t batch = std::max<int64_t>(1, train.batchSize);
    const TrainingPass pass(model, method, batch, tokens, environment.cuda, train.gradientCheckpointing);
    // The peak is in the backward pass, unless AdamW's temporaries after it are larger.
    e.activationBytes = kFloatBytes * std::max(pass.savedElements + pass.transientElements,
                                               2 * largestTrainableTensor(model, method));

    const int64_t accumulation = std::max<int64_t>(1, train.gradAccumulation);
    e.flopsPerStep = (pass.forwardFlops + pass.backwardFlops + pass.recomputeFlops) * double(accumulation);
    if (environment.gemmFlopsPerSecond > 0) {
        const double flopsPerSecond = environment.gemmFlopsPerSecond * kTrainingGemmEfficiency;
        e.secondsPerStep = e.flopsPerStep / flopsPerSecond;
        // Evaluations: one before training, one every eval_every steps (and at the end), and the
        // end-of-run score of the training split; each a forward pass over eval_max_examples.
        const int64_t steps = std::max<int64_t>(0, train.steps);
        const int64_t every = std::max<int64_t>(1, train.evalEvery);
        const int64_t evaluations = 1 + (steps + every - 1) / every + 1;
        const int64_t examples = train.evalMaxExamples > 0 ? train.evalMaxExamples : 256;
        const double evalSeconds = pass.forwardFlops / double(batch) * double(examples) / flopsPerSecond;
        e.runSeconds = double(steps) * e.secondsPerStep + double(evaluations) * evalSeconds;
    }

    // The process already holds its baseline; the run needs the rest on top of what is free.
    if (environment.freeBytes > 0 && e.peakBytes() - e.baselineBytes > environment.freeBytes) {
        const QString instead = method.kind == MethodKind::Full
                                    ? QStringLiteral("a smaller batch_size or max_length, or LoRA or prompt tuning instead of full fine-tuning")
                                    : QStringLiteral("a smaller batch_size or max_length");
        e.warning = QStringLiteral("This run needs an estimated %1 of %2 at its peak, but only %3 is free. Try %4.")
                        .arg(dataSize(e.peakBytes()), e.memoryLabel, dataSize(environment.freeBytes), instead);
    }
    return e;
}

EstimateEnvironment currentEstimateEnvironment(bool cuda, int threads)
{
    EstimateEnvironment env;
    env.cuda = cuda;
    env.threads = threads > 0 ? threads : std::max(1, QThread::idealThreadCount());
    if (!cuda) {
        // The benchmark first: the thread pool and BLAS buffers it starts belong to the baseline.
        env.gemmFlopsPerSecond = gemmFlopsPerSecond(env.threads);
        env.baselineBytes = MemoryProbe(false).sample().currentBytes;
        env.freeBytes = availableRam();
        return env;
    }
    // GemmBenchmark times CPU GEMMs only, so a CUDA run gets no time estimate.
#ifdef PEFTBENCH_WITH_CUDA
    if (torch::cuda::is_available()) {
        size_t free = 0, total = 0;
        if (cudaMemGetInfo(&free, &total) == cudaSuccess) {
            // Blocks the caching allocator holds but does not use are free for the run too.
            const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(0);
            const size_t all = static_cast<size_t>(c10::cuda::CUDACachingAllocator::StatType::AGGREGATE);
            env.freeBytes = int64_t(free) + stats.reserved_bytes[all].current - stats.allocated_bytes[all].current;
        }
    }
#endif
    return env;
}

}  // namespace peftbench
