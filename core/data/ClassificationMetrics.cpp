#include "data/ClassificationMetrics.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace peftbench {

namespace {

void requireClass(const char *what, size_t i, int value, int numClasses)
{
    if (value < 0 || value >= numClasses)
        throw std::invalid_argument(std::string("scoreClassification: ") + what + "[" + std::to_string(i)
                                    + "] = " + std::to_string(value) + " is outside [0, "
                                    + std::to_string(numClasses) + ")");
}

}  // namespace

ClassificationScores scoreClassification(const std::vector<int> &truth,
                                         const std::vector<int> &predicted, int numClasses)
{
    if (numClasses < 1)
        throw std::invalid_argument("scoreClassification: numClasses must be at least 1, got "
                                    + std::to_string(numClasses));
    if (truth.size() != predicted.size())
        throw std::invalid_argument("scoreClassification: " + std::to_string(truth.size())
                                    + " true labels but " + std::to_string(predicted.size())
                                    + " predictions");

    const size_t classes = static_cast<size_t>(numClasses);
    ClassificationScores scores;
    scores.confusion.assign(classes, std::vector<int64_t>(classes, 0));
    int64_t correct = 0;
    for (size_t i = 0; i < truth.size(); ++i) {
        requireClass("truth", i, truth[i], numClasses);
        requireClass("predicted", i, predicted[i], numClasses);
        ++scores.confusion[static_cast<size_t>(truth[i])][static_cast<size_t>(predicted[i])];
        if (truth[i] == predicted[i])
            ++correct;
    }
    if (truth.empty())
        return scores;
    scores.accuracy = static_cast<double>(correct) / static_cast<double>(truth.size());

    double f1Sum = 0;
    int scoredClasses = 0;
    for (size_t c = 0; c < classes; ++c) {
        const int64_t truePositives = scores.confusion[c][c];
        int64_t actual = 0;       // row sum: TP + FN
        int64_t predictedAs = 0;  // column sum: TP + FP
        for (size_t k = 0; k < classes; ++k) {
            actual += scores.confusion[c][k];
            predictedAs += scores.confusion[k][c];
        }
        if (actual == 0 && predictedAs == 0)
            continue;
        // 2·P·R / (P + R) simplified; it is 0 (not NaN) when TP = 0.
        f1Sum += 2.0 * static_cast<double>(truePositives)
                 / static_cast<double>(actual + predictedAs);
        ++scoredClasses;
    }
    scores.macroF1 = f1Sum / scoredClasses;
    return scores;
}

double perplexityFromLoss(double meanNllNats)
{
    return std::exp(meanNllNats);
}

double bitsPerToken(double meanNllNats)
{
    return meanNllNats / std::log(2.0);
}

}  // namespace peftbench
