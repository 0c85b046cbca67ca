#include "system/ComputeEnvironment.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <torch/version.h>

#include <QFile>
#include <QRegularExpression>
#include <QThread>
#include <QtGlobal>

namespace peftbench {

int applyComputeSettings(const ComputeSettings &settings)
{
    const int threads = settings.threads > 0 ? settings.threads : std::max(1, QThread::idealThreadCount());
    at::set_num_threads(threads);
    at::globalContext().setFlushDenormal(true);
    return at::get_num_threads();
}

QString cpuModelName()
{
    QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
    if (cpuinfo.open(QIODevice::ReadOnly | QIODevice::Text)) {
        static const QRegularExpression modelLine(QStringLiteral("^model name\\s*:\\s*(.+)$"),
                                                  QRegularExpression::MultilineOption);
        const QRegularExpressionMatch m = modelLine.match(QString::fromLocal8Bit(cpuinfo.readAll()));
        if (m.hasMatch())
            return m.captured(1).simplified();
    }
    return QStringLiteral("unknown CPU");
}

ComputeEnvironment probeComputeEnvironment()
{
    ComputeEnvironment env;
    env.peftbenchVersion = QStringLiteral(PEFTBENCH_VERSION);
    env.libtorchVersion = QStringLiteral("%1.%2.%3").arg(TORCH_VERSION_MAJOR).arg(TORCH_VERSION_MINOR).arg(TORCH_VERSION_PATCH);
    env.qtVersion = QString::fromLatin1(qVersion());
    env.blas = detectBlas();
    env.threads = at::get_num_threads();
    env.logicalCores = QThread::idealThreadCount();
    env.cpuModel = cpuModelName();
    env.cuda = cudaDevices();
    return env;
}

static QString gib(qint64 bytes)
{
    return QString::number(double(bytes) / double(1LL << 30), 'f', 1) + QStringLiteral(" GiB");
}

QString deviceSummary(const ComputeEnvironment &env)
{
    if (!env.cuda.isEmpty()) {
        const CudaDevice &d = env.cuda.first();
        return QStringLiteral("CUDA: %1 (%2 VRAM)").arg(d.name, gib(d.totalMemoryBytes));
    }
    return QStringLiteral("CPU: %1 · %2 threads").arg(env.cpuModel).arg(env.threads);
}

QString versionReport(const ComputeEnvironment &env)
{
    QStringList lines;
    lines << QStringLiteral("PEFT Workbench %1").arg(env.peftbenchVersion);
    lines << QStringLiteral("LibTorch:        %1").arg(env.libtorchVersion);
    lines << QStringLiteral("Qt:              %1").arg(env.qtVersion);
    lines << QStringLiteral("BLAS:            %1%2").arg(env.blas.name,
                                                        env.blas.detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(env.blas.detail));
    lines << QStringLiteral("CPU:             %1, %2 logical cores").arg(env.cpuModel).arg(env.logicalCores);
    lines << QStringLiteral("Intra-op threads: %1").arg(env.threads);
    if (env.cuda.isEmpty()) {
        lines << QStringLiteral("CUDA:            not available (%1)")
                     .arg(
#ifdef PEFTBENCH_WITH_CUDA
                         QStringLiteral("no CUDA device found")
#else
                         QStringLiteral("this LibTorch was built without CUDA")
#endif
                     );
    } else {
        lines << QStringLiteral("CUDA:            available, %1 device(s)").arg(env.cuda.size());
        for (const CudaDevice &d : env.cuda)
            lines << QStringLiteral("  cuda:%1  %2, %3").arg(d.index).arg(d.name, gib(d.totalMemoryBytes));
    }
    return lines.join(QLatin1Char('\n'));
}

}  // namespace peftbench
