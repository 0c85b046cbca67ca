#!/usr/bin/env python3
"""Writes the bad safetensors files of this folder, one per rule of the format (and a pickle
file), so that they can be regenerated or extended. Standard library only. Run from anywhere:
    python3 tests/data/bad/checkpoint/make_bad_checkpoints.py
Each file breaks exactly one rule; expected.tsv holds the message each must produce."""
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def st(header, data=b"", length=None):
    """A safetensors file: u64 little-endian header length, the header, the data."""
    if not isinstance(header, bytes):
        header = json.dumps(header, separators=(",", ":")).encode("utf-8")
    return struct.pack("<Q", len(header) if length is None else length) + header + data


F8 = b"\x00" * 8  # two F32 zeros


def w(offsets=(0, 8), shape=(2,), dtype="F32"):
    return {"dtype": dtype, "shape": list(shape), "data_offsets": list(offsets)}


CASES = {
    "too_short.safetensors": b"\x01\x02\x03",
    "header_over_limit.safetensors": st(b"{}", length=100_000_000 + 1),  # 100 MB + 1
    "header_past_end.safetensors": st(b"{}", length=64),
    "header_not_utf8.safetensors": st(b'{"w\xff":{}}'),
    "header_not_json.safetensors": st(b'{"w": {"dtype": "F32",'),
    "header_array.safetensors": st(b"[1,2]"),
    "duplicate_tensor.safetensors": st(b'{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},'
                                       b'"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', F8),
    "duplicate_metadata.safetensors": st(b'{"__metadata__":{},"__metadata__":{},'
                                         b'"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', F8),
    "duplicate_entry_key.safetensors": st(b'{"w":{"dtype":"F32","dtype":"F32","shape":[2],"data_offsets":[0,8]}}', F8),
    "metadata_not_object.safetensors": st({"__metadata__": [1], "w": w()}, F8),
    "metadata_not_string.safetensors": st({"__metadata__": {"format": 1}, "w": w()}, F8),
    "entry_not_object.safetensors": st({"w": 5}),
    "dtype_not_string.safetensors": st({"w": {"dtype": 32, "shape": [2], "data_offsets": [0, 8]}}, F8),
    "unknown_dtype.safetensors": st({"w": w(dtype="F128")}, F8),
    "shape_not_array.safetensors": st({"w": {"dtype": "F32", "shape": 2, "data_offsets": [0, 8]}}, F8),
    "shape_negative.safetensors": st({"w": w(shape=(-2,))}, F8),
    "offsets_one_value.safetensors": st({"w": {"dtype": "F32", "shape": [2], "data_offsets": [0]}}, F8),
    "offsets_fraction.safetensors": st({"w": w(offsets=(0, 8.5))}, F8),
    "offsets_reversed.safetensors": st({"w": w(offsets=(8, 0))}, F8),
    "shape_product_overflow.safetensors": st({"w": w(shape=(2**32, 2**32, 2))}, F8),
    "bits_overflow.safetensors": st({"w": w(shape=(2**61,), dtype="F64")}, F8),
    "not_whole_bytes.safetensors": st({"w": w(shape=(3,), dtype="F4", offsets=(0, 1))}, b"\x00"),
    "size_mismatch.safetensors": st({"w": w(shape=(3,))}, F8),
    "first_not_at_zero.safetensors": st({"w": w(offsets=(8, 16))}, F8 + F8),
    "gap.safetensors": st({"a": w(), "b": w(offsets=(12, 20))}, F8 + b"\x00" * 12),
    "overlap.safetensors": st({"a": w(), "b": w(offsets=(4, 12))}, F8 + b"\x00" * 4),
    "truncated_data.safetensors": st({"a": w(), "b": w(offsets=(8, 16))}, F8 + b"\x00" * 3),
    "no_tensors_but_data.safetensors": st({}, F8),
    "trailing_bytes.safetensors": st({"w": w()}, F8 + b"\x00" * 4),
}

# A (harmless) pickle, protocol 2 as torch.save's legacy format writes: {"weight": None, "bias": None}.
# The bytes alone are enough for a reader to refuse it; nothing here unpickles it.
PICKLE = b"\x80\x02}q\x00(X\x06\x00\x00\x00weightq\x01NX\x04\x00\x00\x00biasq\x02Nu."

if __name__ == "__main__":
    for name, data in CASES.items():
        write(name, data)
    write("pickle_checkpoint.pwbc", PICKLE)  # pickle content behind our own extension
    os.makedirs(os.path.join(HERE, "pickle_only"), exist_ok=True)
    write(os.path.join("pickle_only", "pytorch_model.bin"), PICKLE)
    write(os.path.join("pickle_only", "config.json"),
          json.dumps({"model_type": "gpt2", "n_layer": 1, "n_embd": 8, "n_head": 2, "n_positions": 16,
                      "vocab_size": 16}, indent=1).encode() + b"\n")
