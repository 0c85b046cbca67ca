#include "CompareView.h"

#include "ErrorLabel.h"
#include "ClaimsPanel.h"
#include "CompareBars.h"
#include "CompareConfigTable.h"
#include "CompareCurves.h"
#include "CompareSamples.h"
#include "CompareScatter.h"
#include "CompareSeries.h"
#include "ExportReportDialog.h"

#include "report/ClaimsCheck.h"
#include "store/RunStore.h"
#include "store/StoreError.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QVBoxLayout>

namespace peftbench {

CompareView::CompareView(const QString &databasePath, QWidget *parent) : QWidget(parent), m_databasePath(databasePath)
{
    setObjectName(QStringLiteral("compareView"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("compareTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel = createErrorLabel(QStringLiteral("compareError"), this);
    m_groupRepeats = new QCheckBox(tr("Mean ± std over seeds"), this);
    m_groupRepeats->setObjectName(QStringLiteral("groupRepeatsCheck"));
    m_groupRepeats->setToolTip(tr("Draw the runs of one configuration trained with different seeds as their mean, "
                                  "with ± one standard deviation as a band or error bars."));
    m_groupRepeats->setChecked(true);
    m_export = new QPushButton(tr("Export report…"), this);
    m_export->setObjectName(QStringLiteral("exportReportButton"));
    m_export->setToolTip(tr("Write these runs' comparison as an HTML, PDF, Markdown, CSV or JSON file."));

    m_curves = new CompareCurves(this);
    m_bars = new CompareBars(this);
    m_scatter = new CompareScatter(this);
    m_claims = new ClaimsPanel(this);
    m_config = new CompareConfigTable(this);
    m_samples = new CompareSamples(this);
    auto *barsScroll = new QScrollArea(this);
    barsScroll->setWidget(m_bars);
    barsScroll->setWidgetResizable(true);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("compareTabs"));
    m_tabs->addTab(m_curves, tr("Curves"));
    m_tabs->addTab(barsScroll, tr("Costs and quality"));
    m_tabs->addTab(m_scatter, tr("Quality vs cost"));
    m_tabs->addTab(m_claims, tr("Claims"));
    m_tabs->addTab(m_config, tr("Configuration"));
    m_tabs->addTab(m_samples, tr("Sample outputs"));

    auto *header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    header->addWidget(m_groupRepeats);
    header->addWidget(m_export);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_tabs, 1);

    connect(m_groupRepeats, &QCheckBox::toggled, this, [this] { showComparison(); });
    connect(m_export, &QPushButton::clicked, this, &CompareView::exportReport);
    clear();
}

CompareView::~CompareView() = default;

RunStore &CompareView::store()
{
    if (!m_store)
        m_store = std::make_unique<RunStore>(m_databasePath);
    return *m_store;
}

bool CompareView::compareRuns(const std::vector<qint64> &runIds)
{
    try {
        ComparisonOptions options;
        options.withEstimates = false;   // the view shows no estimate; reports load their own
        m_comparison = std::make_shared<const Comparison>(
            loadComparison(store(), std::vector<int64_t>(runIds.begin(), runIds.end()), options));
    } catch (const ComparisonError &e) {
        showError(e.message());
        return false;
    } catch (const StoreError &e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    m_error.clear();
    m_errorLabel->hide();
    m_groupRepeats->setEnabled(hasRepeats(*m_comparison));
    const QMap<QString, QString> &settings = m_comparison->runs.front().settings;
    m_samples->setRuns(m_databasePath, runIds,
                       parseTaskKind(settings.value(QStringLiteral("dataset.task"))).value_or(TaskKind::CausalLm));
    showComparison();
    Q_EMIT comparisonChanged();
    return true;
}

bool CompareView::compareExperiment(qint64 experimentId)
{
    std::vector<int64_t> ids;
    try {
        ids = finishedRunIds(store(), experimentId);
    } catch (const ComparisonError &e) {
        showError(e.message());
        return false;
    } catch (const StoreError &e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    if (ids.empty()) {
        showError(tr("Experiment %1 has no finished run to compare yet.").arg(experimentId));
        return false;
    }
    return compareRuns(std::vector<qint64>(ids.begin(), ids.end()));
}

bool CompareView::reload()
{
    return hasComparison() && compareRuns(runIds());
}

void CompareView::clear()
{
    m_error.clear();
    m_errorLabel->hide();
    m_comparison.reset();
    m_samples->setRuns(m_databasePath, {}, TaskKind::CausalLm);
    showComparison();
    Q_EMIT comparisonChanged();
}

void CompareView::showError(const QString &message)
{
    clear();
    m_error = message;
    m_errorLabel->setText(tr("Cannot compare: %1").arg(message));
    m_errorLabel->show();
}

std::vector<qint64> CompareView::runIds() const
{
    std::vector<qint64> ids;
    if (m_comparison)
        for (const ComparedRun &run : m_comparison->runs)
            ids.push_back(run.record.id);
    return ids;
}

void CompareView::setGroupRepeats(bool on)
{
    m_groupRepeats->setChecked(on);
}

bool CompareView::groupRepeats() const
{
    return m_groupRepeats->isChecked() && m_comparison && hasRepeats(*m_comparison);
}

void CompareView::showComparison()
{
    const bool byGroup = groupRepeats();
    m_export->setEnabled(hasComparison());
    m_title->setText(hasComparison() ? tr("Comparing %n run(s)", nullptr, int(m_comparison->runs.size()))
                                           + (byGroup ? tr(" in %n configuration(s)", nullptr, int(m_comparison->groups.size()))
                                                      : QString())
                                     : tr("Select two or more finished runs, or an experiment, to compare them."));
    m_curves->setComparison(m_comparison, byGroup);
    m_bars->setComparison(m_comparison, byGroup);
    m_scatter->setComparison(m_comparison, byGroup);
    m_config->setComparison(m_comparison);
    m_claims->setClaims(m_comparison ? checkClaims(*m_comparison) : std::vector<ClaimResult>{});
}

void CompareView::exportReport()
{
    if (!hasComparison())
        return;
    ExportReportDialog dialog(m_databasePath, runIds(), this);
    ReportOptions options;
    options.curveAxis = m_curves->axis();
    options.smoothing = m_curves->smoothing();
    dialog.setReportOptions(options);
    dialog.exec();
}

}  // namespace peftbench
