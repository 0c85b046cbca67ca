#pragma once
#include <QStringList>

namespace peftbench {

// One function per headless command; args[0] is the program, args[1] the command.
int pretrainCommand(const QStringList &args);
int runCommand(const QStringList &args);
int resumeCommand(const QStringList &args);
int validateCommand(const QStringList &args);
int runsCommand(const QStringList &args);
int scoreCommand(const QStringList &args);
int generateCommand(const QStringList &args);
int reportCommand(const QStringList &args);
int exportCommand(const QStringList &args);

}  // namespace peftbench
