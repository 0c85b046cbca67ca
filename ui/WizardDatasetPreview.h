#pragma once
// What a dataset looks like before training on it: its first records, how many of each label
// every split holds, and how long the records are in tokens (to pick max_length).
#include <QWidget>

class QCustomPlot;
class QLabel;
class QTableWidget;

namespace peftbench {

struct DatasetPreview;

class WizardDatasetPreview : public QWidget {
    Q_OBJECT
public:
    explicit WizardDatasetPreview(QWidget *parent = nullptr);

    // maxLength is marked on the histogram: records to the right of it get truncated.
    void showPreview(const DatasetPreview &preview, int maxLength);
    void clear();

private:
    void showRows(const DatasetPreview &preview);
    void showLabels(const DatasetPreview &preview);
    void showHistogram(const DatasetPreview &preview, int maxLength);

    QLabel *m_summary = nullptr;
    QTableWidget *m_rows = nullptr;
    QTableWidget *m_labels = nullptr;
    QCustomPlot *m_histogram = nullptr;
};

}  // namespace peftbench
