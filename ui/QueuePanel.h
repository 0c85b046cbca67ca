#pragma once
// The runs waiting to train, in the order they will: reorder, remove, or start the queue (e.g.
// the runs a cancel left queued). The owner applies the requests to the run store.
#include "store/StoreRecords.h"

#include <QWidget>

#include <vector>

class QListWidget;
class QPushButton;

namespace peftbench {

class QueuePanel : public QWidget {
    Q_OBJECT
public:
    explicit QueuePanel(QWidget *parent = nullptr);

    // The queued runs in queue order (the store's nextQueuedRun order).
    void setQueuedRuns(const std::vector<RunRecord> &queued);
    void setBusy(bool busy);   // while a queue trains, Start is off
    int count() const;

Q_SIGNALS:
    void orderChanged(const QVector<qint64> &runIdsInOrder);
    void removeRequested(qint64 runId);
    void startRequested();

private:
    void move(int delta);
    void updateButtons();
    QVector<qint64> order() const;

    QListWidget *m_list = nullptr;
    QPushButton *m_up = nullptr;
    QPushButton *m_down = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_start = nullptr;
    bool m_busy = false;
};

}  // namespace peftbench
