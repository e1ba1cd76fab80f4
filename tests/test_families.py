"""Each generated family's answer re-derived independently (simulation, brute force, or numpy)."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from dlprep.deck.families import FAMILIES, generate

SEEDS = range(40)


def _all(name):
    return [generate(name, random.Random(seed)) for seed in SEEDS]


def test_at_least_ten_families():
    assert len(FAMILIES) >= 10


@pytest.mark.parametrize("name", FAMILIES)
def test_every_family_is_bilingual_and_varies(name):
    problems = _all(name)
    for g in problems:
        assert g.prompt["en"] and g.prompt["zh"] and g.solution["en"] and g.solution["zh"]
        assert math.isfinite(g.value) and g.tolerance >= 0
    assert len({g.prompt["en"] for g in problems}) > 5  # new numbers every time


def test_conv_output_counts_window_positions():
    for g in _all("conv_output"):
        p = g.params
        padded = p["h"] + 2 * p["p"]
        span = p["d"] * (p["k"] - 1) + 1
        positions = [i for i in range(0, padded, p["s"]) if i + span <= padded]
        assert g.value == len(positions)


def test_transposed_conv_output_by_scattering():
    for g in _all("transposed_conv_output"):
        p = g.params
        full = np.zeros(p["h"] * p["s"] + p["k"] + p["s"])
        last = 0
        for i in range(p["h"]):
            full[i * p["s"]: i * p["s"] + p["k"]] += 1
            last = i * p["s"] + p["k"]
        length = last + p["op"] - 2 * p["p"]
        assert g.value == length


def test_receptive_field_by_back_propagating_indices():
    for g in _all("receptive_field"):
        touched = {0}
        for k, s, d in reversed(g.params["layers"]):
            touched = {i * s + j * d for i in touched for j in range(k)}
        assert g.value == max(touched) - min(touched) + 1


def test_conv_cost_by_building_the_tensors():
    for g in _all("conv_cost"):
        p = g.params
        weight = np.empty((p["cout"], p["cin"], p["k"], p["k"]))
        if p["ask"] == "params":
            assert g.value == weight.size + (p["cout"] if p["bias"] else 0)
        else:
            out = np.empty((p["cout"], p["hw"], p["hw"]))
            assert g.value == out.size * weight[0].size


def test_depthwise_separable_ratio_from_counted_weights():
    for g in _all("depthwise_separable"):
        p = g.params
        standard = np.empty((p["cout"], p["cin"], p["k"], p["k"])).size
        separable = np.empty((p["cin"], 1, p["k"], p["k"])).size + np.empty((p["cout"], p["cin"], 1, 1)).size
        assert g.value == pytest.approx(separable / standard, abs=1e-12)


def test_iou_by_rasterising_unit_cells():
    for g in _all("iou"):
        grid_a, grid_b = np.zeros((20, 20), bool), np.zeros((20, 20), bool)
        (ax1, ay1, ax2, ay2), (bx1, by1, bx2, by2) = g.params["a"], g.params["b"]
        grid_a[ay1:ay2, ax1:ax2] = True
        grid_b[by1:by2, bx1:bx2] = True
        assert g.value == pytest.approx((grid_a & grid_b).sum() / (grid_a | grid_b).sum(), abs=1e-12)


def test_precision_recall_f1_from_label_arrays():
    for g in _all("precision_recall_f1"):
        p = g.params
        truth = np.array([1] * p["tp"] + [0] * p["fp"] + [1] * p["fn"])
        pred = np.array([1] * p["tp"] + [1] * p["fp"] + [0] * p["fn"])
        tp = np.sum((truth == 1) & (pred == 1))
        precision = tp / pred.sum()
        recall = tp / truth.sum()
        f1 = 2 * precision * recall / (precision + recall)
        assert g.value == pytest.approx({"precision": precision, "recall": recall, "f1": f1}[p["ask"]], abs=1e-12)


def test_information_with_numpy():
    for g in _all("information"):
        p, q = np.array(g.params["p"]), np.array(g.params["q"])
        log = np.log2 if g.params["base"] == 2 else np.log
        expected = {"entropy": -np.sum(p * log(p)), "cross_entropy": -np.sum(p * log(q)),
                    "kl": np.sum(p * log(p / q))}[g.params["ask"]]
        assert g.value == pytest.approx(expected, abs=1e-12)


def test_softmax_without_the_max_shift():
    for g in _all("softmax"):
        z = np.array(g.params["z"], dtype=float)
        assert g.value == pytest.approx((np.exp(z) / np.exp(z).sum())[g.params["i"]], abs=1e-12)


def test_sigmoid_derivative_by_finite_differences():
    sig = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731
    for g in _all("sigmoid_derivative"):
        x, h = g.params["x"], 1e-5
        assert g.value == pytest.approx((sig(x + h) - sig(x - h)) / (2 * h), abs=1e-8)


def test_adam_first_step_by_running_adam():
    for g in _all("adam_first_step"):
        p = g.params
        theta, m, v = np.array([p["theta"]]), np.zeros(1), np.zeros(1)
        grad, t = np.array([p["g"]]), 1
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        theta = theta - p["lr"] * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
        assert g.value == pytest.approx(theta[0], abs=1e-12)


def test_bn_params_by_building_layers():
    for g in _all("bn_params"):
        layers = [{"weight": np.ones(c), "bias": np.zeros(c), "running_mean": np.zeros(c), "running_var": np.ones(c)}
                  for c in g.params["channels"]]
        keys = ("weight", "bias") if g.params["ask"] == "learnable" else ("running_mean", "running_var")
        assert g.value == sum(layer[k].size for layer in layers for k in keys)


# ---------------------------------------------------------------------------------------------------------------
# The families below are checked against a second derivation written differently from the family's own code. The
# goldens pin those derivations to the library that defines each quantity: the values were computed once with
# torch 2.14, torchvision 0.29 and scikit-learn 1.9 (the call is in the comment); the libraries are not imported here.


def _close(value, expected):
    return value == pytest.approx(expected, abs=1e-9)


def _ap_threshold_sweep(scores, labels):
    """AP as sklearn defines it: walk the distinct thresholds from the top, Σ (R_n − R_{n−1})·P_n."""
    scores, labels = np.asarray(scores, float), np.asarray(labels, int)
    ap, last_recall = 0.0, 0.0
    for t in np.unique(scores)[::-1]:
        predicted = scores >= t
        tp = np.sum(predicted & (labels == 1))
        recall, precision = tp / labels.sum(), tp / predicted.sum()
        ap += (recall - last_recall) * precision
        last_recall = recall
    return ap


AP_GOLDENS = [  # sklearn.metrics.average_precision_score(labels, scores)
    ([0.84, 0.79, 0.69, 0.41, 0.37, 0.32, 0.22, 0.17], [0, 1, 1, 0, 1, 0, 1, 1], 0.5926190476190476),
    ([0.67, 0.54, 0.53, 0.31, 0.17, 0.08], [0, 0, 1, 1, 0, 1], 0.4444444444444445),
    ([0.74, 0.70, 0.69, 0.61, 0.52, 0.39, 0.09], [0, 0, 0, 1, 1, 1, 0], 0.38333333333333336),
    ([0.9, 0.8, 0.8, 0.3, 0.2], [1, 0, 1, 1, 0], 0.8055555555555556),  # a tie: one threshold for both 0.8s
]


@pytest.mark.parametrize(("scores", "labels", "expected"), AP_GOLDENS)
def test_ap_sweep_matches_sklearn(scores, labels, expected):
    assert _close(_ap_threshold_sweep(scores, labels), expected)


def test_average_precision_by_sweeping_thresholds():
    for g in _all("average_precision"):
        assert _close(g.value, _ap_threshold_sweep(g.params["scores"], g.params["labels"]))
        assert g.value < 1


def _auc_trapezoid(scores, labels):
    """Area under the ROC curve through every distinct threshold, by the trapezoid rule."""
    scores, labels = np.asarray(scores, float), np.asarray(labels, int)
    fpr, tpr = [0.0], [0.0]
    for t in np.unique(scores)[::-1]:
        predicted = scores >= t
        tpr.append(np.sum(predicted & (labels == 1)) / np.sum(labels == 1))
        fpr.append(np.sum(predicted & (labels == 0)) / np.sum(labels == 0))
    fpr, tpr = np.array(fpr), np.array(tpr)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


AUC_GOLDENS = [  # sklearn.metrics.roc_auc_score(labels, scores)
    ([0.4, 0.5, 0.7, 0.3, 0.6], [1, 0, 1, 0, 1], 0.8333333333333333),
    ([0.7, 0.8, 0.8, 0.4, 0.8, 0.2], [0, 0, 1, 0, 0, 1], 0.375),
    ([0.1, 0.7, 0.9, 0.6, 0.8, 0.5, 0.6, 0.1, 0.7], [1, 0, 1, 0, 0, 1, 0, 1, 0], 0.25),
    ([0.2, 0.6, 0.5, 0.8, 0.1, 0.9, 0.8], [1, 1, 0, 0, 1, 0, 1], 0.20833333333333334),
]


@pytest.mark.parametrize(("scores", "labels", "expected"), AUC_GOLDENS)
def test_auc_trapezoid_matches_sklearn(scores, labels, expected):
    assert _close(_auc_trapezoid(scores, labels), expected)


def test_roc_auc_by_the_trapezoid_rule():
    problems = _all("roc_auc")
    for g in problems:
        assert _close(g.value, _auc_trapezoid(g.params["scores"], g.params["labels"]))
        assert 0 < g.value < 1 and g.value != 0.5
    assert sum(_has_cross_tie(g) for g in problems) >= 10  # ties do come up


def _has_cross_tie(g):
    s, y = np.array(g.params["scores"]), np.array(g.params["labels"])
    return bool(np.intersect1d(s[y == 1], s[y == 0]).size)


def _ce_with_target(z, y, s):
    z = np.asarray(z, float)
    p = np.exp(z) / np.exp(z).sum()
    target = (1 - s) * np.eye(len(z))[y] + s / len(z)
    return float(-(target * np.log(p)).sum())


CE_GOLDENS = [  # torch.nn.functional.cross_entropy(logits[None], tensor([y]), label_smoothing=s), float64
    ([1.5, -2, 0.5, 3], 3, 0.1, 0.4965169473308413),
    ([-1, 0.5, -1], 1, 0.1, 0.4689811354013155),
    ([-1, -1, 1], 0, 0.1, 2.172878099555218),
    ([3, -0.5, 1], 2, 0.1, 2.1365115404556216),
]


@pytest.mark.parametrize(("z", "y", "s", "expected"), CE_GOLDENS)
def test_ce_target_form_matches_torch(z, y, s, expected):
    assert _close(_ce_with_target(z, y, s), expected)


def test_cross_entropy_against_an_explicit_target_distribution():
    for g in _all("cross_entropy"):
        assert _close(g.value, _ce_with_target(g.params["z"], g.params["y"], g.params["s"]))


def _focal(x, t, alpha, gamma):
    """Via log-sigmoid: BCE-with-logits = log(1 + e^x) − t·x."""
    bce = np.logaddexp(0.0, x) - t * x
    p_t = np.exp(-bce)  # the probability given to the true label
    return float((alpha * t + (1 - alpha) * (1 - t)) * (1 - p_t) ** gamma * bce)


FOCAL_GOLDENS = [  # torchvision.ops.sigmoid_focal_loss(tensor([x]), tensor([t]), alpha, gamma, reduction="none")
    (0.5, 1, 0.25, 2, 0.016893372629375906),
    (-1.5, 0, 0.25, 0.5, 0.06451967364743712),
    (-1.5, 1, 0.25, 3, 0.2324512044329701),
    (1, 0, 0.75, 0.5, 0.28071613264005035),
]


@pytest.mark.parametrize(("x", "t", "alpha", "gamma", "expected"), FOCAL_GOLDENS)
def test_focal_via_log_sigmoid_matches_torchvision(x, t, alpha, gamma, expected):
    assert _close(_focal(x, t, alpha, gamma), expected)


def test_focal_loss_via_log_sigmoid():
    for g in _all("focal_loss"):
        p = g.params
        assert _close(g.value, _focal(p["x"], p["t"], p["alpha"], p["gamma"]))


def _smooth_l1(pred, target, beta):
    d = np.abs(np.asarray(pred, float) - np.asarray(target, float))
    return float(np.mean(np.where(d < beta, 0.5 * d ** 2 / beta, d - 0.5 * beta)))


SMOOTH_L1_GOLDENS = [  # torch.nn.functional.smooth_l1_loss(pred, target, beta=beta), mean reduction
    ([3.5, -0.2, -1.8], [0.5, 0, -1], 1.0, 0.9466666666666667),
    ([-0.5, 2, 2.5, -1.4], [2, -1, 0.5, -1], 1.0, 1.52),
    ([-1.2, 3.5, -0.4], [-1, 0.5, 0], 0.5, 0.9833333333333334),
    ([3.2, 2, 3, 2.6], [2, 0, 0, 3], 1.0, 1.195),
]


@pytest.mark.parametrize(("pred", "target", "beta", "expected"), SMOOTH_L1_GOLDENS)
def test_smooth_l1_vectorised_matches_torch(pred, target, beta, expected):
    assert _close(_smooth_l1(pred, target, beta), expected)


def test_smooth_l1_vectorised():
    for g in _all("smooth_l1"):
        p = g.params
        assert _close(g.value, _smooth_l1(p["pred"], p["target"], p["beta"]))


def _encoder_layer_shapes(d, ff):
    """The parameter tensors of torch.nn.TransformerEncoderLayer(d, nhead, ff), by name."""
    return {"self_attn.in_proj_weight": (3 * d, d), "self_attn.in_proj_bias": (3 * d,),
            "self_attn.out_proj.weight": (d, d), "self_attn.out_proj.bias": (d,),
            "linear1.weight": (ff, d), "linear1.bias": (ff,), "linear2.weight": (d, ff), "linear2.bias": (d,),
            "norm1.weight": (d,), "norm1.bias": (d,), "norm2.weight": (d,), "norm2.bias": (d,)}


def _count(shapes):
    return sum(np.empty(shape).size for shape in shapes.values())


# sum(p.numel() for p in torch.nn.TransformerEncoderLayer(d, h, ff).parameters())
@pytest.mark.parametrize(("d", "ff", "expected"), [(512, 2048, 3152384), (256, 1024, 789760), (768, 3072, 7087872),
                                                   (384, 1536, 1774464)])
def test_encoder_layer_shapes_match_torch(d, ff, expected):
    assert _count(_encoder_layer_shapes(d, ff)) == expected


def test_transformer_params_by_listing_the_tensors():
    for g in _all("transformer_params"):
        assert g.value == _count(_encoder_layer_shapes(g.params["d"], g.params["ff"]))


def _matmul_macs(shapes):
    return sum(m * k * n for m, k, n in shapes)


def test_transformer_flops_by_listing_every_matmul_per_head():
    for g in _all("transformer_flops"):
        p = g.params
        L, d, h, ff = p["L"], p["d"], p["h"], p["ff"]
        dh = d // h
        shapes = [(L, dh, L)] * h + [(L, L, dh)] * h  # QKᵀ and A·V, head by head
        if p["scope"] == "block":
            shapes += [(L, d, dh)] * (3 * h)  # Q, K, V projections, one head's columns at a time
            shapes += [(L, d, d), (L, d, ff), (L, ff, d)]  # output projection and the FFN
        macs = _matmul_macs(shapes)
        assert g.value == (macs if p["unit"] == "MACs" else 2 * macs)


def _lstm_shapes(i, h, layers, torch_biases):
    shapes = {}
    for k in range(layers):
        inp = i if k == 0 else h
        shapes[f"weight_ih_l{k}"], shapes[f"weight_hh_l{k}"] = (4 * h, inp), (4 * h, h)
        if torch_biases:
            shapes[f"bias_ih_l{k}"], shapes[f"bias_hh_l{k}"] = (4 * h,), (4 * h,)
        else:
            shapes[f"bias_l{k}"] = (4 * h,)
    return shapes


# sum(p.numel() for p in torch.nn.LSTM(i, h, num_layers=layers).parameters())
@pytest.mark.parametrize(("i", "h", "layers", "expected"), [(32, 256, 1, 296960), (300, 32, 1, 42752),
                                                            (64, 128, 2, 231424), (100, 100, 2, 161600)])
def test_lstm_shapes_match_torch(i, h, layers, expected):
    assert _count(_lstm_shapes(i, h, layers, True)) == expected


def test_lstm_params_by_listing_the_tensors():
    for g in _all("lstm_params"):
        p = g.params
        assert g.value == _count(_lstm_shapes(p["i"], p["h"], p["layers"], p["torch_biases"]))


def _grouped_conv_count(cin, cout, k, groups, bias):
    """Count the connections of the block-diagonal (C_out, C_in) channel mask, times k², plus biases."""
    out_group = np.arange(cout) // (cout // groups)
    in_group = np.arange(cin) // (cin // groups)
    mask = out_group[:, None] == in_group[None, :]
    return int(mask.sum()) * k * k + (cout if bias else 0)


# sum(p.numel() for p in torch.nn.Conv2d(cin, cout, k, groups=groups, bias=bias).parameters())
@pytest.mark.parametrize(("cin", "cout", "k", "groups", "bias", "expected"), [
    (32, 192, 3, 16, False, 3456), (96, 96, 3, 32, True, 2688), (32, 32, 3, 32, True, 320), (64, 128, 5, 4, True, 51328)])
def test_grouped_conv_mask_matches_torch(cin, cout, k, groups, bias, expected):
    assert _grouped_conv_count(cin, cout, k, groups, bias) == expected


def test_group_conv_params_by_the_connection_mask():
    for g in _all("group_conv_params"):
        p = g.params
        assert g.value == _grouped_conv_count(p["cin"], p["cout"], p["k"], p["g"], p["bias"])


def _pool_windows(h, k, s, p, ceil_mode):
    """Slide the window over the padded input and count the positions PyTorch keeps.

    Floor mode keeps windows that fit in the padded input. Ceil mode adds a window as long as the previous one has
    not yet reached the last padded element, but never one that would start in the right padding."""
    padded, count, start = h + 2 * p, 0, 0
    while True:
        if ceil_mode:
            if count and start - s + k >= padded:  # the previous window already reached the end
                break
            if start >= h + p:  # would start in the right padding
                break
        elif start + k > padded:
            break
        count += 1
        start += s
    return count


# torch.nn.functional.max_pool2d(torch.zeros(1, 1, h, h), k, s, p, ceil_mode=ceil_mode).shape[-1]
@pytest.mark.parametrize(("h", "k", "s", "p", "ceil_mode", "expected"), [
    (31, 2, 2, 1, True, 16), (33, 3, 3, 1, True, 12), (32, 5, 2, 2, False, 16), (9, 4, 2, 1, True, 5),
    (5, 2, 2, 1, True, 3), (6, 2, 3, 0, True, 2), (10, 3, 2, 1, True, 6)])
def test_pool_window_simulation_matches_torch(h, k, s, p, ceil_mode, expected):
    assert _pool_windows(h, k, s, p, ceil_mode) == expected


def test_pool_output_ceil_by_sliding_windows():
    problems = _all("pool_output_ceil")
    for g in problems:
        p = g.params
        assert g.value == _pool_windows(p["h"], p["k"], p["s"], p["p"], p["ceil_mode"])
    # the interesting cases all come up: floor mode, ceil mode, and ceil mode losing its last window
    dropped = [g for g in problems if g.params["ceil_mode"] and
               g.value < _pool_windows(g.params["h"] + g.params["s"], g.params["k"], g.params["s"], g.params["p"], False)]
    assert any(not g.params["ceil_mode"] for g in problems) and len(dropped) >= 5


def _giou_by_rasterising(a, b):
    """Half-unit cells: count the cells of A, B, A ∪ B and of the box spanning every covered cell."""
    grid_a, grid_b = np.zeros((60, 60), bool), np.zeros((60, 60), bool)
    for grid, (x1, y1, x2, y2) in ((grid_a, a), (grid_b, b)):
        grid[int(2 * y1):int(2 * y2), int(2 * x1):int(2 * x2)] = True
    union = grid_a | grid_b
    rows, cols = np.nonzero(union.any(axis=1))[0], np.nonzero(union.any(axis=0))[0]
    enclosing = (rows[-1] - rows[0] + 1) * (cols[-1] - cols[0] + 1)
    return (grid_a & grid_b).sum() / union.sum() - (enclosing - union.sum()) / enclosing


GIOU_GOLDENS = [  # torchvision.ops.generalized_box_iou(tensor([a]), tensor([b]))
    ((6.5, 0.5, 9.0, 5.0), (7.5, 6.0, 10.0, 10.0), -0.3609022556390977),
    ((3.5, 6.0, 8.0, 9.0), (5.5, 7.0, 8.0, 12.5), -0.014597138192643827),
    ((0.5, 1.0, 1.5, 4.0), (2.5, 4.5, 5.0, 9.5), -0.5947712418300654),
    ((3.5, 3.0, 9.5, 7.0), (7.5, 6.0, 13.0, 7.5), -0.2262819583393746),
]


@pytest.mark.parametrize(("a", "b", "expected"), GIOU_GOLDENS)
def test_giou_raster_matches_torchvision(a, b, expected):
    assert _close(_giou_by_rasterising(a, b), expected)


def test_giou_by_rasterising_half_cells():
    problems = _all("giou")
    for g in problems:
        assert _close(g.value, _giou_by_rasterising(g.params["a"], g.params["b"]))
    assert any(g.value < 0 for g in problems) and any(g.value > 0 for g in problems)


def test_model_size_from_dtype_widths():
    widths = {"fp32": np.dtype(np.float32).itemsize, "fp16": np.dtype(np.float16).itemsize,
              "bf16": np.dtype(np.uint16).itemsize, "int8": np.dtype(np.int8).itemsize}
    for g in _all("model_size_mb"):
        p = g.params
        if p["ask"] == "adam":  # weight, gradient, exp_avg, exp_avg_sq: four fp32 tensors the size of the weights
            per = 4 * widths["fp32"]
        else:
            dtype = next(d for d in widths if f"in {d} " in g.prompt["en"])
            per = widths[dtype]
        unit = 1 << (20 if p["unit"] == "MiB" else 30)
        assert _close(g.value, p["n"] * per / unit)


def test_model_size_golden():
    # Half-precision ResNet-50: sum(t.numel() * t.element_size() for t in resnet50().half().parameters()) / 2**20
    g = next(g for g in _all("model_size_mb") if g.params["n"] == 25_557_032 and g.params["per"] == 2)
    assert _close(g.value, 48.74617004394531)


def _bn_train(x, gamma, beta, eps):
    x = np.asarray(x, float)[:, None]  # a batch of N samples with one feature
    mean = x.mean(axis=0)
    var = ((x - mean) ** 2).mean(axis=0)  # biased, as the forward pass uses
    return (gamma * (x - mean) / np.sqrt(var + eps) + beta)[:, 0]


BN_GOLDENS = [  # torch.nn.BatchNorm1d(1, eps) in train(), weight = γ, bias = β, float64; output of element j
    ([3, -3, 1, 5], 3, 2, 0, 1e-5, 2.366430560994198),
    ([6, -2, 1], 0, 2, 0.5, 1e-5, 3.126395409838133),
    ([-2, -2, 2], 0, 1.5, 0, 1e-3, -1.0605110478982462),
    ([6, 5, -1], 1, -1, 0.5, 1e-3, -0.03913565616856113),
]


@pytest.mark.parametrize(("x", "j", "gamma", "beta", "eps", "expected"), BN_GOLDENS)
def test_bn_batch_matches_torch(x, j, gamma, beta, eps, expected):
    assert _close(_bn_train(x, gamma, beta, eps)[j], expected)


def test_bn_forward_on_the_whole_batch():
    for g in _all("bn_forward"):
        p = g.params
        assert _close(g.value, _bn_train(p["x"], p["gamma"], p["beta"], p["eps"])[p["j"]])


def _schedule_by_recurrence(base, floor, warm, total, t):
    """Step the schedule one step at a time: warm-up adds base/W per step; the cosine phase uses the recursive
    form that torch's CosineAnnealingLR applies, lr ← min + (lr − min)(1 + cos(π(k+1)/N))/(1 + cos(πk/N))."""
    if t < warm:
        lr = 0.0
        for _ in range(t):
            lr += base / warm
        return lr
    lr, n = base, total - warm
    for k in range(t - warm):
        lr = floor + (lr - floor) * (1 + math.cos(math.pi * (k + 1) / n)) / (1 + math.cos(math.pi * k / n))
    return lr


COSINE_GOLDENS = [  # SGD(lr=base) + CosineAnnealingLR(T_max=T − W, eta_min=min), stepped t − W times
    (0.05, 0.005, 20, 300, 176, 0.02348246986703064),
    (0.2, 0.0, 10, 300, 205, 0.04844461428229793),
    (1.0, 0.01, 2000, 50000, 36737, 0.18507797377868945),
    (0.05, 0.0005, 5, 50, 35, 0.012875000000000008),
]


@pytest.mark.parametrize(("base", "floor", "warm", "total", "t", "expected"), COSINE_GOLDENS)
def test_schedule_recurrence_matches_torch(base, floor, warm, total, t, expected):
    assert _close(_schedule_by_recurrence(base, floor, warm, total, t), expected)


def test_warmup_cosine_lr_by_stepping():
    problems = _all("warmup_cosine_lr")
    for g in problems:
        p = g.params
        assert _close(g.value, _schedule_by_recurrence(p["base"], p["floor"], p["warm"], p["total"], p["t"]))
    assert any(g.params["t"] < g.params["warm"] for g in problems)


def _torch_like_step(opt, theta, grad, lr, wd):
    """torch.optim's documented algorithms, run for one step from fresh state."""
    theta, grad = np.array([theta], float), np.array([grad], float)
    if opt == "SGD":
        return float((theta - lr * (grad + wd * theta))[0])
    b1, b2, eps, t = 0.9, 0.999, 1e-8, 1
    if opt == "AdamW":
        theta = theta * (1 - lr * wd)
    else:
        grad = grad + wd * theta
    m = (1 - b1) * grad
    v = (1 - b2) * grad ** 2
    return float((theta - lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps))[0])


WD_GOLDENS = [  # torch.optim.<opt>([w], lr, weight_decay=wd); w.grad = g; opt.step() (float64)
    ("AdamW", -1.5, 0.2, 0.05, 0.1, -1.5424999975),
    ("Adam", 3.0, 0.2, 0.05, 0.01, 2.950000002173913),
    ("SGD", 0.5, 0.2, 0.05, 0.01, 0.48975),
    ("Adam", 2.0, 0.2, 0.01, 0.05, 1.9900000003333334),
    ("AdamW", 1.0, -0.1, 0.01, 0.01, 1.0098999990000002),
]


@pytest.mark.parametrize(("opt", "theta", "g", "lr", "wd", "expected"), WD_GOLDENS)
def test_optimizer_step_matches_torch(opt, theta, g, lr, wd, expected):
    assert _close(_torch_like_step(opt, theta, g, lr, wd), expected)


def test_weight_decay_step_by_running_the_optimizer():
    for g in _all("weight_decay_step"):
        p = g.params
        assert _close(g.value, _torch_like_step(p["opt"], p["theta"], p["g"], p["lr"], p["wd"]))


def _attention(q, keys, values):
    q, k, v = np.array([q], float), np.array(keys, float), np.array(values, float)[:, None]
    weights = np.exp(q @ k.T / np.sqrt(k.shape[1]))
    weights /= weights.sum()
    return weights[0], float((weights @ v)[0, 0])


ATTENTION_GOLDENS = [  # torch.nn.functional.scaled_dot_product_attention(q, K, V) and softmax(qKᵀ/√d)
    ([1, -2, 0], [[2, 1, 1], [0, 1, 0], [2, -1, 2]], [-1, 1, -1], "weight", 2, 0.8844690340050111),
    ([-2, 2], [[-2, 1], [-1, 1], [-2, 2]], [0, 4, 4], "weight", 1, 0.04538836291379466),
    ([-2, -2], [[0, -1], [0, 0], [2, -1]], [-3, -1, 3], "output", 0, -2.3542824206222264),
]


@pytest.mark.parametrize(("q", "keys", "values", "ask", "j", "expected"), ATTENTION_GOLDENS)
def test_attention_matrix_form_matches_torch(q, keys, values, ask, j, expected):
    weights, out = _attention(q, keys, values)
    assert _close(weights[j] if ask == "weight" else out, expected)


def test_attention_softmax_weight_in_matrix_form():
    for g in _all("attention_softmax_weight"):
        p = g.params
        weights, out = _attention(p["q"], p["keys"], p["values"])
        assert _close(g.value, weights[p["j"]] if p["ask"] == "weight" else out)


def _nms_count(boxes, scores, thr):
    """Vectorised IoU matrix, then the classic loop: keep the best alive box, kill what overlaps it."""
    b = np.array(boxes, float)
    x1, y1, x2, y2 = b.T
    w = np.clip(np.minimum(x2[:, None], x2) - np.maximum(x1[:, None], x1), 0, None)
    h = np.clip(np.minimum(y2[:, None], y2) - np.maximum(y1[:, None], y1), 0, None)
    area = (x2 - x1) * (y2 - y1)
    iou = w * h / (area[:, None] + area - w * h)
    alive, kept = np.ones(len(b), bool), 0
    while alive.any():
        best = np.flatnonzero(alive)[np.argmax(np.array(scores)[alive])]
        kept += 1
        alive &= iou[best] <= thr
        alive[best] = False
    return kept


NMS_GOLDENS = [  # len(torchvision.ops.nms(tensor(boxes), tensor(scores), thr))
    ([(4, 8, 9, 13), (4, 7, 8, 13), (3, 8, 6, 12), (2, 1, 8, 5), (8, 2, 12, 4), (1, 5, 6, 11)],
     [0.42, 0.75, 0.85, 0.7, 0.56, 0.91], 0.3, 5),
    ([(6, 4, 12, 6), (4, 8, 8, 14), (4, 7, 7, 12), (1, 5, 3, 11), (5, 8, 11, 14)], [0.33, 0.69, 0.87, 0.46, 0.49], 0.3, 4),
    ([(8, 7, 13, 10), (4, 2, 8, 5), (5, 4, 8, 7), (0, 0, 5, 6), (2, 1, 8, 3), (2, 1, 7, 7)],
     [0.77, 0.97, 0.65, 0.41, 0.89, 0.86], 0.3, 5),
]


@pytest.mark.parametrize(("boxes", "scores", "thr", "expected"), NMS_GOLDENS)
def test_nms_loop_matches_torchvision(boxes, scores, thr, expected):
    assert _nms_count(boxes, scores, thr) == expected


def test_nms_kept_by_the_classic_loop():
    for g in _all("nms_kept"):
        p = g.params
        assert g.value == _nms_count(p["boxes"], p["scores"], p["thr"])


def _no_smoothing_or_log2(g):
    p = g.params
    z = np.array(p["z"], float)
    nll = np.log(np.exp(z).sum()) - z[p["y"]]
    return nll if p["s"] else nll / math.log(2)  # smoothing term dropped; without smoothing, bits instead of nats


def _pool_other_rule(g):
    p = g.params
    span = p["h"] + 2 * p["p"] - p["k"]
    floor_out, ceil_out = span // p["s"] + 1, -(-span // p["s"]) + 1
    if not p["ceil_mode"]:
        return ceil_out  # rounding up in floor mode
    return floor_out if g.value == ceil_out else ceil_out  # rounding down, or ceil without the last-window rule


def _box_iou(a, b):
    (ax1, ay1, ax2, ay2), (bx1, by1, bx2, by2) = a, b
    inter = max(0, min(ax2, bx2) - max(ax1, bx1)) * max(0, min(ay2, by2) - max(ay1, by1))
    return inter / ((ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter)


def _cosine_without_the_warmup_offset(g):
    p = g.params
    if p["t"] < p["warm"]:
        return p["base"] * (p["t"] + 1) / p["warm"]  # off by one step in the warm-up
    return p["floor"] + 0.5 * (p["base"] - p["floor"]) * (1 + math.cos(math.pi * p["t"] / p["total"]))


def _decay_mixed_up(g):
    p = g.params
    theta, grad, lr, wd = p["theta"], p["g"], p["lr"], p["wd"]
    if p["opt"] == "SGD":
        return theta - lr * grad  # decay forgotten
    if p["opt"] == "Adam":
        return theta * (1 - lr * wd) - lr * np.sign(grad)  # AdamW's decoupled decay
    return theta - lr * np.sign(grad + wd * theta)  # Adam's L2 decay


def _attention_unscaled(g):
    p = g.params
    weights = np.exp(np.array(p["keys"], float) @ np.array(p["q"], float))  # no 1/√d_k
    weights /= weights.sum()
    return weights[p["j"]] if p["ask"] == "weight" else weights @ np.array(p["values"], float)


def _nms_suppressed_boxes_suppress(g):
    p = g.params
    b = p["boxes"]
    order = sorted(range(len(b)), key=lambda i: -p["scores"][i])
    return sum(all(_box_iou(b[i], b[k]) <= p["thr"] for k in order[:r]) for r, i in enumerate(order))


def _ap_mean_precision_at_every_rank(g):
    labels = np.array(g.params["labels"])
    return np.mean(np.cumsum(labels) / np.arange(1, len(labels) + 1))


def _auc_ties_count_zero(g):
    scores, labels = np.array(g.params["scores"]), np.array(g.params["labels"])
    return np.mean(scores[labels == 1][:, None] > scores[labels == 0][None, :])


def _smooth_l1_without_the_half_beta(g):
    beta = g.params["beta"]
    d = np.abs(np.subtract(g.params["pred"], g.params["target"]))
    return np.mean(np.where(d < beta, 0.5 * d ** 2 / beta, d))


def _bn_unbiased_variance(g):
    p = g.params
    x = np.array(p["x"], float)
    return p["gamma"] * (x[p["j"]] - x.mean()) / math.sqrt(x.var(ddof=1) + p["eps"]) + p["beta"]


# A common slip for each new family: its answer must fall outside the family's tolerance on most seeds.
SLIPS = {
    "average_precision": _ap_mean_precision_at_every_rank,
    "roc_auc": _auc_ties_count_zero,
    "cross_entropy": _no_smoothing_or_log2,
    "focal_loss": lambda g: g.value / (g.params["alpha"] * g.params["t"] + (1 - g.params["alpha"]) * (1 - g.params["t"])),
    "smooth_l1": _smooth_l1_without_the_half_beta,
    "transformer_params": lambda g: 4 * g.params["d"] ** 2 + 2 * g.params["d"] * g.params["ff"] + 4 * g.params["d"],  # no biases
    "transformer_flops": lambda g: g.value - g.params["L"] ** 2 * g.params["d"] * (1 if g.params["unit"] == "MACs" else 2),  # no A·V
    "lstm_params": lambda g: g.value + (-4 if g.params["torch_biases"] else 4) * g.params["h"] * g.params["layers"],  # bias count
    "group_conv_params": lambda g: g.params["cout"] * g.params["cin"] * g.params["k"] ** 2
    + (g.params["cout"] if g.params["bias"] else 0),  # weights not divided by the groups
    "pool_output_ceil": _pool_other_rule,
    "giou": lambda g: _box_iou(g.params["a"], g.params["b"]),
    "model_size_mb": lambda g: g.params["n"] * g.params["per"] / (1e6 if g.params["unit"] == "MiB" else 1e9),  # MB, not MiB
    "bn_forward": _bn_unbiased_variance,
    "warmup_cosine_lr": _cosine_without_the_warmup_offset,
    "weight_decay_step": _decay_mixed_up,
    "attention_softmax_weight": _attention_unscaled,
    "nms_kept": _nms_suppressed_boxes_suppress,
}


@pytest.mark.parametrize("name", sorted(SLIPS))
def test_a_common_slip_is_marked_wrong(name):
    problems = _all(name)
    outside = sum(abs(SLIPS[name](g) - g.value) > g.tolerance for g in problems)
    assert outside >= 0.6 * len(problems), f"{name}: the slip is accepted on {len(problems) - outside} seeds"


@pytest.mark.parametrize("name", FAMILIES)
def test_the_tolerance_accepts_the_rounding_the_prompt_asks_for(name):
    import re

    for g in _all(name):
        asked = re.search(r"(\d) decimals", g.prompt["en"])
        if asked:  # any rounding to that many places is off by at most half a unit in the last place
            half_unit = 0.5 * 10 ** -int(asked.group(1))
            assert half_unit <= g.tolerance <= half_unit + 1e-6
        else:  # a count: exact integers
            assert float(g.value).is_integer() and g.tolerance <= 0.5


@pytest.mark.parametrize("name", FAMILIES)
def test_generated_chinese_has_no_stray_spaces(name):
    from dlprep.deck import cjk

    for g in _all(name):
        assert not cjk.stray_spaces(g.prompt["zh"]), g.prompt["zh"]
        assert not cjk.stray_spaces(g.solution["zh"]), g.solution["zh"]
