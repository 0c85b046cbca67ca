#pragma once
// The one look of an error message in the window: red, wrapped, selectable (so it can be copied
// into a bug report), hidden until there is something to say.
#include <QString>

class QLabel;
class QWidget;

namespace peftbench {

QLabel *createErrorLabel(const QString &objectName, QWidget *parent);

}  // namespace peftbench
