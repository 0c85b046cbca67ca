#pragma once
// The folklore about prompt tuning, LoRA and full fine-tuning, judged against the compared runs
// (issue 7 item 2). Each claim is answered from the numbers, with the numbers quoted.
//
// How a claim is judged:
// - Each method is represented by one group of runs (a configuration and its seeds): its group
//   with the best quality (test metric where every group has one, else best validation loss).
//   A method absent from the comparison makes every claim about it inconclusive; a superlative
//   ("the fewest", "the least", "the best") needs all three methods.
// - Deterministic claims — trainable parameters, size on disk — are fixed by the configuration:
//   one run per method decides them, no repeats needed.
// - Measured costs — peak memory, seconds per step — vary a little between runs: with ≥ 2 seeds
//   on both sides a difference must exceed 2 × the pooled standard deviation; with a single seed
//   it must exceed 10 % of the larger value (the run-to-run noise we see on one machine).
// - Quality claims — best quality, generalization gap — depend on the seed: they need ≥ 2 seeds
//   on both sides and a difference beyond 2 × the pooled standard deviation; a single seed is
//   always inconclusive.
#include "report/RunComparison.h"

#include <QString>

#include <vector>

namespace peftbench {

enum class Verdict { Supported, Refuted, Inconclusive };
QString verdictName(Verdict verdict);   // "supported", "refuted", "inconclusive"

struct ClaimResult {
    QString id;          // stable key: "pt_fewest_params", "pt_least_memory", ... (claimIds())
    QString statement;   // the claim in words: "Prompt tuning trains the fewest parameters."
    Verdict verdict = Verdict::Inconclusive;
    QString evidence;    // the numbers behind the verdict and, when inconclusive, why
};

// The ids in the order checkClaims() reports them:
//   pt_fewest_params       prompt tuning trains the fewest parameters          (deterministic)
//   pt_least_memory        prompt tuning needs the least peak memory           (measured cost)
//   lora_less_memory       LoRA needs less peak memory than full fine-tuning   (measured cost)
//   full_best_quality      full fine-tuning reaches the best quality           (quality)
//   lora_beats_pt          LoRA beats prompt tuning on quality                 (quality)
//   full_overfits_more     full fine-tuning has the largest generalization gap (quality)
//   adapters_far_smaller   every adapter is ≥ 10× smaller on disk than the full checkpoint
//                          (deterministic; needs full and at least one adapter method)
//   lora_faster_per_step   LoRA takes less time per step than full fine-tuning (measured cost)
const QStringList &claimIds();

// The eight claims above, always all eight, in claimIds() order.
std::vector<ClaimResult> checkClaims(const Comparison &comparison);

// How many times smaller an adapter must be than the full checkpoint to count as "far smaller".
constexpr double kFarSmallerFactor = 10.0;
// A measured cost from a single seed must differ by more than this fraction of the larger value.
constexpr double kSingleRunCostMargin = 0.10;
// A difference inside this many pooled standard deviations is within the seed-to-seed spread.
constexpr double kSpreadFactor = 2.0;

}  // namespace peftbench
