#pragma once

#include "methods/FineTuningMethod.h"

namespace peftbench {

// Every parameter of the base model trains; the "adapter" is the whole model.
class FullFineTuning : public FineTuningMethod {
public:
    MethodKind kind() const override { return MethodKind::Full; }
    std::vector<torch::Tensor> apply(Transformer model, uint64_t seed) override;
    TensorFile adapterFile() const override;
    void loadAdapter(const TensorFile &file) override;
};

}  // namespace peftbench
