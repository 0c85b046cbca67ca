#pragma once
// A stored run's config as flat "key path" -> value text, for the config diff and for grouping
// repeats (runs whose settings differ only in train.seed).
#include <QMap>
#include <QString>

namespace peftbench {

struct RunRecord;

// Every setting the run trains with, defaults included, keyed as in the YAML ("train.lr",
// "lora.r", "dataset.source"). Throws ConfigError when the stored config no longer parses.
QMap<QString, QString> flattenRunSettings(const RunRecord &run);

// The key that differs between repeats of one configuration.
inline const QString kSeedSettingKey = QStringLiteral("train.seed");

}  // namespace peftbench
