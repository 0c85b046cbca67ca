#include "BenchReport.h"

#include "AllocatorReport.h"
#include "BenchFormatting.h"
#include "ScalingReport.h"
#include "UiStoreReport.h"

#include <QJsonArray>

#include <cmath>
#include <limits>
#include <optional>

namespace peftbench::bench {

namespace {

std::vector<Target> targets(const BenchRun &run)
{
    std::vector<Target> list;
    // Engine vs PyTorch eager, per model and method.
    for (const auto &[model, minimum] : {std::pair{QStringLiteral("a"), 1.15}, std::pair{QStringLiteral("b"), 1.0}}) {
        for (const QString &method : {QStringLiteral("full"), QStringLiteral("lora"), QStringLiteral("prompt_tuning")}) {
            const CaseOutcome *o = findCase(run, model + QLatin1Char('/') + method);
            if (!o)
                continue;
            const double r = o->engine.ok && o->reference.ok ? ratio(o->engine.tokensPerSecond, o->reference.tokensPerSecond) : kNaN;
            Target t = atLeast(QStringLiteral("(%1) engine ÷ PyTorch tokens/s, %2").arg(model, method), r, minimum);
            if (std::isnan(r))
                t.note = !o->engine.ok ? QStringLiteral("engine failed") : QStringLiteral("no PyTorch figure");
            else
                t.note = QStringLiteral("by CPU time per step: %1").arg(times(cpuRatio(o->engine, o->reference)));
            list.push_back(t);
        }
    }

    const CaseOutcome *full = findCase(run, QStringLiteral("b/full"));
    const CaseOutcome *lora = findCase(run, QStringLiteral("b/lora"));
    const CaseOutcome *prompt = findCase(run, QStringLiteral("b/prompt_tuning"));
    if (full) {
        // 6·N FLOPs per token (forward 2N, backward 4N); attention's own FLOPs are not counted.
        const double flops = full->engine.ok ? 6.0 * double(full->engine.totalParams) * full->engine.tokensPerSecond : kNaN;
        Target t = atLeast(QStringLiteral("(b) full fine-tuning MFU: 6·N·tokens/s ÷ GEMM peak"), ratio(flops, run.gemm.gflops * 1e9), 0.5);
        t.shown = std::isnan(t.value) ? QStringLiteral("n/a") : QStringLiteral("%1%").arg(100 * t.value, 0, 'f', 1);
        t.target = QStringLiteral("≥ 50%");
        if (full->reference.ok)
            t.note = QStringLiteral("PyTorch: %1%").arg(100 * 6.0 * double(full->reference.totalParams) * full->reference.tokensPerSecond
                                                            / (run.gemm.gflops * 1e9), 0, 'f', 1);
        list.push_back(t);
    }
    if (full && lora) {
        const bool ok = full->engine.ok && lora->engine.ok;
        Target speed = atLeast(QStringLiteral("(b) LoRA ÷ full tokens/s"),
                               ok ? ratio(lora->engine.tokensPerSecond, full->engine.tokensPerSecond) : kNaN, 1.8);
        if (ok)
            speed.note = QStringLiteral("by CPU time per step: %1").arg(times(ratio(full->engine.medianCpuSeconds, lora->engine.medianCpuSeconds)));
        list.push_back(speed);
        Target t;
        t.figure = QStringLiteral("(b) LoRA ÷ full peak RAM");
        t.value = ok ? ratio(double(lora->engine.peakRssBytes), double(full->engine.peakRssBytes)) : kNaN;
        t.shown = std::isnan(t.value) ? QStringLiteral("n/a") : QStringLiteral("%1×").arg(t.value, 0, 'f', 2);
        t.target = QStringLiteral("≤ 0.50×");
        t.pass = !std::isnan(t.value) && t.value <= 0.5;
        if (ok)  // the runtime's own RSS is in both peaks; without it the ratio is lower
            t.note = QStringLiteral("%1× above each run's baseline RSS")
                         .arg(ratio(double(lora->engine.peakRssBytes - lora->engine.baselineRssBytes),
                                    double(full->engine.peakRssBytes - full->engine.baselineRssBytes)), 0, 'f', 2);
        list.push_back(t);
    }
    const CaseOutcome *plain = findCase(run, QStringLiteral("c/full"));
    const CaseOutcome *checkpointed = findCase(run, QStringLiteral("c/full_checkpointed"));
    if (plain && checkpointed) {
        const bool ok = plain->engine.ok && checkpointed->engine.ok;
        Target t;
        t.figure = QStringLiteral("(c) checkpointed ÷ plain peak RAM");
        t.value = ok ? ratio(double(checkpointed->engine.peakRssBytes), double(plain->engine.peakRssBytes)) : kNaN;
        t.shown = std::isnan(t.value) ? QStringLiteral("n/a") : QStringLiteral("%1×").arg(t.value, 0, 'f', 2);
        t.target = QStringLiteral("≤ 0.60×");  // at least 40% less
        t.pass = !std::isnan(t.value) && t.value <= 0.6;
        if (ok)
            t.note = QStringLiteral("%1% less; step time %2")
                         .arg(100.0 * (1.0 - t.value), 0, 'f', 0)
                         .arg(times(ratio(checkpointed->engine.medianStepSeconds, plain->engine.medianStepSeconds)));
        else
            t.note = QStringLiteral("engine failed");
        list.push_back(t);
    }
    if (prompt) {
        Target t;
        t.figure = QStringLiteral("(b) prompt tuning trainable share");
        t.value = prompt->engine.ok ? 100.0 * double(prompt->engine.trainableParams) / double(prompt->engine.totalParams) : kNaN;
        t.shown = std::isnan(t.value) ? QStringLiteral("n/a") : percent(t.value);
        t.target = QStringLiteral("< 0.1%");
        t.pass = !std::isnan(t.value) && t.value < 0.1;
        if (prompt->engine.ok)
            t.note = QStringLiteral("%1 of %2").arg(prompt->engine.trainableParams).arg(prompt->engine.totalParams);
        list.push_back(t);
    }
    return list;
}

// Every target line: the engine's (above), the scaling estimate's, the UI's and the store's.
std::vector<Target> allTargets(const BenchRun &run)
{
    std::vector<Target> list = targets(run);
    for (const auto &more : {scalingTargets(run), uiTargets(run), storeTargets(run)})
        list.insert(list.end(), more.begin(), more.end());
    return list;
}

QString sideCells(const SideResult &s)
{
    if (!s.ok)
        return cell(QStringLiteral("—"), 7) + cell(QStringLiteral("—"), 7) + cell(QStringLiteral("—"), 7) + cell(QStringLiteral("—"), 9);
    return cell(QString::number(s.tokensPerSecond, 'f', 0), 7) + cell(milliseconds(s.medianStepSeconds), 7)
           + cell(milliseconds(s.medianCpuSeconds), 7) + cell(bytes(s.peakRssBytes), 9);
}

void modelTable(QStringList &out, const BenchRun &run, const QString &model)
{
    std::vector<const CaseOutcome *> rows;
    for (const CaseOutcome &o : run.outcomes)
        if (o.benchCase.model == model)
            rows.push_back(&o);
    if (rows.empty())
        return;
    const BenchCase &first = rows.front()->benchCase;
    out << modelDescription(model);
    out << QStringLiteral("    %1 warm-up + %2 timed steps; medians over the timed steps: step = wall time, tokens/s = batch tokens ÷ step,")
               .arg(first.warmupSteps).arg(first.timedSteps);
    out << QStringLiteral("    CPU = process CPU time per step (user + sys, all threads); each side run %1 time(s), engine and PyTorch "
                          "alternating, its fastest run shown").arg(run.rounds);
    out << QString();
    out << QStringLiteral("                  trainable        │ engine                          │ PyTorch eager                   │ engine÷PyTorch");
    out << QStringLiteral("  method          params (%)       │  tok/s step ms  CPU ms  peak RAM │  tok/s step ms  CPU ms  peak RAM │ tokens/s  CPU time");
    for (const CaseOutcome *o : rows) {
        const SideResult &e = o->engine;
        const QString trainable = e.ok ? QStringLiteral("%1 (%2)").arg(params(e.trainableParams),
                                                                       percent(100.0 * double(e.trainableParams) / double(e.totalParams)))
                                       : QStringLiteral("—");
        const double r = e.ok && o->reference.ok ? ratio(e.tokensPerSecond, o->reference.tokensPerSecond) : kNaN;
        out << QStringLiteral("  %1%2│ %3│ %4│ %5  %6")
                   .arg(methodKindName(o->benchCase.method.kind).leftJustified(16), trainable.leftJustified(17),
                        sideCells(e), sideCells(o->reference),
                        times(r).leftJustified(8), times(cpuRatio(e, o->reference)));
    }
    // Failures and consistency checks below the table, so a bad row never goes unexplained.
    for (const CaseOutcome *o : rows) {
        const QString method = methodKindName(o->benchCase.method.kind);
        if (!o->engine.ok)
            out << QStringLiteral("  ! %1, engine: %2").arg(method, o->engine.error);
        if (!o->reference.ok && run.referenceAvailable)
            out << QStringLiteral("  ! %1, PyTorch: %2").arg(method, o->reference.error);
        if (o->engine.ok && o->reference.ok && o->engine.trainableParams != o->reference.trainableParams)
            out << QStringLiteral("  ! %1: trainable parameters differ (engine %2, PyTorch %3): not the same model")
                       .arg(method).arg(o->engine.trainableParams).arg(o->reference.trainableParams);
    }
    QStringList losses, baselines, faults;
    for (const CaseOutcome *o : rows) {
        if (!o->engine.ok)
            continue;
        const QString method = methodKindName(o->benchCase.method.kind);
        losses << (o->reference.ok ? QStringLiteral("%1 %2/%3").arg(method).arg(o->engine.firstLoss, 0, 'f', 3).arg(o->reference.firstLoss, 0, 'f', 3)
                                   : QStringLiteral("%1 %2").arg(method).arg(o->engine.firstLoss, 0, 'f', 3));
        baselines << (o->reference.ok ? QStringLiteral("%1 %2/%3").arg(method, bytes(o->engine.baselineRssBytes), bytes(o->reference.baselineRssBytes))
                                      : QStringLiteral("%1 %2").arg(method, bytes(o->engine.baselineRssBytes)));
        faults << (o->reference.ok ? QStringLiteral("%1 %2/%3").arg(method, params(int64_t(o->engine.minorFaultsPerStep)),
                                                                   params(int64_t(o->reference.minorFaultsPerStep)))
                                   : QStringLiteral("%1 %2").arg(method, params(int64_t(o->engine.minorFaultsPerStep))));
    }
    const double lnV = std::log(double(first.config.vocabSize));
    out << QStringLiteral("  first-step loss engine/PyTorch (both ≈ ln %1 = %2 if the models match): %3")
               .arg(first.config.vocabSize).arg(lnV, 0, 'f', 3).arg(losses.join(QStringLiteral(", ")));
    out << QStringLiteral("  peak RAM = process RSS high-water mark, which includes the baseline RSS before the model (engine/PyTorch): %1")
               .arg(baselines.join(QStringLiteral(", ")));
    // Each fault is a fresh 4 KiB page the kernel zeroes: large tensors freed back to the OS and
    // mapped again every step show up here.
    out << QStringLiteral("  minor page faults per timed step engine/PyTorch: %1").arg(faults.join(QStringLiteral(", ")));
    out << QString();
}

// (c): the same run without and with activation checkpointing, engine only.
void checkpointingTable(QStringList &out, const BenchRun &run)
{
    std::vector<const CaseOutcome *> rows;
    for (const CaseOutcome &o : run.outcomes)
        if (o.benchCase.model == QLatin1String("c"))
            rows.push_back(&o);
    if (rows.empty())
        return;
    const BenchCase &first = rows.front()->benchCase;
    out << modelDescription(QStringLiteral("c"));
    out << QStringLiteral("    full fine-tuning without and with activation checkpointing (train.gradient_checkpointing), engine only;");
    out << QStringLiteral("    %1 warm-up + %2 timed steps: the peak is the last step's, with AdamW's moments allocated")
               .arg(first.warmupSteps).arg(first.timedSteps);
    out << QString();
    out << QStringLiteral("  ") + QStringLiteral("checkpointing").leftJustified(14) + cell(QStringLiteral("tok/s"), 7)
               + cell(QStringLiteral("step ms"), 7) + cell(QStringLiteral("CPU ms"), 7) + cell(QStringLiteral("peak RAM"), 9)
               + QLatin1Char(' ') + cell(QStringLiteral("above baseline"), 14) + QLatin1Char(' ')
               + QStringLiteral("first-step loss").rightJustified(15);
    for (const CaseOutcome *o : rows) {
        const SideResult &e = o->engine;
        const QString label = o->benchCase.gradientCheckpointing ? QStringLiteral("on") : QStringLiteral("off");
        if (!e.ok) {
            out << QStringLiteral("  %1 ! %2").arg(label.leftJustified(14), e.error);
            continue;
        }
        out << QStringLiteral("  %1%2 %3 %4").arg(label.leftJustified(14), sideCells(e),
                                                  cell(bytes(e.peakRssBytes - e.baselineRssBytes), 14),
                                                  QString::number(e.firstLoss, 'f', 3).rightJustified(15));
    }
    const CaseOutcome *plainCase = findCase(run, QStringLiteral("c/full"));
    const CaseOutcome *checkpointedCase = findCase(run, QStringLiteral("c/full_checkpointed"));
    if (plainCase && checkpointedCase && plainCase->engine.ok && checkpointedCase->engine.ok) {
        const SideResult &plain = plainCase->engine, &checkpointed = checkpointedCase->engine;
        out << QStringLiteral("  checkpointed ÷ plain: peak RAM %1, above baseline %2; step time %3, CPU time %4")
                   .arg(times(ratio(double(checkpointed.peakRssBytes), double(plain.peakRssBytes))),
                        times(ratio(double(checkpointed.peakRssBytes - checkpointed.baselineRssBytes),
                                    double(plain.peakRssBytes - plain.baselineRssBytes))),
                        times(ratio(checkpointed.medianStepSeconds, plain.medianStepSeconds)),
                        times(ratio(checkpointed.medianCpuSeconds, plain.medianCpuSeconds)));
    }
    out << QString();
}

}  // namespace

const CaseOutcome *findCase(const BenchRun &run, const QString &name)
{
    for (const CaseOutcome &o : run.outcomes)
        if (o.benchCase.name == name)
            return &o;
    return nullptr;
}

QString formatReport(const BenchRun &run)
{
    QStringList out;
    out << QStringLiteral("PEFT Workbench engine benchmark (tests/bench) — a measurement: the exit code is 0 whatever the figures");
    for (const QString &line : run.environment)
        out << QStringLiteral("  ") + line;
    out << QStringLiteral("  PyTorch reference: %1").arg(run.referenceNote);
    out << QStringLiteral("  fp32 GEMM peak (runGemmBenchmark, %1×%1, the better of before/after the cases): %2 GFLOP/s (before %3, after %4)")
               .arg(run.gemm.size).arg(run.gemm.gflops, 0, 'f', 1).arg(run.gemmBefore.gflops, 0, 'f', 1).arg(run.gemmAfter.gflops, 0, 'f', 1);
    out << QString();
    for (const QString &model : {QStringLiteral("a"), QStringLiteral("b")})
        modelTable(out, run, model);
    checkpointingTable(out, run);
    appendAllocatorTable(out, run);
    appendScalingTable(out, run);

    out << QStringLiteral("Targets (SPEC §9, issue 10)");
    const std::vector<Target> list = allTargets(run);
    int width = 0;
    for (const Target &t : list)
        width = std::max(width, int(t.figure.size()));
    int passed = 0, measured = 0;
    for (const Target &t : list) {
        const QString verdict = std::isnan(t.value) ? QStringLiteral("—") : t.pass ? QStringLiteral("PASS") : QStringLiteral("MISS");
        passed += t.pass ? 1 : 0;
        measured += std::isnan(t.value) ? 0 : 1;
        QString line = QStringLiteral("  %1  %2  %3  %4").arg(t.figure.leftJustified(width), t.shown.rightJustified(8),
                                                               t.target.leftJustified(10), verdict.leftJustified(4));
        if (!t.note.isEmpty())
            line += QStringLiteral("  (%1)").arg(t.note);
        out << line;
    }
    out << QStringLiteral("  %1 of %2 measured targets met; %3 not measured. Whole bench: %4 s.")
               .arg(passed).arg(measured).arg(int(list.size()) - measured).arg(run.wallSeconds, 0, 'f', 0);
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QJsonObject reportJson(const BenchRun &run)
{
    QJsonArray cases;
    for (const CaseOutcome &o : run.outcomes)
        cases.append(QJsonObject{{QStringLiteral("name"), o.benchCase.name},
                                 {QStringLiteral("spec"), o.benchCase.toReferenceSpec()},
                                 {QStringLiteral("engine"), o.engine.toJson()},
                                 {QStringLiteral("pytorch"), o.reference.toJson()}});
    QJsonArray targetList;
    for (const Target &t : allTargets(run))
        targetList.append(QJsonObject{{QStringLiteral("figure"), t.figure},
                                      {QStringLiteral("value"), std::isnan(t.value) ? QJsonValue() : QJsonValue(t.value)},
                                      {QStringLiteral("target"), t.target},
                                      {QStringLiteral("pass"), t.pass}});
    return QJsonObject{{QStringLiteral("environment"), QJsonArray::fromStringList(run.environment)},
                       {QStringLiteral("pytorch_reference"), run.referenceNote},
                       {QStringLiteral("gemm_gflops"), run.gemm.gflops},
                       {QStringLiteral("gemm_gflops_before"), run.gemmBefore.gflops},
                       {QStringLiteral("gemm_gflops_after"), run.gemmAfter.gflops},
                       {QStringLiteral("rounds"), qint64(run.rounds)},
                       {QStringLiteral("cases"), cases},
                       {QStringLiteral("targets"), targetList},
                       {QStringLiteral("scaling"), scalingJson(run)},
                       {QStringLiteral("estimator_gemm_gflops"), run.estimatorGemmFlops / 1e9},
                       {QStringLiteral("ui"), run.ui ? (run.ui->ok ? QJsonValue(run.ui->figures) : QJsonValue(run.ui->error)) : QJsonValue()},
                       {QStringLiteral("store"), run.store ? (run.store->ok ? QJsonValue(run.store->figures) : QJsonValue(run.store->error)) : QJsonValue()},
                       {QStringLiteral("wall_seconds"), run.wallSeconds}};
}

}  // namespace peftbench::bench
