"""Classic optimizer mistakes, one class per mistake id in kata.yaml (three entry points each).

Each class has exactly one bug; a bug in the shared Adam update shows in both adam_step and adamw_step.
"""

import numpy as np


def _sgd(param, grad, velocity, lr, momentum, weight_decay, nesterov, *, nesterov_old=False, decay_after=False,
         lr_in_velocity=False):
    p = np.asarray(param, dtype=np.float64)
    g = np.asarray(grad, dtype=np.float64)
    if not decay_after:
        g = g + weight_decay * p
    old = np.asarray(velocity, dtype=np.float64)
    if lr_in_velocity:
        # the "v = mu·v − lr·g, p += v" form: the buffer holds −lr times torch's buffer
        v = momentum * old - lr * g
        return (p + momentum * v - lr * g if nesterov else p + v), v
    v = momentum * old + g
    if nesterov:
        step = g + momentum * (old if nesterov_old else v)
    else:
        step = v
    if decay_after:
        step = step + weight_decay * p
    return p - lr * step, v


def _adam(p, g, m, v, t, lr, beta1, beta2, eps, *, correct=True, t_shift=0, eps_inside=False):
    m = beta1 * np.asarray(m, dtype=np.float64) + (1 - beta1) * g
    v = beta2 * np.asarray(v, dtype=np.float64) + (1 - beta2) * g * g
    m_hat, v_hat = m, v
    if correct:
        m_hat = m / (1 - beta1 ** (t + t_shift))
        v_hat = v / (1 - beta2 ** (t + t_shift))
    denom = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps
    return p - lr * m_hat / denom, m, v


class _Base:
    sgd_options: dict = {}
    adam_options: dict = {}
    decay_as_l2 = False

    @classmethod
    def sgd_momentum_step(cls, param, grad, velocity, lr, momentum=0.9, weight_decay=0.0, nesterov=False):
        return _sgd(param, grad, velocity, lr, momentum, weight_decay, nesterov, **cls.sgd_options)

    @classmethod
    def adam_step(cls, param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
        p = np.asarray(param, dtype=np.float64)
        g = np.asarray(grad, dtype=np.float64) + weight_decay * p
        return _adam(p, g, m, v, t, lr, beta1, beta2, eps, **cls.adam_options)

    @classmethod
    def adamw_step(cls, param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
        p = np.asarray(param, dtype=np.float64)
        g = np.asarray(grad, dtype=np.float64)
        if cls.decay_as_l2:
            g = g + weight_decay * p
        else:
            p = p * (1 - lr * weight_decay)
        return _adam(p, g, m, v, t, lr, beta1, beta2, eps, **cls.adam_options)


class adam_no_bias_correction(_Base):
    adam_options = {"correct": False}


class t_counted_from_zero(_Base):
    adam_options = {"t_shift": 1}  # reads the first step as t = 0 and corrects with t + 1


class adamw_decay_as_l2(_Base):
    decay_as_l2 = True


class eps_inside_sqrt(_Base):
    adam_options = {"eps_inside": True}


class nesterov_uses_old_velocity(_Base):
    sgd_options = {"nesterov_old": True}


class sgd_decay_after_momentum(_Base):
    sgd_options = {"decay_after": True}


class velocity_scaled_by_lr(_Base):
    sgd_options = {"lr_in_velocity": True}
