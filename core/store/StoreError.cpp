#include "store/StoreError.h"

namespace peftbench {

StoreError::StoreError(const QString &purpose, const QString &file, const QString &detail, Kind kind)
    : std::runtime_error(QStringLiteral("run store %1: %2 failed: %3").arg(file, purpose, detail).toStdString()),
      purpose_(purpose),
      file_(file),
      detail_(detail),
      kind_(kind)
{
}

}  // namespace peftbench
