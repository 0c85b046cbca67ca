#include "train/FusedAdamW.h"

#include <ATen/Parallel.h>
#include <c10/util/string_utils.h>
#include <torch/optim/adamw.h>
#include <torch/types.h>
#include <torch/utils.h>

#include <cmath>

namespace peftbench {

namespace {

bool fusable(const torch::Tensor &p)
{
    const torch::Tensor &g = p.grad();
    return p.device().is_cpu() && p.scalar_type() == torch::kFloat32 && p.is_contiguous() && g.device().is_cpu()
           && g.scalar_type() == torch::kFloat32 && g.is_contiguous() && g.sizes() == p.sizes();
}

// AdamW::step()'s ops, in its order, per element: p·(1 − lr·wd); m = β₁m + (1−β₁)g;
// v = β₂v + (1−β₂)g²; p −= (lr/bc₁) · m / (√v/√bc₂ + ε).
struct Coefficients {
    float decay, beta1, oneMinusBeta1, beta2, oneMinusBeta2, sqrtCorrection2, eps, stepSize;
};

void update(float *p, const float *g, float *m, float *v, int64_t n, const Coefficients &c)
{
    for (int64_t i = 0; i < n; ++i) {
        const float grad = g[i];
        const float mean = m[i] * c.beta1 + grad * c.oneMinusBeta1;
        const float square = v[i] * c.beta2 + grad * grad * c.oneMinusBeta2;
        m[i] = mean;
        v[i] = square;
        p[i] = p[i] * c.decay - c.stepSize * (mean / (__builtin_sqrtf(square) / c.sqrtCorrection2 + c.eps));
    }
}

}  // namespace

bool fusedAdamWStep(torch::optim::AdamW &optimizer)
{
    for (const auto &group : optimizer.param_groups()) {
        const auto &options = static_cast<const torch::optim::AdamWOptions &>(group.options());
        if (options.amsgrad())
            return false;
        for (const torch::Tensor &p : group.params())
            if (p.grad().defined() && !fusable(p))
                return false;
    }
    torch::NoGradGuard noGrad;
    auto &states = optimizer.state();
    for (auto &group : optimizer.param_groups()) {
        const auto &options = static_cast<const torch::optim::AdamWOptions &>(group.options());
        const double beta1 = std::get<0>(options.betas()), beta2 = std::get<1>(options.betas());
        for (torch::Tensor &p : group.params()) {
            if (!p.grad().defined())
                continue;
            auto &slot = states[c10::guts::to_string(p.unsafeGetTensorImpl())];
            if (!slot) {  // as AdamW::step() creates it
                auto fresh = std::make_unique<torch::optim::AdamWParamState>();
                fresh->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
                fresh->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
                slot = std::move(fresh);
            }
            auto &state = static_cast<torch::optim::AdamWParamState &>(*slot);
            state.step(state.step() + 1);
            const double correction1 = 1 - std::pow(beta1, double(state.step()));
            const double correction2 = 1 - std::pow(beta2, double(state.step()));
            const Coefficients c{float(1 - options.lr() * options.weight_decay()), float(beta1), float(1 - beta1),
                                 float(beta2), float(1 - beta2), float(std::sqrt(correction2)), float(options.eps()),
                                 float(options.lr() / correction1)};
            float *param = p.data_ptr<float>();
            const float *grad = p.grad().data_ptr<float>();
            float *mean = state.exp_avg().data_ptr<float>();
            float *square = state.exp_avg_sq().data_ptr<float>();
            at::parallel_for(0, p.numel(), 1 << 15, [&](int64_t begin, int64_t end) {
                update(param + begin, grad + begin, mean + begin, square + begin, end - begin, c);
            });
        }
    }
    return true;
}

}  // namespace peftbench
