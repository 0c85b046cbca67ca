#pragma once

#include "methods/LoraMethod.h"

namespace peftbench {

// DoRA (Liu et al. 2024, PEFT's use_dora): the weight split into a magnitude per output feature
// and a direction; LoRA adapts the direction and the magnitude vector trains:
//   y = m / ||W + s·B A||_row · (W x + s·B A x) + b,
// with the norm treated as a constant in the backward pass (PEFT's detach, DoRA §4.3). m starts
// as ||W + s·B A||_row, so the output starts unchanged.
class DoraAdapterImpl : public LoraAdapterImpl {
public:
    DoraAdapterImpl(torch::Tensor weight, torch::Tensor bias, int64_t rank, double scale, const LoraSettings &settings,
                    uint64_t seed);
    torch::Tensor adapt(const torch::Tensor &input, const torch::Tensor &baseOutput) override;
    void mergeInto(torch::Tensor &weight, torch::Tensor &bias) override;
    void unmergeFrom(torch::Tensor &weight, torch::Tensor &bias) override;

    // ||W + s·B A|| over each output feature's row, without gradient: [out].
    torch::Tensor weightNorm() const;

    torch::Tensor magnitude;   // [out]

private:
    torch::Tensor m_weight;    // the layer's (shared storage)
    torch::Tensor m_bias;      // the layer's, or undefined
    torch::Tensor m_mergedFactor;  // m / norm at merge time, to take the merge back out exactly
};

// LoRA's settings and file layout plus "<layer>.lora.magnitude"; mergeable.
class DoraMethod : public LoraMethod {
public:
    using LoraMethod::LoraMethod;
    MethodKind kind() const override { return MethodKind::Dora; }

protected:
    std::shared_ptr<LoraAdapterImpl> createAdapter(const AdaptableLinear &layer, const std::string &module,
                                                   uint64_t seed) const override;
};

}  // namespace peftbench
