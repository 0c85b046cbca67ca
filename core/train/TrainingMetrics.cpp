// The status names the store keeps, in a file without LibTorch so the store builds without it
// (the sanitized test_run_store in tests/fuzz/).
#include "train/TrainingMetrics.h"

#include "system/EnumNames.h"

namespace peftbench {

constexpr EnumName<RunStatus> kRunStatuses[] = {
    {RunStatus::Queued, "queued"},       {RunStatus::Running, "running"},   {RunStatus::Completed, "completed"},
    {RunStatus::Cancelled, "cancelled"}, {RunStatus::Failed, "failed"},     {RunStatus::Diverged, "diverged"},
    {RunStatus::Interrupted, "interrupted"}};

QString runStatusName(RunStatus status)
{
    return enumName(kRunStatuses, status);
}

std::optional<RunStatus> runStatusFromName(const QString &name)
{
    return parseEnumName(kRunStatuses, name);
}

}  // namespace peftbench
