#include "model/TanhGelu.h"

#include "model/ExpNonPositive.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <cstdint>

namespace peftbench {

namespace {

constexpr float kSqrt2OverPi = 0.7978845608028654f;
constexpr float kCubic = 0.044715f;

// σ(2u) for u = √(2/π)(x + 0.044715 x³), from exp of a non-positive argument only (no overflow):
// σ(z) = 1/(1+e^-z) for z ≥ 0 and e^z/(1+e^z) for z < 0.
inline float sigmoidOfTwiceU(float x)
{
    const float z = 2.0f * kSqrt2OverPi * (x + kCubic * x * x * x);
    const float e = expNonPositive(z > 0.0f ? -z : z);
    const float s = 1.0f / (1.0f + e);
    return z > 0.0f ? s : e * s;
}

// The loops, written once; the wrappers below compile them for AVX2 + FMA and for any x86-64.
// -fno-trapping-math (core/CMakeLists.txt) lets GCC turn the selects into vector blends.
#define PEFTBENCH_GELU_LOOPS(suffix, attributes)                                                        \
    attributes void geluForward##suffix(const float *x, float *y, int64_t n)                             \
    {                                                                                                    \
        for (int64_t i = 0; i < n; ++i)                                                                  \
            y[i] = x[i] * sigmoidOfTwiceU(x[i]);                                                         \
    }                                                                                                    \
    /* d/dx x·σ(2u) = σ + x σ(1−σ) · 2√(2/π)(1 + 3·0.044715 x²); where σ saturates, σ(1−σ) = 0 */       \
    /* and the second term is dropped, which also keeps x·u' from overflowing */                        \
    attributes void geluBackward##suffix(const float *x, const float *gradOut, float *gradIn, int64_t n) \
    {                                                                                                    \
        for (int64_t i = 0; i < n; ++i) {                                                                \
            const float v = x[i];                                                                        \
            const float s = sigmoidOfTwiceU(v);                                                          \
            const float du = 2.0f * kSqrt2OverPi * (1.0f + 3.0f * kCubic * v * v);                       \
            const float slope = s * (1.0f - s);                                                          \
            gradIn[i] = gradOut[i] * (slope == 0.0f ? s : s + v * slope * du);                           \
        }                                                                                                \
    }

PEFTBENCH_GELU_LOOPS(Avx2, __attribute__((target("avx2,fma"))))
PEFTBENCH_GELU_LOOPS(Baseline, )
#undef PEFTBENCH_GELU_LOOPS

void geluForward(const float *x, float *y, int64_t n)
{
    kCpuHasAvx2Fma ? geluForwardAvx2(x, y, n) : geluForwardBaseline(x, y, n);
}

void geluBackward(const float *x, const float *gradOut, float *gradIn, int64_t n)
{
    kCpuHasAvx2Fma ? geluBackwardAvx2(x, gradOut, gradIn, n) : geluBackwardBaseline(x, gradOut, gradIn, n);
}

constexpr int64_t kGrain = 1 << 14;

class TanhGeluFunction : public torch::autograd::Function<TanhGeluFunction> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, const torch::Tensor &input)
    {
        const torch::Tensor x = input.contiguous();
        torch::Tensor y = torch::empty_like(x);
        const float *in = x.data_ptr<float>();
        float *out = y.data_ptr<float>();
        at::parallel_for(0, x.numel(), kGrain, [&](int64_t begin, int64_t end) {
            geluForward(in + begin, out + begin, end - begin);
        });
        ctx->save_for_backward({x});
        return y;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list grads)
    {
        const torch::Tensor x = ctx->get_saved_variables()[0];
        const torch::Tensor gradOut = grads[0].contiguous();
        torch::Tensor gradIn = torch::empty_like(x);
        const float *in = x.data_ptr<float>();
        const float *g = gradOut.data_ptr<float>();
        float *out = gradIn.data_ptr<float>();
        at::parallel_for(0, x.numel(), kGrain, [&](int64_t begin, int64_t end) {
            geluBackward(in + begin, g + begin, out + begin, end - begin);
        });
        return {gradIn};
    }
};

}  // namespace

torch::Tensor tanhGelu(const torch::Tensor &x)
{
    if (!x.device().is_cpu() || x.scalar_type() != torch::kFloat32)
        return torch::gelu(x, "tanh");
    return TanhGeluFunction::apply(x);
}

}  // namespace peftbench
