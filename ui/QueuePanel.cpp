#include "QueuePanel.h"

#include <QHBoxLayout>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace peftbench {

namespace {
constexpr int kRunIdRole = Qt::UserRole;
}

QueuePanel::QueuePanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("queuePanel"));
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("queueList"));
    m_up = new QPushButton(tr("Up"), this);
    m_up->setObjectName(QStringLiteral("queueUp"));
    m_up->setToolTip(tr("Train this run earlier"));
    m_down = new QPushButton(tr("Down"), this);
    m_down->setObjectName(QStringLiteral("queueDown"));
    m_down->setToolTip(tr("Train this run later"));
    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setObjectName(QStringLiteral("queueRemove"));
    m_remove->setToolTip(tr("Delete this queued run; it never trained, so nothing measured is lost"));
    m_start = new QPushButton(tr("Start queue"), this);
    m_start->setObjectName(QStringLiteral("queueStart"));
    m_start->setToolTip(tr("Train every queued run, top first"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_up);
    buttons->addWidget(m_down);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    buttons->addWidget(m_start);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);

    connect(m_up, &QPushButton::clicked, this, [this] { move(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { move(+1); });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem *item = m_list->currentItem())
            Q_EMIT removeRequested(item->data(kRunIdRole).toLongLong());
    });
    connect(m_start, &QPushButton::clicked, this, &QueuePanel::startRequested);
    connect(m_list, &QListWidget::currentRowChanged, this, &QueuePanel::updateButtons);
    updateButtons();
}

int QueuePanel::count() const
{
    return m_list->count();
}

void QueuePanel::setQueuedRuns(const std::vector<RunRecord> &queued)
{
    const qint64 current = m_list->currentItem() ? m_list->currentItem()->data(kRunIdRole).toLongLong() : 0;
    QVector<qint64> ids;
    for (const RunRecord &r : queued)
        ids << r.id;
    if (ids == order()) {
        updateButtons();
        return;   // unchanged: keep the list as the user sees it
    }
    m_list->clear();
    for (const RunRecord &r : queued) {
        auto *item = new QListWidgetItem(tr("Run %1 · %2 (experiment %3)").arg(r.id).arg(r.name).arg(r.experimentId), m_list);
        item->setData(kRunIdRole, qint64(r.id));
        if (r.id == current)
            m_list->setCurrentItem(item);
    }
    updateButtons();
}

void QueuePanel::setBusy(bool busy)
{
    m_busy = busy;
    updateButtons();
}

QVector<qint64> QueuePanel::order() const
{
    QVector<qint64> ids;
    for (int i = 0; i < m_list->count(); ++i)
        ids << m_list->item(i)->data(kRunIdRole).toLongLong();
    return ids;
}

void QueuePanel::move(int delta)
{
    const int row = m_list->currentRow();
    const int target = row + delta;
    if (row < 0 || target < 0 || target >= m_list->count())
        return;
    QListWidgetItem *item = m_list->takeItem(row);
    m_list->insertItem(target, item);
    m_list->setCurrentRow(target);
    Q_EMIT orderChanged(order());
}

void QueuePanel::updateButtons()
{
    const int row = m_list->currentRow();
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row + 1 < m_list->count());
    m_remove->setEnabled(row >= 0);
    m_start->setEnabled(!m_busy && m_list->count() > 0);
}

}  // namespace peftbench
