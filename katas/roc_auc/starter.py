"""ROC AUC.

Run `dlprep kata roc_auc` to grade this file, `dlprep kata roc_auc --show` for the full statement.
"""

import numpy as np


def roc_auc(scores, labels):
    """Area under the ROC curve of a binary classifier, as sklearn.metrics.roc_auc_score.

    scores: float array (N,), higher means "more likely positive".
    labels: array (N,) of 0/1 values (ints, floats or bools); both classes are present.

    Returns a float in [0, 1]: the fraction of (positive, negative) pairs in which the positive has
    the higher score, a tie counting one half.
    Do not modify the inputs.
    """
    # TODO: count correctly ordered (positive, negative) pairs, ties as 1/2, and normalise.
    raise NotImplementedError("roc_auc")
