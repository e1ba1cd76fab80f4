"""Reference binary logistic regression: mean cross-entropy on the logits, L2 on w only, and its gradient."""

import numpy as np


def logreg_loss_and_grad(w, b, X, y, l2=0.0):
    X = np.asarray(X, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n = len(X)
    z = X @ w + b  # logits (margins), shape (N,)
    # -[y log s(z) + (1 - y) log(1 - s(z))] = log(1 + e^z) - y z, and np.logaddexp(0, z) = log(1 + e^z)
    # never overflows: the loss stays right (not only finite) for |z| of 1e3 and beyond
    loss = np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * (w @ w)
    p = np.exp(-np.logaddexp(0.0, -z))  # sigmoid(z) = 1 / (1 + e^-z), without overflow for z << 0
    r = p - y  # dloss/dz for each sample, before the 1/N of the mean
    dw = X.T @ r / n + l2 * w
    db = r.mean()  # the bias is not regularised
    return float(loss), dw, float(db)
