#pragma once
// Sample outputs side by side: the same prompts continued by each compared run's model, or each
// run's predicted label for the same test examples (classification). The models run on a worker
// thread; columns fill in as each run finishes and the UI stays responsive.
#include "experiment/SampleOutputs.h"

#include <QWidget>

#include <atomic>
#include <memory>
#include <vector>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QThread;

namespace peftbench {

class CompareSamples : public QWidget {
    Q_OBJECT
public:
    explicit CompareSamples(QWidget *parent = nullptr);
    ~CompareSamples() override;   // stops the worker and waits for it

    // The runs to sample; `task` (from their settings) says whether there are prompts to edit.
    // Clears earlier outputs and stops a generation in progress.
    void setRuns(const QString &databasePath, const std::vector<qint64> &runIds, TaskKind task);

    // Starts generating with the prompts in the box (empty: the dataset's first test examples).
    // Does nothing while a generation runs or when there are no runs.
    void generate();
    // Asks the worker to stop after its current prompt; generationFinished() follows.
    void cancel();
    bool isGenerating() const { return m_worker != nullptr; }

    QTableWidget *table() const { return m_table; }
    QPlainTextEdit *promptBox() const { return m_prompts; }
    QLabel *statusLabel() const { return m_status; }
    // The last finished generation (the worker's result, with every run's outputs).
    const SampleOutputs &lastResult() const { return m_result; }

Q_SIGNALS:
    void runOutputsArrived(qint64 runId);   // once per run, as its outputs arrive
    void generationFinished();

protected:
    // Generation is slow (every run's model is loaded): it starts when the tab is first looked at.
    void showEvent(QShowEvent *event) override;

private:
    void stopWorker();
    void setBusy(bool busy);
    void display(const SampleOutputs &soFar);
    void finish(const SampleOutputs &result);

    QString m_databasePath;
    std::vector<qint64> m_runIds;
    TaskKind m_task = TaskKind::CausalLm;
    bool m_generatedOnce = false;
    SampleOutputs m_result;
    QThread *m_worker = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    size_t m_runsShown = 0;   // runs already announced by runOutputsArrived
    int m_job = 0;   // what the worker's queued results belong to: older jobs' are dropped

    QPlainTextEdit *m_prompts = nullptr;
    QSpinBox *m_maxNewTokens = nullptr;
    QSpinBox *m_examples = nullptr;
    QPushButton *m_generate = nullptr;
    QLabel *m_status = nullptr;
    QTableWidget *m_table = nullptr;
};

}  // namespace peftbench
