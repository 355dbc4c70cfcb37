"""How passage scores become one score per service, and how that score becomes a confidence.

A service's score mixes the best dense cosine of its passages (aspect texts count a little less),
the best character n-gram cosine and the best search-term coverage. The confidence is a logistic
function of the top score and its margin over the runner-up, fitted on held-out example questions,
so that the dialogue can decide: answer, ask back, or hand over.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Dict, List, Sequence

import numpy as np


@dataclass(frozen=True)
class ScoringParams:
    w_dense: float = 0.6
    w_lexical: float = 0.2
    w_coverage: float = 0.2
    aspect_penalty: float = 0.05
    # confidence = sigmoid(a * top + b * margin + c)
    calib_a: float = 10.0
    calib_b: float = 10.0
    calib_c: float = -6.0

    def as_dict(self) -> Dict[str, float]:
        return asdict(self)

    def confidence(self, top: float, margin: float) -> float:
        z = self.calib_a * top + self.calib_b * margin + self.calib_c
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


class ServiceGroups:
    """Maps passage positions to services; passages of one service are contiguous."""

    def __init__(self, passage_services: Sequence[str], term_services: Sequence[str]) -> None:
        self.service_ids: List[str] = list(dict.fromkeys(passage_services))
        index = {sid: i for i, sid in enumerate(self.service_ids)}
        self._passage_group = np.array([index[s] for s in passage_services], dtype=np.int64)
        self._term_group = np.array([index[s] for s in term_services], dtype=np.int64)

    def max_by_service(self, scores: np.ndarray, of_terms: bool = False) -> np.ndarray:
        groups = self._term_group if of_terms else self._passage_group
        out = np.full(len(self.service_ids), -1.0, dtype=np.float64)
        np.maximum.at(out, groups, scores)
        return out


@dataclass(frozen=True)
class ServiceFeatures:
    """Per-service maxima of the passage scores; arrays of shape (services,) or (queries, services)."""

    dense_primary: np.ndarray
    dense_aspect: np.ndarray
    lexical: np.ndarray
    coverage: np.ndarray

    @classmethod
    def stack(cls, rows: Sequence[ServiceFeatures]) -> ServiceFeatures:
        return cls(
            *(
                np.stack([getattr(r, f) for r in rows])
                for f in ("dense_primary", "dense_aspect", "lexical", "coverage")
            )
        )


def features(
    groups: ServiceGroups, dense: np.ndarray, lexical: np.ndarray, coverage: np.ndarray, is_aspect: np.ndarray
) -> ServiceFeatures:
    return ServiceFeatures(
        dense_primary=groups.max_by_service(np.where(is_aspect, -1.0, dense)),
        dense_aspect=groups.max_by_service(np.where(is_aspect, dense, -1.0)),
        lexical=groups.max_by_service(np.where(is_aspect, 0.0, lexical)),
        coverage=groups.max_by_service(coverage, of_terms=True),
    )


def combine(f: ServiceFeatures, params: ScoringParams) -> np.ndarray:
    """One score per service (in ServiceGroups.service_ids order)."""
    dense = np.maximum(f.dense_primary, f.dense_aspect - params.aspect_penalty)
    return params.w_dense * dense + params.w_lexical * f.lexical + params.w_coverage * f.coverage


def top_and_margin(scores: np.ndarray) -> tuple[int, float, float]:
    order = np.argsort(-scores)
    best = int(order[0])
    runner_up = float(scores[order[1]]) if len(order) > 1 else 0.0
    return best, float(scores[best]), float(scores[best]) - runner_up
