#include "train/OutOfMemory.h"

#include "train/TrainingParams.h"

#include <c10/util/Exception.h>

#ifdef PEFTBENCH_WITH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

#include <QRegularExpression>
#include <QStringList>

#include <cstdio>
#include <new>

namespace peftbench {

namespace {

constexpr const char *kCpuAllocatorFailure = "DefaultCPUAllocator: can't allocate memory";

QString captured(const QString &text, const QString &pattern)
{
    const QRegularExpressionMatch match = QRegularExpression(pattern).match(text);
    return match.hasMatch() ? match.captured(1) : QString();
}

}  // namespace

std::string formatMemorySize(int64_t bytes)
{
    char text[32];
    if (bytes < 1024)
        std::snprintf(text, sizeof text, "%lld bytes", static_cast<long long>(bytes));
    else if (bytes < 1048576)
        std::snprintf(text, sizeof text, "%.2f KiB", double(bytes) / 1024.0);
    else if (bytes < 1073741824)
        std::snprintf(text, sizeof text, "%.2f MiB", double(bytes) / 1048576.0);
    else
        std::snprintf(text, sizeof text, "%.2f GiB", double(bytes) / 1073741824.0);
    return text;
}

bool isOutOfMemory(const std::exception &e)
{
    if (dynamic_cast<const c10::OutOfMemoryError *>(&e) || dynamic_cast<const std::bad_alloc *>(&e))
        return true;
    const auto *error = dynamic_cast<const c10::Error *>(&e);
    return error && error->msg().find(kCpuAllocatorFailure) != std::string::npos;
}

QString describeOutOfMemory(const std::exception &e, const OutOfMemoryContext &context, const TrainingParams &params)
{
    const auto *error = dynamic_cast<const c10::Error *>(&e);
    const QString message = QString::fromStdString(error ? error->msg() : std::string(e.what()));
    // CUDA: "Tried to allocate 20.00 MiB (GPU 0; 15.78 GiB total capacity; ...; 2.75 MiB free; ...)".
    // CPU: "you tried to allocate 1099511627776 bytes".
    QString requested = captured(message, QStringLiteral("Tried to allocate ([0-9.]+ [A-Za-z]+)"));
    if (requested.isEmpty()) {
        const QString bytes = captured(message, QStringLiteral("you tried to allocate ([0-9]+) bytes"));
        if (!bytes.isEmpty())
            requested = QString::fromStdString(formatMemorySize(bytes.toLongLong()));
    }
    const QString total = captured(message, QStringLiteral("([0-9.]+ [A-Za-z]+) total capacity"));
    const QString free = captured(message, QStringLiteral("([0-9.]+ [A-Za-z]+) free"));

    QString text = QStringLiteral("out of memory on %1 %2").arg(context.device, context.when);
    QStringList figures;
    if (!requested.isEmpty())
        figures << QStringLiteral("tried to allocate %1").arg(requested);
    if (!free.isEmpty() && !total.isEmpty())
        figures << QStringLiteral("with %1 free of %2").arg(free, total);
    if (context.inUseBytes >= 0)
        figures << QStringLiteral("this run held %1").arg(QString::fromStdString(formatMemorySize(context.inUseBytes)));
    text += figures.isEmpty() ? QStringLiteral(" (%1)").arg(message.section(QLatin1Char('\n'), 0, 0))
                              : QStringLiteral(": ") + figures.join(QStringLiteral(", "));

    QStringList fixes;
    if (params.batchSize > 1)
        fixes << QStringLiteral("a smaller train.batch_size (now %1; raise train.grad_accumulation to keep the "
                                "effective batch)")
                     .arg(params.batchSize);
    if (!params.gradientCheckpointing)
        fixes << QStringLiteral("train.gradient_checkpointing: true (activations are recomputed, not kept)");
    if (context.longestExample > 0)
        fixes << QStringLiteral("a smaller dataset.max_length (examples are up to %1 tokens)").arg(context.longestExample);
    if (context.method == MethodKind::Full)
        fixes << QStringLiteral("LoRA or prompt tuning instead of full fine-tuning (no gradients or optimizer "
                                "state for the base weights)");
    else if (params.dtype == QLatin1String("fp32") && context.device.startsWith(QLatin1String("cuda")))
        fixes << QStringLiteral("train.dtype: bf16");
    return text + QStringLiteral(". To fit, try ") + fixes.join(QStringLiteral("; ")) + QLatin1Char('.');
}

void releaseCachedDeviceMemory(bool cuda)
{
#ifdef PEFTBENCH_WITH_CUDA
    if (cuda)
        c10::cuda::CUDACachingAllocator::emptyCache();
#else
    (void)cuda;
#endif
}

}  // namespace peftbench
