#!/usr/bin/python3
"""Reference logits for tests/test_hf_import.cpp, computed independently of the C++ engine.

For three tiny models in Hugging Face layout (GPT-2, Llama with grouped-query attention, a
non-default head_dim and an untied head, Qwen2 with q/k/v biases) this writes, into
tests/data/hf/<name>/:
  config.json     the model's Hugging Face config, as save_pretrained writes it;
  reference.json  every tensor of its checkpoint (name, shape, dtype, and how to generate its values),
                  the token ids, and the logits of the Hugging Face forward pass on them.

The test's checkpoints are written by the test itself: both this script and the test generate the
weights from a splitmix64 stream
(seed per tensor, value = offset + scale * u with u uniform in [-1, 1) from the top 24 bits, rounded
to float32 and then to the tensor's dtype), so the test writes the same checkpoint with our
safetensors writer. reference.json also holds each tensor's sum, so a divergence in generation is
reported tensor by tensor rather than as wrong logits. For llama this script also writes
model.safetensors itself (struct + json below, not our writer), so the reader is checked against a
file it did not produce.

The forward passes below are written from Transformers' modeling_gpt2.py / modeling_llama.py /
modeling_qwen2.py (Conv1D is x @ W with W stored [in, out]; gelu_new; RMSNorm; rotate_half RoPE;
repeat_kv), in float64, sharing nothing with the C++ code. Run with Debian's python3-torch:
    /usr/bin/python3 tests/data/hf/make_reference.py
"""
import json
import math
import os
import struct

import torch

MASK64 = (1 << 64) - 1
HERE = os.path.dirname(os.path.abspath(__file__))
TOKEN_IDS = [5, 260, 17, 99, 263, 0, 128, 42]


def splitmix64(seed, n):
    state = seed & MASK64
    out = []
    for _ in range(n):
        state = (state + 0x9E3779B97F4A7C15) & MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        out.append(z ^ (z >> 31))
    return out


DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}


def generate(spec):
    """The tensor's values exactly as the C++ test makes them (see the module docstring)."""
    shape = spec["shape"]
    n = math.prod(shape)
    init = spec["init"]
    if init == "uniform":
        # Scales are powers of two, so offset + scale * u rounds once, the same in C++.
        values = [spec["offset"] + spec["scale"] * ((z >> 40) * 2.0 ** -23 - 1.0) for z in splitmix64(spec["seed"], n)]
        t = torch.tensor(values, dtype=torch.float64).to(torch.float32).reshape(shape)
    elif init == "causal_mask":  # GPT-2's attn.bias buffer: lower-triangular ones
        t = torch.tril(torch.ones(shape[-2], shape[-1], dtype=torch.float32)).reshape(shape)
    elif init == "inv_freq":  # Llama's rotary_emb.inv_freq buffer (values irrelevant: it is skipped)
        t = torch.arange(n, dtype=torch.float32).reshape(shape)
    else:
        raise ValueError(init)
    return t.to(DTYPES[spec["dtype"]])


class Specs:
    def __init__(self, seed, dtype):
        self.entries = []
        self.seed = seed
        self.dtype = dtype

    def add(self, name, shape, init="uniform", scale=0.25, offset=0.0, dtype=None):
        self.entries.append({"name": name, "shape": list(shape), "dtype": dtype or self.dtype, "init": init,
                             "seed": self.seed * 1000 + len(self.entries), "scale": scale, "offset": offset})


def gpt2_specs(cfg):
    d, L, V, P = cfg["n_embd"], cfg["n_layer"], cfg["vocab_size"], cfg["n_positions"]
    inner = cfg["n_inner"] or 4 * d
    s = Specs(seed=11, dtype="F32")
    # Named like OpenAI's gpt2 checkpoint, saved from GPT2Model: no "transformer." prefix.
    s.add("wte.weight", [V, d], scale=1.0)
    s.add("wpe.weight", [P, d], scale=0.5)
    for i in range(L):
        p = f"h.{i}."
        s.add(p + "ln_1.weight", [d], offset=1.0)
        s.add(p + "ln_1.bias", [d], scale=0.125)
        s.add(p + "attn.bias", [1, 1, P, P], init="causal_mask")
        s.add(p + "attn.c_attn.weight", [d, 3 * d])  # Conv1D: [in, out]
        s.add(p + "attn.c_attn.bias", [3 * d], scale=0.125)
        s.add(p + "attn.c_proj.weight", [d, d])
        s.add(p + "attn.c_proj.bias", [d], scale=0.125)
        s.add(p + "ln_2.weight", [d], offset=1.0)
        s.add(p + "ln_2.bias", [d], scale=0.125)
        s.add(p + "mlp.c_fc.weight", [d, inner])
        s.add(p + "mlp.c_fc.bias", [inner], scale=0.125)
        s.add(p + "mlp.c_proj.weight", [inner, d], scale=0.125)
        s.add(p + "mlp.c_proj.bias", [d], scale=0.125)
    s.add("ln_f.weight", [d], offset=1.0)
    s.add("ln_f.bias", [d], scale=0.125)
    return s.entries


def llama_specs(cfg, seed, dtype, qkv_bias):
    d, L, V = cfg["hidden_size"], cfg["num_hidden_layers"], cfg["vocab_size"]
    H, KV = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = cfg.get("head_dim") or d // H
    ffn = cfg["intermediate_size"]
    s = Specs(seed=seed, dtype=dtype)
    s.add("model.embed_tokens.weight", [V, d], scale=1.0)
    for i in range(L):
        p = f"model.layers.{i}."
        s.add(p + "input_layernorm.weight", [d], offset=1.0)
        for proj, rows in (("q", H * hd), ("k", KV * hd), ("v", KV * hd)):
            s.add(p + f"self_attn.{proj}_proj.weight", [rows, d])
            if qkv_bias:
                s.add(p + f"self_attn.{proj}_proj.bias", [rows], scale=0.125)
        s.add(p + "self_attn.o_proj.weight", [d, H * hd])
        if i == 0 and not qkv_bias:  # older Llama checkpoints saved the RoPE buffer
            s.add(p + "self_attn.rotary_emb.inv_freq", [hd // 2], init="inv_freq", dtype="F32")
        s.add(p + "post_attention_layernorm.weight", [d], offset=1.0)
        s.add(p + "mlp.gate_proj.weight", [ffn, d])
        s.add(p + "mlp.up_proj.weight", [ffn, d])
        s.add(p + "mlp.down_proj.weight", [d, ffn], scale=0.125)
    s.add("model.norm.weight", [d], offset=1.0)
    if not cfg["tie_word_embeddings"]:
        s.add("lm_head.weight", [V, d], scale=0.5)
    return s.entries


def write_safetensors(path, specs):
    """The safetensors layout by hand: u64 header length, JSON header padded to 8 bytes, data."""
    header, blobs, offset = {}, [], 0
    for spec in specs:
        t = generate(spec).contiguous()
        data = t.view(torch.uint8).numpy().tobytes()
        header[spec["name"]] = {"dtype": spec["dtype"], "shape": spec["shape"], "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


# --- forward passes (float64) -------------------------------------------------------------------

def layer_norm(x, w, b, eps):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps) * w + b


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def causal_softmax(scores):
    T = scores.shape[-1]
    mask = torch.ones(T, T, dtype=torch.bool).triu(1)
    return torch.softmax(scores.masked_fill(mask, float("-inf")), dim=-1)


def gpt2_forward(cfg, w, ids):
    d, H, L = cfg["n_embd"], cfg["n_head"], cfg["n_layer"]
    hd, eps, T = d // H, cfg["layer_norm_epsilon"], len(ids)
    h = w["wte.weight"][ids] + w["wpe.weight"][:T]
    for i in range(L):
        p = f"h.{i}."
        x = layer_norm(h, w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps)
        qkv = x @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]
        q, k, v = (t.reshape(T, H, hd).transpose(0, 1) for t in qkv.split(d, dim=-1))
        att = causal_softmax(q @ k.transpose(-1, -2) / math.sqrt(hd))
        y = (att @ v).transpose(0, 1).reshape(T, d)
        h = h + y @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
        x = layer_norm(h, w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps)
        m = gelu_new(x @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"])
        h = h + m @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
    h = layer_norm(h, w["ln_f.weight"], w["ln_f.bias"], eps)
    return h @ w["wte.weight"].T  # GPT2LMHeadModel ties lm_head to wte


def rms_norm(x, w, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def llama_forward(cfg, w, ids):
    d, L = cfg["hidden_size"], cfg["num_hidden_layers"]
    H, KV = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = cfg.get("head_dim") or d // H
    eps, theta, T = cfg["rms_norm_eps"], cfg["rope_theta"], len(ids)
    inv_freq = 1.0 / (theta ** (torch.arange(0, hd, 2, dtype=torch.float64) / hd))
    freqs = torch.outer(torch.arange(T, dtype=torch.float64), inv_freq)
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos(), emb.sin()

    def proj(x, name):
        y = x @ w[name + ".weight"].T
        return y + w[name + ".bias"] if name + ".bias" in w else y

    h = w["model.embed_tokens.weight"][ids]
    for i in range(L):
        p = f"model.layers.{i}."
        x = rms_norm(h, w[p + "input_layernorm.weight"], eps)
        q = proj(x, p + "self_attn.q_proj").reshape(T, H, hd).transpose(0, 1)
        k = proj(x, p + "self_attn.k_proj").reshape(T, KV, hd).transpose(0, 1)
        v = proj(x, p + "self_attn.v_proj").reshape(T, KV, hd).transpose(0, 1)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        # repeat_kv: key/value head j serves query heads j*n_rep .. (j+1)*n_rep - 1
        k = k[:, None].expand(KV, H // KV, T, hd).reshape(H, T, hd)
        v = v[:, None].expand(KV, H // KV, T, hd).reshape(H, T, hd)
        att = causal_softmax(q @ k.transpose(-1, -2) / math.sqrt(hd))
        y = (att @ v).transpose(0, 1).reshape(T, H * hd)
        h = h + y @ w[p + "self_attn.o_proj.weight"].T
        x = rms_norm(h, w[p + "post_attention_layernorm.weight"], eps)
        gate = x @ w[p + "mlp.gate_proj.weight"].T
        up = x @ w[p + "mlp.up_proj.weight"].T
        h = h + (gate * torch.sigmoid(gate) * up) @ w[p + "mlp.down_proj.weight"].T
    h = rms_norm(h, w["model.norm.weight"], eps)
    head = w["model.embed_tokens.weight"] if cfg["tie_word_embeddings"] else w["lm_head.weight"]
    return h @ head.T


# --- the three models ---------------------------------------------------------------------------

GPT2 = {
    "activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "attn_pdrop": 0.1,
    "bos_token_id": 256, "embd_pdrop": 0.1, "eos_token_id": 256, "initializer_range": 0.02,
    "layer_norm_epsilon": 1e-05, "model_type": "gpt2", "n_ctx": 16, "n_embd": 16, "n_head": 2,
    "n_inner": None, "n_layer": 2, "n_positions": 16, "reorder_and_upcast_attn": False,
    "resid_pdrop": 0.1, "scale_attn_by_inverse_layer_idx": False, "scale_attn_weights": True,
    "summary_activation": None, "summary_first_dropout": 0.1, "summary_proj_to_labels": True,
    "summary_type": "cls_index", "summary_use_proj": True, "torch_dtype": "float32",
    "transformers_version": "4.44.0", "use_cache": True, "vocab_size": 264,
}

LLAMA = {
    "architectures": ["LlamaForCausalLM"], "attention_bias": False, "attention_dropout": 0.0,
    "bos_token_id": 256, "eos_token_id": 256, "head_dim": 8, "hidden_act": "silu", "hidden_size": 24,
    "initializer_range": 0.02, "intermediate_size": 40, "max_position_embeddings": 64,
    "mlp_bias": False, "model_type": "llama", "num_attention_heads": 4, "num_hidden_layers": 2,
    "num_key_value_heads": 2, "pretraining_tp": 1, "rms_norm_eps": 1e-05, "rope_scaling": None,
    "rope_theta": 50000.0, "tie_word_embeddings": False, "torch_dtype": "bfloat16",
    "transformers_version": "4.44.0", "use_cache": True, "vocab_size": 264,
}

QWEN2 = {
    "architectures": ["Qwen2ForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 256,
    "eos_token_id": 256, "hidden_act": "silu", "hidden_size": 32, "initializer_range": 0.02,
    "intermediate_size": 48, "max_position_embeddings": 128, "max_window_layers": 2,
    "model_type": "qwen2", "num_attention_heads": 4, "num_hidden_layers": 2, "num_key_value_heads": 2,
    "rms_norm_eps": 1e-06, "rope_scaling": None, "rope_theta": 1000000.0, "sliding_window": 128,
    "tie_word_embeddings": True, "torch_dtype": "float16", "transformers_version": "4.44.0",
    "use_cache": True, "use_sliding_window": False, "vocab_size": 264,
}

MODELS = [
    ("gpt2", GPT2, gpt2_specs(GPT2), gpt2_forward),
    ("llama", LLAMA, llama_specs(LLAMA, seed=23, dtype="BF16", qkv_bias=False), llama_forward),
    ("qwen2", QWEN2, llama_specs(QWEN2, seed=37, dtype="F16", qkv_bias=True), llama_forward),
]


def main():
    for name, cfg, specs, forward in MODELS:
        folder = os.path.join(HERE, name)
        os.makedirs(folder, exist_ok=True)
        weights, sums = {}, []
        for spec in specs:
            t = generate(spec)
            weights[spec["name"]] = t.to(torch.float64)  # what the importer converts to, exactly
            sums.append(float(t.to(torch.float64).sum()))
        with torch.no_grad():
            logits = forward(cfg, weights, TOKEN_IDS)
        reference = {
            "generator": "splitmix64; value = offset + scale * ((z >> 40) * 2^-23 - 1), to float32, then to dtype",
            "tensors": [dict(spec, sum=s) for spec, s in zip(specs, sums)],
            "token_ids": TOKEN_IDS,
            "logits": [[float("%.8g" % v) for v in row] for row in logits.tolist()],
        }
        with open(os.path.join(folder, "config.json"), "w") as f:
            json.dump(cfg, f, indent=2, sort_keys=True)
            f.write("\n")
        with open(os.path.join(folder, "reference.json"), "w") as f:
            json.dump(reference, f, separators=(",", ":"))
            f.write("\n")
        if name == "llama":
            write_safetensors(os.path.join(folder, "model.safetensors"), specs)
        print(f"{name}: {len(specs)} tensors, logits {tuple(logits.shape)}, |max| {logits.abs().max():.3f}")


if __name__ == "__main__":
    main()
