#pragma once
// Layout shared by the compare charts: a bold title row above the axes, and the legend in a row
// below them, so that it never hides a bar or a point (with several runs, the best point is often
// in the corner an inset legend would take).
#include <QString>

class QCPTextElement;
class QCustomPlot;

namespace peftbench {

// Inserts a title row at the top; returns it for setText().
QCPTextElement *addChartTitle(QCustomPlot *plot);

// Moves the legend from inside the axes to a row under them, `columns` entries per line.
void placeLegendBelow(QCustomPlot *plot, int columns = 4);

}  // namespace peftbench
