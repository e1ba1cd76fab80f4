"""k-nearest-neighbour classification.

Run `dlprep kata knn` to grade this file, `dlprep kata knn --show` for the full statement.
"""

import numpy as np


def knn_predict(X_train, y_train, X_test, k):
    """Predict a label for every test point by a majority vote of its k nearest training points.

    X_train: float array (N, D); y_train: integer array (N,) of non-negative labels;
    X_test: float array (M, D), M may be 0; k: int with 1 <= k <= N.

    Distance: Euclidean. Among training points at equal distance, the lower index comes first.
    The label with the most votes among the k nearest wins; a tie in votes goes to the smallest label.

    Returns an integer array (M,) of predicted labels. Do not modify the inputs.
    """
    # TODO: distances (M, N), a stable sort, the k nearest labels, the vote.
    raise NotImplementedError("knn_predict")
