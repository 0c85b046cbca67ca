#pragma once
// The report writers. Each takes a loaded Comparison and returns the file's bytes (UTF-8 text);
// ui/PdfReport.h adds the PDF, which needs QtGui.
#include "report/ReportOptions.h"
#include "report/RunComparison.h"

#include <QByteArray>

namespace peftbench {

// One self-contained HTML file: inline SVG charts (or <img src="chart:ID"> references, see
// ReportOptions::charts), the comparison and run tables, the claims with their verdicts and
// evidence, the memory breakdown (measured next to estimated), the config diff and the
// environment fingerprints. No scripts, no external references; a Content-Security-Policy meta
// tag forbids loading anything; every user-supplied string is escaped.
QByteArray htmlReport(const Comparison &comparison, const ReportOptions &options);

// A Markdown summary: the comparison table, the claims with verdicts and evidence, the config
// differences and the runs. No charts.
QByteArray markdownReport(const Comparison &comparison, const ReportOptions &options);

// Every recorded step of every run, long format: one row per (run, step), RFC 4180, header first:
//   run_id, run_name, method, group, step, epoch, tokens_seen, wall_seconds, train_loss,
//   learning_rate, grad_norm, step_seconds, tokens_per_second, memory_bytes, memory_peak_bytes,
//   val_loss, val_metric_name, val_metric
// The val_* columns are filled on the steps where an evaluation was taken (an evaluation at step
// 0, before training, has no step row: the JSON report has every evaluation). Per-run summaries
// are not repeated here: they are in the JSON and the other reports.
QByteArray csvReport(const Comparison &comparison);

// Everything, machine-readable: format version, generator, groups with their statistics, runs with
// record, settings, summary, estimate, fingerprint (parsed), evaluations and steps (as columns),
// the claims and the config differences.
QByteArray jsonReport(const Comparison &comparison, const ReportOptions &options);

// The CSV's column names, in order.
const QStringList &csvColumns();

}  // namespace peftbench
