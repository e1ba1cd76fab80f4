"""Classic k-means mistakes, one function per mistake id in kata.yaml; each must fail the checks."""

import warnings

import numpy as np


def _lloyd(X, init_centers, max_iter, *, ties_last=False, metric="sq", update="mean", empty="keep",
           one_pass=False):
    X = np.asarray(X, dtype=np.float64)
    centers = np.array(init_centers, dtype=np.float64)
    labels = None
    for _ in range(max_iter):
        diff = X[:, None, :] - centers[None, :, :]
        d = np.abs(diff).sum(axis=2) if metric == "l1" else (diff ** 2).sum(axis=2)
        if ties_last:
            new = d.shape[1] - 1 - np.argmin(d[:, ::-1], axis=1)  # the last of the tied indices
        else:
            new = np.argmin(d, axis=1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for k in range(len(centers)):
            members = X[labels == k]
            if len(members) == 0 and empty == "keep":
                continue
            if len(members) == 0 and empty == "first_point":
                centers[k] = X[0]
            elif update == "median":
                centers[k] = np.median(members, axis=0)
            else:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    centers[k] = members.mean(axis=0)  # NaN for an empty cluster
        if one_pass:
            break
    return centers, labels.astype(np.int64)


def empty_cluster_nan(X, init_centers, max_iter=100):
    return _lloyd(X, init_centers, max_iter, empty="mean")


def ties_to_last(X, init_centers, max_iter=100):
    return _lloyd(X, init_centers, max_iter, ties_last=True)


def single_iteration(X, init_centers, max_iter=100):
    return _lloyd(X, init_centers, max_iter, one_pass=True)


def empty_to_first_point(X, init_centers, max_iter=100):
    return _lloyd(X, init_centers, max_iter, empty="first_point")


def l1_distance(X, init_centers, max_iter=100):
    return _lloyd(X, init_centers, max_iter, metric="l1")


def median_update(X, init_centers, max_iter=100):
    return _lloyd(X, init_centers, max_iter, update="median")
