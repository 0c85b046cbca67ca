#pragma once
// `peftbench pretrain`: trains a recipe's model from scratch and writes it as a base model.
#include "experiment/PretrainRecipe.h"
#include "train/TrainingMetrics.h"

#include <QString>
#include <atomic>

namespace peftbench {

// Params in.
struct PretrainRequest {
    PretrainRecipe recipe;
    QByteArray recipeYaml;       // stored in the model's metadata, so the file says how it was made
    QString dataDirectory;       // the dataset cache lives here
    QString outputPath;          // the model file; empty: the recipe's output next to the recipe
    QString checkpointPath;      // empty: <dataDirectory>/pretrain/<name>/trainer-state.pwbc
    bool resume = false;         // continue from checkpointPath
    int threads = 0;             // 0: the recipe's train.threads
};

// Result out.
struct PretrainResult {
    RunStatus status = RunStatus::Failed;
    QString error;
    RunSummary summary;
    QString outputPath;
    int64_t outputBytes = 0;
    double heldOutLoss = 0;      // mean NLL (nats per token) over the whole test split
    int64_t heldOutTokens = 0;
};

// Metadata keys of the written model, besides Transformer::toTensorFile()'s.
constexpr const char *kHeldOutLossKey = "heldout_loss";        // nats per token, 6 decimals
constexpr const char *kHeldOutTokensKey = "heldout_tokens";
constexpr const char *kHeldOutDatasetKey = "heldout_dataset";  // e.g. "builtin:brown test split, max_length 256"

// The resolved paths for a request (outputPath and checkpointPath filled in).
PretrainRequest resolvePretrainPaths(PretrainRequest request);

// Never throws: every failure is a status with a message. Config-independent problems (missing
// dataset) come back as Failed with the message naming the file.
PretrainResult pretrainModel(const PretrainRequest &request, TrainingObserver *observer, const std::atomic<bool> &cancel);

}  // namespace peftbench
