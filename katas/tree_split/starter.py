"""The best CART split of a node by Gini impurity.

Run `dlprep kata tree_split` to grade this file, `dlprep kata tree_split --show` for the full statement.
"""

import numpy as np


def best_split(X, y):
    """Find the split x[:, feature] <= threshold with the largest Gini gain.

    X: float array (N, D), N >= 1; y: integer array (N,) of non-negative class labels.

    Candidate thresholds of a feature are the midpoints between its consecutive distinct sorted values;
    a sample goes left when x <= threshold.
    gain = gini(parent) - (n_left / n) * gini(left) - (n_right / n) * gini(right), gini = 1 - sum_c p_c^2.
    The largest gain wins; gains within 1e-9 of each other are ties, which go to the smallest feature
    index, then to the smallest threshold.

    Returns (feature, threshold, gain): an int, a float and a float; (None, None, 0.0) when every
    feature is constant (no split exists). Do not modify the inputs.
    """
    # TODO: parent impurity, then for each feature: sort, try every midpoint, keep the best.
    raise NotImplementedError("best_split")
