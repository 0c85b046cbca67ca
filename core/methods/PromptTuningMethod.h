#pragma once

#include "methods/FineTuningMethod.h"

namespace peftbench {

// n trainable virtual-token embeddings prepended to the input embeddings; the base is frozen.
// hidden() drops the virtual positions, so they never enter the loss.
class PromptTuningMethod : public FineTuningMethod {
public:
    explicit PromptTuningMethod(PromptTuningSettings settings) : m_settings(std::move(settings)) {}

    MethodKind kind() const override { return MethodKind::PromptTuning; }
    std::vector<torch::Tensor> apply(Transformer model, uint64_t seed) override;
    torch::Tensor hidden(const torch::Tensor &ids) override;
    int64_t contextReduction() const override { return m_settings.numVirtualTokens; }
    TensorFile adapterFile() const override;
    void loadAdapter(const TensorFile &file) override;

    torch::Tensor promptEmbeddings() const { return m_prompt; }

private:
    PromptTuningSettings m_settings;
    torch::Tensor m_prompt;  // [n, D]
};

}  // namespace peftbench
