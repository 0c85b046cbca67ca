#pragma once

#include <QString>

namespace peftbench {

// Where the run store, dataset cache and checkpoints live. Precedence: the --data-dir option,
// then the PEFTBENCH_DATA_DIR environment variable, then the one chosen in Settings (QSettings
// key kDataDirSettingsKey), then the platform's application data folder.
QString resolveDataDirectory(const QString &commandLineValue);

constexpr const char *kDataDirEnvironmentVariable = "PEFTBENCH_DATA_DIR";
constexpr const char *kDataDirSettingsKey = "paths/dataDirectory";

}  // namespace peftbench
