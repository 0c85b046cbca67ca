#pragma once
// Activation checkpointing for one transformer block: PyTorch's reentrant checkpoint, which
// LibTorch's C++ API lacks. Training then keeps only each block's input between the forward and
// the backward pass and recomputes the block's activations when its gradient is needed — about a
// third more compute for a fraction of the activation memory.

#include <torch/types.h>

namespace peftbench {

class TransformerBlockImpl;
struct AttentionPrefix;

// block.forward(h, cos, sin) that saves only `h` for backward. The backward pass re-runs the block
// with the random-number state (dropout masks) and autocast settings its forward ran with, so
// values and gradients are the ones an ordinary forward gives. The block's trainable parameters
// get their gradients even when `h` requires none (LoRA's frozen embeddings). The block must
// outlive the graph this builds (the model does: backward follows the forward). Prefix tuning's
// keys and values are inputs of the checkpoint like `h`, so their gradients flow through it.
torch::Tensor checkpointedBlockForward(TransformerBlockImpl &block, const torch::Tensor &h, const torch::Tensor &cos,
                                       const torch::Tensor &sin, const AttentionPrefix &prefix);

}  // namespace peftbench
