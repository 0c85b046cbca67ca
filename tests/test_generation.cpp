// Sampling: greedy decoding is the argmax chain, a seed fixes the continuation, top-k restricts
// the choice, and the context window is respected.
#include "TrainingFixtures.h"

#include "model/Generation.h"

#include <torch/torch.h>

#include <QtTest>

using namespace peftbench;
using namespace peftbench::testing;

namespace {

Transformer goldenGpt2()
{
    const QString path = goldenFixture("gpt2_tiny");
    const TensorFile file = readTensorFile(path);
    Transformer model(modelConfigFromTensorFile(file, path));
    model->loadWeights(file);
    model->eval();
    return model;
}

}  // namespace

class TestGeneration : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void greedyIsTheArgmaxChain();
    void seedMakesItReproducible();
    void topKRestrictsChoices();
    void contextWindowSlides();
    void slidingWindowCanKeepTheFirstToken();
    void badParametersAreRefused();
};

void TestGeneration::greedyIsTheArgmaxChain()
{
    Transformer model = goldenGpt2();
    const LogitsFunction logits = [&](const torch::Tensor &ids) { return model->forward(ids); };
    GenerationParams params;
    params.temperature = 0;
    params.maxNewTokens = 10;
    const std::vector<int64_t> prompt{'T', 'h', 'e'};
    const std::vector<int64_t> out = generateTokens(logits, prompt, 64, params);

    torch::NoGradGuard g;
    std::vector<int64_t> chain = prompt;
    for (int i = 0; i < 10; ++i) {
        const torch::Tensor l = model->forward(torch::tensor(chain, torch::kLong).unsqueeze(0));
        chain.push_back(l[0][-1].argmax().item<int64_t>());
    }
    QCOMPARE(out, std::vector<int64_t>(chain.begin() + 3, chain.end()));
}

void TestGeneration::seedMakesItReproducible()
{
    Transformer model = goldenGpt2();
    const LogitsFunction logits = [&](const torch::Tensor &ids) { return model->forward(ids); };
    GenerationParams params;
    params.maxNewTokens = 20;
    params.seed = 11;
    const auto a = generateTokens(logits, {'a'}, 64, params);
    const auto b = generateTokens(logits, {'a'}, 64, params);
    QCOMPARE(a, b);
    params.seed = 12;
    QVERIFY(generateTokens(logits, {'a'}, 64, params) != a);
}

void TestGeneration::topKRestrictsChoices()
{
    Transformer model = goldenGpt2();
    torch::NoGradGuard g;
    const torch::Tensor allowed = std::get<1>(model->forward(torch::tensor({int64_t('x')}).unsqueeze(0))[0][-1].topk(3));
    const LogitsFunction logits = [&](const torch::Tensor &ids) { return model->forward(ids); };
    GenerationParams params;
    params.maxNewTokens = 1;
    params.topK = 3;
    params.temperature = 5.0;  // flat: without top-k almost any token could come out
    for (uint64_t seed = 0; seed < 40; ++seed) {
        params.seed = seed;
        const int64_t t = generateTokens(logits, {'x'}, 64, params).front();
        QVERIFY((allowed == t).any().item<bool>());
    }
}

void TestGeneration::contextWindowSlides()
{
    int64_t longest = 0;
    const LogitsFunction logits = [&](const torch::Tensor &ids) {
        longest = std::max(longest, ids.size(1));
        return torch::zeros({1, ids.size(1), 5});
    };
    GenerationParams params;
    params.temperature = 0;
    params.maxNewTokens = 30;
    const auto out = generateTokens(logits, std::vector<int64_t>(10, 1), 16, params);
    QCOMPARE(int(out.size()), 30);
    QCOMPARE(longest, int64_t(16));
    params.stopToken = 0;  // argmax of all-zero logits is token 0: stops at once
    QCOMPARE(int(generateTokens(logits, {1}, 16, params).size()), 1);
}

void TestGeneration::slidingWindowCanKeepTheFirstToken()
{
    std::vector<std::vector<int64_t>> fed;
    const LogitsFunction logits = [&](const torch::Tensor &ids) {
        fed.emplace_back(ids.data_ptr<int64_t>(), ids.data_ptr<int64_t>() + ids.size(1));
        // Always predicts the token after the last one fed: 3, 4, 5, ...
        torch::Tensor out = torch::zeros({1, ids.size(1), 64});
        out[0][-1][fed.back().back() + 1] = 1;
        return out;
    };
    GenerationParams params;
    params.temperature = 0;
    params.maxNewTokens = 6;
    params.keepFirstToken = true;
    QCOMPARE(generateTokens(logits, {9, 1, 2}, 4, params), (std::vector<int64_t>{3, 4, 5, 6, 7, 8}));
    const std::vector<std::vector<int64_t>> expected{{9, 1, 2}, {9, 1, 2, 3}, {9, 2, 3, 4}, {9, 3, 4, 5}, {9, 4, 5, 6}, {9, 5, 6, 7}};
    QCOMPARE(fed, expected);
}

void TestGeneration::badParametersAreRefused()
{
    const LogitsFunction logits = [](const torch::Tensor &ids) { return torch::zeros({1, ids.size(1), 5}); };
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, generateTokens(logits, {}, 16, {}));
    GenerationParams negative;
    negative.temperature = -1;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, generateTokens(logits, {1}, 16, negative));
}

QTEST_GUILESS_MAIN(TestGeneration)
#include "test_generation.moc"
