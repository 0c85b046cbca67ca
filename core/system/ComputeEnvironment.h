#pragma once

#include "system/BlasInfo.h"
#include "system/CudaDevices.h"

#include <QString>
#include <QStringList>

namespace peftbench {

// Process-wide compute settings, applied once at start-up (CLI, GUI and tests alike).
struct ComputeSettings {
    int threads = 0;  // intra-op threads; 0 = one per logical core (LibTorch's own default here is 1)
};

// Applies the settings: intra-op threads and flush-to-zero for denormals (denormal floats in a
// backward pass slow CPU GEMMs by an order of magnitude). Returns the thread count in effect.
int applyComputeSettings(const ComputeSettings &settings);

// What this process computes on: versions, BLAS, threads and devices.
struct ComputeEnvironment {
    QString peftbenchVersion;
    QString libtorchVersion;
    QString qtVersion;
    BlasInfo blas;
    int threads = 0;
    int logicalCores = 0;
    QString cpuModel;
    QVector<CudaDevice> cuda;
};

ComputeEnvironment probeComputeEnvironment();

// One line for a status bar: "CUDA: NVIDIA ... (80.0 GiB VRAM)" or "CPU: <model> · 2 threads".
QString deviceSummary(const ComputeEnvironment &env);

// The multi-line report printed by `peftbench --version`.
QString versionReport(const ComputeEnvironment &env);

QString cpuModelName();

}  // namespace peftbench
