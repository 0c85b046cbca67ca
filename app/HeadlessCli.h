#pragma once
#include <QStringList>

namespace peftbench {

// The commands that need no display (`peftbench COMMAND ...`). Exit codes: 0 success (every run
// completed), 1 a run failed, diverged or was cancelled, 2 invalid input (a bad config, option or
// file, an unknown run).
bool isHeadlessCommand(const QString &name);
QStringList headlessCommandSummaries();  // "run EXPERIMENT.yaml   Validate, queue and train ...", for --help
// args[0] is the program, args[1] the command. Needs a QCoreApplication.
int runHeadlessCommand(const QStringList &args);

}  // namespace peftbench
