#include "SelfCheck.h"

#include "system/ComputeEnvironment.h"
#include "system/GemmBenchmark.h"

namespace peftbench {

int runSelfCheck(QTextStream &out)
{
    const ComputeEnvironment env = probeComputeEnvironment();
    out << "BLAS: " << env.blas.name;
    if (!env.blas.detail.isEmpty())
        out << " (" << env.blas.detail << ")";
    out << "\nIntra-op threads: " << env.threads << "\n";
    out << "Timing fp32 GEMM 1024x1024 for about a second..." << Qt::endl;

    const GemmResult r = runGemmBenchmark(GemmParams{});
    out << QStringLiteral("fp32 GEMM: %1 GFLOP/s (%2 multiplies of %3x%3 in %4 s, %5 threads)\n")
               .arg(r.gflops, 0, 'f', 1)
               .arg(r.iterations)
               .arg(r.size)
               .arg(r.seconds, 0, 'f', 2)
               .arg(env.threads);

    const bool slow = r.gflops < kSlowBlasGflopsPerThread * env.threads;
    if (env.blas.isReference || slow) {
        out << "WARNING: fp32 GEMM is far below what OpenBLAS reaches (about 145 GFLOP/s per core on a\n"
               "         modern x86 CPU); "
            << (env.blas.isReference ? "the reference BLAS is in use" : "the BLAS in use looks like the reference BLAS")
            << ". Training will be 10-50x slower.\n"
               "         Fix: sudo apt-get install libopenblas0-openmp (installer/bootstrap.sh does this).\n";
        return 1;
    }
    out << "OK: the BLAS is fast enough to train on.\n";
    return 0;
}

}  // namespace peftbench
