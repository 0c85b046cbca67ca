#pragma once

#include <QString>

namespace peftbench {

// The shortest text that reads back as exactly the same double ("0.002", not
// "0.0020000000000000000416"), so saved configs stay readable and load back equal.
// Non-finite values use YAML's spelling: .inf, -.inf, .nan.
QString formatConfigNumber(double value);

}  // namespace peftbench
