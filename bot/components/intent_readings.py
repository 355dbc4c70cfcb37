"""Two readings of a sentence embedding for one intent against all others, for detectors that must
not depend on DIET alone: a logistic regression, and the margin between the closest examples of the
intent and the closest other examples of the training data."""

from __future__ import annotations

import numpy as np


class IntentReadings:
    def __init__(self, weights: np.ndarray, bias: float, positives: np.ndarray, negatives: np.ndarray) -> None:
        self.weights = np.asarray(weights, dtype=np.float32)
        self.bias = float(bias)
        self.positives = np.asarray(positives, dtype=np.float32)
        self.negatives = np.asarray(negatives, dtype=np.float32)

    @classmethod
    def fit(cls, vectors: np.ndarray, labels: np.ndarray, regularisation: float) -> IntentReadings:
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=regularisation, class_weight="balanced", max_iter=2000)
        model.fit(vectors, labels)
        return cls(model.coef_[0], float(model.intercept_[0]), vectors[labels], vectors[~labels])

    def probability(self, vector: np.ndarray) -> float:
        return float(1.0 / (1.0 + np.exp(-(float(np.dot(self.weights, vector)) + self.bias))))

    def margin(self, vector: np.ndarray, neighbours: int = 3) -> float:
        """Mean cosine of the closest examples of the intent minus that of the closest other messages."""
        if not len(self.positives) or not len(self.negatives):
            return -1.0
        closest = [_top_mean(group @ vector, neighbours) for group in (self.positives, self.negatives)]
        return float(closest[0] - closest[1])

    def save(self, path: str) -> None:
        weights, bias = self.weights, np.array([self.bias])
        np.savez(path, weights=weights, bias=bias, positives=self.positives, negatives=self.negatives)

    @classmethod
    def load(cls, path: str) -> IntentReadings:
        data = np.load(path)
        return cls(data["weights"], float(data["bias"][0]), data["positives"], data["negatives"])


def _top_mean(scores: np.ndarray, k: int) -> float:
    """Mean of the k largest scores; a partition, not a sort of thousands of scores on every message."""
    k = min(k, len(scores))
    return float(np.partition(scores, len(scores) - k)[-k:].mean())
