#include "model/CausalAttention.h"

#include "model/ExpNonPositive.h"

#include <ATen/Parallel.h>
#include <ATen/autocast_mode.h>
#include <c10/util/strides.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#ifdef PEFTBENCH_WITH_BLAS
// The BLAS LibTorch itself calls (OpenBLAS, installer/bootstrap.sh). Inside an OpenMP parallel
// region, as in every task below, OpenBLAS runs each product on the calling thread alone.
extern "C" void sgemm_(const char *transa, const char *transb, const int *m, const int *n, const int *k, const float *alpha,
                       const float *a, const int *lda, const float *b, const int *ldb, const float *beta, float *c,
                       const int *ldc);
#endif

namespace peftbench {

namespace {

#ifdef PEFTBENCH_WITH_BLAS
// Row-major C[m×n] = alpha · op(A) · op(B) + beta · C with lda, ldb, ldc the row strides as
// stored; column-major BLAS computes the transpose, Cᵀ = op(B)ᵀ · op(A)ᵀ.
void gemmRowMajor(bool transA, bool transB, int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
                  const float *b, int64_t ldb, float beta, float *c, int64_t ldc)
{
    const char ta = transA ? 'T' : 'N', tb = transB ? 'T' : 'N';
    const int M = int(m), N = int(n), K = int(k), LDA = int(lda), LDB = int(ldb), LDC = int(ldc);
    sgemm_(&tb, &ta, &N, &M, &K, &alpha, b, &LDB, a, &LDA, &beta, c, &LDC);
}
#endif

// Softmax over a row's first `valid` entries, the rest (masked positions) set to 0; and its
// backward, dS = P ⊙ (dP − Σ P dP), in place of dP. Eight partial sums so the reductions
// vectorise without reassociation flags.
#define PEFTBENCH_SOFTMAX_LOOPS(suffix, attributes)                                       \
    attributes void softmaxRow##suffix(float *row, int64_t valid, int64_t width)           \
    {                                                                                      \
        float top[8];                                                                      \
        std::fill(top, top + 8, row[0]);                                                   \
        int64_t j = 0;                                                                     \
        for (; j + 8 <= valid; j += 8)                                                     \
            for (int l = 0; l < 8; ++l)                                                    \
                top[l] = row[j + l] > top[l] ? row[j + l] : top[l];                        \
        float most = *std::max_element(top, top + 8);                                      \
        for (; j < valid; ++j)                                                             \
            most = row[j] > most ? row[j] : most;                                          \
        for (j = 0; j < valid; ++j)                                                        \
            row[j] = expNonPositive(row[j] - most);                                        \
        float part[8] = {};                                                                \
        for (j = 0; j + 8 <= valid; j += 8)                                                \
            for (int l = 0; l < 8; ++l)                                                    \
                part[l] += row[j + l];                                                     \
        float sum = part[0] + part[1] + part[2] + part[3] + part[4] + part[5] + part[6] + part[7]; \
        for (; j < valid; ++j)                                                             \
            sum += row[j];                                                                 \
        const float inverse = 1.0f / sum;                                                  \
        for (j = 0; j < valid; ++j)                                                        \
            row[j] *= inverse;                                                             \
        std::fill(row + valid, row + width, 0.0f);                                         \
    }                                                                                      \
    attributes void softmaxBackwardRow##suffix(const float *p, float *grad, int64_t width) \
    {                                                                                      \
        float part[8] = {};                                                                \
        int64_t j = 0;                                                                     \
        for (; j + 8 <= width; j += 8)                                                     \
            for (int l = 0; l < 8; ++l)                                                    \
                part[l] += p[j + l] * grad[j + l];                                         \
        float dot = part[0] + part[1] + part[2] + part[3] + part[4] + part[5] + part[6] + part[7]; \
        for (; j < width; ++j)                                                             \
            dot += p[j] * grad[j];                                                         \
        for (j = 0; j < width; ++j)                                                        \
            grad[j] = p[j] * (grad[j] - dot);                                              \
    }

PEFTBENCH_SOFTMAX_LOOPS(Avx2, __attribute__((target("avx2,fma"))))
PEFTBENCH_SOFTMAX_LOOPS(Baseline, )
#undef PEFTBENCH_SOFTMAX_LOOPS

void softmaxRow(float *row, int64_t valid, int64_t width)
{
    kCpuHasAvx2Fma ? softmaxRowAvx2(row, valid, width) : softmaxRowBaseline(row, valid, width);
}

void softmaxBackwardRow(const float *p, float *grad, int64_t width)
{
    kCpuHasAvx2Fma ? softmaxBackwardRowAvx2(p, grad, width) : softmaxBackwardRowBaseline(p, grad, width);
}

// BLAS reads a matrix whose rows may lie apart but whose entries within a row are adjacent.
torch::Tensor rowsAdjacent(const torch::Tensor &t)
{
    const bool ok = t.stride(3) == 1 && (t.size(2) == 1 || t.stride(2) >= t.size(3));
    return ok ? t : t.contiguous();
}

// Row stride of one (batch, head) matrix; a single row may carry any stride.
int64_t rowStride(const torch::Tensor &t)
{
    return t.size(2) == 1 ? t.size(3) : t.stride(2);
}

// Each gradient is laid out as its operand, so the views q, k and v came from take it back
// without a copy; the layout is kept even where the operand itself is not saved.
void keepLayout(torch::autograd::AutogradContext *ctx, const std::string &name, const torch::Tensor &t)
{
    ctx->saved_data[name + "_sizes"] = t.sizes().vec();
    const c10::DimVector dense = c10::contiguous_strides(t.sizes());
    ctx->saved_data[name + "_strides"] = t.is_non_overlapping_and_dense() ? t.strides().vec()
                                                                          : std::vector<int64_t>(dense.begin(), dense.end());
}

torch::Tensor gradientFor(torch::autograd::AutogradContext *ctx, const std::string &name, const torch::TensorOptions &options)
{
    return torch::empty_strided(ctx->saved_data[name + "_sizes"].toIntVector(),
                                ctx->saved_data[name + "_strides"].toIntVector(), options);
}

// Pointer to the [rows, hd] matrix of one (batch, head) pair.
template <typename T>
T *matrix(T *base, const torch::Tensor &t, int64_t b, int64_t h)
{
    return base + b * t.stride(0) + h * t.stride(1);
}

#ifdef PEFTBENCH_WITH_BLAS
class CausalAttentionFunction : public torch::autograd::Function<CausalAttentionFunction> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, const torch::Tensor &queries,
                                 const torch::Tensor &keys, const torch::Tensor &values, int64_t prefix)
    {
        const torch::Tensor q = rowsAdjacent(queries), k = rowsAdjacent(keys), v = rowsAdjacent(values);
        const int64_t B = q.size(0), H = q.size(1), T = q.size(2), hd = q.size(3), K = k.size(2);
        const float scale = float(1.0 / std::sqrt(double(hd)));
        // The probabilities are saved for backward; their zeros carry the mask there.
        torch::Tensor probs = torch::empty({B, H, T, K}, q.options());
        torch::Tensor out = torch::empty({B, T, H * hd}, q.options());
        const float *qData = q.data_ptr<float>(), *kData = k.data_ptr<float>(), *vData = v.data_ptr<float>();
        float *pData = probs.data_ptr<float>(), *outData = out.data_ptr<float>();
        const int64_t ldq = rowStride(q), ldk = rowStride(k), ldv = rowStride(v);
        at::parallel_for(0, B * H, 1, [&](int64_t begin, int64_t end) {
            for (int64_t task = begin; task < end; ++task) {
                const int64_t b = task / H, h = task % H;
                float *p = pData + task * T * K;
                gemmRowMajor(false, true, T, K, hd, scale, matrix(qData, q, b, h), ldq, matrix(kData, k, b, h), ldk, 0.0f, p, K);
                for (int64_t i = 0; i < T; ++i)
                    softmaxRow(p + i * K, std::min(K, prefix + i + 1), K);
                gemmRowMajor(false, false, T, hd, K, 1.0f, p, K, matrix(vData, v, b, h), ldv, 0.0f,
                             outData + b * T * H * hd + h * hd, H * hd);
            }
        });
        // Each operand only where a gradient needs it, as bmm saves them (ResourceEstimate counts so).
        const bool qGrad = queries.requires_grad(), kGrad = keys.requires_grad(), vGrad = values.requires_grad();
        const torch::Tensor none;
        keepLayout(ctx, "q", q);
        keepLayout(ctx, "k", k);
        keepLayout(ctx, "v", v);
        ctx->save_for_backward({kGrad ? q : none, qGrad ? k : none, qGrad || kGrad ? v : none,
                                qGrad || kGrad || vGrad ? probs : none});
        return out;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list grads)
    {
        const torch::autograd::variable_list saved = ctx->get_saved_variables();
        const torch::Tensor &q = saved[0], &k = saved[1], &v = saved[2], &probs = saved[3];
        const torch::Tensor gradOut = grads[0].contiguous();  // [B, T, H·hd]
        const int64_t B = probs.size(0), H = probs.size(1), T = probs.size(2), K = probs.size(3);
        const int64_t hd = gradOut.size(2) / H;
        const float scale = float(1.0 / std::sqrt(double(hd)));
        const bool needQ = ctx->needs_input_grad(0), needK = ctx->needs_input_grad(1), needV = ctx->needs_input_grad(2);
        torch::Tensor dq = needQ ? gradientFor(ctx, "q", gradOut.options()) : torch::Tensor();
        torch::Tensor dk = needK ? gradientFor(ctx, "k", gradOut.options()) : torch::Tensor();
        torch::Tensor dv = needV ? gradientFor(ctx, "v", gradOut.options()) : torch::Tensor();
        const auto data = [](const torch::Tensor &t) { return t.defined() ? t.data_ptr<float>() : nullptr; };
        const float *qData = data(q), *kData = data(k), *vData = data(v);
        const float *pData = probs.data_ptr<float>(), *goData = gradOut.data_ptr<float>();
        float *dqData = needQ ? dq.data_ptr<float>() : nullptr;
        float *dkData = needK ? dk.data_ptr<float>() : nullptr;
        float *dvData = needV ? dv.data_ptr<float>() : nullptr;
        const int64_t ldq = q.defined() ? rowStride(q) : 0, ldk = k.defined() ? rowStride(k) : 0;
        const int64_t ldv = v.defined() ? rowStride(v) : 0;
        at::parallel_for(0, B * H, 1, [&](int64_t begin, int64_t end) {
            std::vector<float> scores(size_t(T * K));  // dP, then dS in place
            for (int64_t task = begin; task < end; ++task) {
                const int64_t b = task / H, h = task % H;
                const float *p = pData + task * T * K;
                const float *go = goData + b * T * H * hd + h * hd;
                if (needV)  // dV = Pᵀ dO
                    gemmRowMajor(true, false, K, hd, T, 1.0f, p, K, go, H * hd, 0.0f, matrix(dvData, dv, b, h), rowStride(dv));
                if (!needQ && !needK)
                    continue;
                float *ds = scores.data();
                gemmRowMajor(false, true, T, K, hd, 1.0f, go, H * hd, matrix(vData, v, b, h), ldv, 0.0f, ds, K);  // dP = dO Vᵀ
                for (int64_t i = 0; i < T; ++i)
                    softmaxBackwardRow(p + i * K, ds + i * K, K);
                if (needQ)  // dQ = scale · dS K
                    gemmRowMajor(false, false, T, hd, K, scale, ds, K, matrix(kData, k, b, h), ldk, 0.0f,
                                 matrix(dqData, dq, b, h), rowStride(dq));
                if (needK)  // dK = scale · dSᵀ Q
                    gemmRowMajor(true, false, K, hd, T, scale, ds, K, matrix(qData, q, b, h), ldq, 0.0f,
                                 matrix(dkData, dk, b, h), rowStride(dk));
            }
        });
        return {dq, dk, dv, torch::Tensor()};
    }
};
#endif

}  // namespace

bool fusedCausalAttentionAvailable()
{
#ifdef PEFTBENCH_WITH_BLAS
    return true;
#else
    return false;
#endif
}

bool causalAttentionApplies(const torch::Tensor &q)
{
#ifdef PEFTBENCH_WITH_BLAS
    return q.device().is_cpu() && q.scalar_type() == torch::kFloat32 && !at::autocast::is_cpu_enabled();
#else
    (void)q;
    return false;
#endif
}

torch::Tensor causalAttention(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v, int64_t prefix)
{
#ifdef PEFTBENCH_WITH_BLAS
    TORCH_CHECK(q.dim() == 4 && k.dim() == 4 && v.dim() == 4 && k.sizes() == v.sizes() && q.size(0) == k.size(0)
                    && q.size(1) == k.size(1) && q.size(3) == k.size(3) && k.size(2) == prefix + q.size(2),
                "causalAttention: q ", q.sizes(), ", k ", k.sizes(), ", v ", v.sizes(), ", prefix ", prefix);
    TORCH_CHECK(k.scalar_type() == torch::kFloat32 && v.scalar_type() == torch::kFloat32, "causalAttention: fp32 only");
    return CausalAttentionFunction::apply(q, k, v, prefix);
#else
    (void)q, (void)k, (void)v, (void)prefix;
    TORCH_CHECK(false, "causalAttention: built without a BLAS (see causalAttentionApplies)");
#endif
}

}  // namespace peftbench
