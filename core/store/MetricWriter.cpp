#include "store/MetricWriter.h"

#include "store/RunStore.h"
#include "store/StoreError.h"

#include <QtGlobal>

#include <algorithm>

namespace peftbench {

MetricWriter::MetricWriter(const QString &databasePath, int64_t runId, MetricWriterOptions options)
    : store_(std::make_unique<RunStore>(databasePath)), runId_(runId), options_(options)
{
    options_.flushEverySteps = std::max(1, options_.flushEverySteps);
    steps_.reserve(static_cast<size_t>(options_.flushEverySteps));
    sinceCommit_.start();
}

MetricWriter::~MetricWriter()
{
    try {
        flush();
    } catch (const std::exception &error) {
        qWarning("MetricWriter: the last metrics of run %lld were not saved: %s", static_cast<long long>(runId_),
                 error.what());
    }
}

void MetricWriter::onStep(const StepMetrics &metrics)
{
    steps_.push_back(metrics);
    flushIfDue();
}

void MetricWriter::onEvaluation(const EvalMetrics &metrics)
{
    evaluations_.push_back(metrics);
    flush();
}

void MetricWriter::flushIfDue()
{
    if (static_cast<int>(steps_.size()) >= options_.flushEverySteps || sinceCommit_.elapsed() >= options_.flushIntervalMs)
        flush();
}

void MetricWriter::flush()
{
    if (steps_.empty() && evaluations_.empty())
        return;
    store_->appendMetrics(runId_, steps_, evaluations_, options_.heartbeat);
    int64_t highest = lastCommittedStep_.load(std::memory_order_relaxed);
    for (const StepMetrics &m : steps_)
        highest = std::max(highest, m.step);
    lastCommittedStep_.store(highest, std::memory_order_release);
    steps_.clear();
    evaluations_.clear();
    sinceCommit_.restart();
}

}  // namespace peftbench
