#pragma once
// The printed table: per-model figures for both sides, then every SPEC §9 target with the
// measured figure, PASS or MISS. A report, never a verdict: the bench exits 0 either way.

#include "BenchCase.h"
#include "BenchResult.h"
#include "ChildRunner.h"

#include "system/GemmBenchmark.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace peftbench::bench {

struct CaseOutcome {
    BenchCase benchCase;
    SideResult engine;
    SideResult reference;  // ok == false when the reference is unavailable or failed
};

struct BenchRun {
    QStringList environment;      // header lines: CPU, threads, BLAS, versions, load
    GemmResult gemm;              // the better of the two below: the machine's peak
    GemmResult gemmBefore, gemmAfter;  // timed before and after the cases, as load comes and goes
    bool referenceAvailable = false;
    QString referenceNote;        // version, or why it is unavailable
    std::vector<CaseOutcome> outcomes;
    // peftbench_store_bench and peftbench_ui_bench's figures; empty when not selected (--models).
    std::optional<ChildFigures> store, ui;
    // The GEMM throughput the estimator's time per step is computed from, as the wizard measures
    // it (512², 0.2 s, on the cases' threads) just before the scaling cases; 0 when not measured.
    double estimatorGemmFlops = 0;
    int64_t rounds = 1;           // runs of each side per compared case; the fastest counts
    double wallSeconds = 0;
};

// The case named `name` in this run, or null.
const CaseOutcome *findCase(const BenchRun &run, const QString &name);

// The whole report as text, ready to print.
QString formatReport(const BenchRun &run);

// Everything measured, for machines (--json FILE).
QJsonObject reportJson(const BenchRun &run);

}  // namespace peftbench::bench
