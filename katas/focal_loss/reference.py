"""Reference sigmoid focal loss (torchvision.ops.sigmoid_focal_loss, reduction "mean")."""

import numpy as np


def _softplus(x):
    # log(1 + exp(x)) without overflow
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def _sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_focal_loss(logits, targets, alpha=0.25, gamma=2.0):
    x = np.asarray(logits, dtype=np.float64)
    t = np.asarray(targets, dtype=np.float64)
    # BCE with logits, stable: -log p = softplus(-x), -log(1 - p) = softplus(x)
    ce = t * _softplus(-x) + (1.0 - t) * _softplus(x)
    # 1 - p_t is the probability given to the wrong answer: sigmoid(-x) for a positive, sigmoid(x) for a negative
    # (computed this way it keeps full precision where p_t is close to 1)
    one_minus_pt = t * _sigmoid(-x) + (1.0 - t) * _sigmoid(x)
    loss = ce * one_minus_pt ** gamma
    if alpha >= 0:  # alpha = -1 switches the class weighting off
        loss = (alpha * t + (1.0 - alpha) * (1.0 - t)) * loss
    return float(loss.mean())
