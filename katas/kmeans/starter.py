"""k-means (Lloyd's algorithm).

Run `dlprep kata kmeans` to grade this file, `dlprep kata kmeans --show` for the full statement.
"""

import numpy as np


def kmeans(X, init_centers, max_iter=100):
    """Lloyd's k-means starting from the given centres.

    X: float array (N, D) of points.
    init_centers: float array (K, D), the starting centres.
    max_iter: int >= 1, the most assignment/update rounds to run.

    Repeat: give each point the label of its nearest centre (squared Euclidean distance; on a tie
    the lowest centre index), then move each centre to the mean of its points (a centre with no
    points keeps its previous value). Stop when the labels stop changing, or after max_iter rounds.

    Returns (centers, labels): a float array (K, D) and an integer array (N,) with values in [0, K).
    Do not modify the inputs.
    """
    # TODO: assign, update, repeat until the labels stop changing.
    raise NotImplementedError("kmeans")
