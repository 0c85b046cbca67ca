#include "ChildRunner.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>

namespace peftbench::bench {

namespace {

// Generous: one (b) case takes about a minute on 2 idle cores, much more on a busy machine.
constexpr int kChildTimeoutMs = 30 * 60 * 1000;

QString lastLines(const QByteArray &text, int count)
{
    QStringList lines = QString::fromLocal8Bit(text).trimmed().split(QLatin1Char('\n'));
    if (lines.size() > count)
        lines = lines.mid(lines.size() - count);
    return lines.join(QLatin1Char('\n'));
}

SideResult runChild(const QString &side, const QString &name, const QString &program, const QStringList &arguments)
{
    const ChildFigures child = runFiguresChild(program, arguments);
    return child.ok ? SideResult::fromJson(child.figures) : SideResult::failure(side, name, child.error);
}

}  // namespace

// A child's result is the last line of its stdout that parses as a JSON object; anything a
// library printed before it is ignored.
ChildFigures runFiguresChild(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted())
        return {false, QStringLiteral("cannot start %1: %2").arg(program, process.errorString()), {}};
    if (!process.waitForFinished(kChildTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {false, QStringLiteral("timed out after %1 s").arg(kChildTimeoutMs / 1000), {}};
    }
    const QByteArray out = process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError();
    const QList<QByteArray> lines = out.split('\n');
    for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
        const QJsonDocument doc = QJsonDocument::fromJson(it->trimmed());
        if (doc.isObject())
            return {true, {}, doc.object()};
    }
    QString why = process.exitStatus() == QProcess::CrashExit
                      ? QStringLiteral("crashed")
                      : QStringLiteral("exited with code %1 and no result").arg(process.exitCode());
    const QString tail = lastLines(err.isEmpty() ? out : err, 3);
    if (!tail.isEmpty())
        why += QStringLiteral(": ") + tail;
    return {false, why, {}};
}

ReferenceRuntime probeReference(const QString &python, const QString &script)
{
    ReferenceRuntime r{python, script, {}, {}};
    if (!QFileInfo(script).isFile()) {
        r.whyUnavailable = QStringLiteral("%1 not found").arg(script);
        return r;
    }
    QProcess process;
    process.start(python, {QStringLiteral("-c"), QStringLiteral("import torch; print(torch.__version__)")});
    if (!process.waitForStarted()) {
        r.whyUnavailable = QStringLiteral("cannot start %1 (installer/bootstrap.sh --bench installs python3-torch)").arg(python);
        return r;
    }
    process.waitForFinished(120 * 1000);
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        r.whyUnavailable = QStringLiteral("%1 cannot import torch (installer/bootstrap.sh --bench installs python3-torch)").arg(python);
        return r;
    }
    r.torchVersion = QString::fromLocal8Bit(process.readAllStandardOutput()).trimmed();
    return r;
}

SideResult runEngineChild(const QString &executable, const BenchCase &c)
{
    return runChild(QStringLiteral("engine"), c.name, executable,
                    {QStringLiteral("--one"), c.name,
                     QStringLiteral("--threads"), QString::number(c.threads),
                     QStringLiteral("--warmup"), QString::number(c.warmupSteps),
                     QStringLiteral("--steps"), QString::number(c.timedSteps)});
}

SideResult runReferenceChild(const ReferenceRuntime &runtime, const BenchCase &c)
{
    const QByteArray spec = QJsonDocument(c.toReferenceSpec()).toJson(QJsonDocument::Compact);
    SideResult r = runChild(QStringLiteral("pytorch"), c.name, runtime.python,
                            {runtime.script, QStringLiteral("--spec"), QString::fromUtf8(spec)});
    if (r.version.isEmpty())
        r.version = runtime.torchVersion;
    return r;
}

}  // namespace peftbench::bench
