#include "train/TrainerCheckpoint.h"

#include "model/TensorFile.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <QJsonDocument>
#include <QJsonObject>

namespace peftbench {
namespace {

// AdamW keys its per-parameter state by the tensor's implementation pointer.
std::string stateKey(const torch::Tensor &p)
{
    return c10::guts::to_string(p.unsafeGetTensorImpl());
}

QString number(double v)
{
    return QString::number(v, 'g', 17);  // round-trips a double exactly ("nan" too)
}

}  // namespace

void saveTrainerCheckpoint(const QString &path, MethodKind method, const std::vector<torch::Tensor> &trainable,
                           torch::optim::AdamW &optimizer, const TrainerProgress &p)
{
    TensorFile file;
    file.kind = QStringLiteral("trainer_state");
    QJsonObject progress{
        {QStringLiteral("step"), qint64(p.step)},
        {QStringLiteral("sampler_epoch"), qint64(p.sampler.epoch)},
        {QStringLiteral("sampler_position"), qint64(p.sampler.position)},
        {QStringLiteral("tokens_seen"), qint64(p.tokensSeen)},
        {QStringLiteral("examples_seen"), qint64(p.examplesSeen)},
        {QStringLiteral("evals_without_improvement"), qint64(p.evalsWithoutImprovement)},
        {QStringLiteral("best_step"), qint64(p.bestStep)},
    };
    file.metadata.insert(QStringLiteral("method"), methodKindName(method));
    file.metadata.insert(QStringLiteral("progress"), QString::fromUtf8(QJsonDocument(progress).toJson(QJsonDocument::Compact)));
    // Doubles as text: JSON cannot hold NaN.
    file.metadata.insert(QStringLiteral("step_seconds_total"), number(p.stepSecondsTotal));
    file.metadata.insert(QStringLiteral("wall_seconds"), number(p.wallSeconds));
    file.metadata.insert(QStringLiteral("best_val_loss"), number(p.bestValLoss));
    file.metadata.insert(QStringLiteral("best_metric"), number(p.bestMetric));
    file.metadata.insert(QStringLiteral("final_val_loss"), number(p.finalValLoss));
    file.metadata.insert(QStringLiteral("final_metric"), number(p.finalMetric));

    auto &state = optimizer.state();
    for (size_t i = 0; i < trainable.size(); ++i) {
        const std::string prefix = "param." + std::to_string(i);
        file.tensors.emplace_back(prefix, trainable[i].detach());
        const auto it = state.find(stateKey(trainable[i]));
        if (it == state.end())
            continue;  // no step taken yet
        const auto &s = static_cast<const torch::optim::AdamWParamState &>(*it->second);
        file.tensors.emplace_back(prefix + ".exp_avg", s.exp_avg());
        file.tensors.emplace_back(prefix + ".exp_avg_sq", s.exp_avg_sq());
        file.metadata.insert(QString::fromStdString(prefix + ".adam_step"), QString::number(s.step()));
    }
    file.tensors.emplace_back("rng.cpu", at::detail::getDefaultCPUGenerator().get_state());
    writeTensorFile(path, file);
}

TrainerProgress loadTrainerCheckpoint(const QString &path, MethodKind method, const std::vector<torch::Tensor> &trainable,
                                      torch::optim::AdamW &optimizer)
{
    const TensorFile file = readTensorFile(path);
    auto fail = [&](const QString &what) { throw FileFormatError(QStringLiteral("%1: %2").arg(path, what).toStdString()); };
    if (file.kind != QLatin1String("trainer_state"))
        fail(QStringLiteral("not a trainer checkpoint (kind '%1')").arg(file.kind));
    if (file.metadata.value(QStringLiteral("method")) != methodKindName(method))
        fail(QStringLiteral("checkpoint of method '%1', this run uses '%2'")
                 .arg(file.metadata.value(QStringLiteral("method")), methodKindName(method)));

    torch::NoGradGuard noGrad;
    auto &state = optimizer.state();
    for (size_t i = 0; i < trainable.size(); ++i) {
        const std::string prefix = "param." + std::to_string(i);
        const torch::Tensor *saved = file.find(prefix);
        if (!saved || saved->sizes() != trainable[i].sizes())
            fail(QStringLiteral("trainable tensor %1 is missing or has another shape").arg(i));
        trainable[i].copy_(*saved);
        const torch::Tensor *expAvg = file.find(prefix + ".exp_avg");
        const torch::Tensor *expAvgSq = file.find(prefix + ".exp_avg_sq");
        if (!expAvg || !expAvgSq)
            continue;
        auto s = std::make_unique<torch::optim::AdamWParamState>();
        s->step(file.metadata.value(QString::fromStdString(prefix + ".adam_step")).toLongLong());
        s->exp_avg(expAvg->to(trainable[i].device()).clone());
        s->exp_avg_sq(expAvgSq->to(trainable[i].device()).clone());
        state[stateKey(trainable[i])] = std::move(s);
    }
    at::Generator generator = at::detail::getDefaultCPUGenerator();  // a handle to the global one
    {
        std::lock_guard<std::mutex> lock(generator.mutex());
        generator.set_state(file.get("rng.cpu"));
    }

    const QJsonObject progress = QJsonDocument::fromJson(file.metadata.value(QStringLiteral("progress")).toUtf8()).object();
    auto integer = [&](const char *key) { return int64_t(progress.value(QLatin1String(key)).toDouble()); };
    auto real = [&](const char *key) { return file.metadata.value(QLatin1String(key)).toDouble(); };
    TrainerProgress p;
    p.step = integer("step");
    p.sampler.epoch = uint64_t(integer("sampler_epoch"));
    p.sampler.position = size_t(integer("sampler_position"));
    p.tokensSeen = integer("tokens_seen");
    p.examplesSeen = integer("examples_seen");
    p.evalsWithoutImprovement = integer("evals_without_improvement");
    p.bestStep = integer("best_step");
    p.stepSecondsTotal = real("step_seconds_total");
    p.wallSeconds = real("wall_seconds");
    p.bestValLoss = real("best_val_loss");
    p.bestMetric = real("best_metric");
    p.finalValLoss = real("final_val_loss");
    p.finalMetric = real("final_metric");
    return p;
}

int64_t checkpointStep(const QString &path)
{
    const TensorFile file = readTensorFile(path);
    const QJsonObject progress = QJsonDocument::fromJson(file.metadata.value(QStringLiteral("progress")).toUtf8()).object();
    if (!progress.contains(QLatin1String("step")))
        throw FileFormatError(QStringLiteral("%1: not a trainer checkpoint (no progress in its metadata)").arg(path).toStdString());
    return int64_t(progress.value(QLatin1String("step")).toDouble());
}

}  // namespace peftbench
