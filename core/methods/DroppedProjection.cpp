#include "methods/DroppedProjection.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <ATen/autocast_mode.h>
#include <torch/torch.h>

#include <mutex>

namespace peftbench {

namespace {

// SplitMix64: a counter-based stream, so element i's draw does not depend on the thread count.
inline uint64_t mix(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// keep[i] = 1 with probability 1 − p (two 32-bit uniforms per draw).
torch::Tensor keepMask(const torch::TensorOptions &options, at::IntArrayRef sizes, double p)
{
    uint64_t seed = 0;
    {
        auto *generator = at::check_generator<at::CPUGeneratorImpl>(at::detail::getDefaultCPUGenerator());
        std::lock_guard<std::mutex> lock(generator->mutex_);
        seed = generator->random64();
    }
    torch::Tensor mask = torch::empty(sizes, options.dtype(torch::kBool));
    bool *out = mask.data_ptr<bool>();
    const uint64_t threshold = uint64_t(p * 4294967296.0);  // drop when the uniform is below it
    const int64_t pairs = (mask.numel() + 1) / 2;
    at::parallel_for(0, pairs, 1 << 14, [&](int64_t begin, int64_t end) {
        for (int64_t j = begin; j < end; ++j) {
            const uint64_t bits = mix(seed + uint64_t(j));
            out[2 * j] = (bits & 0xffffffffULL) >= threshold;
            if (2 * j + 1 < mask.numel())
                out[2 * j + 1] = (bits >> 32) >= threshold;
        }
    });
    return mask;
}

class DroppedProjectionFunction : public torch::autograd::Function<DroppedProjectionFunction> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, const torch::Tensor &x, const torch::Tensor &a,
                                 double p)
    {
        const torch::Tensor mask = keepMask(x.options(), x.sizes(), p);
        const double scale = 1.0 / (1.0 - p);
        ctx->save_for_backward({x, a, mask});
        ctx->saved_data["scale"] = scale;
        return torch::nn::functional::linear(x * mask * scale, a);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor &x = saved[0], &a = saved[1], &mask = saved[2];
        const double scale = ctx->saved_data["scale"].toDouble();
        const torch::Tensor g = grads[0];  // [..., r]
        torch::Tensor gradX, gradA;
        if (ctx->needs_input_grad(0))
            gradX = torch::matmul(g, a).mul_(mask).mul_(scale);
        if (ctx->needs_input_grad(1)) {
            const int64_t in = x.size(-1), r = a.size(0);
            gradA = torch::matmul(g.reshape({-1, r}).t(), (x * mask * scale).reshape({-1, in}));
        }
        return {gradX, gradA, torch::Tensor()};
    }
};

}  // namespace

torch::Tensor droppedProjection(const torch::Tensor &x, const torch::Tensor &a, double p)
{
    // Under autocast the product's dtype would not be the inputs' and backward (run without
    // autocast) could not combine them.
    const bool ownKernel = x.device().is_cpu() && x.scalar_type() == torch::kFloat32 && a.scalar_type() == torch::kFloat32
                           && !at::autocast::is_cpu_enabled() && !at::autocast::is_enabled();
    if (!ownKernel || p <= 0.0 || p >= 1.0)
        return torch::nn::functional::linear(p > 0.0 ? torch::dropout(x, p, true) : x, a);
    return DroppedProjectionFunction::apply(x, a, p);
}

}  // namespace peftbench
