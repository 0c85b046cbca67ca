#include "system/GemmBenchmark.h"

#include <torch/torch.h>

#include <chrono>

namespace peftbench {

GemmResult runGemmBenchmark(const GemmParams &params)
{
    torch::NoGradGuard noGrad;
    const int64_t n = params.size;
    torch::manual_seed(0);
    const torch::Tensor a = torch::randn({n, n});
    const torch::Tensor b = torch::randn({n, n});
    torch::Tensor c = torch::empty({n, n});
    torch::mm_out(c, a, b);  // warm-up: thread pool start, BLAS buffers

    using Clock = std::chrono::steady_clock;
    GemmResult result;
    result.size = params.size;
    const auto start = Clock::now();
    double elapsed = 0.0;
    do {
        torch::mm_out(c, a, b);
        ++result.iterations;
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    } while (elapsed < params.seconds);
    result.seconds = elapsed;
    result.gflops = 2.0 * double(n) * double(n) * double(n) * result.iterations / elapsed / 1e9;
    return result;
}

}  // namespace peftbench
