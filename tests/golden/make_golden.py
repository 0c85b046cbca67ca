#!/usr/bin/python3
"""Independent reference implementation for the C++ golden tests (PEFT Workbench).

Writes tests/golden/gpt2_tiny.pwbc and tests/golden/llama_tiny.pwbc: tiny random decoder-only
transformers (weights) plus expected logits, loss, selected gradients and 3 AdamW training losses.
Plain torch tensor ops only (no HF transformers). Math runs in float64 on float32-rounded
weights; everything is stored as float32 (input ids as int64).

Regenerate (Debian's PyTorch; the default python3 on PATH has no torch):
    /usr/bin/python3 tests/golden/make_golden.py
"""
import json
import math
import os
import struct

import torch
import torch.nn.functional as F

OUT_DIR = os.path.dirname(os.path.abspath(__file__))
MAGIC, VERSION = b"PEFTWBCK", 1
DTYPES = {torch.float32: ("F32", 4), torch.int64: ("I64", 8)}
OPTIM = {"type": "adamw", "lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
         "weight_decay": 0.01, "steps": 3}
GRAD_PARAMS = ["tok_emb.weight", "blocks.0.attn.q.weight", "blocks.1.mlp.down.weight",
               "final_norm.weight"]
COMMON = dict(vocab_size=259, context_length=64, d_model=32, n_layers=2, n_heads=4, head_dim=8)
CONFIGS = {
    "gpt2_tiny": dict(family="gpt2", **COMMON, n_kv_heads=4, ffn_dim=128, norm_eps=1e-5,
                      rope_theta=10000.0, qkv_bias=True, tied_head=True),
    "llama_tiny": dict(family="llama", **COMMON, n_kv_heads=2, ffn_dim=88, norm_eps=1e-6,
                       rope_theta=10000.0, qkv_bias=True, tied_head=False),
}
SEEDS = {"gpt2_tiny": 1234, "llama_tiny": 5678}
BATCH, SEQ = 2, 16


def param_shapes(c):
    """Ordered (name, shape, kind) list; kind 'norm_w' draws 1+N(0,0.1), all else N(0,0.1)."""
    gpt2 = c["family"] == "gpt2"
    V, D, Fd, H, KV, hd = (c["vocab_size"], c["d_model"], c["ffn_dim"], c["n_heads"],
                          c["n_kv_heads"], c["head_dim"])
    out = [("tok_emb.weight", [V, D], "w")]
    if gpt2:
        out.append(("pos_emb.weight", [c["context_length"], D], "w"))

    def norm(p):
        out.append((p + ".weight", [D], "norm_w"))
        if gpt2:
            out.append((p + ".bias", [D], "w"))

    for i in range(c["n_layers"]):
        b = f"blocks.{i}."
        norm(b + "norm1")
        for n, o in (("q", H * hd), ("k", KV * hd), ("v", KV * hd)):
            out.append((f"{b}attn.{n}.weight", [o, D], "w"))
            if gpt2 or c["qkv_bias"]:
                out.append((f"{b}attn.{n}.bias", [o], "w"))
        out.append((b + "attn.o.weight", [D, H * hd], "w"))
        if gpt2:
            out.append((b + "attn.o.bias", [D], "w"))
        norm(b + "norm2")
        if gpt2:
            out += [(b + "mlp.up.weight", [Fd, D], "w"), (b + "mlp.up.bias", [Fd], "w"),
                    (b + "mlp.down.weight", [D, Fd], "w"), (b + "mlp.down.bias", [D], "w")]
        else:
            out += [(b + "mlp.gate.weight", [Fd, D], "w"), (b + "mlp.up.weight", [Fd, D], "w"),
                    (b + "mlp.down.weight", [D, Fd], "w")]
    norm("final_norm")
    if not c["tied_head"]:
        out.append(("lm_head.weight", [V, D], "w"))
    return out


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat((-x[..., h:], x[..., :h]), dim=-1)


def forward(c, p, ids):
    """Returns logits [B,T,V]. p: dict name -> tensor."""
    gpt2 = c["family"] == "gpt2"
    B, T = ids.shape
    H, KV, hd, eps = c["n_heads"], c["n_kv_heads"], c["head_dim"], c["norm_eps"]

    def lin(x, name, bias=True):
        b = p.get(name + ".bias") if bias else None
        return F.linear(x, p[name + ".weight"], b)

    def norm(x, name):
        if gpt2:
            return F.layer_norm(x, (x.shape[-1],), p[name + ".weight"], p[name + ".bias"], eps)
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * p[name + ".weight"]

    h = p["tok_emb.weight"][ids]
    if gpt2:
        h = h + p["pos_emb.weight"][:T]
    else:
        pos = torch.arange(T, dtype=h.dtype)
        inv_freq = 1.0 / (c["rope_theta"] ** (torch.arange(0, hd, 2, dtype=h.dtype) / hd))
        emb = torch.cat([torch.outer(pos, inv_freq)] * 2, dim=-1)  # [T, hd]
        cos, sin = emb.cos()[None, :, None, :], emb.sin()[None, :, None, :]
    causal = torch.ones(T, T, dtype=torch.bool).triu(1)  # True where key j > query i
    for i in range(c["n_layers"]):
        b = f"blocks.{i}."
        x = norm(h, b + "norm1")
        q = lin(x, b + "attn.q").view(B, T, H, hd)
        k = lin(x, b + "attn.k").view(B, T, KV, hd)
        v = lin(x, b + "attn.v").view(B, T, KV, hd)
        if not gpt2:
            q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        rep = H // KV  # query head j uses kv head j // rep
        k, v = k.repeat_interleave(rep, dim=2), v.repeat_interleave(rep, dim=2)
        q, k, v = (t.transpose(1, 2) for t in (q, k, v))  # [B, H, T, hd]
        s = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        s = s.masked_fill(causal, float("-inf"))
        a = (s.softmax(-1) @ v).transpose(1, 2).reshape(B, T, H * hd)
        h = h + lin(a, b + "attn.o")
        x = norm(h, b + "norm2")
        if gpt2:
            m = lin(F.gelu(lin(x, b + "mlp.up"), approximate="tanh"), b + "mlp.down")
        else:
            m = lin(F.silu(lin(x, b + "mlp.gate", False)) * lin(x, b + "mlp.up", False),
                    b + "mlp.down", False)
        h = h + m
    h = norm(h, "final_norm")
    head = p["tok_emb.weight"] if c["tied_head"] else p["lm_head.weight"]
    return h @ head.t()


def lm_loss(logits, ids):
    V = logits.shape[-1]
    return F.cross_entropy(logits[:, :-1].reshape(-1, V), ids[:, 1:].reshape(-1))


def build(name, c):
    torch.manual_seed(SEEDS[name])
    weights = {}  # float32 masters, drawn in param_shapes order, then the input ids
    for pname, shape, kind in param_shapes(c):
        w = torch.randn(shape, dtype=torch.float32) * 0.1
        weights[pname] = w + 1.0 if kind == "norm_w" else w
    ids = torch.randint(0, c["vocab_size"], (BATCH, SEQ), dtype=torch.int64)

    p = {k: v.double().requires_grad_(True) for k, v in weights.items()}
    logits = forward(c, p, ids)
    loss = lm_loss(logits, ids)
    loss.backward()
    golden = {"golden.input_ids": ids, "golden.logits": logits.detach().float(),
              "golden.loss": loss.detach().float().reshape(1)}
    for g in GRAD_PARAMS:
        golden["golden.grad." + g] = p[g].grad.float()

    p = {k: v.double().requires_grad_(True) for k, v in weights.items()}
    opt = torch.optim.AdamW(list(p.values()), lr=OPTIM["lr"], betas=(OPTIM["beta1"], OPTIM["beta2"]),
                            eps=OPTIM["eps"], weight_decay=OPTIM["weight_decay"])
    losses = []
    for _ in range(OPTIM["steps"]):
        opt.zero_grad()
        l = lm_loss(forward(c, p, ids), ids)
        losses.append(l.item())
        l.backward()
        opt.step()
    golden["golden.train_losses"] = torch.tensor(losses, dtype=torch.float32)
    assert losses[0] == loss.item()

    metadata = {
        "model_config": json.dumps(c),
        "optimizer": json.dumps(OPTIM),
        "fixture": name,
        "seed": str(SEEDS[name]),
        "generator": "tests/golden/make_golden.py",
        "torch_version": torch.__version__,
        "reference_precision": "float64 compute on float32 weights, stored float32",
        "loss": "mean cross-entropy, logits[:, :-1] vs input_ids[:, 1:]",
    }
    return metadata, {**weights, **golden}


def write_pwbc(path, metadata, tensors):
    entries, blobs, off = [], [], 0
    for n, t in tensors.items():
        t = t.contiguous()
        dt, size = DTYPES[t.dtype]
        blob = t.numpy().astype(t.numpy().dtype.newbyteorder("<"), copy=False).tobytes()
        assert len(blob) == t.numel() * size
        entries.append({"name": n, "dtype": dt, "shape": list(t.shape), "offset": off,
                        "nbytes": len(blob)})
        blobs.append(blob)
        off += len(blob)
    header = json.dumps({"kind": "golden", "metadata": metadata, "tensors": entries}).encode()
    with open(path, "wb") as f:
        f.write(MAGIC + struct.pack("<IQ", VERSION, len(header)) + header + b"".join(blobs))


def read_pwbc(path):
    data = open(path, "rb").read()
    assert data[:8] == MAGIC
    version, n = struct.unpack_from("<IQ", data, 8)
    assert version == VERSION
    hdr = json.loads(data[20:20 + n].decode("utf-8"))
    base, expect, out = 20 + n, 0, {}
    for e in hdr["tensors"]:
        dt = {"F32": torch.float32, "I64": torch.int64}[e["dtype"]]
        assert e["offset"] == expect and e["nbytes"] == math.prod(e["shape"]) * DTYPES[dt][1]
        raw = bytearray(data[base + e["offset"]: base + e["offset"] + e["nbytes"]])
        out[e["name"]] = torch.frombuffer(raw, dtype=dt).reshape(e["shape"])
        expect += e["nbytes"]
    assert base + expect == len(data), "file must end after the last tensor"
    assert all(isinstance(v, str) for v in hdr["metadata"].values())
    return hdr, out, len(data)


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    for name, c in CONFIGS.items():
        metadata, tensors = build(name, c)
        path = os.path.join(OUT_DIR, name + ".pwbc")
        write_pwbc(path, metadata, tensors)
        hdr, back, size = read_pwbc(path)
        assert list(back) == list(tensors)
        assert all(torch.equal(back[k], v) for k, v in tensors.items())
        tl = back["golden.train_losses"].tolist()
        print(f"{name}: {size} bytes, {len(back)} tensors, "
              f"loss={back['golden.loss'].item():.7f}, train_losses={[round(x, 7) for x in tl]}")


if __name__ == "__main__":
    main()
