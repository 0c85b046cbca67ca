// Per-step metrics of every run in long format.
#include "report/Reports.h"

#include "report/ReportText.h"

#include <QHash>

namespace peftbench {

const QStringList &csvColumns()
{
    static const QStringList columns{
        QStringLiteral("run_id"),        QStringLiteral("run_name"),        QStringLiteral("method"),
        QStringLiteral("group"),         QStringLiteral("step"),            QStringLiteral("epoch"),
        QStringLiteral("tokens_seen"),   QStringLiteral("wall_seconds"),    QStringLiteral("train_loss"),
        QStringLiteral("learning_rate"), QStringLiteral("grad_norm"),       QStringLiteral("step_seconds"),
        QStringLiteral("tokens_per_second"), QStringLiteral("memory_bytes"), QStringLiteral("memory_peak_bytes"),
        QStringLiteral("val_loss"),      QStringLiteral("val_metric_name"), QStringLiteral("val_metric"),
    };
    return columns;
}

QByteArray csvReport(const Comparison &comparison)
{
    QString out = csvColumns().join(QLatin1Char(',')) + QStringLiteral("\r\n");
    for (const ComparedRun &run : comparison.runs) {
        QHash<int64_t, const EvalMetrics *> evalAt;
        for (const EvalMetrics &e : run.evaluations)
            evalAt.insert(e.step, &e);
        const QString prefix = QStringList{QString::number(run.record.id), csvField(run.record.name), csvField(run.record.method),
                                           csvField(comparison.groups[size_t(run.group)].label)}
                                   .join(QLatin1Char(','));
        const StepSeries &s = run.steps;
        for (qsizetype i = 0; i < s.size(); ++i) {
            QStringList row{prefix,
                            QString::number(s.step[i]),
                            csvNumber(s.epoch[i]),
                            QString::number(s.tokensSeen[i]),
                            csvNumber(s.wallSeconds[i]),
                            csvNumber(s.trainLoss[i]),
                            csvNumber(s.learningRate[i]),
                            csvNumber(s.gradNorm[i]),
                            csvNumber(s.stepSeconds[i]),
                            csvNumber(s.tokensPerSecond[i]),
                            QString::number(s.memoryBytes[i]),
                            QString::number(s.memoryPeakBytes[i])};
            if (const EvalMetrics *e = evalAt.value(s.step[i]))
                row << csvNumber(e->valLoss) << csvField(e->metricName) << csvNumber(e->metric);
            else
                row << QString() << QString() << QString();
            out += row.join(QLatin1Char(',')) + QStringLiteral("\r\n");
        }
    }
    return out.toUtf8();
}

}  // namespace peftbench
