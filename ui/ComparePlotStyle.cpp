#include "ComparePlotStyle.h"

#include "QCustomPlotNoKeywords.h"

namespace peftbench {

QCPTextElement *addChartTitle(QCustomPlot *plot)
{
    QFont titleFont = plot->font();
    titleFont.setBold(true);
    plot->plotLayout()->insertRow(0);
    auto *title = new QCPTextElement(plot, QString(), titleFont);
    plot->plotLayout()->addElement(0, 0, title);
    return title;
}

void placeLegendBelow(QCustomPlot *plot, int columns)
{
    QCPLegend *legend = plot->legend;
    plot->axisRect()->insetLayout()->take(legend);
    plot->axisRect()->insetLayout()->simplify();
    const int row = plot->plotLayout()->rowCount();
    plot->plotLayout()->addElement(row, 0, legend);
    plot->plotLayout()->setRowStretchFactor(row, 0.001);   // as tall as its entries, no more
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(columns);
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setFont(plot->font());
    legend->setMargins(QMargins(4, 0, 4, 2));
    legend->setVisible(true);
}

}  // namespace peftbench
