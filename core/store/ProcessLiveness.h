#pragma once

#include <QtGlobal>

#include <optional>

namespace peftbench {

// Whether a process with this id exists now, whoever owns it. Unix: kill(pid, 0), where EPERM
// (someone else's process) still means alive. Elsewhere: assumed alive, so callers fall back on
// heartbeats.
bool processExists(qint64 pid);

// When that process started, in ms since the epoch, where the platform tells (Linux: /proc);
// nullopt elsewhere or when it is gone. Lets a caller notice a pid that was reused after a crash
// or a reboot: a process that started after a run's last heartbeat cannot be the one that ran it.
std::optional<qint64> processStartMsecs(qint64 pid);

}  // namespace peftbench
