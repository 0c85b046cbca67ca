#pragma once

#include "methods/MethodSettings.h"
#include "model/TensorFile.h"
#include "model/Transformer.h"

#include <memory>

namespace peftbench {

// One way of fine-tuning a base model. The trainer only talks to this interface, so the three
// methods train the same base with the same data through the same loop.
class FineTuningMethod {
public:
    virtual ~FineTuningMethod() = default;

    virtual MethodKind kind() const = 0;

    // Attaches to the model and returns the parameters that train. Everything else is frozen
    // (requires_grad off: no gradient is allocated for it and it is not given to the optimizer).
    virtual std::vector<torch::Tensor> apply(Transformer model, uint64_t seed) = 0;

    // The model's output aligned with `ids` [B, T], with the method in effect: the hidden states
    // the head reads [B, T, D] (methods that add virtual positions drop them here), and logits [B, T, V].
    virtual torch::Tensor hidden(const torch::Tensor &ids) { return m_model->hiddenStates(m_model->embed(ids)); }
    torch::Tensor logits(const torch::Tensor &ids) { return m_model->head(hidden(ids)); }

    // Tokens of the model's context the method uses itself (prompt tuning's virtual tokens).
    virtual int64_t contextReduction() const { return 0; }

    // What is saved when the run ends: the adapter, or the whole model for full fine-tuning.
    virtual TensorFile adapterFile() const = 0;
    // Restores what adapterFile() saved; throws std::invalid_argument naming a mismatch.
    virtual void loadAdapter(const TensorFile &file) = 0;

    // Folds the adapter into the base weights where the method allows it.
    virtual bool canMerge() const { return false; }
    virtual void merge() {}
    virtual void unmerge() {}

    Transformer model() const { return m_model; }

protected:
    Transformer m_model{nullptr};
};

std::unique_ptr<FineTuningMethod> createMethod(const MethodSettings &settings);

// Freezes every parameter of the model.
void freezeAll(torch::nn::Module &module);

// Target-module lists (q, k, v, o, up, gate, down) as configs and adapter metadata spell them: "q,v".
QString joinedModules(const std::vector<std::string> &modules);
bool containsModule(const std::vector<std::string> &modules, const std::string &module);

// Turns training on for the named parameters (after freezeAll) and returns them, in `names` order.
std::vector<torch::Tensor> trainNamed(const Transformer &model, const std::vector<std::string> &names);
// The parameters of `module` by name, as toTensorFile() names them ("blocks.3.attn.q.bias"), that
// a method trains in place (BitFit, last_layers); adapterFile() saves exactly these.
TensorFile namedTensorsFile(const Transformer &model, const std::vector<std::string> &names, MethodKind kind,
                            const QMap<QString, QString> &metadata);
// Copies what namedTensorsFile() saved back into the model; throws std::invalid_argument naming
// the method and a missing, mis-shaped or unexpected tensor.
void loadNamedTensors(Transformer &model, const std::vector<std::string> &names, MethodKind kind, const TensorFile &file);

}  // namespace peftbench
