#include "data/TaskData.h"

namespace peftbench {

QString taskKindName(TaskKind kind)
{
    switch (kind) {
    case TaskKind::CausalLm:
        return QStringLiteral("causal_lm");
    case TaskKind::Completion:
        return QStringLiteral("completion");
    case TaskKind::Classification:
        return QStringLiteral("classification");
    }
    return {};
}

std::optional<TaskKind> parseTaskKind(const QString &name)
{
    for (TaskKind kind : {TaskKind::CausalLm, TaskKind::Completion, TaskKind::Classification}) {
        if (name == taskKindName(kind))
            return kind;
    }
    return std::nullopt;
}

}  // namespace peftbench
