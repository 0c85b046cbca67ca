// peftbench_bench: the benchmark of SPEC §9 and issue 10. The parent process measures the GEMM
// peak, then starts one child per (case, side) — this executable with --one for the engine,
// pytorch_reference.py for PyTorch eager — and peftbench_store_bench and peftbench_ui_bench for
// the store's and the UI's figures, and prints one table with every target.
#include "BenchCase.h"
#include "BenchReport.h"
#include "ChildRunner.h"
#include "EngineRun.h"

#include "experiment/ResourceEstimate.h"
#include "system/ComputeEnvironment.h"
#include "system/CpuBlockCache.h"
#include "system/GemmBenchmark.h"
#include "system/HostHeap.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QThread>

#include <torch/csrc/autograd/profiler_legacy.h>

#include <malloc.h>

#include <cstdio>
#include <memory>

using namespace peftbench;
using namespace peftbench::bench;

namespace {

struct Options {
    QString one;                 // child mode: run this case on the engine, print its JSON
    QString profile;             // child mode: also write a Chrome trace of every op here
    StepCounts steps;
    int threads = 0;
    QStringList models;
    QString python = QStringLiteral("/usr/bin/python3");
    QString script = QStringLiteral(PEFTBENCH_BENCH_SCRIPT);
    bool reference = true;
    QString json;
    double gemmSeconds = 2.0;
    int64_t rounds = 2;          // engine and PyTorch runs per compared case, alternating
};

void print(FILE *stream, const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stream);
    std::fflush(stream);
}

// Returns -1 to continue, or an exit code.
int parseOptions(const QCoreApplication &app, Options &o)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Benchmark (SPEC §9, issue 10): full, LoRA and prompt tuning on a small byte-level GPT (a) and a\n"
        "GPT-2-small-shaped model (b), against the same models in PyTorch eager; activation checkpointing's\n"
        "memory saving on (b)'s shape at batch 8 × 512 (c, engine only); what glibc's allocator setting\n"
        "costs (alloc); the scaling sweeps over width, depth and sequence length with the estimator's\n"
        "predictions (scale); the UI's stall, chart redraw and compare-view figures (ui); the run store's\n"
        "write and load speed (store). Prints every figure and every target with PASS/MISS. Always exits 0\n"
        "once it has measured: it is a measurement, not a test."));
    parser.addHelpOption();
    const QCommandLineOption steps(QStringLiteral("steps"), QStringLiteral("Timed steps per case (default: 20 for (a), 5 for (b))."), QStringLiteral("N"));
    const QCommandLineOption warmup(QStringLiteral("warmup"), QStringLiteral("Warm-up steps per case, not timed (default: 3 for (a), 2 for (b))."), QStringLiteral("N"));
    const QCommandLineOption threads(QStringLiteral("threads"), QStringLiteral("Intra-op threads for both sides (default: one per logical core)."), QStringLiteral("N"));
    const QCommandLineOption models(QStringLiteral("models"), QStringLiteral("What to measure, of a, b, c, alloc, scale, ui and store, or single cases by name (e.g. b/lora) (default: all; c is (b)'s shape at batch 8 × 512 without and with activation checkpointing)."), QStringLiteral("LIST"));
    const QCommandLineOption python(QStringLiteral("python"), QStringLiteral("Python with torch for the reference (default: /usr/bin/python3)."), QStringLiteral("PATH"));
    const QCommandLineOption noReference(QStringLiteral("no-reference"), QStringLiteral("Measure the engine only."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Also write every figure to FILE as JSON."), QStringLiteral("FILE"));
    const QCommandLineOption gemmSeconds(QStringLiteral("gemm-seconds"), QStringLiteral("How long to time the 2048² GEMM (default: 2)."), QStringLiteral("S"));
    const QCommandLineOption one(QStringLiteral("one"), QStringLiteral("Run one case (e.g. b/lora) on the engine in this process and print its result as JSON (the parent starts these)."), QStringLiteral("CASE"));
    const QCommandLineOption profile(QStringLiteral("profile"), QStringLiteral("With --one: record every LibTorch op with the autograd profiler and write a Chrome trace (chrome://tracing) to FILE. Slows the run: its timings are not benchmark figures."), QStringLiteral("FILE"));
    const QCommandLineOption rounds(QStringLiteral("rounds"), QStringLiteral("Runs of each side per case compared with PyTorch, engine and PyTorch alternating; each side's fastest counts (default: 2). The host's speed drifts by tens of percent within minutes, and a drift only ever slows a run."), QStringLiteral("N"));
    parser.addOptions({steps, warmup, threads, models, python, noReference, json, gemmSeconds, rounds, one, profile});
    parser.process(app);

    auto number = [&](const QCommandLineOption &option, int64_t minimum, int64_t &out) {
        if (!parser.isSet(option))
            return true;
        bool ok = false;
        out = parser.value(option).toLongLong(&ok);
        if (!ok || out < minimum) {
            print(stderr, QStringLiteral("--%1 must be a whole number >= %2\n").arg(option.names().first()).arg(minimum));
            return false;
        }
        return true;
    };
    int64_t threadCount = 0;
    if (!number(steps, 1, o.steps.timed) || !number(warmup, 0, o.steps.warmup) || !number(threads, 1, threadCount)
        || !number(rounds, 1, o.rounds))
        return 2;
    o.threads = threadCount > 0 ? int(threadCount) : std::max(1, QThread::idealThreadCount());
    if (parser.isSet(models))
        o.models = parser.value(models).split(QLatin1Char(','), Qt::SkipEmptyParts);
    const QStringList known = benchModels() + QStringList{QStringLiteral("ui"), QStringLiteral("store")};
    QStringList caseNames;
    for (const BenchCase &c : benchCases({}, 1))
        caseNames << c.name;
    for (const QString &m : o.models)
        if (!known.contains(m) && !caseNames.contains(m)) {
            print(stderr, QStringLiteral("--models: unknown '%1' (expected any of %2, or one case's name such as b/lora)\n")
                              .arg(m, known.join(QStringLiteral(", "))));
            return 2;
        }
    if (parser.isSet(python))
        o.python = parser.value(python);
    o.reference = !parser.isSet(noReference);
    o.json = parser.value(json);
    if (parser.isSet(gemmSeconds))
        o.gemmSeconds = std::max(0.1, parser.value(gemmSeconds).toDouble());
    o.one = parser.value(one);
    o.profile = parser.value(profile);
    return -1;
}

QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    const QList<QByteArray> fields = file.readAll().split(' ');
    return fields.size() >= 3 ? QString::fromLatin1(fields[0] + ' ' + fields[1] + ' ' + fields[2]) : QStringLiteral("unknown");
}

int runOne(const Options &o)
{
    for (const BenchCase &c : benchCases(o.steps, o.threads)) {
        if (c.name != o.one)
            continue;
        std::unique_ptr<torch::autograd::profiler::RecordProfile> profiler;
        // Before the model exists, so that every allocation of the run follows the setting; after
        // the product's own heap setting, which would otherwise replace it when the run starts.
        holdHeapForTraining();
        if (c.mmapThresholdBytes > 0)
            disableCpuBlockCache();
        if (c.mmapThresholdBytes > 0 && mallopt(M_MMAP_THRESHOLD, int(c.mmapThresholdBytes)) != 1) {
            print(stderr, QStringLiteral("mallopt(M_MMAP_THRESHOLD, %1) failed\n").arg(c.mmapThresholdBytes));
            return 1;
        }
        if (!o.profile.isEmpty())  // writes the trace when destroyed, after the run
            profiler = std::make_unique<torch::autograd::profiler::RecordProfile>(o.profile.toStdString());
        const SideResult r = runEngineCase(c);
        profiler.reset();
        print(stdout, QString::fromUtf8(QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
        return r.ok ? 0 : 1;
    }
    print(stderr, QStringLiteral("--one: unknown case '%1'\n").arg(o.one));
    return 2;
}

// Of one side's rounds, the fastest that succeeded (by median step time); the first failure otherwise.
void keepFaster(SideResult &kept, SideResult candidate, bool first)
{
    const bool better = candidate.ok && (!kept.ok || candidate.medianStepSeconds < kept.medianStepSeconds);
    if (first || better)
        kept = std::move(candidate);
}

QString progressFigure(const SideResult &r)
{
    return r.ok ? QStringLiteral("%1 tok/s").arg(r.tokensPerSecond, 0, 'f', 0) : QStringLiteral("failed: %1").arg(r.error);
}

bool selected(const Options &o, const QString &part)
{
    return o.models.isEmpty() || o.models.contains(part);
}

// peftbench_store_bench or peftbench_ui_bench, built next to this executable.
ChildFigures runSibling(const QString &program, const QStringList &arguments)
{
    print(stderr, QStringLiteral("bench: %1 ... ").arg(program));
    const ChildFigures figures = runFiguresChild(QCoreApplication::applicationDirPath() + QLatin1Char('/') + program,
                                                 arguments + QStringList{QStringLiteral("--json")});
    print(stderr, figures.ok ? QStringLiteral("done\n") : QStringLiteral("failed: %1\n").arg(figures.error));
    return figures;
}

int runAll(const Options &o)
{
    QElapsedTimer wall;
    wall.start();
    BenchRun run;
    run.rounds = o.rounds;
    const int threads = applyComputeSettings({o.threads});
    const ComputeEnvironment env = probeComputeEnvironment();
    run.environment << QStringLiteral("CPU: %1, %2 logical cores; intra-op threads %3 (both sides); denormals flushed")
                           .arg(env.cpuModel).arg(env.logicalCores).arg(threads);
    run.environment << QStringLiteral("LibTorch %1 · BLAS %2").arg(env.libtorchVersion, env.blas.name);
    const QString loadBefore = loadAverage();

    // The peak every MFU figure is measured against, timed before and after the cases: other
    // processes on a shared machine come and go, and a peak is the best the machine does.
    print(stderr, QStringLiteral("bench: timing fp32 GEMM 2048² for %1 s on %2 threads...\n").arg(o.gemmSeconds).arg(threads));
    run.gemmBefore = runGemmBenchmark({2048, o.gemmSeconds});

    ReferenceRuntime reference;
    if (o.reference) {
        reference = probeReference(o.python, o.script);
        run.referenceAvailable = !reference.torchVersion.isEmpty();
        run.referenceNote = run.referenceAvailable
                                ? QStringLiteral("PyTorch %1 eager (%2 %3)").arg(reference.torchVersion, o.python, o.script)
                                : QStringLiteral("unavailable — %1").arg(reference.whyUnavailable);
    } else {
        run.referenceNote = QStringLiteral("unavailable — skipped (--no-reference)");
    }
    if (!run.referenceAvailable)
        print(stderr, QStringLiteral("PyTorch reference: unavailable (%1)\n").arg(run.referenceNote));

    // The store and the UI first, in children of their own, while the machine is as it was at the start.
    if (selected(o, QStringLiteral("store")))
        run.store = runSibling(QStringLiteral("peftbench_store_bench"), {});
    if (selected(o, QStringLiteral("ui")))
        run.ui = runSibling(QStringLiteral("peftbench_ui_bench"), {});

    const QString self = QCoreApplication::applicationFilePath();
    QStringList caseModels = o.models;
    caseModels.removeAll(QStringLiteral("ui"));
    caseModels.removeAll(QStringLiteral("store"));
    std::vector<BenchCase> cases;
    if (o.models.isEmpty() || !caseModels.isEmpty())
        cases = benchCases(o.steps, threads, caseModels);
    int index = 0;
    // Engine and PyTorch alternate case by case, so a change in the machine's load hits both.
    for (const BenchCase &c : cases) {
        ++index;
        if (c.model == QLatin1String("scale") && run.estimatorGemmFlops == 0) {
            // What the wizard's time estimate divides by, measured as the wizard measures it.
            run.estimatorGemmFlops = currentEstimateEnvironment(false, threads).gemmFlopsPerSecond;
        }
        CaseOutcome outcome{c, {}, {}};
        const bool compared = run.referenceAvailable && c.compareWithReference;
        if (!compared)
            outcome.reference = SideResult::failure(QStringLiteral("pytorch"), c.name,
                                                    c.compareWithReference ? QStringLiteral("unavailable") : QStringLiteral("not compared"));
        const int64_t rounds = compared ? o.rounds : 1;
        for (int64_t round = 1; round <= rounds; ++round) {
            const QString label = rounds > 1 ? QStringLiteral(" (round %1 of %2)").arg(round).arg(rounds) : QString();
            print(stderr, QStringLiteral("[%1/%2] %3 engine%4 ... ").arg(index).arg(cases.size()).arg(c.name, label));
            keepFaster(outcome.engine, runEngineChild(self, c), round == 1);
            print(stderr, progressFigure(outcome.engine) + QLatin1Char('\n'));
            if (!compared)
                continue;
            print(stderr, QStringLiteral("[%1/%2] %3 PyTorch%4 ... ").arg(index).arg(cases.size()).arg(c.name, label));
            keepFaster(outcome.reference, runReferenceChild(reference, c), round == 1);
            print(stderr, progressFigure(outcome.reference) + QLatin1Char('\n'));
        }
        run.outcomes.push_back(outcome);
    }
    print(stderr, QStringLiteral("bench: timing fp32 GEMM 2048² again...\n"));
    run.gemmAfter = runGemmBenchmark({2048, o.gemmSeconds});
    run.gemm = run.gemmAfter.gflops > run.gemmBefore.gflops ? run.gemmAfter : run.gemmBefore;
    run.environment << QStringLiteral("Load average (1/5/15 min) before: %1, after: %2 — other processes on these cores skew every figure")
                           .arg(loadBefore, loadAverage());
    run.wallSeconds = double(wall.elapsed()) / 1000.0;

    print(stdout, QStringLiteral("\n") + formatReport(run));
    if (!o.json.isEmpty()) {
        QFile file(o.json);
        if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            file.write(QJsonDocument(reportJson(run)).toJson());
        else
            print(stderr, QStringLiteral("cannot write %1: %2\n").arg(o.json, file.errorString()));
    }
    return 0;
}

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("peftbench_bench"));
    Options options;
    const int code = parseOptions(app, options);
    if (code >= 0)
        return code;
    return options.one.isEmpty() ? runAll(options) : runOne(options);
}
