"""Logistic regression: loss and gradient.

Run `dlprep kata logreg` to grade this file, `dlprep kata logreg --show` for the full statement.
"""

import numpy as np


def logreg_loss_and_grad(w, b, X, y, l2=0.0):
    """Binary logistic regression loss and its gradient.

    w: float array (D,); b: a float; X: float array (N, D); y: integer array (N,) of 0s and 1s;
    l2: float >= 0, the weight of the L2 penalty on w (not on b).

    loss = mean over samples of the binary cross-entropy of p = sigmoid(X @ w + b) against y,
           plus 0.5 * l2 * sum(w ** 2).
    It must be right (not only finite) for logits X @ w + b of magnitude up to 1e3.

    Returns (loss, dw, db): loss a float, dw a float array (D,), db a float, the gradients of the
    loss with respect to w and b. Do not modify the inputs.
    """
    # TODO: logits, a stable loss, the residual p - y, the gradients.
    raise NotImplementedError("logreg_loss_and_grad")
