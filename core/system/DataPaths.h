#pragma once
// Names from configs (a pretraining recipe's name and output) that become part of a path the
// workbench writes. A name that could climb out of its folder ("../x", "/etc/x", "a/../../b", a
// NUL that cuts the path short) is refused, never cleaned up into something else.
#include <QString>

namespace peftbench {

constexpr int kMaxPathComponentBytes = 255;   // NAME_MAX on Linux and most file systems

// Why `name` cannot be one folder or file name (empty string: it can): empty, "." or "..", a '/'
// or '\\', a NUL or other control character, or longer than kMaxPathComponentBytes in UTF-8.
QString pathComponentProblem(const QString &name);

// Why `relative` cannot be written below a folder (empty string: it can): absolute (also "C:" or
// "\\\\server"), a ".." component anywhere, a NUL or other control character, or a component
// pathComponentProblem refuses. "models/m.pwbc" is fine; "a/../../b" is not, even though it
// would clean up to a path inside on some inputs: what it says is what gets written.
QString relativePathProblem(const QString &relative);

// Whether `path`, with every symbolic link of its existing part resolved, lies inside `directory`
// (or is it). A name that passed the checks above can still escape through a link placed inside.
bool isInsideDirectory(const QString &path, const QString &directory);

}  // namespace peftbench
