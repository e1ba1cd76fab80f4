"""Reference k-nearest-neighbour classifier: Euclidean distance, distance ties to the lower training
index, majority vote with vote ties to the smallest label."""

import numpy as np


def knn_predict(X_train, y_train, X_test, k):
    X_train = np.asarray(X_train, dtype=np.float64)
    y_train = np.asarray(y_train).astype(np.int64)
    X_test = np.asarray(X_test, dtype=np.float64).reshape(-1, X_train.shape[1])
    # squared distances of every test point to every training point, shape (M, N); the square root
    # would not change the order
    d2 = ((X_test[:, None, :] - X_train[None, :, :]) ** 2).sum(axis=2)
    # a stable sort keeps equal distances in index order, so the lower training index comes first
    nearest = np.argsort(d2, axis=1, kind="stable")[:, :k]  # (M, k)
    classes = np.unique(y_train)  # sorted labels
    votes = (y_train[nearest][:, :, None] == classes[None, None, :]).sum(axis=1)  # (M, C)
    # argmax returns the first of equal maxima: on a tie in votes, the smallest label wins
    return classes[np.argmax(votes, axis=1)] if len(X_test) else np.zeros(0, dtype=np.int64)
