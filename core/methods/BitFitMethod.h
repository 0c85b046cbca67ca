#pragma once

#include "methods/FineTuningMethod.h"

namespace peftbench {

// BitFit (Ben Zaken et al. 2022): only the bias terms train (with normWeights, the norms' weights
// too); the rest of the model is frozen. The trained tensors live in the model itself, so there is
// nothing to merge, and the adapter file holds just them.
class BitFitMethod : public FineTuningMethod {
public:
    explicit BitFitMethod(BitFitSettings settings) : m_settings(settings) {}

    MethodKind kind() const override { return MethodKind::BitFit; }
    // Throws std::invalid_argument when the model has nothing to train (no biases, normWeights off).
    std::vector<torch::Tensor> apply(Transformer model, uint64_t seed) override;
    TensorFile adapterFile() const override;
    void loadAdapter(const TensorFile &file) override;

    // The names of the parameters BitFit trains on `model` with `settings`, in model order.
    static std::vector<std::string> trainedNames(const Transformer &model, const BitFitSettings &settings);

private:
    BitFitSettings m_settings;
    std::vector<std::string> m_names;
};

}  // namespace peftbench
