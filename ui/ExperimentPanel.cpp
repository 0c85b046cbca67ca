#include "ExperimentPanel.h"

#include "ErrorLabel.h"
#include "RunLabels.h"

#include "data/BuiltinDatasets.h"
#include "experiment/ConfigError.h"
#include "experiment/ConfigReader.h"
#include "experiment/RunExpansion.h"

#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace peftbench {

ExperimentPanel::ExperimentPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("experimentPanel"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("experimentTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_title->setFont(bold);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("experimentSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error = createErrorLabel(QStringLiteral("experimentError"), this);

    m_runs = new QTableWidget(0, 4, this);
    m_runs->setObjectName(QStringLiteral("experimentRuns"));
    m_runs->setHorizontalHeaderLabels({tr("Run"), tr("Method"), tr("Learning rate"), tr("Seed")});
    m_runs->horizontalHeader()->setStretchLastSection(true);
    m_runs->verticalHeader()->hide();
    m_runs->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_runs->setSelectionMode(QAbstractItemView::NoSelection);

    m_yaml = new QPlainTextEdit(this);
    m_yaml->setObjectName(QStringLiteral("experimentYaml"));
    m_yaml->setReadOnly(true);
    m_yaml->setFont(QFont(QStringLiteral("monospace")));
    m_yaml->setToolTip(tr("The experiment's YAML, as the command line reads it (peftbench run FILE)"));

    m_open = new QPushButton(tr("Open experiment…"), this);
    m_open->setObjectName(QStringLiteral("openExperimentButton"));
    m_launch = new QPushButton(tr("Launch"), this);
    m_launch->setObjectName(QStringLiteral("launchButton"));
    m_launch->setDefault(true);
    m_launch->setEnabled(false);
    connect(m_open, &QPushButton::clicked, this, &ExperimentPanel::openRequested);
    connect(m_launch, &QPushButton::clicked, this, [this] { Q_EMIT launchRequested(m_path); });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_title, 1);
    buttons->addWidget(m_open);
    buttons->addWidget(m_launch);
    auto *details = new QHBoxLayout;
    details->addWidget(m_runs, 1);
    details->addWidget(m_yaml, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_summary);
    layout->addWidget(m_error);
    layout->addLayout(details, 1);
}

bool ExperimentPanel::load(const QString &path)
{
    m_path = path;
    m_valid = false;
    m_runs->setRowCount(0);
    QFile file(path);
    m_yaml->setPlainText(file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString());
    try {
        const ExperimentConfig config = loadExperimentConfig(path);
        const std::vector<RunSpec> runs = expandRuns(config);
        m_title->setText(tr("Experiment: %1").arg(config.name));
        QString dataset = config.dataset.source;
        if (config.dataset.source.startsWith(QLatin1String("builtin:"))) {
            if (const auto info = findBuiltinDataset(config.dataset.source.mid(8)))
                dataset += QStringLiteral(" — ") + info->title;
        }
        m_summary->setText(tr("Base model %1 · dataset %2 (%3, up to %4 tokens) · %5 runs of %6 steps, batch %7, on %8")
                               .arg(config.baseModel, dataset, taskKindName(config.dataset.task))
                               .arg(config.dataset.maxLength)
                               .arg(runs.size())
                               .arg(config.train.steps)
                               .arg(config.train.batchSize)
                               .arg(config.train.device));
        m_runs->setRowCount(int(runs.size()));
        for (int i = 0; i < int(runs.size()); ++i) {
            const RunSpec &r = runs[size_t(i)];
            m_runs->setItem(i, 0, new QTableWidgetItem(r.name));
            m_runs->setItem(i, 1, new QTableWidgetItem(methodLabel(methodKindName(r.method.kind))));
            m_runs->setItem(i, 2, new QTableWidgetItem(QString::number(r.train.lr, 'g', 4)));
            m_runs->setItem(i, 3, new QTableWidgetItem(QString::number(r.train.seed)));
        }
        m_runs->resizeColumnsToContents();
        m_error->hide();
        m_valid = true;
    } catch (const ConfigError &e) {
        m_title->setText(tr("Experiment: %1").arg(path));
        m_summary->clear();
        m_error->setText(e.message());
        m_error->show();
    }
    setBusy(m_busy);
    return m_valid;
}

void ExperimentPanel::setBusy(bool busy)
{
    m_busy = busy;
    m_launch->setEnabled(m_valid && !busy);
    m_open->setEnabled(!busy);
}

}  // namespace peftbench
