#pragma once

#include "methods/FineTuningMethod.h"
#include "model/AdaptableLinear.h"

namespace peftbench {

// W x + scale · B A x on one linear layer; A [r, in] Kaiming-uniform, B [out, r] zero, so the
// adapted model starts out identical to the base.
class LoraAdapterImpl : public LinearAdapter {
public:
    LoraAdapterImpl(int64_t inFeatures, int64_t outFeatures, const LoraSettings &settings, uint64_t seed);
    torch::Tensor adapt(const torch::Tensor &input, const torch::Tensor &baseOutput) override;
    torch::Tensor weightDelta() const override;

    torch::Tensor A;
    torch::Tensor B;

private:
    double m_scale;
    double m_dropout;
};

class LoraMethod : public FineTuningMethod {
public:
    explicit LoraMethod(LoraSettings settings) : m_settings(std::move(settings)) {}

    MethodKind kind() const override { return MethodKind::Lora; }
    std::vector<torch::Tensor> apply(Transformer model, uint64_t seed) override;
    TensorFile adapterFile() const override;
    void loadAdapter(const TensorFile &file) override;
    bool canMerge() const override { return true; }
    void merge() override;
    void unmerge() override;

    // Names of the adapted layers ("blocks.0.attn.q", ...), in model order.
    std::vector<std::string> adaptedLayers() const;

private:
    LoraSettings m_settings;
    std::vector<std::pair<std::string, AdaptableLinear>> m_layers;
};

}  // namespace peftbench
