#pragma once

#include <string>

namespace peftbench {

// Which CSV column / JSONL key holds each part of a record. loadUserDataset reads an empty name as
// the default.
struct DatasetFields {
    std::string text = "text";
    std::string label = "label";
    std::string prompt = "prompt";
    std::string completion = "completion";
};

}  // namespace peftbench
