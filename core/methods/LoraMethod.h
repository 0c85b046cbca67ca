#pragma once

#include "methods/FineTuningMethod.h"
#include "model/AdaptableLinear.h"

namespace peftbench {

// W x + scale · B A x on one linear layer, A [r, in], B [out, r]. Kaiming and Gaussian start B at
// zero, so the adapted model starts out identical to the base; PiSSA starts A and B from the
// weight's top-r singular vectors and takes scale · B A out of the weight, which leaves the output
// unchanged too.
class LoraAdapterImpl : public LinearAdapter {
public:
    // `weight` is the layer's; PiSSA rewrites it to the residual.
    LoraAdapterImpl(torch::Tensor weight, int64_t rank, double scale, const LoraSettings &settings, uint64_t seed);
    torch::Tensor adapt(const torch::Tensor &input, const torch::Tensor &baseOutput) override;
    void mergeInto(torch::Tensor &weight, torch::Tensor &bias) override;
    void unmergeFrom(torch::Tensor &weight, torch::Tensor &bias) override;
    // The dense change to the layer's weight [out, in]: scale · B A.
    torch::Tensor weightDelta() const;
    int64_t rank() const { return A.size(0); }
    double scale() const { return m_scale; }

    torch::Tensor A;
    torch::Tensor B;

protected:
    // The input with LoRA's dropout while training, and B A x (no dropout of its own).
    torch::Tensor dropped(const torch::Tensor &input) const;
    torch::Tensor lowRank(const torch::Tensor &x) const;

    double m_scale;
    double m_dropout;
};

class LoraMethod : public FineTuningMethod {
public:
    explicit LoraMethod(LoraSettings settings) : m_settings(std::move(settings)) {}

    MethodKind kind() const override { return MethodKind::Lora; }
    std::vector<torch::Tensor> apply(Transformer model, uint64_t seed) override;
    // "<layer>.lora.A", "<layer>.lora.B" (and DoRA's "<layer>.lora.magnitude") per adapted layer.
    TensorFile adapterFile() const override;
    void loadAdapter(const TensorFile &file) override;
    bool canMerge() const override { return true; }
    void merge() override;
    void unmerge() override;

    // Names of the adapted layers ("blocks.0.attn.q", ...), in model order.
    std::vector<std::string> adaptedLayers() const;

protected:
    // The adapter for one layer (`module` is q, k, v, ...), its rank and scale already checked.
    virtual std::shared_ptr<LoraAdapterImpl> createAdapter(const AdaptableLinear &layer, const std::string &module,
                                                           uint64_t seed) const;

    LoraSettings m_settings;

private:
    std::vector<std::pair<std::string, AdaptableLinear>> m_layers;
};

}  // namespace peftbench
