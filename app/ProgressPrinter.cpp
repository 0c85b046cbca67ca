#include "ProgressPrinter.h"

#include "experiment/ComparisonTable.h"

#include <QTextStream>

#include <cmath>

namespace peftbench {

namespace {

constexpr int kBarWidth = 24;
constexpr qint64 kRedrawMs = 100;

}  // namespace

ProgressPrinter::ProgressPrinter(FILE *out, QString label, int64_t totalSteps, bool interactive)
    : m_out(out), m_label(std::move(label)), m_total(totalSteps), m_interactive(interactive)
{
}

ProgressPrinter::~ProgressPrinter()
{
    finishLine();
}

void ProgressPrinter::onStep(const StepMetrics &m)
{
    m_rate.add(m.stepSeconds);
    if (!m_interactive)
        return;
    if (m_barShown && m_sinceDraw.isValid() && m_sinceDraw.elapsed() < kRedrawMs && m.step < m_total)
        return;
    m_sinceDraw.start();
    const double fraction = m_total > 0 ? std::min(1.0, double(m.step) / double(m_total)) : 0.0;
    const int filled = int(fraction * kBarWidth);
    const QString bar = QString(filled, QLatin1Char('#')) + QString(kBarWidth - filled, QLatin1Char('.'));
    const double sps = m_rate.secondsPerStep();
    const QString line = QStringLiteral("\r%1 [%2] %3/%4  loss %5  %6 s/step  %7 tok/s  ETA %8\x1b[K")
                             .arg(m_label, bar)
                             .arg(m.step)
                             .arg(m_total)
                             .arg(m.trainLoss, 0, 'f', 4)
                             .arg(sps, 0, 'f', 3)
                             .arg(m.tokensPerSecond, 0, 'f', 0)
                             .arg(formatDuration(sps * double(m_total - m.step)));
    std::fputs(line.toLocal8Bit().constData(), m_out);
    std::fflush(m_out);
    m_barShown = true;
}

void ProgressPrinter::onEvaluation(const EvalMetrics &m)
{
    QString line = QStringLiteral("%1 step %2/%3: validation loss %4, %5 %6")
                       .arg(m_label)
                       .arg(m.step)
                       .arg(m_total)
                       .arg(m.valLoss, 0, 'f', 4)
                       .arg(m.metricName)
                       .arg(m.metric, 0, 'f', 4);
    if (!std::isnan(m.bitsPerByte))
        line += QStringLiteral(", %1 bits/byte").arg(m.bitsPerByte, 0, 'f', 3);
    if (!std::isnan(m.macroF1))
        line += QStringLiteral(", macro-F1 %1").arg(m.macroF1, 0, 'f', 4);
    if (m.step > 0 && m.step < m_total && !m_rate.empty())
        line += QStringLiteral("  (ETA %1)").arg(formatDuration(m_rate.secondsPerStep() * double(m_total - m.step)));
    printLine(line);
}

void ProgressPrinter::onMessage(const QString &message)
{
    printLine(QStringLiteral("%1 %2").arg(m_label, message));
}

void ProgressPrinter::onCheckpoint(int64_t step)
{
    // What is committed up to here survives a crash: a resume continues from this step.
    printLine(QStringLiteral("%1 checkpoint at step %2").arg(m_label).arg(step));
}

void ProgressPrinter::printLine(const QString &line)
{
    finishLine();
    std::fputs((line + QLatin1Char('\n')).toLocal8Bit().constData(), m_out);
    std::fflush(m_out);
}

void ProgressPrinter::finishLine()
{
    if (!m_barShown)
        return;
    std::fputs("\n", m_out);
    std::fflush(m_out);
    m_barShown = false;
}

}  // namespace peftbench
