// Entry point: with no command it opens the workbench window; --version and --self-check run
// headless. Everything here only wires core/ and ui/ together.
#include "AppSettings.h"
#include "HeadlessCli.h"
#include "MainWindow.h"
#include "SelfCheck.h"

#include "system/ComputeEnvironment.h"
#include "system/DataDirectory.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QGuiApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTextStream>
#include <QTranslator>

#include <cstdio>
#include <memory>

using namespace peftbench;

namespace {

// The experiment the window opens with, ready to launch.
const QString kDefaultExperiment = QStringLiteral(":/experiments/spam-three-methods.yaml");

struct Options {
    QString experiment = kDefaultExperiment;
    bool version = false;
    bool selfCheck = false;
    int threads = 0;
    QString dataDir;
};

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("peftbench"));
    QCoreApplication::setApplicationName(QStringLiteral("peftbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PEFTBENCH_VERSION));
}

// Parses before any QCoreApplication exists, because the options decide between a GUI and a
// headless application object. Returns -1 to continue, or an exit code.
int parseOptions(int argc, char **argv, Options &options)
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "PEFT Workbench: fine-tune a language model with Prompt Tuning, LoRA and Full fine-tuning\n"
        "and compare what each costs and gains. With no option it opens the workbench window.\n\n"
        "Commands (no display needed; 'peftbench COMMAND --help' for each):\n")
        + headlessCommandSummaries().join(QLatin1Char('\n')));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version(QStringLiteral("version"),
                                     QStringLiteral("Print versions (ours, LibTorch, Qt), the BLAS in use, threads and CUDA devices."));
    const QCommandLineOption selfCheck(QStringLiteral("self-check"),
                                       QStringLiteral("Time an fp32 GEMM for about a second and print GFLOP/s; warn when the BLAS is slow."));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("Intra-op threads (default: one per logical core, or the Settings value)."),
                                     QStringLiteral("N"));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QStringLiteral("Data directory for the run store, datasets and checkpoints (default: $%1 or the platform's data folder).")
                                         .arg(QString::fromLatin1(kDataDirEnvironmentVariable)),
                                     QStringLiteral("DIR"));
    const QCommandLineOption experiment(QStringLiteral("experiment"),
                                        QStringLiteral("Experiment YAML to open ready to launch (default: the built-in spam-three-methods)."),
                                        QStringLiteral("FILE"));
    parser.addOptions({version, selfCheck, threads, dataDir, experiment});

    QTextStream err(stderr);
    if (!parser.parse(args)) {
        err << "peftbench: " << parser.errorText() << "\nTry 'peftbench --help'.\n";
        return 2;
    }
    if (parser.isSet(help)) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << "peftbench: unknown command '" << parser.positionalArguments().first() << "'.\nTry 'peftbench --help'.\n";
        return 2;
    }
    options.version = parser.isSet(version);
    options.selfCheck = parser.isSet(selfCheck);
    options.dataDir = parser.value(dataDir);
    if (parser.isSet(experiment))
        options.experiment = parser.value(experiment);
    if (parser.isSet(threads)) {
        bool ok = false;
        options.threads = parser.value(threads).toInt(&ok);
        if (!ok || options.threads < 1 || options.threads > 1024) {
            err << "peftbench: --threads: expected a whole number from 1 to 1024, got '" << parser.value(threads) << "'.\n";
            return 2;
        }
    }
    return -1;
}

bool displayAvailable()
{
#if defined(Q_OS_LINUX)
    return qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY")
        || qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
#else
    return true;
#endif
}

int configuredThreads(const Options &options)
{
    return options.threads > 0 ? options.threads : AppSettings::load().threads;
}

// The language chosen in Settings ("system" follows the locale): our translations from the
// resources (translations/), Qt's own from its installation. English needs none.
void installTranslations(QApplication &app, const QString &language)
{
    const QLocale locale = language == QStringLiteral("system") ? QLocale::system() : QLocale(language);
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return;
    QLocale::setDefault(locale);   // numbers, dates and sizes in the same language
    auto *ours = new QTranslator(&app);
    if (ours->load(locale, QStringLiteral("peftbench"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        app.installTranslator(ours);
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
}

QStringList deviceChoices(const ComputeEnvironment &env)
{
    QStringList devices{QStringLiteral("auto"), QStringLiteral("cpu")};
    for (const CudaDevice &d : env.cuda)
        devices << QStringLiteral("cuda:%1").arg(d.index);
    return devices;
}

}  // namespace

int main(int argc, char **argv)
{
    setApplicationIdentity();
    if (argc > 1 && isHeadlessCommand(QString::fromLocal8Bit(argv[1]))) {
        // `report` lays out and paints a PDF: QtGui without a window, so offscreen unless the
        // person chose a platform (a display, if any, is never needed).
        const bool needsGui = qstrcmp(argv[1], "report") == 0;
        if (needsGui && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        std::unique_ptr<QCoreApplication> app =
            needsGui ? std::make_unique<QGuiApplication>(argc, argv) : std::make_unique<QCoreApplication>(argc, argv);
        QStringList args;
        for (int i = 0; i < argc; ++i)
            args << QString::fromLocal8Bit(argv[i]);
        return runHeadlessCommand(args);
    }
    Options options;
    if (const int code = parseOptions(argc, argv, options); code >= 0)
        return code;

    if (options.version || options.selfCheck) {
        QCoreApplication app(argc, argv);
        applyComputeSettings({configuredThreads(options)});
        QTextStream out(stdout);
        if (options.version)
            out << versionReport(probeComputeEnvironment()) << Qt::endl;
        return options.selfCheck ? runSelfCheck(out) : 0;
    }

    if (!displayAvailable()) {
        QTextStream(stderr) << "peftbench: no display available (neither DISPLAY nor WAYLAND_DISPLAY is set), so the\n"
                               "workbench window cannot open. Run it in a desktop session, or use the headless\n"
                               "commands: 'peftbench --help'.\n";
        return 1;
    }

    QApplication app(argc, argv);
    installTranslations(app, AppSettings::load().language);
    applyComputeSettings({configuredThreads(options)});
    const ComputeEnvironment env = probeComputeEnvironment();
    MainWindow window({deviceSummary(env), resolveDataDirectory(options.dataDir), versionReport(env), options.experiment,
                       options.threads, deviceChoices(env)});
    if (window.quitRequested())   // the run store was unusable and the person chose Quit
        return 1;
    window.show();
    return app.exec();
}
