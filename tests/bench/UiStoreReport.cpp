#include "UiStoreReport.h"

#include <QJsonObject>

namespace peftbench::bench {

namespace {

// A figure of the child's JSON, NaN when absent or negative (the child's "could not measure").
double figure(const ChildFigures &child, const char *key)
{
    const QJsonValue v = child.figures.value(QLatin1String(key));
    return child.ok && v.isDouble() && v.toDouble() >= 0 ? v.toDouble() : kNaN;
}

// A child that failed leaves every one of its lines unmeasured, each saying why.
void noteFailure(std::vector<Target> &list, const ChildFigures &child)
{
    if (!child.ok)
        for (Target &t : list)
            t.note = child.error;
}

}  // namespace

std::vector<Target> uiTargets(const BenchRun &run)
{
    if (!run.ui)
        return {};
    const ChildFigures &ui = *run.ui;
    const QString platform = ui.figures.value(QStringLiteral("platform")).toString();
    std::vector<Target> list;

    Target stall = atMost(QStringLiteral("(ui) longest UI-thread stall while 2 runs train"), figure(ui, "longest_stall_ms"), 50, QStringLiteral("ms"), 1);
    stall.note = QStringLiteral("2 runs × %1 steps of the tests' tiny model, %2 s, %3 platform%4")
                     .arg(ui.figures.value(QStringLiteral("train_steps_per_run")).toInt())
                     .arg(figure(ui, "training_ms") / 1000, 0, 'f', 1)
                     .arg(platform)
                     .arg(ui.figures.value(QStringLiteral("training_finished")).toBool() ? QString() : QStringLiteral("; timed out before the runs finished"));
    list.push_back(stall);

    Target chart = atMost(QStringLiteral("(ui) loss chart, 100,000 points per curve: worst redraw"), figure(ui, "chart_redraw_worst_ms"), 30,
                          QStringLiteral("ms"), 1);
    chart.note = QStringLiteral("raw + smoothed curves, worst of %1 full redraws, 1200×800").arg(ui.figures.value(QStringLiteral("chart_redraws")).toInt());
    list.push_back(chart);

    Target compare = atMost(QStringLiteral("(ui) compare view: open 10 runs of 500 steps"), figure(ui, "compare_open_ms"), 1000, QStringLiteral("ms"), 0);
    compare.note = ui.figures.contains(QStringLiteral("compare_error")) ? ui.figures.value(QStringLiteral("compare_error")).toString()
                                                                        : QStringLiteral("a fresh view, charts drawn");
    list.push_back(compare);
    noteFailure(list, ui);
    return list;
}

std::vector<Target> storeTargets(const BenchRun &run)
{
    if (!run.store)
        return {};
    const ChildFigures &store = *run.store;
    std::vector<Target> list;

    Target write = atLeast(QStringLiteral("(store) metric rows written per second (MetricWriter)"), figure(store, "rows_per_second"), 100000);
    write.shown = std::isnan(write.value) ? QStringLiteral("n/a") : QString::number(write.value, 'f', 0);
    write.target = QStringLiteral("≥ 100000");
    write.note = QStringLiteral("%1 steps in %2 s, commits every 50 steps or 250 ms")
                     .arg(store.figures.value(QStringLiteral("steps")).toInteger())
                     .arg(figure(store, "write_seconds"), 0, 'f', 2);
    list.push_back(write);

    // Scaled to 100,000 steps when --steps asked for another length.
    const double loaded = figure(store, "loaded_steps");
    const double loadMs = 1000 * figure(store, "load_seconds") * 100000 / loaded;
    Target load = atMost(QStringLiteral("(store) load a 100,000-step run's curves"), loaded > 0 ? loadMs : kNaN, 200, QStringLiteral("ms"), 1);
    load.note = QStringLiteral("RunStore::steps, best of 5; %1 steps loaded").arg(loaded, 0, 'f', 0);
    list.push_back(load);
    noteFailure(list, store);
    return list;
}

}  // namespace peftbench::bench
