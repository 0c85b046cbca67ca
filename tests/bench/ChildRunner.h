#pragma once
// Runs each measurement in a fresh child process: RAM peaks (VmHWM) are process-wide, and a
// fresh process also starts with a cold allocator, as a user's run does.

#include "BenchCase.h"
#include "BenchResult.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace peftbench::bench {

struct ReferenceRuntime {
    QString python;        // interpreter, e.g. /usr/bin/python3
    QString script;        // pytorch_reference.py
    QString torchVersion;  // empty: unavailable
    QString whyUnavailable;
};

// What a measuring program other than an engine case printed: its last JSON line.
struct ChildFigures {
    bool ok = false;
    QString error;         // why there is no result
    QJsonObject figures;
};

// Runs `program` (peftbench_store_bench, peftbench_ui_bench) and reads its result.
ChildFigures runFiguresChild(const QString &program, const QStringList &arguments);

// Checks that `python` exists and imports torch; fills torchVersion or whyUnavailable.
ReferenceRuntime probeReference(const QString &python, const QString &script);

// `<this executable> --one NAME --threads N --steps N --warmup N` → the engine's result.
SideResult runEngineChild(const QString &executable, const BenchCase &benchCase);

// `python pytorch_reference.py --spec JSON` → PyTorch's result.
SideResult runReferenceChild(const ReferenceRuntime &runtime, const BenchCase &benchCase);

}  // namespace peftbench::bench
