#pragma once
// LibTorch's AdamW step as one pass over each parameter on the CPU in fp32. Its own step runs
// seven elementwise ops per parameter (decay, two moment updates, sqrt, divide, add eps,
// addcdiv), each a pass over memory; here one loop reads the parameter, its gradient and both
// moments once and writes them back. Same arithmetic, same state (AdamWParamState, keyed as
// LibTorch keys it), so checkpoints and a fallback to LibTorch's step stay interchangeable.
#include <torch/optim/adamw.h>

namespace peftbench {

// Steps every parameter of `optimizer` that has a gradient, as AdamW::step() would. Returns false,
// changing nothing, when any such parameter is not a contiguous CPU fp32 tensor with a gradient of
// the same kind, or amsgrad is on: then call optimizer.step().
bool fusedAdamWStep(torch::optim::AdamW &optimizer);

}  // namespace peftbench
