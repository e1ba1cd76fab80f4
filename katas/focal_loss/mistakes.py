"""Classic focal-loss mistakes, one function per mistake id in kata.yaml; each has exactly one bug."""

import numpy as np


def _softplus(x):
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def _sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _focal(logits, targets, alpha, gamma, *, swap_alpha=False, pt_power=False, always_alpha=False, naive=False,
           reduce="mean"):
    x = np.asarray(logits, dtype=np.float64)
    t = np.asarray(targets, dtype=np.float64)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        if naive:
            p = 1.0 / (1.0 + np.exp(-x))
            ce = -(t * np.log(p) + (1.0 - t) * np.log(1.0 - p))
        else:
            ce = t * _softplus(-x) + (1.0 - t) * _softplus(x)
        one_minus_pt = t * _sigmoid(-x) + (1.0 - t) * _sigmoid(x)
        loss = ce * ((1.0 - one_minus_pt) if pt_power else one_minus_pt) ** gamma
        if alpha >= 0 or always_alpha:
            a_pos, a_neg = (1.0 - alpha, alpha) if swap_alpha else (alpha, 1.0 - alpha)
            loss = (a_pos * t + a_neg * (1.0 - t)) * loss
    if reduce == "sum":
        return float(loss.sum())
    if reduce == "positives":
        return float(loss.sum() / max(1.0, float(t.sum())))
    return float(loss.mean())


def alpha_swapped(logits, targets, alpha=0.25, gamma=2.0):
    return _focal(logits, targets, alpha, gamma, swap_alpha=True)


def modulating_factor_pt(logits, targets, alpha=0.25, gamma=2.0):
    return _focal(logits, targets, alpha, gamma, pt_power=True)


def alpha_minus_one_used_as_weight(logits, targets, alpha=0.25, gamma=2.0):
    return _focal(logits, targets, alpha, gamma, always_alpha=True)


def naive_log_probabilities(logits, targets, alpha=0.25, gamma=2.0):
    return _focal(logits, targets, alpha, gamma, naive=True)


def sum_instead_of_mean(logits, targets, alpha=0.25, gamma=2.0):
    return _focal(logits, targets, alpha, gamma, reduce="sum")


def normalised_by_positives(logits, targets, alpha=0.25, gamma=2.0):
    return _focal(logits, targets, alpha, gamma, reduce="positives")
