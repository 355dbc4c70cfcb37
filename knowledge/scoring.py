"""How passage scores become one score per service, and how that score becomes a confidence.

Per service we take six features: the best dense match among name, search terms and summary;
the best among the aspect texts; the match with the centroid of its example questions; the mean
of its three closest example questions; the best character n-gram cosine; and the best
search-term coverage (typos). Their weighted sum ranks the services. The confidence is a logistic
function of the top score and its margin over the runner-up. Weights and confidence are fitted on
held-out example questions (`knowledge.build`), so the dialogue can decide: answer, ask, hand over.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from typing import Dict, List, Sequence

import numpy as np

OVERVIEW_KINDS = ("name", "terms", "summary")
FEATURES = ("overview", "aspect", "centroid", "examples", "lexical", "coverage")
EXAMPLES_TOP_K = 3


@dataclass(frozen=True)
class ScoringParams:
    w_overview: float = 0.3
    w_aspect: float = 0.2
    w_centroid: float = 0.3
    w_examples: float = 0.1
    w_lexical: float = 0.0
    w_coverage: float = 0.1
    # confidence = sigmoid(top * calib_top + margin * calib_margin + spread * calib_spread + calib_bias)
    calib_top: float = 10.0
    calib_margin: float = 40.0
    calib_spread: float = 10.0
    calib_bias: float = -9.0

    def as_dict(self) -> Dict[str, float]:
        return asdict(self)

    @property
    def weights(self) -> np.ndarray:
        return np.array([getattr(self, f"w_{name}") for name in FEATURES])

    def with_weights(self, weights: Sequence[float]) -> ScoringParams:
        total = float(sum(weights)) or 1.0
        values = {f"w_{name}": round(float(w) / total, 4) for name, w in zip(FEATURES, weights, strict=True)}
        return ScoringParams(**{**self.as_dict(), **values})

    def confidence(self, evidence: Evidence) -> float:
        z = (
            self.calib_top * evidence.top
            + self.calib_margin * evidence.margin
            + self.calib_spread * evidence.spread
            + self.calib_bias
        )
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def with_calibration(self, coefficients: Sequence[float], bias: float) -> ScoringParams:
        top, margin, spread = (float(c) for c in coefficients)
        return ScoringParams(
            **{
                **self.as_dict(),
                "calib_top": top,
                "calib_margin": margin,
                "calib_spread": spread,
                "calib_bias": float(bias),
            }
        )


class ServiceGroups:
    """Which passage rows and search terms belong to which service, by kind."""

    def __init__(self, passages: Sequence[tuple[str, str]], term_services: Sequence[str]) -> None:
        self.service_ids: List[str] = list(dict.fromkeys(sid for sid, _ in passages))
        index = {sid: i for i, sid in enumerate(self.service_ids)}
        self.group = np.array([index[sid] for sid, _ in passages], dtype=np.int64)
        self.kind = np.array([kind for _, kind in passages])
        self.term_group = np.array([index[sid] for sid in term_services], dtype=np.int64)
        self.overview = np.isin(self.kind, OVERVIEW_KINDS)
        self.aspect = self.kind == "aspect"
        self.example = self.kind == "example"
        self.centroid_row = np.full(len(self.service_ids), -1, dtype=np.int64)
        for row in np.flatnonzero(self.kind == "centroid"):
            self.centroid_row[self.group[row]] = row
        self.example_rows = [np.flatnonzero(self.example & (self.group == g)) for g in range(len(self.service_ids))]
        width = max((len(r) for r in self.example_rows), default=0) or 1
        self._example_table = np.zeros((len(self.service_ids), width), dtype=np.int64)
        self._example_mask = np.zeros((len(self.service_ids), width), dtype=bool)
        for g, rows in enumerate(self.example_rows):
            self._example_table[g, : len(rows)] = rows
            self._example_mask[g, : len(rows)] = True

    def max_by_service(self, scores: np.ndarray, mask: np.ndarray) -> np.ndarray:
        out = np.full(len(self.service_ids), -1.0, dtype=np.float64)
        np.maximum.at(out, self.group[mask], scores[mask])
        return out

    def top_k_mean(self, scores: np.ndarray, k: int = EXAMPLES_TOP_K) -> np.ndarray:
        """Mean of the k best example scores per service (-1 for a service without examples)."""
        values = np.where(self._example_mask, scores[self._example_table], -np.inf)
        best = -np.sort(-values, axis=1)[:, :k]
        counts = np.minimum(self._example_mask.sum(axis=1), k)
        sums = np.where(np.isfinite(best), best, 0.0).sum(axis=1)
        return np.where(counts > 0, sums / np.maximum(counts, 1), -1.0)


@dataclass(frozen=True)
class ServiceFeatures:
    """One row per feature in FEATURES order; arrays of shape (services,) or (queries, services)."""

    overview: np.ndarray
    aspect: np.ndarray
    centroid: np.ndarray
    examples: np.ndarray
    lexical: np.ndarray
    coverage: np.ndarray

    @classmethod
    def stack(cls, rows: Sequence[ServiceFeatures]) -> ServiceFeatures:
        return cls(*(np.stack([getattr(r, f.name) for r in rows]) for f in fields(cls)))

    def matrix(self) -> np.ndarray:
        return np.stack([getattr(self, name) for name in FEATURES], axis=-2)


def features(groups: ServiceGroups, dense: np.ndarray, lexical: np.ndarray, coverage: np.ndarray) -> ServiceFeatures:
    centroid = np.where(groups.centroid_row >= 0, dense[groups.centroid_row], -1.0)
    term_coverage = np.full(len(groups.service_ids), 0.0)
    np.maximum.at(term_coverage, groups.term_group, coverage)
    return ServiceFeatures(
        overview=groups.max_by_service(dense, groups.overview),
        aspect=groups.max_by_service(dense, groups.aspect),
        centroid=centroid,
        examples=groups.top_k_mean(dense),
        lexical=groups.max_by_service(lexical, ~groups.aspect & (groups.kind != "centroid")),
        coverage=term_coverage,
    )


def combine(f: ServiceFeatures, params: ScoringParams) -> np.ndarray:
    """One score per service (in ServiceGroups.service_ids order)."""
    return np.einsum("...fs,f->...s", f.matrix(), params.weights)


@dataclass(frozen=True)
class Evidence:
    """How clearly the best service stands out: its score, the gap to the runner-up, and the gap
    to the mean of the next nine (a vague message scores many services alike)."""

    best: int
    top: float
    margin: float
    spread: float

    def features(self) -> tuple[float, float, float]:
        return self.top, self.margin, self.spread


def evidence(scores: np.ndarray) -> Evidence:
    order = np.argsort(-scores)
    best, top = int(order[0]), float(scores[order[0]])
    runner_up = float(scores[order[1]]) if len(order) > 1 else 0.0
    rest = scores[order[1:10]]
    spread = top - float(rest.mean()) if len(rest) else top
    return Evidence(best, top, top - runner_up, spread)
