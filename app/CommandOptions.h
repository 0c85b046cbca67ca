#pragma once
#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <cstdio>
#include <exception>
#include <optional>

namespace peftbench {

// What every headless command shares: --data-dir and --threads, --help, and the parse with its
// error message.
struct CommandOptions {
    QString dataDirectory;  // resolved (option, environment, platform default)
    int threads = 0;        // 0: not given
    QStringList positional;
};

class CommandParser {
public:
    // `usage` is the line after "peftbench ", e.g. "run EXPERIMENT.yaml".
    CommandParser(QString usage, QString description);
    QCommandLineParser &parser() { return m_parser; }
    // Parses args (program and command included). Returns the options, or an exit code when the
    // command should end here (--help: 0, a bad option or argument count: 2, after a message).
    std::optional<CommandOptions> parse(const QStringList &args, int minPositional, int maxPositional, int &exitCode);

private:
    QString m_usage;
    QCommandLineParser m_parser;
    QCommandLineOption m_help, m_dataDir, m_threads;
};

// A run id argument; prints "<command>: expected a run id ..." and returns nullopt when it is not one.
std::optional<int64_t> parseRunId(const QString &text, const QString &command);

// "peftbench: <message>" on stderr.
void printError(const QString &message);
// printError(prefix + e.what()); when e is a run store refused for the file itself (corrupt,
// another application's, newer), also how to move it aside by hand — the CLI never moves it.
void printFailure(const std::exception &e, const QString &prefix = {});
// stdout, flushed.
void printOut(const QString &text);

}  // namespace peftbench
