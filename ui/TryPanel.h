#pragma once
// "Try it" on a finished run: continue a prompt with the run's model (sampling settings as the
// CLI's `generate`), and score a text (as `score`). The model loads and computes on a worker
// thread; the panel only shows requests and results.
#include <QWidget>

#include <functional>
#include <memory>

class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QThread;

namespace peftbench {

struct TunedModel;

class TryPanel : public QWidget {
    Q_OBJECT
public:
    explicit TryPanel(QString databasePath, QWidget *parent = nullptr);
    ~TryPanel() override;   // waits for a computation in progress

    // The run to try (0: none). Its model loads at the first request.
    void setRun(qint64 runId, const QString &title);
    qint64 runId() const { return m_runId; }
    bool isBusy() const { return m_worker != nullptr; }

public Q_SLOTS:
    void generate();
    void score();

Q_SIGNALS:
    // The panel shows these too; tests and the log listen.
    void generationFinished(const QString &continuation, const QString &error);
    void scoreFinished(const QString &summary, const QString &error);

private:
    // Runs `job` with the run's model (loaded first if needed) on a worker thread, then `done` on
    // this thread with the job's result or the error message.
    void runJob(std::function<QString(TunedModel &)> job, std::function<void(const QString &, const QString &)> done);
    void loadScoreFile();
    void setBusy(bool busy, const QString &status);

    QString m_databasePath;
    qint64 m_runId = 0;
    std::shared_ptr<TunedModel> m_model;   // used by one worker at a time
    qint64 m_modelRunId = 0;
    QThread *m_worker = nullptr;

    QLabel *m_title = nullptr;
    QPlainTextEdit *m_prompt = nullptr;
    QSpinBox *m_maxNewTokens = nullptr;
    QDoubleSpinBox *m_temperature = nullptr;
    QSpinBox *m_topK = nullptr;
    QSpinBox *m_seed = nullptr;
    QPushButton *m_generate = nullptr;
    QPlainTextEdit *m_output = nullptr;
    QPlainTextEdit *m_scoreText = nullptr;
    QPushButton *m_scoreFile = nullptr;
    QPushButton *m_score = nullptr;
    QLabel *m_scoreResult = nullptr;
    QLabel *m_status = nullptr;
};

}  // namespace peftbench
