#include "data/TaskData.h"
#include "system/EnumNames.h"

namespace peftbench {

constexpr EnumName<TaskKind> kTaskKinds[] = {
    {TaskKind::CausalLm, "causal_lm"}, {TaskKind::Completion, "completion"}, {TaskKind::Classification, "classification"}};

QString taskKindName(TaskKind kind)
{
    return enumName(kTaskKinds, kind);
}

std::optional<TaskKind> parseTaskKind(const QString &name)
{
    return parseEnumName(kTaskKinds, name);
}

}  // namespace peftbench
