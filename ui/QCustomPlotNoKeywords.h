#pragma once
// QCustomPlot's header uses Qt's `signals` and `foreach` keywords, which QT_NO_KEYWORDS (needed
// beside LibTorch) switches off; spell them as Qt's macros just for this header.
#define signals Q_SIGNALS
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef foreach
#undef signals
