#!/usr/bin/python3
"""PyTorch-eager reference for the engine benchmark (PEFT Workbench, tests/bench).

Trains the same GPT-2-family model with the same method, batch and AdamW settings as the C++
engine, written the way a PyTorch user writes it (nn.Module, autograd, torch.optim.AdamW,
clip_grad_norm_), and prints one JSON line with its step times and peak RAM.

The benchmark (peftbench_bench) runs this once per configuration in a fresh process, passing the
configuration as JSON, so both sides read their shapes and settings from one place:

    /usr/bin/python3 tests/bench/pytorch_reference.py --spec '{"name": "a/full", ...}'

Run without --spec it benchmarks a small default (model (a), full fine-tuning) for a quick look.
Debian's python3-torch (installer/bootstrap.sh --bench) is the same LibTorch 1.13 the engine links.
"""
import argparse
import json
import math
import os
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

DEFAULT_SPEC = {
    "name": "a/full",
    "model": {"family": "gpt2", "vocab_size": 259, "context_length": 256, "d_model": 256,
              "n_layers": 4, "n_heads": 4, "n_kv_heads": 4, "head_dim": 64, "ffn_dim": 1024,
              "norm_eps": 1e-5, "rope_theta": 10000.0, "qkv_bias": True, "tied_head": True},
    "method": {"kind": "full", "lora": {"r": 8, "alpha": 16.0, "dropout": 0.05, "targets": ["q", "v"]},
               "prompt_tuning": {"num_virtual_tokens": 20}},
    "batch_size": 16, "seq_len": 128, "examples": 64, "warmup_steps": 3, "timed_steps": 10,
    "threads": 0, "seed": 42, "bos_id": 256, "token_range": 256,
    "optimizer": {"lr": 3e-4, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01,
                  "grad_clip": 1.0},
}


# --- memory: the same /proc/self/status numbers the engine's MemoryProbe reads ---------------

def status_bytes(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def reset_peak():
    # "5" resets VmHWM to the current RSS (Linux >= 4.0), exactly as MemoryProbe::resetPeak does.
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


# --- the model: GPT-2 family, same parameter layout as core/model -----------------------------

class LoraLinear(nn.Module):
    """W x + b + scale * B A dropout(x), as PEFT's LoRA Linear; the base layer is frozen."""

    def __init__(self, base, r, alpha, dropout):
        super().__init__()
        self.base = base
        self.dropout = dropout
        self.scale = alpha / r
        bound = 1.0 / math.sqrt(base.in_features)  # kaiming_uniform(a=sqrt(5)) of [r, in]
        self.A = nn.Parameter(torch.empty(r, base.in_features).uniform_(-bound, bound))
        self.B = nn.Parameter(torch.zeros(base.out_features, r))

    def forward(self, x):
        out = self.base(x)
        h = F.dropout(x, self.dropout, self.training) if self.dropout > 0 else x
        return out + F.linear(F.linear(h, self.A), self.B) * self.scale


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        d, h, hd = c["d_model"], c["n_heads"], c["head_dim"]
        self.n_heads, self.head_dim = h, hd
        self.q = nn.Linear(d, h * hd)
        self.k = nn.Linear(d, h * hd)
        self.v = nn.Linear(d, h * hd)
        self.o = nn.Linear(h * hd, d)

    def forward(self, x):
        B, T, _ = x.shape
        q = self.q(x).view(B, T, self.n_heads, self.head_dim).transpose(1, 2)
        k = self.k(x).view(B, T, self.n_heads, self.head_dim).transpose(1, 2)
        v = self.v(x).view(B, T, self.n_heads, self.head_dim).transpose(1, 2)
        causal = torch.ones(T, T, dtype=torch.bool, device=x.device).triu(1)
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(self.head_dim))
        att = torch.softmax(scores.masked_fill(causal, float("-inf")), dim=-1)
        return self.o((att @ v).transpose(1, 2).reshape(B, T, self.n_heads * self.head_dim))


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.norm1 = nn.LayerNorm(c["d_model"], eps=c["norm_eps"])
        self.attn = Attention(c)
        self.norm2 = nn.LayerNorm(c["d_model"], eps=c["norm_eps"])
        self.up = nn.Linear(c["d_model"], c["ffn_dim"])
        self.down = nn.Linear(c["ffn_dim"], c["d_model"])

    def forward(self, h):
        h = h + self.attn(self.norm1(h))
        return h + self.down(F.gelu(self.up(self.norm2(h)), approximate="tanh"))


class Gpt2(nn.Module):
    def __init__(self, c):
        super().__init__()
        if c["family"] != "gpt2" or not c["tied_head"] or c["n_kv_heads"] != c["n_heads"]:
            raise ValueError("the reference implements the GPT-2 family with a tied head only")
        self.tok_emb = nn.Embedding(c["vocab_size"], c["d_model"])
        self.pos_emb = nn.Embedding(c["context_length"], c["d_model"])
        self.blocks = nn.ModuleList(Block(c) for _ in range(c["n_layers"]))
        self.final_norm = nn.LayerNorm(c["d_model"], eps=c["norm_eps"])
        self.init_gpt2(c["n_layers"])

    @torch.no_grad()
    def init_gpt2(self, n_layers):
        # Transformer::initializeWeights: N(0, 0.02), residual projections 0.02/sqrt(2L),
        # positions 0.01, zero biases, unit norm weights.
        residual_std = 0.02 / math.sqrt(2.0 * n_layers)
        for name, p in self.named_parameters():
            if "norm" in name:
                p.fill_(0.0 if name.endswith(".bias") else 1.0)
            elif name.endswith(".bias"):
                p.zero_()
            elif name.startswith("pos_emb"):
                p.normal_(0.0, 0.01)
            elif ".attn.o." in name or ".down." in name:
                p.normal_(0.0, residual_std)
            else:
                p.normal_(0.0, 0.02)

    def forward_embeddings(self, x):
        h = x + self.pos_emb.weight[: x.shape[1]]
        for block in self.blocks:
            h = block(h)
        return F.linear(self.final_norm(h), self.tok_emb.weight)


# --- the methods: the same three as core/methods --------------------------------------------

def apply_method(model, m):
    """Returns (trainable parameters, logits function ids -> [B, T, V])."""
    kind = m["kind"]
    if kind == "full":
        return list(model.parameters()), lambda ids: model.forward_embeddings(model.tok_emb(ids))
    for p in model.parameters():
        p.requires_grad_(False)
    if kind == "lora":
        s = m["lora"]
        trainable = []
        for block in model.blocks:
            for target in s["targets"]:
                owner = block.attn if target in ("q", "k", "v", "o") else block
                lora = LoraLinear(getattr(owner, target), s["r"], s["alpha"], s["dropout"])
                setattr(owner, target, lora)
                trainable += [lora.A, lora.B]
        return trainable, lambda ids: model.forward_embeddings(model.tok_emb(ids))
    if kind == "prompt_tuning":
        n = m["prompt_tuning"]["num_virtual_tokens"]
        table = model.tok_emb.weight
        prompt = nn.Parameter(table[torch.randint(0, table.shape[0], (n,))].detach().clone())

        def logits(ids):
            B, T = ids.shape
            x = torch.cat([prompt.unsqueeze(0).expand(B, n, prompt.shape[1]), model.tok_emb(ids)], 1)
            return model.forward_embeddings(x)[:, n:]
        return [prompt], logits
    raise ValueError(f"unknown method {kind!r}")


def run(spec):
    threads = spec["threads"] or os.cpu_count()
    torch.set_num_threads(threads)
    torch.set_flush_denormal(True)
    torch.manual_seed(spec["seed"])

    # Random token sequences: bos + seq_len tokens, every position but the first a target.
    B, T, n_examples = spec["batch_size"], spec["seq_len"], spec["examples"]
    data = torch.randint(0, spec["token_range"], (n_examples, T + 1))
    if spec.get("bos_id") is not None:
        data[:, 0] = spec["bos_id"]

    baseline = status_bytes("VmRSS")
    reset_peak()
    model = Gpt2(spec["model"])
    model.train()
    trainable, logits_of = apply_method(model, spec["method"])
    o = spec["optimizer"]
    optimizer = torch.optim.AdamW(trainable, lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"],
                                  weight_decay=o["weight_decay"])
    total = sum(p.numel() for p in model.parameters())
    if spec["method"]["kind"] == "prompt_tuning":
        total += sum(p.numel() for p in trainable)
    n_trainable = sum(p.numel() for p in trainable)

    order = torch.randperm(n_examples)
    position = 0
    step_seconds, losses, cpu_after_step, faults_after_step = [], [], [], []
    for _ in range(spec["warmup_steps"] + spec["timed_steps"]):
        start = time.perf_counter()
        if position + B > n_examples:
            order, position = torch.randperm(n_examples), 0
        rows = data[order[position:position + B]]
        position += B
        inputs, targets = rows[:, :-1], rows[:, 1:]
        mask = torch.ones(B, T)
        optimizer.zero_grad()
        logits = logits_of(inputs)
        nll = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction="none")
        summed = (nll * mask.reshape(-1)).sum()
        (summed / (B * T)).backward()
        losses.append(summed.item() / (B * T))
        torch.nn.utils.clip_grad_norm_(trainable, o["grad_clip"])
        optimizer.step()
        step_seconds.append(time.perf_counter() - start)
        usage = resource.getrusage(resource.RUSAGE_SELF)  # the whole process: every OpenMP thread
        cpu_after_step.append(usage.ru_utime + usage.ru_stime)
        faults_after_step.append(usage.ru_minflt)

    # The bench recomputes every derived figure from the per-step lists; these are for reading.
    median = statistics.median(step_seconds[spec["warmup_steps"]:] or step_seconds)
    return {
        "side": "pytorch",
        "name": spec["name"],
        "ok": True,
        "torch_version": torch.__version__,
        "threads": torch.get_num_threads(),
        "step_seconds": step_seconds,
        "cpu_seconds_after_step": cpu_after_step,
        "minor_faults_after_step": faults_after_step,
        "warmup_steps": spec["warmup_steps"],
        "median_step_seconds": median,
        "tokens_per_step": B * T,
        "tokens_per_second": B * T / median,
        "peak_rss_bytes": status_bytes("VmHWM"),
        "baseline_rss_bytes": baseline,
        "total_params": total,
        "trainable_params": n_trainable,
        "first_loss": losses[0],
        "last_loss": losses[-1],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", help="the benchmark configuration as JSON (default: a small built-in one)")
    args = parser.parse_args()
    spec = json.loads(args.spec) if args.spec else DEFAULT_SPEC
    try:
        result = run(spec)
    except Exception as e:  # report, never a traceback the bench cannot parse
        result = {"side": "pytorch", "name": spec.get("name", "?"), "ok": False, "error": f"{type(e).__name__}: {e}"}
    print(json.dumps(result), flush=True)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
