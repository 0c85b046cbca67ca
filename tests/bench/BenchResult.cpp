#include "BenchResult.h"

#include <QJsonArray>

#include <algorithm>

namespace peftbench::bench {

QJsonObject SideResult::toJson() const
{
    auto array = [](const std::vector<double> &values) {
        QJsonArray a;
        for (double v : values)
            a.append(v);
        return a;
    };
    QJsonObject json{
        {QStringLiteral("side"), side},
        {QStringLiteral("name"), name},
        {QStringLiteral("ok"), ok},
    };
    if (!ok) {
        json.insert(QStringLiteral("error"), error);
        return json;
    }
    json.insert(QStringLiteral("threads"), threads);
    json.insert(QStringLiteral("step_seconds"), array(stepSeconds));
    json.insert(QStringLiteral("cpu_seconds_after_step"), array(cpuAfterStep));
    json.insert(QStringLiteral("minor_faults_after_step"), array(faultsAfterStep));
    json.insert(QStringLiteral("warmup_steps"), qint64(warmupSteps));
    json.insert(QStringLiteral("median_step_seconds"), medianStepSeconds);
    json.insert(QStringLiteral("tokens_per_step"), qint64(tokensPerStep));
    json.insert(QStringLiteral("tokens_per_second"), tokensPerSecond);
    json.insert(QStringLiteral("peak_rss_bytes"), qint64(peakRssBytes));
    json.insert(QStringLiteral("baseline_rss_bytes"), qint64(baselineRssBytes));
    json.insert(QStringLiteral("cache_reserve_bytes"), qint64(cacheReserveBytes));
    json.insert(QStringLiteral("total_params"), qint64(totalParams));
    json.insert(QStringLiteral("trainable_params"), qint64(trainableParams));
    json.insert(QStringLiteral("first_loss"), firstLoss);
    json.insert(QStringLiteral("last_loss"), lastLoss);
    json.insert(QStringLiteral("median_cpu_seconds"), medianCpuSeconds);
    json.insert(QStringLiteral("minor_faults_per_step"), minorFaultsPerStep);
    return json;
}

SideResult SideResult::fromJson(const QJsonObject &json)
{
    SideResult r;
    r.side = json.value(QStringLiteral("side")).toString();
    r.name = json.value(QStringLiteral("name")).toString();
    r.ok = json.value(QStringLiteral("ok")).toBool();
    r.error = json.value(QStringLiteral("error")).toString();
    if (!r.ok) {
        if (r.error.isEmpty())
            r.error = QStringLiteral("no result");
        return r;
    }
    r.version = json.value(QStringLiteral("torch_version")).toString();
    r.threads = json.value(QStringLiteral("threads")).toInt();
    auto array = [&json](const char *key) {
        std::vector<double> values;
        for (const QJsonValue v : json.value(QLatin1String(key)).toArray())
            values.push_back(v.toDouble());
        return values;
    };
    r.stepSeconds = array("step_seconds");
    r.cpuAfterStep = array("cpu_seconds_after_step");
    r.faultsAfterStep = array("minor_faults_after_step");
    r.warmupSteps = json.value(QStringLiteral("warmup_steps")).toInteger();
    r.tokensPerStep = json.value(QStringLiteral("tokens_per_step")).toInteger();
    r.peakRssBytes = json.value(QStringLiteral("peak_rss_bytes")).toInteger();
    r.baselineRssBytes = json.value(QStringLiteral("baseline_rss_bytes")).toInteger();
    r.cacheReserveBytes = json.value(QStringLiteral("cache_reserve_bytes")).toInteger(-1);
    r.totalParams = json.value(QStringLiteral("total_params")).toInteger();
    r.trainableParams = json.value(QStringLiteral("trainable_params")).toInteger();
    r.firstLoss = json.value(QStringLiteral("first_loss")).toDouble();
    r.lastLoss = json.value(QStringLiteral("last_loss")).toDouble();
    r.derive();  // recomputed rather than read, so both sides' figures come from one formula
    if (!(r.medianStepSeconds > 0) || r.stepSeconds.empty()) {
        r.ok = false;
        r.error = QStringLiteral("the result has no timed steps");
    }
    return r;
}

void SideResult::derive()
{
    medianStepSeconds = medianOfTimedSteps(stepSeconds, warmupSteps);
    tokensPerSecond = medianStepSeconds > 0 ? double(tokensPerStep) / medianStepSeconds : 0;
    medianCpuSeconds = medianTimedIncrease(cpuAfterStep, warmupSteps);
    minorFaultsPerStep = medianTimedIncrease(faultsAfterStep, warmupSteps);
}

SideResult SideResult::failure(const QString &side, const QString &name, const QString &error)
{
    SideResult r;
    r.side = side;
    r.name = name;
    r.error = error;
    return r;
}

namespace {

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t mid = values.size() / 2;
    return values.size() % 2 == 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
}

}  // namespace

double medianOfTimedSteps(const std::vector<double> &stepSeconds, int64_t warmupSteps)
{
    std::vector<double> timed(stepSeconds.begin() + std::min<ptrdiff_t>(ptrdiff_t(warmupSteps), ptrdiff_t(stepSeconds.size())),
                              stepSeconds.end());
    if (timed.empty())
        timed = stepSeconds;
    return median(timed);
}

double medianTimedIncrease(const std::vector<double> &afterStep, int64_t warmupSteps)
{
    std::vector<double> increases;
    for (size_t i = size_t(std::max<int64_t>(1, warmupSteps)); i < afterStep.size(); ++i)
        increases.push_back(afterStep[i] - afterStep[i - 1]);
    return median(increases);
}

}  // namespace peftbench::bench
