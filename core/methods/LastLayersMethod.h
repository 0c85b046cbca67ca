#pragma once

#include "methods/FineTuningMethod.h"

namespace peftbench {

// Freeze all but the last N transformer blocks: they train in full, the rest of the model is
// frozen; with `head`, the final norm and the output head train too (for a tied head that is the
// token embedding, which the input shares). The trained tensors live in the model itself, so
// there is nothing to merge, and the adapter file holds just them.
class LastLayersMethod : public FineTuningMethod {
public:
    explicit LastLayersMethod(LastLayersSettings settings) : m_settings(settings) {}

    MethodKind kind() const override { return MethodKind::LastLayers; }
    // Throws std::invalid_argument when layers is outside 1..the model's number of blocks.
    std::vector<torch::Tensor> apply(Transformer model, uint64_t seed) override;
    TensorFile adapterFile() const override;
    void loadAdapter(const TensorFile &file) override;

    // The names of the parameters that train on `model` with `settings`, in model order.
    static std::vector<std::string> trainedNames(const Transformer &model, const LastLayersSettings &settings);

private:
    LastLayersSettings m_settings;
    std::vector<std::string> m_names;
};

}  // namespace peftbench
