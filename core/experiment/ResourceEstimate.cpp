#include "experiment/ResourceEstimate.h"

#include "methods/FineTuningMethod.h"
#include "methods/Ia3Method.h"
#include "model/CausalAttention.h"
#include "model/LinearCrossEntropy.h"
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

// Achieved training FLOP/s (flopsPerStep / median step time of trainRun) over the 512×512 GEMM
// benchmark's, measured by the bench's scaling cases (tests/bench, scale: GPT-2 family, batch 4,
// d 128-768, 2-12 layers, 128-1024 tokens; 2 threads, GEMM 187 GFLOP/s) with the fused CPU
// attention and AdamW: 0.52 (d 128) to 0.97 (d 768), 0.80-0.86 at d 256 (the built-in model's
// width), median 0.83. Narrow models lose more to what FLOPs do not count (norms, GELU, small
// GEMMs). One factor keeps the step-time estimate within 0.65-1.21x of measured on those cases.
constexpr double kTrainingGemmEfficiency = 0.8;

// One linear layer of a transformer block, as AdaptableLinear builds it.
struct LinearShape {
    std::string name;
    int64_t in = 0, out = 0;
    bool bias = false;
};

// The block's linear layers in order: GPT-2 has biases on all of them, Llama on none (Qwen2 on
// q, k, v); only Llama has the SwiGLU gate.
std::vector<LinearShape> blockLinears(const ModelConfig &m)
{
    const bool gpt2 = m.family == ModelFamily::Gpt2;
    const int64_t d = m.dModel, qDim = m.nHeads * m.headDim, kvDim = m.nKvHeads * m.headDim, F = m.ffnDim;
    const bool qkvBias = gpt2 || m.qkvBias;
    std::vector<LinearShape> layers{{"q", d, qDim, qkvBias}, {"k", d, kvDim, qkvBias}, {"v", d, kvDim, qkvBias},
                                    {"o", qDim, d, gpt2},    {"up", d, F, gpt2}};
    if (!gpt2)
        layers.push_back({"gate", d, F, false});
    layers.push_back({"down", F, d, gpt2});
    return layers;
}

const LinearShape &linearShape(const std::vector<LinearShape> &layers, const std::string &name)
{
    return *std::find_if(layers.begin(), layers.end(), [&](const LinearShape &l) { return l.name == name; });
}

bool isLoraKind(MethodKind kind)
{
    return kind == MethodKind::Lora || kind == MethodKind::Dora;
}

// What of the base model trains, for the walk below and the parameter counts.
struct TrainedParts {
    bool embedding = false;        // the token embedding (full; last_layers' head when tied)
    int64_t firstWholeBlock = 0;   // blocks from this one on train every parameter
    bool biases = false;           // BitFit: every bias, the norms' included
    bool normWeights = false;      // BitFit with norm_weights
    bool head = false;             // the output head's weight (the embedding when tied)
    bool finalNorm = false;        // the final norm's weight and bias

    TrainedParts(const ModelConfig &m, const MethodSettings &method)
    {
        const bool full = method.kind == MethodKind::Full;
        const bool lastHead = method.kind == MethodKind::LastLayers && method.lastLayers.head;
        embedding = full || (lastHead && m.tiedHead);
        firstWholeBlock = full ? 0
                          : method.kind == MethodKind::LastLayers ? std::max<int64_t>(0, m.nLayers - method.lastLayers.layers)
                                                                  : m.nLayers;
        biases = method.kind == MethodKind::BitFit;
        normWeights = biases && method.bitFit.normWeights;
        head = full || lastHead;
        finalNorm = full || lastHead;
    }
};

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
// and before LoRA's first adapter (IA3's first scale, the first block last_layers trains) nothing
// requires grad at all. Prefix tuning lengthens every attention's keys and values by its n
// entries, which require grad from the first block on.
// With activation checkpointing (BlockCheckpoint.h) each block keeps only its input; its own
// activations exist again only while backward recomputes it, one block at a time.
class TrainingPass {
public:
    // fusedAttentionThreads: causalAttention() runs (CPU fp32) with this many threads; 0: LibTorch's ops.
    TrainingPass(const ModelConfig &model, const MethodSettings &method, int64_t batch, int64_t tokens, bool cuda,
                 bool checkpointing, bool chunkedLoss, int64_t fusedAttentionThreads)
        : m_model(model), m_method(method), m_cuda(cuda), m_parts(model, method), m_layers(blockLinears(model)),
          m_virtual(method.kind == MethodKind::PromptTuning ? method.promptTuning.numVirtualTokens : 0),
          m_prefix(method.kind == MethodKind::PrefixTuning ? method.prefixTuning.numVirtualTokens : 0),
          m_B(batch), m_T(tokens + m_virtual), m_keys(m_T + m_prefix), m_lossTokens(tokens), m_N(m_B * m_T),
          m_checkpointing(checkpointing)
    {
        const int64_t d = model.dModel, V = model.vocabSize;
        if (m_prefix > 0 && method.prefixTuning.projection)
            prefixProjection();
        // Prompt tuning concatenates the trainable prompt with the embeddings: grad from the start.
        Activation h{m_N * d, m_parts.embedding || m_virtual > 0};
        int64_t blockSaved = 0;  // what one checkpointed block saves while it is recomputed
        for (int64_t i = 0; i < model.nLayers; ++i) {
            if (!checkpointing) {
                const int64_t savedBefore = savedElements;
                h = block(h, i);
                largestBlockSaved = std::max(largestBlockSaved, savedElements - savedBefore);
                continue;
            }
            savedElements += m_N * d;  // the block's input, kept by the checkpoint (and shared with
            h.saved = true;            // the recompute's norm, which saves the same storage)
            const int64_t savedBefore = savedElements;
            const double flopsBefore = forwardFlops;
            h = block(h, i);
            blockSaved = savedElements - savedBefore;
            largestBlockSaved = std::max(largestBlockSaved, blockSaved);
            savedElements = savedBefore;
            recomputeFlops += forwardFlops - flopsBefore;
        }
        const int64_t blockInputs = checkpointing ? model.nLayers * m_N * d : 0;
        Activation x = norm(h, m_parts.finalNorm || m_parts.normWeights, m_parts.finalNorm || m_parts.biases);
        // The head sees the real positions only (prompt tuning drops its virtual ones before it).
        const int64_t lossRows = m_B * m_lossTokens;
        gemm(double(lossRows), double(d), double(V), x.requiresGrad, m_parts.head);
        int64_t lossBuffers = 0, releasedAfterLoss = 0;
        if (chunkedLoss) {
            // summedLinearCrossEntropy saves nothing; while it runs, the head's input is alive
            // (prompt tuning's real rows copied out of it), with the gradients it forms for that
            // input and (when the head trains) the weight, and one chunk of logits.
            lossBuffers = std::min(lossRows, linearCrossEntropyChunkRows(V)) * V + m_N * d + lossRows * d + (m_parts.head ? V * d : 0) + (m_virtual > 0 ? lossRows * d : 0);
        } else {
            if (m_parts.head)  // the head (tied or not) trains: its weight gradient needs the normed input
                save(x);
            // cross_entropy = log_softmax (keeps its output) + nll_loss over the real positions.
            const int64_t lossOutput = lossRows * V;
            savedElements += lossOutput + lossRows;
            // At the loss the logits, then log_softmax's two [B, T, V] gradients; both the
            // log-softmax output and the head's input are gone by the time the blocks' backward runs.
            lossBuffers = 2 * lossOutput;
            releasedAfterLoss = lossOutput + (m_parts.head ? m_N * d : 0);
        }

        // The allocator's reserve (estimateRun): one block's saved activations, less the attention
        // probabilities where causalAttention() runs (measured, tests/bench scale).
        const int64_t probs = m_B * model.nHeads * m_T * m_keys;
        const bool fused = fusedAttentionThreads > 0;
        reserveElements = std::max<int64_t>(0, largestBlockSaved - (fused ? probs : 0));

        // Beyond what is saved, the largest short-lived buffers set the peak (checked against
        // LibTorch's allocations by test_resource_estimate): those at the loss, or later the last
        // block's MLP or attention gradients. LibTorch's attention backward holds two [B, H, T,
        // keys] gradients; causalAttention() the gradients of q, k and v and one [T, keys] matrix
        // per thread.
        const int64_t keyElements = m_B * model.nHeads * m_keys * model.headDim;
        const int64_t attentionGradients = fused ? m_N * model.nHeads * model.headDim + 2 * keyElements + fusedAttentionThreads * m_T * m_keys
                                                 : 2 * probs;
        const int64_t attentionBuffers = attentionGradients - m_lastMlpSaved;
        if (!checkpointing) {
            const int64_t blockBuffers = std::max(m_mlpBackwardBuffers, attentionBuffers) - releasedAfterLoss;
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
    int64_t largestBlockSaved = 0;  // what one transformer block saves for backward, at most
    int64_t reserveElements = 0;    // what the CPU allocator keeps cached beyond the live tensors
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

    // Prefix tuning's projection: embedding [n, kv] → Linear(kv, h) → tanh → Linear(h, 2·layers·kv),
    // once per forward. Each Linear keeps its input for its weight's gradient; tanh its output
    // (the second Linear's input, the same storage).
    void prefixProjection()
    {
        const double n = double(m_prefix), kv = double(m_model.nKvHeads * m_model.headDim);
        const double hidden = double(m_method.prefixTuning.projectionHidden), width = 2.0 * double(m_model.nLayers) * kv;
        savedElements += m_prefix * int64_t(kv + hidden);
        gemm(n, kv, hidden, false, true);
        gemm(n, hidden, width, true, true);
    }

    int64_t loraRank(const std::string &layer) const
    {
        return isLoraKind(m_method.kind) && containsModule(m_method.lora.targets, layer) ? m_method.lora.rankFor(layer) : 0;
    }

    bool ia3(const std::string &layer) const
    {
        return m_method.kind == MethodKind::Ia3 && containsModule(m_method.ia3.targets, layer);
    }

    // AdaptableLinear: x Wᵀ + b, plus LoRA's scale · B A dropout(x) (DoRA's magnitude on top), or
    // IA3's scale on the output (on the input for down).
    Activation linear(Activation &x, const std::string &layer, int64_t blockIndex)
    {
        const LinearShape &shape = linearShape(m_layers, layer);
        const int64_t in = shape.in, out = shape.out;
        const bool weightGrad = blockIndex >= m_parts.firstWholeBlock;
        const bool biasGrad = shape.bias && (weightGrad || m_parts.biases);
        Activation scaledInput{m_N * in, true};
        Activation *input = &x;
        if (ia3(layer) && Ia3Method::scalesInputOf(layer)) {
            save(x);  // x · l keeps x for l's gradient
            input = &scaledInput;
        }
        if (weightGrad)
            save(*input);
        gemm(double(m_N), double(in), double(out), input->requiresGrad, weightGrad);
        bool outGrad = input->requiresGrad || weightGrad || biasGrad;
        if (const int64_t r = loraRank(layer); r > 0) {
            Activation *loraInput = input;
            Activation dropped{m_N * in, input->requiresGrad};
            const bool dropout = m_method.lora.dropout > 0.0;
            const int64_t byteMask = (m_N * in + kFloatBytes - 1) / kFloatBytes;
            if (dropout && !m_cuda && m_method.kind == MethodKind::Lora) {
                // droppedProjection: x (shared by the layer's adapters) and a one-byte mask.
                savedElements += byteMask;
            } else if (dropout) {
                // LibTorch's dropout keeps its mask for x's gradient: on the CPU a float noise
                // tensor (input · noise), on CUDA the fused kernel's one-byte mask; and A's
                // gradient keeps the dropped-out copy.
                if (input->requiresGrad)
                    savedElements += m_cuda ? byteMask : m_N * in;
                loraInput = &dropped;
            }
            save(*loraInput);           // for A's gradient
            savedElements += m_N * r;   // x Aᵀ, for B's gradient
            gemm(double(m_N), double(in), double(r), loraInput->requiresGrad, true);
            gemm(double(m_N), double(r), double(out), true, true);
            if (m_method.kind == MethodKind::Dora) {
                // (m/‖W + sBA‖ − 1) · W x + m/‖W + sBA‖ · s B A x: the two products keep W x and
                // s B A x for the magnitude's gradient. With dropout, W x is computed once more
                // on the dropped-out input.
                if (dropout)
                    gemm(double(m_N), double(in), double(out), loraInput->requiresGrad, false);
                savedElements += 2 * m_N * out;
            }
            outGrad = true;
        }
        if (ia3(layer) && !Ia3Method::scalesInputOf(layer)) {
            savedElements += m_N * out;  // y · l keeps y for l's gradient
            outGrad = true;
        }
        return {m_N * out, outGrad};
    }

    // LayerNorm keeps its input, mean and rstd whenever any of its gradients is needed. Our
    // RMSNorm keeps its input, x² (mean() keeps its input) and 1/rms for the input's gradient,
    // and the normalized input for the weight's.
    Activation norm(Activation &x, bool weightGrad, bool biasGrad)
    {
        const int64_t d = m_model.dModel;
        const bool rms = m_model.family == ModelFamily::Llama;
        if (!x.requiresGrad && !weightGrad && !(biasGrad && !rms))
            return {m_N * d, false};
        if (!rms) {
            save(x);
            savedElements += 2 * m_N;
            return {m_N * d, true};
        }
        if (x.requiresGrad) {
            save(x);
            savedElements += m_N * d + m_N;
        }
        if (weightGrad)
            savedElements += m_N * d;
        return {m_N * d, true};
    }

    Activation blockNorm(Activation &x, int64_t blockIndex)
    {
        const bool whole = blockIndex >= m_parts.firstWholeBlock;
        return norm(x, whole || m_parts.normWeights, whole || m_parts.biases);
    }

    Activation attention(Activation &x, int64_t i)
    {
        const int64_t qDim = m_model.nHeads * m_model.headDim;
        const Activation q = linear(x, "q", i);
        const Activation k = linear(x, "k", i);
        const Activation v = linear(x, "v", i);
        // Prefix tuning prepends its trainable keys and values (cat keeps nothing).
        const bool keysGrad = k.requiresGrad || m_prefix > 0, valuesGrad = v.requiresGrad || m_prefix > 0;
        // Rotary positions keep only their cos/sin tables and grouped-query expansion only its
        // indices. matmul copies the head-transposed q, k and v into [B·H, T, hd] operands (k and v
        // expanded to all H heads, prefix included); bmm keeps each for the other operand's gradient.
        const double heads = double(m_B * m_model.nHeads), T = double(m_T), keys = double(m_keys),
                     hd = double(m_model.headDim);
        const int64_t keyElements = m_B * m_model.nHeads * m_keys * m_model.headDim;
        if (keysGrad)
            savedElements += m_N * qDim;
        if (q.requiresGrad)
            savedElements += keyElements;
        forwardFlops += 2.0 * heads * T * keys * hd;
        backwardFlops += (q.requiresGrad ? 2.0 : 0.0) * heads * T * keys * hd + (keysGrad ? 2.0 : 0.0) * heads * T * keys * hd;
        // The scaled and masked scores are temporaries; softmax keeps its output.
        Activation probs{m_B * m_model.nHeads * m_T * m_keys, q.requiresGrad || keysGrad};
        if (probs.requiresGrad)
            save(probs);
        if (valuesGrad)
            save(probs);
        if (probs.requiresGrad)
            savedElements += keyElements;
        forwardFlops += 2.0 * heads * T * keys * hd;
        backwardFlops += (probs.requiresGrad ? 2.0 : 0.0) * heads * T * keys * hd + (valuesGrad ? 2.0 : 0.0) * heads * T * keys * hd;
        Activation merged{m_N * qDim, probs.requiresGrad || valuesGrad};  // heads back to [B, T, H·hd]
        return linear(merged, "o", i);
    }

    Activation mlp(Activation &x, int64_t i)
    {
        const int64_t F = m_model.ffnDim;
        if (m_model.family == ModelFamily::Gpt2) {
            Activation up = linear(x, "up", i);
            if (up.requiresGrad)
                save(up);  // gelu's input
            Activation hidden{m_N * F, up.requiresGrad};
            const Activation out = linear(hidden, "down", i);
            // gelu's backward: the hidden gradient and its input's, less the hidden once released.
            m_mlpBackwardBuffers = std::max(2 * m_N * F - (hidden.saved ? m_N * F : 0), ia3InputBuffers());
            return out;
        }
        Activation gate = linear(x, "gate", i);
        Activation up = linear(x, "up", i);
        if (gate.requiresGrad)
            save(gate);  // silu's input
        Activation activated{m_N * F, gate.requiresGrad};
        if (up.requiresGrad)
            save(activated);  // the product keeps each factor for the other's gradient
        if (activated.requiresGrad)
            save(up);
        Activation hidden{m_N * F, gate.requiresGrad || up.requiresGrad};
        const Activation out = linear(hidden, "down", i);
        // The product's backward: the hidden gradient and both factors', less the hidden once
        // released. Measured against LibTorch's allocations: so when a checkpointed block is
        // recomputed; in one ordinary backward pass 2·N·F whether or not the hidden is kept.
        const int64_t product = m_checkpointing ? 3 * m_N * F - (hidden.saved ? m_N * F : 0) : 2 * m_N * F;
        m_mlpBackwardBuffers = std::max(product, ia3InputBuffers());
        return out;
    }

    // IA3 on down's input: x · l's backward holds the incoming gradient, x's gradient and the
    // product x · gradient that l's gradient sums, all [N, F].
    int64_t ia3InputBuffers() const { return ia3("down") ? 3 * m_N * m_model.ffnDim : 0; }

    // Pre-norm residual block; the residual additions keep nothing.
    Activation block(Activation &h, int64_t i)
    {
        Activation x1 = blockNorm(h, i);
        const Activation attended = attention(x1, i);
        Activation mid{m_N * m_model.dModel, h.requiresGrad || attended.requiresGrad};
        const int64_t savedBefore = savedElements;
        Activation x2 = blockNorm(mid, i);
        const Activation mlpOut = mlp(x2, i);
        m_lastMlpSaved = savedElements - savedBefore;
        return {m_N * m_model.dModel, mid.requiresGrad || mlpOut.requiresGrad};
    }

    const ModelConfig &m_model;
    const MethodSettings &m_method;
    const bool m_cuda;
    const TrainedParts m_parts;
    const std::vector<LinearShape> m_layers;
    const int64_t m_virtual, m_prefix;
    const int64_t m_B, m_T, m_keys, m_lossTokens, m_N;
    const bool m_checkpointing;
    int64_t m_mlpBackwardBuffers = 0;  // of the last block, as the walk leaves them
    int64_t m_lastMlpSaved = 0;
};

// The trainable parameters, as the methods' apply() returns them (core/methods).
int64_t trainableParameterCount(const ModelConfig &m, const MethodSettings &method)
{
    const std::vector<LinearShape> layers = blockLinears(m);
    const bool gpt2 = m.family == ModelFamily::Gpt2;
    const int64_t d = m.dModel, kvDim = m.nKvHeads * m.headDim;
    const int64_t normParams = gpt2 ? 2 * d : d;  // LayerNorm: weight and bias; RMSNorm: weight
    int64_t perBlock = 0;
    switch (method.kind) {
    case MethodKind::Full:
        return m.parameterCount();
    case MethodKind::PromptTuning:
        return method.promptTuning.numVirtualTokens * d;
    case MethodKind::PrefixTuning: {
        // Without projection one table [n, 2·layers·kv]; with it, PEFT's PrefixEncoder: an
        // embedding [n, kv] and Linear(kv, h) → tanh → Linear(h, 2·layers·kv).
        const PrefixTuningSettings &p = method.prefixTuning;
        const int64_t width = 2 * m.nLayers * kvDim;
        if (!p.projection)
            return p.numVirtualTokens * width;
        return p.numVirtualTokens * kvDim + (kvDim + 1) * p.projectionHidden + (p.projectionHidden + 1) * width;
    }
    case MethodKind::Lora:
    case MethodKind::Dora:
        for (const LinearShape &l : layers)
            if (containsModule(method.lora.targets, l.name))  // DoRA: a magnitude per output too
                perBlock += method.lora.rankFor(l.name) * (l.in + l.out) + (method.kind == MethodKind::Dora ? l.out : 0);
        return m.nLayers * perBlock;
    case MethodKind::Ia3:
        for (const LinearShape &l : layers)
            if (containsModule(method.ia3.targets, l.name))
                perBlock += Ia3Method::scalesInputOf(l.name) ? l.in : l.out;
        return m.nLayers * perBlock;
    case MethodKind::BitFit: {
        for (const LinearShape &l : layers)
            perBlock += l.bias ? l.out : 0;
        // Every norm's bias (LayerNorm only) and, with norm_weights, every norm's weight.
        const int64_t normTrained = (gpt2 ? d : 0) + (method.bitFit.normWeights ? d : 0);
        perBlock += 2 * normTrained;
        return m.nLayers * perBlock + normTrained;
    }
    case MethodKind::LastLayers: {
        for (const LinearShape &l : layers)
            perBlock += l.in * l.out + (l.bias ? l.out : 0);
        perBlock += 2 * normParams;
        const int64_t blocks = std::min(method.lastLayers.layers, m.nLayers);
        // The head: the final norm and lm_head, or the token embedding it is tied to.
        return blocks * perBlock + (method.lastLayers.head ? normParams + m.vocabSize * d : 0);
    }
    }
    return 0;
}

// Methods whose parameters come on top of the base model's (adapters, virtual tokens); the
// others train part of the base itself.
bool addsParameters(MethodKind kind)
{
    return kind != MethodKind::Full && kind != MethodKind::BitFit && kind != MethodKind::LastLayers;
}

// Largest single trainable tensor: AdamW's step allocates two temporaries of its size.
int64_t largestTrainableTensor(const ModelConfig &m, const MethodSettings &method)
{
    const int64_t d = m.dModel, qDim = m.nHeads * m.headDim, kvDim = m.nKvHeads * m.headDim;
    const int64_t widest = std::max({d, m.ffnDim, qDim});
    switch (method.kind) {
    case MethodKind::Full:
        return std::max({m.vocabSize * d, m.contextLength * d, d * m.ffnDim, d * qDim});
    case MethodKind::Lora:
    case MethodKind::Dora: {
        int64_t rank = method.lora.rank;
        for (const auto &[module, r] : method.lora.rankPattern)
            rank = std::max(rank, r);
        return rank * widest;
    }
    case MethodKind::PromptTuning:
        return method.promptTuning.numVirtualTokens * d;
    case MethodKind::PrefixTuning: {
        const PrefixTuningSettings &p = method.prefixTuning;
        const int64_t width = 2 * m.nLayers * kvDim;
        return p.projection ? std::max({p.numVirtualTokens * kvDim, kvDim * p.projectionHidden, p.projectionHidden * width})
                            : p.numVirtualTokens * width;
    }
    case MethodKind::Ia3:
    case MethodKind::BitFit:
        return widest;
    case MethodKind::LastLayers:
        return std::max(std::max(d * m.ffnDim, d * qDim), method.lastLayers.head ? m.vocabSize * d : 0);
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

    // As the trainer counts them: the model's parameters (LoRA's, DoRA's and IA3's adapters live
    // inside it) plus prompt and prefix tuning's tensors, which live outside it.
    e.trainableParams = trainableParameterCount(model, method);
    e.totalParams = model.parameterCount() + (addsParameters(method.kind) ? e.trainableParams : 0);
    e.baselineBytes = environment.baselineBytes;
    e.weightBytes = e.totalParams * kFloatBytes;
    e.gradientBytes = e.trainableParams * kFloatBytes;  // zero_grad() keeps them allocated between steps
    e.optimizerBytes = 2 * e.trainableParams * kFloatBytes;

    // Every example padded to max_length; the model sees max_length - 1 inputs (the last token
    // is only a target).
    const int64_t tokens = std::max(1, experiment.dataset.maxLength - 1);
    const int64_t batch = std::max<int64_t>(1, train.batchSize);
    // fp32 training computes the loss in chunks when the logits exceed one (summedTargetNll).
    const bool chunkedLoss = train.dtype == QLatin1String("fp32") && batch * tokens > linearCrossEntropyChunkRows(model.vocabSize);
    const bool fusedAttention = !environment.cuda && train.dtype == QLatin1String("fp32") && fusedCausalAttentionAvailable();
    const TrainingPass pass(model, method, batch, tokens, environment.cuda, train.gradientCheckpointing, chunkedLoss,
                            fusedAttention ? std::max(1, environment.threads) : 0);
    // The peak is in the backward pass, unless AdamW's temporaries after it are larger. The fused
    // CPU fp32 step (FusedAdamW) allocates none.
    const bool fusedAdamW = !environment.cuda && train.dtype == QLatin1String("fp32");
    e.activationBytes = kFloatBytes * std::max(pass.savedElements + pass.transientElements,
                                               fusedAdamW ? int64_t(0) : 2 * largestTrainableTensor(model, method));

    // CpuBlockCache keeps freed blocks mapped for the next tensor of their size. As backward
    // frees one block's saved activations, the gradients that follow come in other sizes, so at
    // the peak the cache holds about one block's activations beyond the live tensors, independent
    // of depth; causalAttention()'s probabilities are the exception, their block reused
    // (measured 0.57-2.7x of it, tests/bench scale, over widths 128-768, 2-12 layers and
    // 128-1024 tokens).
    // CUDA's caching allocator is measured by what it allocates.
    if (!environment.cuda)
        e.allocatorReserveBytes = kFloatBytes * pass.reserveElements;

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
