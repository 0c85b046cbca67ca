#include "WizardResourcesPage.h"

#include "ErrorLabel.h"
#include "RunWizard.h"

#include "experiment/RunExpansion.h"
#include "system/CudaDevices.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSpinBox>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

#include "QCustomPlotNoKeywords.h"

#include <cmath>

namespace peftbench {

namespace {

QString bytesText(int64_t bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

QString durationText(double seconds)
{
    if (seconds <= 0)
        return QCoreApplication::translate("peftbench::WizardResourcesPage", "unknown");
    if (seconds < 1)  // two significant digits: a tiny model's steps take well under a millisecond
        return QCoreApplication::translate("peftbench::WizardResourcesPage", "%1 ms").arg(seconds * 1000, 0, 'g', 2);
    if (seconds < 60)
        return QCoreApplication::translate("peftbench::WizardResourcesPage", "%1 s").arg(seconds, 0, 'f', 1);
    const qint64 total = qint64(std::llround(seconds));
    if (total < 3600)
        return QCoreApplication::translate("peftbench::WizardResourcesPage", "%1 min %2 s").arg(total / 60).arg(total % 60);
    return QCoreApplication::translate("peftbench::WizardResourcesPage", "%1 h %2 min").arg(total / 3600).arg(total % 3600 / 60);
}

QTableWidgetItem *numberItem(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

}  // namespace

WizardResourcesPage::WizardResourcesPage(RunWizard &wizard) : m_wizard(wizard)
{
    setObjectName(QStringLiteral("resourcesPage"));
    setTitle(tr("Resources"));
    setSubTitle(tr("Where the runs train, and what each will cost — estimated from the model's shape before launch."));

    m_device = new QComboBox(this);
    m_device->setObjectName(QStringLiteral("deviceCombo"));
    m_device->setToolTip(tr("auto: the first CUDA device when there is one, else the CPU"));
    m_device->addItem(tr("Automatic (CUDA when present, else CPU)"), QStringLiteral("auto"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    for (const CudaDevice &device : cudaDevices())
        m_device->addItem(tr("CUDA %1: %2 (%3 VRAM)").arg(device.index).arg(device.name, bytesText(device.totalMemoryBytes)),
                          QStringLiteral("cuda:%1").arg(device.index));
    m_threads = new QSpinBox(this);
    m_threads->setObjectName(QStringLiteral("threadsSpin"));
    m_threads->setRange(0, 1024);
    m_threads->setSpecialValueText(tr("one per core (%1)").arg(QThread::idealThreadCount()));
    m_threads->setToolTip(tr("Intra-op threads for each run, 0 to 1024; 0 uses one per core"));
    m_checkpointing = new QCheckBox(tr("Activation checkpointing: less memory, one more forward pass per step"), this);
    m_checkpointing->setObjectName(QStringLiteral("gradientCheckpointingCheck"));
    m_checkpointing->setToolTip(tr("Keep only each block's input during the forward pass and recompute the block in "
                                   "the backward pass (train.gradient_checkpointing). Same losses; activations shrink "
                                   "to about one block's worth."));
    m_environment = new QLabel(this);
    m_environment->setObjectName(QStringLiteral("estimateEnvironment"));
    m_environment->setWordWrap(true);

    m_table = new QTableWidget(0, 9, this);
    m_table->setObjectName(QStringLiteral("estimateTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->verticalHeader()->hide();
    m_table->setToolTip(tr("Peak memory = runtime baseline + weights + gradients + optimizer state + activations + allocator reserve"));

    m_chart = new QCustomPlot(this);
    m_chart->setObjectName(QStringLiteral("estimateChart"));
    m_chart->setMinimumHeight(160);
    m_chart->yAxis->setLabel(tr("MiB above the runtime"));
    m_chart->setToolTip(tr("What each run adds at its peak on top of the runtime and libraries, which every run shares"));
    m_chart->legend->setVisible(true);
    m_chart->legend->setFont(font());

    m_warning = new QLabel(this);
    m_warning->setObjectName(QStringLiteral("estimateWarning"));
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(QStringLiteral("color: #9a5b00; font-weight: bold;"));
    m_warning->hide();
    m_error = createErrorLabel(QStringLiteral("errorLabel"), this);

    auto *form = new QFormLayout;
    form->addRow(tr("Device:"), m_device);
    form->addRow(tr("Threads:"), m_threads);
    form->addRow(QString(), m_checkpointing);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_environment);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_chart, 1);
    layout->addWidget(m_warning);
    layout->addWidget(m_error);

    const auto changed = [this] {
        Q_EMIT m_wizard.experimentEdited();
        if (isVisible())
            refreshEstimates();
    };
    connect(m_device, &QComboBox::currentIndexChanged, this, changed);
    connect(m_threads, &QSpinBox::valueChanged, this, changed);
    connect(m_checkpointing, &QCheckBox::toggled, this, changed);
}

void WizardResourcesPage::load(const ExperimentConfig &config)
{
    const QSignalBlocker blockDevice(m_device);
    const QSignalBlocker blockThreads(m_threads);
    const QSignalBlocker blockCheckpointing(m_checkpointing);
    int index = m_device->findData(config.train.device);
    if (index < 0) {  // kept as written, so the config runs where it was meant to on its machine
        m_device->addItem(tr("%1 (not present here)").arg(config.train.device), config.train.device);
        index = m_device->count() - 1;
    }
    m_device->setCurrentIndex(index);
    m_threads->setValue(config.train.threads);
    m_checkpointing->setChecked(config.train.gradientCheckpointing);
}

void WizardResourcesPage::applyTo(ExperimentConfig &config) const
{
    config.train.device = m_device->currentData().toString();
    config.train.threads = m_threads->value();
    config.train.gradientCheckpointing = m_checkpointing->isChecked();
}

void WizardResourcesPage::setEstimateEnvironment(const EstimateEnvironment &environment)
{
    m_injected = environment;
    if (isVisible())
        refreshEstimates();
}

bool WizardResourcesPage::usesCuda() const
{
    const QString device = m_device->currentData().toString();
    if (device == QLatin1String("auto"))
        return !cudaDevices().isEmpty();
    return device.startsWith(QLatin1String("cuda"));
}

EstimateEnvironment WizardResourcesPage::environment() const
{
    if (m_injected)
        return *m_injected;
    const int threads = m_threads->value() > 0 ? m_threads->value() : QThread::idealThreadCount();
    return currentEstimateEnvironment(usesCuda(), threads);
}

void WizardResourcesPage::initializePage()
{
    refreshEstimates();
}

void WizardResourcesPage::refreshEstimates()
{
    m_table->setRowCount(0);
    m_warning->hide();
    m_error->hide();
    const std::optional<ModelConfig> &model = m_wizard.modelConfig();
    if (!model) {
        m_error->setText(tr("No base model loaded: nothing to estimate."));
        m_error->show();
        return;
    }
    const ExperimentConfig config = m_wizard.experiment();
    const EstimateEnvironment env = environment();
    m_environment->setText(tr("Estimated for %1 with %2 thread(s); free %3: %4.")
                               .arg(env.cuda ? tr("CUDA") : tr("the CPU"))
                               .arg(env.threads)
                               .arg(env.cuda ? tr("VRAM") : tr("RAM"),
                                    env.freeBytes > 0 ? bytesText(env.freeBytes) : tr("unknown")));

    std::vector<RunSpec> runs;
    try {
        runs = expandRuns(config);
    } catch (const std::exception &e) {
        m_error->setText(QString::fromStdString(e.what()));
        m_error->show();
        return;
    }
    std::vector<QString> names;
    std::vector<ResourceEstimate> estimates;
    QStringList warnings;
    QString memoryLabel = env.cuda ? tr("VRAM") : tr("RAM");
    for (const RunSpec &run : runs) {
        ResourceEstimate e = estimateRun(*model, config, run, env);
        if (!e.memoryLabel.isEmpty())
            memoryLabel = e.memoryLabel;
        if (!e.warning.isEmpty())
            warnings << QStringLiteral("%1: %2").arg(run.name, e.warning);
        names.push_back(run.name);
        estimates.push_back(e);
    }
    m_table->setHorizontalHeaderLabels({tr("Run"), tr("Weights"), tr("Gradients"), tr("Optimizer state"), tr("Activations"),
                                        tr("Allocator reserve"), tr("Peak %1").arg(memoryLabel), tr("Time per step"),
                                        tr("Time for the run")});
    m_table->setRowCount(int(estimates.size()));
    for (int i = 0; i < int(estimates.size()); ++i) {
        const ResourceEstimate &e = estimates[size_t(i)];
        m_table->setItem(i, 0, new QTableWidgetItem(names[size_t(i)]));
        m_table->setItem(i, 1, numberItem(bytesText(e.weightBytes)));
        m_table->setItem(i, 2, numberItem(bytesText(e.gradientBytes)));
        m_table->setItem(i, 3, numberItem(bytesText(e.optimizerBytes)));
        m_table->setItem(i, 4, numberItem(bytesText(e.activationBytes)));
        auto *reserve = numberItem(bytesText(e.allocatorReserveBytes));
        reserve->setToolTip(tr("Freed blocks the allocator keeps mapped so the next steps reuse them without page faults"));
        m_table->setItem(i, 5, reserve);
        auto *peak = numberItem(bytesText(e.peakBytes()));
        peak->setToolTip(tr("Includes %1 for the runtime and libraries").arg(bytesText(e.baselineBytes)));
        m_table->setItem(i, 6, peak);
        m_table->setItem(i, 7, numberItem(durationText(e.secondsPerStep)));
        m_table->setItem(i, 8, numberItem(durationText(e.runSeconds)));
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);
    warnings.removeDuplicates();
    m_warning->setText(warnings.join(QLatin1Char('\n')));
    m_warning->setVisible(!warnings.isEmpty());
    showChart(names, estimates);
}

// One stacked bar per run: the parts of its peak memory that depend on the run. The runtime
// baseline is the same for all and would dwarf the differences, so only the table counts it.
void WizardResourcesPage::showChart(const std::vector<QString> &names, const std::vector<ResourceEstimate> &estimates)
{
    m_chart->clearPlottables();
    struct Part {
        QString name;
        QColor color;
        int64_t ResourceEstimate::*bytes;
    };
    const Part parts[] = {
        {tr("weights"), QColor(0x3b, 0x78, 0xb0), &ResourceEstimate::weightBytes},
        {tr("gradients"), QColor(0xd9, 0x6c, 0x2c), &ResourceEstimate::gradientBytes},
        {tr("optimizer state"), QColor(0x4c, 0x9a, 0x4c), &ResourceEstimate::optimizerBytes},
        {tr("activations"), QColor(0xa0, 0x4c, 0xa0), &ResourceEstimate::activationBytes},
        {tr("allocator reserve"), QColor(0x9a, 0x9a, 0x9a), &ResourceEstimate::allocatorReserveBytes},
    };
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (size_t i = 0; i < names.size(); ++i)
        ticker->addTick(double(i + 1), names[i]);
    QCPBars *below = nullptr;
    double highest = 0;
    std::vector<double> totals(estimates.size(), 0.0);
    for (const Part &part : parts) {
        auto *bars = new QCPBars(m_chart->xAxis, m_chart->yAxis);
        bars->setName(part.name);
        bars->setBrush(part.color);
        bars->setPen(Qt::NoPen);
        bars->setWidth(0.6);
        for (size_t i = 0; i < estimates.size(); ++i) {
            const double mib = double(estimates[i].*part.bytes) / (1024.0 * 1024.0);
            bars->addData(double(i + 1), mib);
            totals[i] += mib;
            highest = std::max(highest, totals[i]);
        }
        if (below)
            bars->moveAbove(below);
        below = bars;
    }
    m_chart->xAxis->setTicker(ticker);
    m_chart->xAxis->setRange(0.4, double(names.size()) + 0.6);
    m_chart->yAxis->setRange(0, std::max(1.0, highest * 1.1));
    m_chart->replot();
}

}  // namespace peftbench
