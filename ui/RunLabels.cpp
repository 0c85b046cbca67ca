#include "RunLabels.h"

#include <QCoreApplication>

namespace peftbench {

QString statusLabel(RunStatus status)
{
    switch (status) {
    case RunStatus::Queued: return QCoreApplication::translate("RunLabels", "queued");
    case RunStatus::Running: return QCoreApplication::translate("RunLabels", "running");
    case RunStatus::Completed: return QCoreApplication::translate("RunLabels", "completed");
    case RunStatus::Cancelled: return QCoreApplication::translate("RunLabels", "cancelled");
    case RunStatus::Failed: return QCoreApplication::translate("RunLabels", "failed");
    case RunStatus::Diverged: return QCoreApplication::translate("RunLabels", "diverged");
    case RunStatus::Interrupted: return QCoreApplication::translate("RunLabels", "interrupted");
    }
    return runStatusName(status);
}

QString methodLabel(const QString &methodKey)
{
    if (methodKey == QLatin1String("prompt_tuning"))
        return QCoreApplication::translate("RunLabels", "Prompt Tuning");
    if (methodKey == QLatin1String("lora"))
        return QCoreApplication::translate("RunLabels", "LoRA");
    if (methodKey == QLatin1String("full"))
        return QCoreApplication::translate("RunLabels", "Full fine-tuning");
    return methodKey;
}

}  // namespace peftbench
