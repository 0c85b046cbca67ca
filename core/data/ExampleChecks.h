#pragma once

// Argument checks shared by the task example builders (internal to core/data).

#include "data/TaskData.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace peftbench::detail {

// Below two tokens there is no (input, target) pair at all.
inline void requireMaxLength(const char *task, int maxLength)
{
    if (maxLength < 2)
        throw std::invalid_argument(std::string(task) + ": maxLength must be at least 2, got "
                                    + std::to_string(maxLength));
}

inline void requireRecords(const char *task, const std::vector<TextRecord> &records)
{
    if (records.empty())
        throw std::invalid_argument(std::string(task) + ": the record list is empty");
}

}  // namespace peftbench::detail
