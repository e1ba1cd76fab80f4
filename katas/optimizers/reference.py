"""Reference single steps of torch.optim.SGD (momentum, dampening 0), Adam and AdamW (amsgrad off)."""

import numpy as np


def sgd_momentum_step(param, grad, velocity, lr, momentum=0.9, weight_decay=0.0, nesterov=False):
    p = np.asarray(param, dtype=np.float64)
    g = np.asarray(grad, dtype=np.float64) + weight_decay * p  # L2 term joins the gradient first
    # torch's momentum buffer; a buffer of zeros gives g, which is torch's first step
    v = momentum * np.asarray(velocity, dtype=np.float64) + g
    step = g + momentum * v if nesterov else v
    return p - lr * step, v


def _adam(p, g, m, v, t, lr, beta1, beta2, eps):
    m = beta1 * np.asarray(m, dtype=np.float64) + (1 - beta1) * g
    v = beta2 * np.asarray(v, dtype=np.float64) + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)  # bias corrections, t = 1 on the first step
    v_hat = v / (1 - beta2 ** t)
    return p - lr * m_hat / (np.sqrt(v_hat) + eps), m, v  # eps outside the square root


def adam_step(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
    p = np.asarray(param, dtype=np.float64)
    g = np.asarray(grad, dtype=np.float64) + weight_decay * p  # Adam: L2 added to the gradient
    return _adam(p, g, m, v, t, lr, beta1, beta2, eps)


def adamw_step(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    p = np.asarray(param, dtype=np.float64) * (1 - lr * weight_decay)  # AdamW: decoupled decay first
    return _adam(p, np.asarray(grad, dtype=np.float64), m, v, t, lr, beta1, beta2, eps)
