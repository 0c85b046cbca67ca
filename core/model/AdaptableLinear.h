#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

#include <memory>

namespace peftbench {

// A trainable change to one linear layer (LoRA, DoRA, IA3). It may rewrite the layer's input
// before the base weight sees it (IA3 on a feed-forward layer scales it) and its output given that
// input and the base output, so methods never have to rewrite the model's forward.
class LinearAdapter : public torch::nn::Module {
public:
    virtual torch::Tensor adaptInput(const torch::Tensor &input) { return input; }
    virtual torch::Tensor adapt(const torch::Tensor &input, const torch::Tensor &baseOutput) = 0;
    // Folds the adapter into the layer's weight [out, in] and bias [out] (undefined when the layer
    // has none), and takes it back out again; the layer calls these under NoGradGuard.
    virtual void mergeInto(torch::Tensor &weight, torch::Tensor &bias) = 0;
    virtual void unmergeFrom(torch::Tensor &weight, torch::Tensor &bias) = 0;
};

// y = x Wᵀ + b, plus an optional adapter. Every projection of the transformer is one of these,
// named q, k, v, o, up, gate, down, so methods can target them by name.
class AdaptableLinearImpl : public torch::nn::Module {
public:
    AdaptableLinearImpl(int64_t inFeatures, int64_t outFeatures, bool bias);

    torch::Tensor forward(const torch::Tensor &x);

    // Registers the adapter as submodule `name` (parameters become "<layer>.<name>.*").
    void attachAdapter(const std::string &name, std::shared_ptr<LinearAdapter> adapter);
    LinearAdapter *adapter() const { return m_adapter.get(); }

    // Folds the adapter into the weight (inference then costs nothing extra) or takes it back out.
    void merge();
    void unmerge();
    bool merged() const { return m_merged; }

    int64_t inFeatures() const { return weight.size(1); }
    int64_t outFeatures() const { return weight.size(0); }

    torch::Tensor weight;
    torch::Tensor bias;  // undefined when the layer has none

private:
    std::shared_ptr<LinearAdapter> m_adapter;
    bool m_merged = false;
};
TORCH_MODULE(AdaptableLinear);

}  // namespace peftbench
