#include "model/PeftLoraLayout.h"

#include "model/HfTensorNames.h"

#include <map>
#include <set>

namespace peftbench {

namespace {

bool endsWith(const std::string &s, const std::string &suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string dropSuffix(const std::string &s, const std::string &suffix)
{
    return s.substr(0, s.size() - suffix.size());
}

// The module's path inside its layer ("attn.c_attn", "mlp.c_proj", "self_attn.q_proj").
std::string pathInLayer(const std::string &hfModule)
{
    const std::string marker = hfModule.find(".h.") != std::string::npos ? ".h." : ".layers.";
    const size_t layerStart = hfModule.find(marker) + marker.size();
    return hfModule.substr(hfModule.find('.', layerStart) + 1);
}

std::string lastComponent(const std::string &name)
{
    const auto dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(dot + 1);
}

}  // namespace

int64_t PeftLoraModule::outFeatures() const
{
    int64_t total = 0;
    for (int64_t rows : partRows)
        total += rows;
    return total;
}

std::vector<PeftLoraModule> peftLoraModules(const ModelConfig &config)
{
    std::vector<PeftLoraModule> modules;
    for (const HfTensorMapping &m : hfTensorMappings(config)) {
        // The projections are the matrices inside the blocks; norms are vectors, embeddings and
        // the head live outside.
        if (!endsWith(m.hfName, ".weight") || m.hfShape.size() != 2 || m.ourNames.front().rfind("blocks.", 0) != 0)
            continue;
        PeftLoraModule module;
        module.hfModule = dropSuffix(m.hfName, ".weight");
        for (const std::string &ours : m.ourNames)
            module.ourLayers.push_back(dropSuffix(ours, ".weight"));
        module.partRows = m.ourSizes;
        module.inFeatures = m.inputMajor ? m.hfShape.front() : m.hfShape.back();
        modules.push_back(std::move(module));
    }
    // PEFT matches a target_modules entry against the end of a module's name, so the short name
    // ("c_attn", "q_proj") is used wherever it picks one kind of module; GPT-2's two c_proj (attention
    // output and MLP output) keep their parent to stay apart.
    std::map<std::string, std::set<std::string>> pathsByShortName;
    for (const PeftLoraModule &m : modules)
        pathsByShortName[lastComponent(m.hfModule)].insert(pathInLayer(m.hfModule));
    for (PeftLoraModule &m : modules) {
        const std::string shortName = lastComponent(m.hfModule);
        m.targetName = pathsByShortName[shortName].size() == 1 ? shortName : pathInLayer(m.hfModule);
    }
    return modules;
}

std::optional<PeftLoraLocation> findPeftLoraModule(const std::vector<PeftLoraModule> &modules, const std::string &ourLayer)
{
    for (const PeftLoraModule &m : modules)
        for (size_t i = 0; i < m.ourLayers.size(); ++i)
            if (m.ourLayers[i] == ourLayer)
                return PeftLoraLocation{&m, i};
    return std::nullopt;
}

std::string peftLoraKey(const std::string &hfModule, char matrix)
{
    return std::string(kPeftKeyPrefix) + hfModule + ".lora_" + matrix + ".weight";
}

std::string ourLayerKind(const std::string &ourLayer)
{
    return lastComponent(ourLayer);
}

}  // namespace peftbench
