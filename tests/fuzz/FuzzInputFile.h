#pragma once

#include <QString>

#include <cstddef>
#include <cstdint>

namespace peftbench::fuzz {

// Readers that take a path get the fuzz input through a file: `fileName` inside a temporary folder
// of this process (under /dev/shm, else $TMPDIR; removed at exit), rewritten on every call.
// Returns its path.
QString writeFuzzInput(const QString &fileName, const uint8_t *data, size_t size);

}  // namespace peftbench::fuzz
