#include "model/LinearCrossEntropy.h"

#include <torch/torch.h>

#include <algorithm>

namespace peftbench {

namespace {

// Under glibc's largest mmap threshold (HostHeap.h), so the chunk is reused from the heap.
constexpr int64_t kChunkLogitBytes = 24LL << 20;

struct ChunkedLoss {
    torch::Tensor summed;      // 0-dim float
    torch::Tensor gradHidden;  // [N, D] (undefined unless asked for)
    torch::Tensor gradWeight;  // [V, D] (undefined unless asked for)
};

// The loss and, when asked, its gradients for a unit upstream gradient. Every row has a non-zero
// mask (the caller has dropped the others).
ChunkedLoss chunkedLoss(const torch::Tensor &hidden, const torch::Tensor &weight, const torch::Tensor &targets,
                        const torch::Tensor &mask, bool wantHidden, bool wantWeight)
{
    const int64_t rows = hidden.size(0);
    const int64_t chunk = linearCrossEntropyChunkRows(weight.size(0));
    ChunkedLoss out;
    out.summed = torch::zeros({}, hidden.options().dtype(torch::kFloat32));
    if (wantHidden)
        out.gradHidden = torch::empty_like(hidden);
    if (wantWeight)
        out.gradWeight = torch::zeros_like(weight);
    for (int64_t start = 0; start < rows; start += chunk) {
        const int64_t n = std::min(chunk, rows - start);
        const torch::Tensor h = hidden.narrow(0, start, n);
        const torch::Tensor t = targets.narrow(0, start, n).unsqueeze(1);
        const torch::Tensor m = mask.narrow(0, start, n);
        torch::Tensor logits = torch::matmul(h, weight.t()).to(torch::kFloat32);  // [n, V]
        // log-sum-exp by hand, in place: logsumexp() would allocate a second [n, V].
        const torch::Tensor targetLogit = logits.gather(1, t);
        const torch::Tensor rowMax = std::get<0>(logits.max(1, true));
        const torch::Tensor expSum = logits.sub_(rowMax).exp_().sum(1, true);  // logits now hold exp(x − max)
        out.summed += ((expSum.log() + rowMax - targetLogit).squeeze(1) * m).sum();
        if (!wantHidden && !wantWeight)
            continue;
        // d/dlogits of mᵢ·NLLᵢ = mᵢ (softmax − onehot): formed in place over the logits.
        torch::Tensor grad = logits.div_(expSum);
        grad.scatter_add_(1, t, torch::full_like(t, -1.0, grad.options()));
        grad.mul_(m.unsqueeze(1));
        grad = grad.to(hidden.scalar_type());
        if (wantHidden) {
            torch::Tensor rowsOut = out.gradHidden.narrow(0, start, n);  // contiguous: whole rows
            torch::mm_out(rowsOut, grad, weight);
        }
        if (wantWeight)
            out.gradWeight.addmm_(grad.t(), h);  // accumulates in place: no [V, D] temporary per chunk
    }
    return out;
}

class LinearCrossEntropyFunction : public torch::autograd::Function<LinearCrossEntropyFunction> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, const torch::Tensor &hidden,
                                 const torch::Tensor &weight, const torch::Tensor &targets, const torch::Tensor &mask,
                                 bool wantHidden, bool wantWeight)
    {
        ChunkedLoss loss = chunkedLoss(hidden, weight, targets, mask, wantHidden, wantWeight);
        ctx->saved_data["grad_hidden"] = loss.gradHidden;
        ctx->saved_data["grad_weight"] = loss.gradWeight;
        return loss.summed;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list grads)
    {
        // The saved gradients are scaled in place (a second copy of [V, D] would undo the saving),
        // so a second backward through the same graph would be wrong: refuse it.
        TORCH_CHECK(!ctx->saved_data.count("used"), "summedLinearCrossEntropy: backward runs once (no retain_graph)");
        ctx->saved_data["used"] = true;
        const torch::Tensor &upstream = grads[0];
        const auto scaled = [&](const char *key) {
            // Taken out of the context: the graph (and its context) lives as long as the loss
            // tensor, and these must be freed as soon as autograd has used them.
            const torch::Tensor g = ctx->saved_data[key].toTensor();
            ctx->saved_data.erase(key);
            return g.defined() ? g.mul_(upstream.to(g.scalar_type())) : torch::Tensor();
        };
        return {scaled("grad_hidden"), scaled("grad_weight"), torch::Tensor(), torch::Tensor(), torch::Tensor(),
                torch::Tensor()};
    }
};

}  // namespace

int64_t linearCrossEntropyChunkRows(int64_t vocab)
{
    return std::max<int64_t>(1, kChunkLogitBytes / (std::max<int64_t>(1, vocab) * int64_t(sizeof(float))));
}

torch::Tensor summedLinearCrossEntropy(const torch::Tensor &hidden, const torch::Tensor &weight,
                                       const torch::Tensor &targets, const torch::Tensor &mask)
{
    TORCH_CHECK(hidden.dim() == 2 && weight.dim() == 2 && hidden.size(1) == weight.size(1),
                "summedLinearCrossEntropy: hidden [N, D] and weight [V, D] expected");
    TORCH_CHECK(targets.numel() == hidden.size(0) && mask.numel() == hidden.size(0),
                "summedLinearCrossEntropy: one target and one mask value per row expected");
    // Only the rows in the loss go through the head; index_select scatters their gradient back.
    const torch::Tensor kept = mask.nonzero().squeeze(1);
    const bool all = kept.size(0) == hidden.size(0);
    const torch::Tensor h = all ? hidden : hidden.index_select(0, kept);
    const torch::Tensor t = all ? targets : targets.index_select(0, kept);
    const torch::Tensor m = (all ? mask : mask.index_select(0, kept)).to(torch::kFloat32);
    const bool grad = torch::GradMode::is_enabled();
    const bool wantHidden = grad && h.requires_grad(), wantWeight = grad && weight.requires_grad();
    if (!wantHidden && !wantWeight)
        return chunkedLoss(h, weight, t, m, false, false).summed;
    return LinearCrossEntropyFunction::apply(h, weight, t, m, wantHidden, wantWeight);
}

}  // namespace peftbench
