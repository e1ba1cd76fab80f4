"""Classic multi-head attention mistakes, one function per mistake id in kata.yaml; one bug each."""

import numpy as np


def _mha(x, w_qkv, b_qkv, w_o, b_o, num_heads, causal, *, split="heads_first", merge="heads_first",
         scale_dim="head", allowed="tril", order="qkv", project="w_o"):
    x = np.asarray(x, dtype=np.float64)
    B, L, D = x.shape
    H = int(num_heads)
    dh = D // H
    qkv = x @ w_qkv + b_qkv
    a, b, c = np.split(qkv, 3, axis=-1)
    q, k, v = (b, a, c) if order == "kqv" else (a, b, c)

    def heads(t):
        if split == "size_first":
            return t.reshape(B, L, dh, H).transpose(0, 3, 1, 2)  # head h gets columns h, h+H, h+2H, ...
        return t.reshape(B, L, H, dh).transpose(0, 2, 1, 3)

    q, k, v = heads(q), heads(k), heads(v)
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(D if scale_dim == "model" else dh)
    if causal:
        mask = {"tril": np.tril(np.ones((L, L), dtype=bool)), "triu": np.triu(np.ones((L, L), dtype=bool)),
                "strict": np.tril(np.ones((L, L), dtype=bool), k=-1)}[allowed]
        scores = np.where(mask, scores, -np.inf)
    with np.errstate(invalid="ignore"):
        scores = scores - scores.max(axis=-1, keepdims=True)
        e = np.exp(scores)
        weights = e / e.sum(axis=-1, keepdims=True)
        per_head = weights @ v  # (B, H, L, dh)
    if merge == "size_first":
        concat = per_head.transpose(0, 2, 3, 1).reshape(B, L, D)
    else:
        concat = per_head.transpose(0, 2, 1, 3).reshape(B, L, D)
    if project == "none":
        return concat
    return concat @ (w_o.T if project == "w_o.T" else w_o) + b_o


def heads_split_interleaved(x, w_qkv, b_qkv, w_o, b_o, num_heads, causal=False):
    return _mha(x, w_qkv, b_qkv, w_o, b_o, num_heads, causal, split="size_first", merge="size_first")


def scaled_by_model_dim(x, w_qkv, b_qkv, w_o, b_o, num_heads, causal=False):
    return _mha(x, w_qkv, b_qkv, w_o, b_o, num_heads, causal, scale_dim="model")


def causal_allows_future(x, w_qkv, b_qkv, w_o, b_o, num_heads, causal=False):
    return _mha(x, w_qkv, b_qkv, w_o, b_o, num_heads, causal, allowed="triu")


def causal_excludes_self(x, w_qkv, b_qkv, w_o, b_o, num_heads, causal=False):
    return _mha(x, w_qkv, b_qkv, w_o, b_o, num_heads, causal, allowed="strict")


def qkv_split_order(x, w_qkv, b_qkv, w_o, b_o, num_heads, causal=False):
    return _mha(x, w_qkv, b_qkv, w_o, b_o, num_heads, causal, order="kqv")


def no_output_projection(x, w_qkv, b_qkv, w_o, b_o, num_heads, causal=False):
    return _mha(x, w_qkv, b_qkv, w_o, b_o, num_heads, causal, project="none")


def output_projection_transposed(x, w_qkv, b_qkv, w_o, b_o, num_heads, causal=False):
    return _mha(x, w_qkv, b_qkv, w_o, b_o, num_heads, causal, project="w_o.T")


def heads_merged_interleaved(x, w_qkv, b_qkv, w_o, b_o, num_heads, causal=False):
    return _mha(x, w_qkv, b_qkv, w_o, b_o, num_heads, causal, merge="size_first")
