#pragma once

#include <QMainWindow>

class QLabel;
class QTableView;
class QStandardItemModel;

namespace peftbench {

// What the main window shows about the machine; app/ fills it from core's probes.
struct MainWindowContext {
    QString deviceSummary;   // e.g. "CPU: AMD EPYC ... · 2 threads" or "CUDA: NVIDIA ... (80.0 GiB VRAM)"
    QString dataDirectory;
    QString aboutText;       // the version report
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const MainWindowContext &context, QWidget *parent = nullptr);

    QString deviceText() const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void buildRunsArea();
    void buildStatusBar();
    void showAbout();

    MainWindowContext m_context;
    QTableView *m_runsView = nullptr;
    QStandardItemModel *m_runsModel = nullptr;
    QLabel *m_deviceLabel = nullptr;
    QLabel *m_dataDirLabel = nullptr;
};

}  // namespace peftbench
