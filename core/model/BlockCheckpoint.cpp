#include "model/BlockCheckpoint.h"

#include "model/TransformerBlock.h"

#include <ATen/autocast_mode.h>
#include <torch/torch.h>

#include <cstdint>
#include <mutex>

namespace peftbench {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// The rotary tables travel as one non-tensor argument: autograd would otherwise treat them as
// inputs, and GPT-2's are undefined.
struct RotaryTables {
    torch::Tensor cos, sin;
};

torch::Tensor generatorState(at::Generator generator)
{
    const std::lock_guard<std::mutex> lock(generator.mutex());
    return generator.get_state();
}

void setGeneratorState(at::Generator generator, const torch::Tensor &state)
{
    const std::lock_guard<std::mutex> lock(generator.mutex());
    generator.set_state(state);
}

// The default generators a block on `device` draws from: the CPU's always (LoRA's dropout on the
// CPU), and the device's own when it is a CUDA device.
struct RngState {
    torch::Tensor cpu;
    torch::Tensor cuda;  // undefined unless the block runs on CUDA
    torch::Device device{torch::kCPU};

    static RngState capture(const torch::Device &device)
    {
        RngState s;
        s.device = device;
        s.cpu = generatorState(at::detail::getDefaultCPUGenerator());
#ifdef PEFTBENCH_WITH_CUDA
        if (device.is_cuda())
            s.cuda = generatorState(at::globalContext().defaultGenerator(device));
#endif
        return s;
    }

    void restore() const
    {
        setGeneratorState(at::detail::getDefaultCPUGenerator(), cpu);
#ifdef PEFTBENCH_WITH_CUDA
        if (cuda.defined())
            setGeneratorState(at::globalContext().defaultGenerator(device), cuda);
#endif
    }

    void saveTo(AutogradContext *ctx) const
    {
        ctx->saved_data["rng_cpu"] = cpu;
        if (cuda.defined()) {
            ctx->saved_data["rng_cuda"] = cuda;
            ctx->saved_data["rng_cuda_index"] = int64_t(device.index());
        }
    }

    static RngState loadFrom(AutogradContext *ctx)
    {
        RngState s;
        s.cpu = ctx->saved_data.at("rng_cpu").toTensor();
        if (ctx->saved_data.count("rng_cuda")) {
            s.cuda = ctx->saved_data.at("rng_cuda").toTensor();
            s.device = torch::Device(torch::kCUDA, c10::DeviceIndex(ctx->saved_data.at("rng_cuda_index").toInt()));
        }
        return s;
    }
};

// Sets the generators to the forward's state for the recompute; on leaving, puts back the state
// the backward pass had, so the rest of training draws exactly what it would have without the
// recompute.
class ReplayedRng {
public:
    explicit ReplayedRng(const RngState &forward) : m_now(RngState::capture(forward.device)) { forward.restore(); }
    ~ReplayedRng() { m_now.restore(); }
    ReplayedRng(const ReplayedRng &) = delete;
    ReplayedRng &operator=(const ReplayedRng &) = delete;

private:
    RngState m_now;
};

// Mixed precision as the forward had it: the trainer calls backward after leaving its autocast
// scope, and a recompute in fp32 would give other values than the forward's.
struct AutocastState {
    bool cpu = false;
    bool gpu = false;
    at::ScalarType cpuType = at::kBFloat16;
    at::ScalarType gpuType = at::kHalf;

    static AutocastState current()
    {
        return {at::autocast::is_cpu_enabled(), at::autocast::is_enabled(), at::autocast::get_autocast_cpu_dtype(),
                at::autocast::get_autocast_gpu_dtype()};
    }

    void apply() const
    {
        at::autocast::set_cpu_enabled(cpu);
        at::autocast::set_enabled(gpu);
        at::autocast::set_autocast_cpu_dtype(cpuType);
        at::autocast::set_autocast_gpu_dtype(gpuType);
    }

    void saveTo(AutogradContext *ctx) const
    {
        ctx->saved_data["autocast_cpu"] = cpu;
        ctx->saved_data["autocast_gpu"] = gpu;
        ctx->saved_data["autocast_cpu_type"] = int64_t(cpuType);
        ctx->saved_data["autocast_gpu_type"] = int64_t(gpuType);
    }

    static AutocastState loadFrom(AutogradContext *ctx)
    {
        return {ctx->saved_data.at("autocast_cpu").toBool(), ctx->saved_data.at("autocast_gpu").toBool(),
                at::ScalarType(ctx->saved_data.at("autocast_cpu_type").toInt()),
                at::ScalarType(ctx->saved_data.at("autocast_gpu_type").toInt())};
    }
};

// Enters a saved autocast state as the trainer's scope does (nesting counted, so its cast cache
// is cleared on the way out) and restores the previous state after.
class ReplayedAutocast {
public:
    explicit ReplayedAutocast(const AutocastState &state) : m_before(AutocastState::current()), m_active(state.cpu || state.gpu)
    {
        state.apply();
        if (m_active)
            at::autocast::increment_nesting();
    }
    ~ReplayedAutocast()
    {
        if (m_active && at::autocast::decrement_nesting() == 0)
            at::autocast::clear_cache();
        m_before.apply();
    }
    ReplayedAutocast(const ReplayedAutocast &) = delete;
    ReplayedAutocast &operator=(const ReplayedAutocast &) = delete;

private:
    AutocastState m_before;
    bool m_active;
};

class BlockCheckpointFunction : public torch::autograd::Function<BlockCheckpointFunction> {
public:
    // `anchor` is a tensor that requires grad, given when `h` does not: without an input that
    // requires grad autograd never calls backward(), and the block's parameters (LoRA's adapters
    // behind frozen embeddings) would get no gradient. Function::apply runs this with grad off,
    // so the block keeps none of its activations.
    static torch::Tensor forward(AutogradContext *ctx, const torch::Tensor &h, const c10::optional<torch::Tensor> &anchor,
                                 const c10::optional<torch::Tensor> &prefixKey, const c10::optional<torch::Tensor> &prefixValue,
                                 TransformerBlockImpl *block, const RotaryTables &rotary)
    {
        (void)anchor;
        const AttentionPrefix prefix = prefixOf(prefixKey, prefixValue);
        ctx->saved_data["block"] = int64_t(reinterpret_cast<std::intptr_t>(block));
        ctx->saved_data["input_requires_grad"] = h.requires_grad();
        ctx->saved_data["prefix_requires_grad"] = prefix.key.defined() && prefix.key.requires_grad();
        ctx->save_for_backward({h, rotary.cos, rotary.sin, prefix.key, prefix.value});
        RngState::capture(h.device()).saveTo(ctx);
        AutocastState::current().saveTo(ctx);
        return block->forward(h, rotary.cos, rotary.sin, prefix);
    }

    // Re-runs the block with grad on a detached copy of its input, then backpropagates the
    // output's gradient through that: parameter gradients accumulate as in an ordinary backward
    // pass, and the input's gradient is handed on to the block before.
    static variable_list backward(AutogradContext *ctx, variable_list gradOutputs)
    {
        const variable_list saved = ctx->get_saved_variables();
        auto *block = reinterpret_cast<TransformerBlockImpl *>(std::intptr_t(ctx->saved_data.at("block").toInt()));
        const bool inputNeedsGrad = ctx->saved_data.at("input_requires_grad").toBool();
        const bool prefixNeedsGrad = ctx->saved_data.at("prefix_requires_grad").toBool();
        const torch::Tensor input = saved[0].detach().requires_grad_(inputNeedsGrad);
        AttentionPrefix prefix;
        if (saved[3].defined()) {
            prefix.key = saved[3].detach().requires_grad_(prefixNeedsGrad);
            prefix.value = saved[4].detach().requires_grad_(prefixNeedsGrad);
        }
        torch::Tensor out;
        {
            const ReplayedRng rng(RngState::loadFrom(ctx));
            const ReplayedAutocast autocast(AutocastState::loadFrom(ctx));
            const torch::AutoGradMode gradOn(true);
            out = block->forward(input, saved[1], saved[2], prefix);
        }
        if (out.requires_grad())  // else the block has nothing that trains and no input gradient is wanted
            torch::autograd::backward({out}, {gradOutputs[0]});
        // One entry per forward argument: h, anchor, prefix key, prefix value, block, rotary.
        return {inputNeedsGrad ? input.grad() : torch::Tensor(), torch::Tensor(),
                prefixNeedsGrad ? prefix.key.grad() : torch::Tensor(), prefixNeedsGrad ? prefix.value.grad() : torch::Tensor(),
                torch::Tensor(), torch::Tensor()};
    }

private:
    static AttentionPrefix prefixOf(const c10::optional<torch::Tensor> &key, const c10::optional<torch::Tensor> &value)
    {
        AttentionPrefix prefix;
        if (key && value) {
            prefix.key = *key;
            prefix.value = *value;
        }
        return prefix;
    }
};

bool hasTrainableParameters(const TransformerBlockImpl &block)
{
    for (const auto &p : block.parameters())
        if (p.requires_grad())
            return true;
    return false;
}

}  // namespace

torch::Tensor checkpointedBlockForward(TransformerBlockImpl &block, const torch::Tensor &h, const torch::Tensor &cos,
                                       const torch::Tensor &sin, const AttentionPrefix &prefix)
{
    const bool inputRequiresGrad = h.requires_grad();
    const bool prefixRequiresGrad = prefix.key.defined() && prefix.key.requires_grad();
    if (!inputRequiresGrad && !prefixRequiresGrad && !hasTrainableParameters(block))
        return block.forward(h, cos, sin, prefix);  // nothing here needs a gradient, so nothing is saved anyway
    c10::optional<torch::Tensor> anchor;
    if (!inputRequiresGrad && !prefixRequiresGrad)
        anchor = torch::empty({0}, torch::TensorOptions().dtype(h.scalar_type()).device(h.device()).requires_grad(true));
    c10::optional<torch::Tensor> prefixKey, prefixValue;
    if (prefix.key.defined()) {
        prefixKey = prefix.key;
        prefixValue = prefix.value;
    }
    return BlockCheckpointFunction::apply(h, anchor, prefixKey, prefixValue, &block, RotaryTables{cos, sin});
}

}  // namespace peftbench
