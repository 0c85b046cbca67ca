#pragma once

#include <cstdint>
#include <vector>

namespace peftbench {

struct ClassificationScores {
    double accuracy = 0;
    double macroF1 = 0;
    std::vector<std::vector<int64_t>> confusion;  // [true][predicted]
};

// macro-F1 is the mean over classes of F1 = 2·TP / (2·TP + FP + FN); a class with no true and no
// predicted examples is skipped (it says nothing about the model), one with TP = 0 scores 0.
// Empty input gives zeros. Throws std::invalid_argument for numClasses < 1, different lengths or
// a class id outside [0, numClasses).
ClassificationScores scoreClassification(const std::vector<int> &truth,
                                         const std::vector<int> &predicted, int numClasses);

double perplexityFromLoss(double meanNllNats);
// Nats to bits (/ ln 2); for a byte-level tokenizer this is bits per byte.
double bitsPerToken(double meanNllNats);

}  // namespace peftbench
