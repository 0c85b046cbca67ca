#pragma once

#include "data/DatasetFields.h"
#include "data/TaskData.h"

#include <QString>

#include <string_view>
#include <vector>

namespace peftbench {

// One JSON object per line (blank lines skipped), UTF-8 already validated. What each task reads:
//   causal_lm       {"text": ...}
//   classification  {"text": ..., "label": ...}   (label: a string or an integer such as 0/1)
//   completion      {"prompt": ..., "completion": ...}
//                   or Alpaca {"instruction": ..., "input": ..., "output": ...}: the prompt is
//                   instruction + "\n" + input (just the instruction when input is empty or
//                   absent) and the completion is output.
// Other keys are ignored. Throws DatasetError(fileName, line, column, ...) for a line that is not
// valid JSON ("invalid JSON: <parser message>", column of the error), that is not an object, that
// lacks a required key ('no "label" field'), whose value has the wrong type, or whose text is empty.
std::vector<TextRecord> readJsonlRecords(std::string_view text, TaskKind task, const DatasetFields &fields,
                                         const QString &fileName);

}  // namespace peftbench
