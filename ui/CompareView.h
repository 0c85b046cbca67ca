#pragma once
// Two or more finished runs (or a whole experiment) compared on every axis: overlaid loss curves,
// cost and quality bar charts, quality against cost with the Pareto front, the claims judged
// against the runs, the config differences and sample outputs side by side. With repeats, each
// configuration's seeds can be drawn as their mean ± standard deviation.
//
// Reads the run store with a connection of its own on the UI thread; sample outputs are computed
// on a worker thread. "Export report…" opens ExportReportDialog for the runs shown.
#include "report/RunComparison.h"

#include <QString>
#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QLabel;
class QPushButton;
class QTabWidget;

namespace peftbench {

class ClaimsPanel;
class CompareBars;
class CompareConfigTable;
class CompareCurves;
class CompareSamples;
class CompareScatter;
class RunStore;

class CompareView : public QWidget {
    Q_OBJECT
public:
    explicit CompareView(const QString &databasePath, QWidget *parent = nullptr);
    ~CompareView() override;

    // Loads and shows these runs, in this order (each must have finished with a summary). On
    // failure the view is cleared, shows why, and returns false (lastError() has the reason).
    bool compareRuns(const std::vector<qint64> &runIds);
    // Every run of the experiment that has a summary.
    bool compareExperiment(qint64 experimentId);
    // Loads the same runs again (e.g. after another finished); false without a comparison.
    bool reload();
    void clear();

    bool hasComparison() const { return m_comparison != nullptr; }
    std::vector<qint64> runIds() const;
    const Comparison *comparison() const { return m_comparison.get(); }
    QString lastError() const { return m_error; }
    QString databasePath() const { return m_databasePath; }

    // Draw repeats of a configuration as one mean ± std series (on by default when there are any).
    void setGroupRepeats(bool on);
    bool groupRepeats() const;

    QTabWidget *tabs() const { return m_tabs; }
    CompareCurves *curves() const { return m_curves; }
    CompareBars *bars() const { return m_bars; }
    CompareScatter *scatter() const { return m_scatter; }
    ClaimsPanel *claims() const { return m_claims; }
    CompareConfigTable *configTable() const { return m_config; }
    CompareSamples *samples() const { return m_samples; }

public Q_SLOTS:
    // Opens the export dialog (modal) for the runs shown, with the curves' axis and smoothing.
    // Does nothing without a comparison.
    void exportReport();

Q_SIGNALS:
    // After every compareRuns(), compareExperiment(), reload() and clear(): e.g. to enable
    // File → Export report when hasComparison().
    void comparisonChanged();

private:
    RunStore &store();
    void showComparison();
    void showError(const QString &message);

    QString m_databasePath;
    std::unique_ptr<RunStore> m_store;   // opened on first use, on this (the UI) thread
    std::shared_ptr<const Comparison> m_comparison;
    QString m_error;

    QLabel *m_title = nullptr;
    QLabel *m_errorLabel = nullptr;
    QCheckBox *m_groupRepeats = nullptr;
    QPushButton *m_export = nullptr;
    QTabWidget *m_tabs = nullptr;
    CompareCurves *m_curves = nullptr;
    CompareBars *m_bars = nullptr;
    CompareScatter *m_scatter = nullptr;
    ClaimsPanel *m_claims = nullptr;
    CompareConfigTable *m_config = nullptr;
    CompareSamples *m_samples = nullptr;
};

}  // namespace peftbench
