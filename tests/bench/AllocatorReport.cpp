#include "AllocatorReport.h"

#include "BenchFormatting.h"

namespace peftbench::bench {

namespace {

QString sideCells(const SideResult &s)
{
    if (!s.ok)
        return QStringLiteral("! ") + s.error;
    return cell(milliseconds(s.medianStepSeconds), 8) + cell(milliseconds(s.medianCpuSeconds), 7) + cell(bytes(s.peakRssBytes), 9)
           + cell(QString::number(s.minorFaultsPerStep, 'f', 0), 12);
}

}  // namespace

void appendAllocatorTable(QStringList &out, const BenchRun &run)
{
    bool any = false;
    for (const CaseOutcome &o : run.outcomes)
        any = any || o.benchCase.model == QLatin1String("alloc");
    if (!any)
        return;
    out << QStringLiteral("Allocator: the engine's (held heap, large blocks cached by size) vs none retained "
                          "(no cache, M_MMAP_THRESHOLD 128 KiB) (engine, full fine-tuning; the two run back to back)");
    out << QStringLiteral("    retaining nothing returns every freed block above 128 KiB to the kernel, so RSS follows the live tensors, "
                          "at the price of fresh zeroed pages every step");
    out << QString();
    out << QStringLiteral("  model  setting     step ms  CPU ms  peak RAM faults/step │ none ÷ engine's:   step time  CPU time  peak RAM");
    for (const QString &model : {QStringLiteral("a"), QStringLiteral("b")}) {
        const CaseOutcome *plain = findCase(run, QStringLiteral("alloc/%1-full/default").arg(model));
        const CaseOutcome *small = findCase(run, QStringLiteral("alloc/%1-full/mmap128k").arg(model));
        if (!plain || !small)
            continue;
        out << QStringLiteral("  (%1)    engine's   %2").arg(model, sideCells(plain->engine));
        QString line = QStringLiteral("         none       %1").arg(sideCells(small->engine));
        if (plain->engine.ok && small->engine.ok)
            line += QStringLiteral("│ %1 %2 %3")
                        .arg(cell(times(ratio(small->engine.medianStepSeconds, plain->engine.medianStepSeconds)), 27),
                             cell(times(ratio(small->engine.medianCpuSeconds, plain->engine.medianCpuSeconds)), 8),
                             cell(times(ratio(double(small->engine.peakRssBytes), double(plain->engine.peakRssBytes))), 8));
        out << line;
    }
    out << QString();
}

}  // namespace peftbench::bench
