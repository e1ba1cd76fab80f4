"""Average precision (area under the precision-recall curve as a step sum).

Run `dlprep kata average_precision` to grade this file, `dlprep kata average_precision --show` for the full statement.
"""

import numpy as np


def average_precision(scores, labels):
    """Average precision of a ranking, as sklearn.metrics.average_precision_score.

    scores: float array (N,), higher means "more likely positive"; scores may repeat.
    labels: array (N,) of 0/1 values (ints, floats or bools) with at least one 1.

    Returns sum_n (R_n - R_{n-1}) * P_n over the distinct score thresholds, from the highest
    down (R_0 = 0): P_n and R_n are the precision and recall when every sample with a score
    >= the n-th threshold is predicted positive. Equal scores form one threshold; no interpolation.
    Do not modify the inputs.
    """
    # TODO: sort by score, group equal scores, accumulate true positives, sum recall steps * precision.
    raise NotImplementedError("average_precision")
