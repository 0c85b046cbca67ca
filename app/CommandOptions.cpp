#include "CommandOptions.h"

#include "store/StoreError.h"
#include "store/StoreRecovery.h"
#include "system/DataDirectory.h"

#include <QTextStream>

namespace peftbench {

CommandParser::CommandParser(QString usage, QString description)
    : m_usage(std::move(usage)),
      m_help(QStringList{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")),
      m_dataDir(QStringLiteral("data-dir"),
                QStringLiteral("Data directory for the run store, datasets and checkpoints (default: $%1 or the "
                               "platform's data folder).")
                    .arg(QString::fromLatin1(kDataDirEnvironmentVariable)),
                QStringLiteral("DIR")),
      m_threads(QStringLiteral("threads"), QStringLiteral("Intra-op threads (default: the config's, else one per core)."),
                QStringLiteral("N"))
{
    m_parser.setApplicationDescription(description);
    m_parser.addOption(m_help);
    m_parser.addOption(m_dataDir);
    m_parser.addOption(m_threads);
}

std::optional<CommandOptions> CommandParser::parse(const QStringList &args, int minPositional, int maxPositional,
                                                    int &exitCode)
{
    // QCommandLineParser sees the command as the program name: "peftbench run".
    QStringList shifted = args.mid(1);
    if (!shifted.isEmpty())
        shifted[0] = args.value(0) + QLatin1Char(' ') + shifted[0];
    const QString tryHelp = QStringLiteral("Try 'peftbench %1 --help'.").arg(m_usage.section(QLatin1Char(' '), 0, 0));
    if (!m_parser.parse(shifted)) {
        printError(m_parser.errorText() + QLatin1Char('\n') + tryHelp);
        exitCode = 2;
        return std::nullopt;
    }
    if (m_parser.isSet(m_help)) {
        printOut(QStringLiteral("Usage: peftbench %1 [options]\n%2\n").arg(m_usage, m_parser.helpText().section(QLatin1Char('\n'), 1)));
        exitCode = 0;
        return std::nullopt;
    }
    CommandOptions options;
    options.positional = m_parser.positionalArguments();
    if (options.positional.size() < minPositional || options.positional.size() > maxPositional) {
        printError(QStringLiteral("usage: peftbench %1\n%2").arg(m_usage, tryHelp));
        exitCode = 2;
        return std::nullopt;
    }
    if (m_parser.isSet(m_threads)) {
        bool ok = false;
        options.threads = m_parser.value(m_threads).toInt(&ok);
        if (!ok || options.threads < 1 || options.threads > 1024) {
            printError(QStringLiteral("--threads: expected a whole number from 1 to 1024, got '%1'.").arg(m_parser.value(m_threads)));
            exitCode = 2;
            return std::nullopt;
        }
    }
    options.dataDirectory = resolveDataDirectory(m_parser.value(m_dataDir));
    return options;
}

std::optional<int64_t> parseRunId(const QString &text, const QString &command)
{
    bool ok = false;
    const int64_t id = text.toLongLong(&ok);
    if (ok && id > 0)
        return id;
    printError(QStringLiteral("%1: expected a run id (a positive whole number), got '%2'").arg(command, text));
    return std::nullopt;
}

void printFailure(const std::exception &e, const QString &prefix)
{
    QString message = prefix + QString::fromUtf8(e.what());
    if (const auto *store = dynamic_cast<const StoreError *>(&e); store && isRefusedStore(*store))
        message += QLatin1Char('\n') + moveStoreAsideHint(store->file());
    printError(message);
}

void printError(const QString &message)
{
    QTextStream(stderr) << "peftbench: " << message << Qt::endl;
}

void printOut(const QString &text)
{
    QTextStream out(stdout);
    out << text;
    out.flush();
}

}  // namespace peftbench
