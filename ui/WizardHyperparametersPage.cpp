#include "WizardHyperparametersPage.h"

#include "ErrorLabel.h"
#include "RunWizard.h"
#include "WizardFieldLabels.h"
#include "WizardBitFitForm.h"
#include "WizardIa3Form.h"
#include "WizardLastLayersForm.h"
#include "WizardLoraForm.h"
#include "WizardMethodForm.h"
#include "WizardMethodsPage.h"
#include "WizardPrefixTuningForm.h"
#include "WizardPromptTuningForm.h"

#include "experiment/ConfigError.h"
#include "experiment/ConfigNumbers.h"
#include "experiment/ConfigReader.h"
#include "experiment/ConfigWriter.h"
#include "experiment/ModelChecks.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace peftbench {

namespace {

constexpr int kMaxSteps = 10'000'000;  // as the config reader allows

struct StepsPreset {
    const char *title;
    int steps, evalEvery, warmup;
};

// Step budgets: the same settings otherwise, so a quick look predicts what a longer run does.
const StepsPreset kStepsPresets[] = {
    {QT_TRANSLATE_NOOP("peftbench::WizardHyperparametersPage", "Quick look (100 steps)"), 100, 25, 10},
    {QT_TRANSLATE_NOOP("peftbench::WizardHyperparametersPage", "Default (300 steps)"), 300, 50, 20},
    {QT_TRANSLATE_NOOP("peftbench::WizardHyperparametersPage", "Thorough (1000 steps)"), 1000, 100, 50},
};

QSpinBox *spinBox(QWidget *parent, const char *name, int lo, int hi, const QString &toolTip)
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(QLatin1String(name));
    spin->setRange(lo, hi);
    spin->setToolTip(toolTip);
    return spin;
}

QLineEdit *lineEdit(QWidget *parent, const char *name, const QString &toolTip)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(QLatin1String(name));
    edit->setToolTip(toolTip);
    return edit;
}

std::optional<double> cNumber(const QString &text)
{
    bool ok = false;
    const double v = QLocale::c().toDouble(text.trimmed(), &ok);
    return ok ? std::optional<double>(v) : std::nullopt;
}

}  // namespace

WizardHyperparametersPage::WizardHyperparametersPage(RunWizard &wizard) : m_wizard(wizard)
{
    setObjectName(QStringLiteral("hyperparametersPage"));
    setTitle(tr("Hyperparameters"));
    setSubTitle(tr("Shared training settings, then each method's own. Defaults are the usual starting points."));

    auto *content = new QWidget;
    m_presets = new QComboBox(content);
    m_presets->setObjectName(QStringLiteral("presetCombo"));
    m_presets->setToolTip(tr("Fill the settings from a step budget or from one of the built-in experiments"));
    m_presets->addItem(tr("Choose a preset…"));
    for (const StepsPreset &preset : kStepsPresets)
        m_presets->addItem(tr(preset.title));
    const QStringList experiments = QDir(QStringLiteral(":/experiments")).entryList({QStringLiteral("*.yaml")}, QDir::Files);
    for (const QString &file : experiments)
        m_presets->addItem(tr("Settings of %1").arg(QFileInfo(file).completeBaseName()),
                           QStringLiteral(":/experiments/") + file);

    m_steps = spinBox(content, "stepsSpin", 1, kMaxSteps, tr("Optimizer steps per run, 1 or more"));
    m_batch = spinBox(content, "batchSpin", 1, 65536, tr("Examples per micro-batch, 1 to 65536; memory grows with it"));
    m_gradAccumulation = spinBox(content, "gradAccumulationSpin", 1, 65536,
                                 tr("Micro-batches per optimizer step, 1 to 65536: a larger effective batch "
                                    "without the memory of one"));
    m_warmup = spinBox(content, "warmupSpin", 0, kMaxSteps,
                       tr("Steps over which the learning rate rises from 0, 0 up to the number of steps"));
    m_schedule = new QComboBox(content);
    m_schedule->setObjectName(QStringLiteral("scheduleCombo"));
    for (LrScheduleKind kind : {LrScheduleKind::Constant, LrScheduleKind::Linear, LrScheduleKind::Cosine})
        m_schedule->addItem(lrScheduleName(kind), lrScheduleName(kind));
    m_schedule->setToolTip(tr("Learning rate after warmup: constant, linear decay to 0, or cosine decay to 0"));
    m_evalEvery = spinBox(content, "evalEverySpin", 1, kMaxSteps,
                          tr("Steps between validation evaluations (and one at the end), 1 or more"));
    m_evalMaxExamples = spinBox(content, "evalMaxExamplesSpin", 0, 100'000'000,
                                tr("Validation examples per evaluation, spread over the split; 0 = all"));
    m_evalMaxExamples->setSpecialValueText(tr("all"));
    m_earlyStopping = spinBox(content, "earlyStoppingSpin", 0, 1'000'000,
                              tr("Evaluations without improvement before a run stops early; 0 = never"));
    m_earlyStopping->setSpecialValueText(tr("off"));
    m_seed = lineEdit(content, "seedEdit", tr("Seed of initialisation, data order and dropout: the same seed gives the "
                                              "same run on the CPU; a whole number >= 0"));
    m_weightDecay = lineEdit(content, "weightDecayEdit", tr("AdamW's decoupled weight decay, 0 to 10"));
    m_gradClip = lineEdit(content, "gradClipEdit", tr("Largest global gradient norm, >= 0; 0 disables clipping"));
    m_repeats = spinBox(content, "repeatsSpin", 1, 1000,
                        tr("Train every run this many times with seeds seed, seed+1, …: spread shows noise, 1 to 1000"));

    auto *common = new QGroupBox(tr("Shared by every run"), content);
    auto *commonGrid = new QGridLayout(common);
    const auto addField = [&](int row, int column, const QString &label, QWidget *field) {
        commonGrid->addWidget(new QLabel(label, common), row, column * 2);
        commonGrid->addWidget(field, row, column * 2 + 1);
    };
    addField(0, 0, tr("Steps:"), m_steps);
    addField(0, 1, tr("Batch size:"), m_batch);
    addField(1, 0, tr("Gradient accumulation:"), m_gradAccumulation);
    addField(1, 1, tr("Warmup steps:"), m_warmup);
    addField(2, 0, tr("Schedule:"), m_schedule);
    addField(2, 1, tr("Evaluate every:"), m_evalEvery);
    addField(3, 0, tr("Evaluation examples:"), m_evalMaxExamples);
    addField(3, 1, tr("Early stopping patience:"), m_earlyStopping);
    addField(4, 0, tr("Seed:"), m_seed);
    addField(4, 1, tr("Weight decay:"), m_weightDecay);
    addField(5, 0, tr("Gradient clipping:"), m_gradClip);
    addField(5, 1, tr("Repeats:"), m_repeats);

    m_forms = {
        {MethodKind::PromptTuning, new WizardPromptTuningForm(content)},
        {MethodKind::PrefixTuning, new WizardPrefixTuningForm(content)},
        {MethodKind::Ia3, new WizardIa3Form(content)},
        {MethodKind::BitFit, new WizardBitFitForm(content)},
        {MethodKind::Lora, new WizardLoraForm(MethodKind::Lora, content)},
        {MethodKind::Dora, new WizardLoraForm(MethodKind::Dora, content)},
        {MethodKind::LastLayers, new WizardLastLayersForm(content)},
        {MethodKind::Full, new WizardMethodForm(MethodKind::Full, QStringLiteral("full"), content)},
    };

    auto *contentLayout = new QVBoxLayout(content);
    auto *presetRow = new QHBoxLayout;
    presetRow->addWidget(new QLabel(tr("Preset:"), content));
    presetRow->addWidget(m_presets, 1);
    contentLayout->addLayout(presetRow);
    contentLayout->addWidget(common);
    for (MethodKind kind : WizardMethodsPage::order())  // as the methods page lists them
        contentLayout->addWidget(m_forms.at(kind));
    contentLayout->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    m_yaml = new QPlainTextEdit(this);
    m_yaml->setObjectName(QStringLiteral("yamlPreview"));
    m_yaml->setReadOnly(true);
    m_yaml->setFont(QFont(QStringLiteral("monospace")));
    m_yaml->setToolTip(tr("The experiment as the command line reads it (peftbench run FILE)"));
    m_save = new QPushButton(tr("Save as YAML…"), this);
    m_save->setObjectName(QStringLiteral("saveYamlButton"));
    auto *yamlColumn = new QVBoxLayout;
    yamlColumn->addWidget(m_yaml, 1);
    yamlColumn->addWidget(m_save, 0, Qt::AlignRight);

    m_error = createErrorLabel(QStringLiteral("errorLabel"), this);

    auto *columns = new QHBoxLayout;
    columns->addWidget(scroll, 3);
    columns->addLayout(yamlColumn, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_error);

    for (QSpinBox *spin : {m_steps, m_batch, m_gradAccumulation, m_warmup, m_evalEvery, m_evalMaxExamples,
                           m_earlyStopping, m_repeats})
        connect(spin, &QSpinBox::valueChanged, this, &WizardHyperparametersPage::edited);
    for (QLineEdit *edit : {m_seed, m_weightDecay, m_gradClip})
        connect(edit, &QLineEdit::textChanged, this, &WizardHyperparametersPage::edited);
    connect(m_schedule, &QComboBox::currentIndexChanged, this, &WizardHyperparametersPage::edited);
    for (const auto &[kind, f] : m_forms)
        connect(f, &WizardMethodForm::edited, this, &WizardHyperparametersPage::edited);
    connect(m_presets, &QComboBox::activated, this, &WizardHyperparametersPage::presetChosen);
    connect(m_save, &QPushButton::clicked, this, &WizardHyperparametersPage::saveAs);
    connect(&m_wizard, &RunWizard::experimentEdited, this, [this] {
        if (isVisible())
            recheck();
    });
    connect(&m_wizard, &RunWizard::modelChanged, this, [this] {
        for (const auto &[kind, f] : m_forms)
            f->setModel(m_wizard.modelConfig());
    });
}

WizardMethodForm *WizardHyperparametersPage::form(MethodKind kind) const
{
    return m_forms.at(kind);
}

void WizardHyperparametersPage::load(const ExperimentConfig &config)
{
    m_loading = true;
    const TrainingParams &t = config.train;
    m_steps->setValue(int(std::min<int64_t>(t.steps, kMaxSteps)));
    m_batch->setValue(int(t.batchSize));
    m_gradAccumulation->setValue(int(t.gradAccumulation));
    m_warmup->setValue(int(std::min<int64_t>(t.warmupSteps, kMaxSteps)));
    m_schedule->setCurrentIndex(m_schedule->findData(lrScheduleName(t.schedule)));
    m_evalEvery->setValue(int(std::min<int64_t>(t.evalEvery, kMaxSteps)));
    m_evalMaxExamples->setValue(int(t.evalMaxExamples));
    m_earlyStopping->setValue(int(t.earlyStoppingPatience));
    m_seed->setText(QString::number(t.seed));
    m_weightDecay->setText(formatConfigNumber(t.weightDecay));
    m_gradClip->setText(formatConfigNumber(t.gradClip));
    m_repeats->setValue(config.repeats);
    for (MethodKind kind : allMethodKinds()) {
        const auto first = std::find_if(config.runs.begin(), config.runs.end(),
                                        [kind](const RunTemplate &run) { return run.method == kind; });
        const int count = int(std::count_if(config.runs.begin(), config.runs.end(),
                                            [kind](const RunTemplate &run) { return run.method == kind; }));
        form(kind)->load(first == config.runs.end() ? WizardMethodForm::defaultTemplate(kind) : *first,
                         std::max(0, count - 1));
    }
    m_loading = false;
    edited();
}

void WizardHyperparametersPage::applyTo(ExperimentConfig &config, const std::vector<MethodKind> &chosen) const
{
    TrainingParams &t = config.train;
    t.steps = m_steps->value();
    t.batchSize = m_batch->value();
    t.gradAccumulation = m_gradAccumulation->value();
    t.warmupSteps = m_warmup->value();
    t.schedule = parseLrSchedule(m_schedule->currentData().toString()).value_or(t.schedule);
    t.evalEvery = m_evalEvery->value();
    t.evalMaxExamples = m_evalMaxExamples->value();
    t.earlyStoppingPatience = m_earlyStopping->value();
    bool ok = false;
    const qulonglong seed = m_seed->text().trimmed().toULongLong(&ok);
    if (ok)
        t.seed = seed;
    if (const auto decay = cNumber(m_weightDecay->text()))
        t.weightDecay = *decay;
    if (const auto clip = cNumber(m_gradClip->text()))
        t.gradClip = *clip;
    config.repeats = m_repeats->value();

    const auto isChosen = [&](MethodKind kind) { return std::find(chosen.begin(), chosen.end(), kind) != chosen.end(); };
    std::vector<RunTemplate> runs;
    std::vector<MethodKind> present;
    for (RunTemplate run : config.runs) {
        if (!isChosen(run.method))
            continue;
        if (std::find(present.begin(), present.end(), run.method) == present.end()) {
            form(run.method)->applyTo(run);  // the form shows the method's first run
            present.push_back(run.method);
        }
        runs.push_back(run);
    }
    for (MethodKind kind : chosen) {
        if (std::find(present.begin(), present.end(), kind) != present.end())
            continue;
        RunTemplate run = WizardMethodForm::defaultTemplate(kind);
        form(kind)->applyTo(run);
        runs.push_back(run);
    }
    config.runs = runs;
}

void WizardHyperparametersPage::presetChosen(int index)
{
    const int stepsIndex = index - 1;
    if (stepsIndex >= 0 && stepsIndex < int(std::size(kStepsPresets))) {
        const StepsPreset &p = kStepsPresets[stepsIndex];
        applyStepsPreset(p.steps, p.evalEvery, p.warmup);
    } else if (!m_presets->itemData(index).toString().isEmpty()) {
        applyExperimentPreset(m_presets->itemData(index).toString());
    }
}

void WizardHyperparametersPage::applyStepsPreset(int steps, int evalEvery, int warmup)
{
    m_loading = true;
    m_steps->setValue(steps);
    m_evalEvery->setValue(evalEvery);
    m_warmup->setValue(warmup);
    m_loading = false;
    edited();
}

// The preset's training settings and, for each chosen method, its run's settings; the model,
// dataset and device chosen on the other pages stay.
void WizardHyperparametersPage::applyExperimentPreset(const QString &path)
{
    ExperimentConfig preset;
    try {
        preset = loadExperimentConfig(path);
    } catch (const ConfigError &e) {
        m_error->setText(e.message());
        m_error->show();
        return;
    }
    ExperimentConfig current = m_wizard.experiment();
    preset.train.device = current.train.device;
    preset.train.threads = current.train.threads;
    std::vector<RunTemplate> runs;
    for (const RunTemplate &run : preset.runs)
        if (std::none_of(runs.begin(), runs.end(), [&](const RunTemplate &r) { return r.method == run.method; }))
            runs.push_back(run);
    // Methods the preset does not train keep what their forms show.
    for (const RunTemplate &run : current.runs)
        if (std::none_of(runs.begin(), runs.end(), [&](const RunTemplate &r) { return r.method == run.method; }))
            runs.push_back(run);
    preset.runs = runs;
    load(preset);
}

void WizardHyperparametersPage::edited()
{
    if (!m_loading)
        Q_EMIT m_wizard.experimentEdited();
}

QStringList WizardHyperparametersPage::commonProblems() const
{
    QStringList list;
    bool ok = false;
    const qulonglong seed = m_seed->text().trimmed().toULongLong(&ok);
    const qulonglong maxSeed = qulonglong(std::numeric_limits<int64_t>::max()) - qulonglong(m_repeats->value() - 1);
    if (!ok || seed > maxSeed)
        list << tr("Seed: '%1' is not allowed (allowed: a whole number in 0..%2)").arg(m_seed->text()).arg(maxSeed);
    const auto decay = cNumber(m_weightDecay->text());
    if (!decay || !(*decay >= 0 && *decay <= 10))
        list << tr("Weight decay: '%1' is not allowed (allowed: a number >= 0 and <= 10)").arg(m_weightDecay->text());
    const auto clip = cNumber(m_gradClip->text());
    if (!clip || !(*clip >= 0 && std::isfinite(*clip)))
        list << tr("Gradient clipping: '%1' is not allowed (allowed: a finite number >= 0; 0 disables clipping)")
                    .arg(m_gradClip->text());
    if (m_warmup->value() > m_steps->value())
        list << tr("Warmup steps: %1 is more than the %2 steps (allowed: 0..%2)").arg(m_warmup->value()).arg(m_steps->value());
    return list;
}

void WizardHyperparametersPage::recheck()
{
    const ExperimentConfig config = m_wizard.experiment();
    const std::optional<ModelConfig> &model = m_wizard.modelConfig();
    QStringList list = commonProblems();
    for (MethodKind kind : WizardMethodsPage::order()) {
        if (std::any_of(config.runs.begin(), config.runs.end(), [kind](const RunTemplate &r) { return r.method == kind; }))
            list << form(kind)->problems(model, config.dataset.maxLength);
    }
    if (!model)
        list << tr("Base model: none loaded; choose one on the first page.");
    // The fields pass their own checks: the core's rules decide, as when the CLI reads the file.
    if (list.isEmpty()) {
        try {
            parseExperimentConfig(saveExperimentConfig(config), QString());
            for (const QString &message : validateAgainstModel(config, *model))
                list << wizardFieldMessage(message.section(QStringLiteral(": "), 0, 0),
                                           message.section(QStringLiteral(": "), 1), config);
        } catch (const ConfigError &e) {
            list << wizardFieldMessage(e.key(), formatConfigMessage({}, {}, 0, 0, e.problem(), e.got(), e.expected()),
                                       config);
        }
    }
    for (MethodKind kind : allMethodKinds())
        form(kind)->setVisible(std::any_of(config.runs.begin(), config.runs.end(),
                                           [kind](const RunTemplate &r) { return r.method == kind; }));
    m_yaml->setPlainText(QString::fromUtf8(saveExperimentConfig(config)));
    m_error->setText(list.join(QLatin1Char('\n')));
    m_error->setVisible(!list.isEmpty());
    if (list != m_problems) {
        m_problems = list;
        Q_EMIT completeChanged();
    }
}

void WizardHyperparametersPage::initializePage()
{
    recheck();
}

bool WizardHyperparametersPage::isComplete() const
{
    return m_problems.isEmpty();
}

void WizardHyperparametersPage::saveAs()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save experiment"),
                                                      m_wizard.experimentName() + QStringLiteral(".yaml"),
                                                      tr("Experiment configs (*.yaml *.yml)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!m_wizard.saveYaml(path, &error))
        QMessageBox::warning(this, tr("Save experiment"), error);
}

}  // namespace peftbench
