#pragma once

#include "methods/FineTuningMethod.h"
#include "model/AdaptableLinear.h"

namespace peftbench {

// IA3 on one linear layer: a learned vector, initialised to 1, that scales the layer's output
// (bias included, as PEFT does) or, for the MLP's down projection (PEFT's feedforward module), its
// input. Mergeable: the vector folds into the weight's rows (and the bias) or columns.
class Ia3AdapterImpl : public LinearAdapter {
public:
    Ia3AdapterImpl(int64_t features, bool scalesInput);
    torch::Tensor adaptInput(const torch::Tensor &input) override;
    torch::Tensor adapt(const torch::Tensor &input, const torch::Tensor &baseOutput) override;
    void mergeInto(torch::Tensor &weight, torch::Tensor &bias) override;
    void unmergeFrom(torch::Tensor &weight, torch::Tensor &bias) override;
    bool scalesInput() const { return m_scalesInput; }

    torch::Tensor scale;   // [in] when scalesInput, else [out]

private:
    bool m_scalesInput;
};

class Ia3Method : public FineTuningMethod {
public:
    explicit Ia3Method(Ia3Settings settings) : m_settings(std::move(settings)) {}

    MethodKind kind() const override { return MethodKind::Ia3; }
    std::vector<torch::Tensor> apply(Transformer model, uint64_t seed) override;
    // "<layer>.ia3.scale" per adapted layer.
    TensorFile adapterFile() const override;
    void loadAdapter(const TensorFile &file) override;
    bool canMerge() const override { return true; }
    void merge() override;
    void unmerge() override;

    // The modules whose input IA3 scales (PEFT's feedforward_modules).
    static bool scalesInputOf(const std::string &module) { return module == "down"; }

private:
    Ia3Settings m_settings;
    std::vector<std::pair<std::string, AdaptableLinear>> m_layers;
};

}  // namespace peftbench
