#pragma once

#include <QString>

namespace peftbench {

struct GemmParams {
    int size = 1024;          // square n×n fp32 matrices
    double seconds = 1.0;     // keep multiplying until this much time has passed
};

struct GemmResult {
    int size = 0;
    int iterations = 0;
    double seconds = 0.0;
    double gflops = 0.0;      // 2·n³ FLOPs per multiply
};

// Times real fp32 GEMMs through LibTorch (after one warm-up multiply).
GemmResult runGemmBenchmark(const GemmParams &params);

// Below this an fp32 GEMM is running on the reference BLAS or worse
// (measured on 2 cores: reference ≈ 6 GFLOP/s, OpenBLAS ≈ 290).
constexpr double kSlowBlasGflopsPerThread = 10.0;

}  // namespace peftbench
