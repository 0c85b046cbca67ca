#include "RunLabels.h"

#include "methods/MethodSettings.h"

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
    const std::optional<MethodKind> kind = parseMethodKind(methodKey);
    if (!kind)
        return methodKey;
    switch (*kind) {
    case MethodKind::Full: return QCoreApplication::translate("RunLabels", "Full fine-tuning");
    case MethodKind::Lora: return QCoreApplication::translate("RunLabels", "LoRA");
    case MethodKind::PromptTuning: return QCoreApplication::translate("RunLabels", "Prompt Tuning");
    case MethodKind::PrefixTuning: return QCoreApplication::translate("RunLabels", "Prefix tuning");
    case MethodKind::Ia3: return QCoreApplication::translate("RunLabels", "IA3");
    case MethodKind::Dora: return QCoreApplication::translate("RunLabels", "DoRA");
    case MethodKind::BitFit: return QCoreApplication::translate("RunLabels", "BitFit");
    case MethodKind::LastLayers: return QCoreApplication::translate("RunLabels", "Last N layers");
    }
    return methodKey;
}

}  // namespace peftbench
