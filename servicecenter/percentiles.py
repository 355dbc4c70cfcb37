"""The one percentile of every bench, so that their p50/p95 figures mean the same thing."""

from __future__ import annotations

import statistics
from typing import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100): the sorted value at index int(q/100 · (n−1)), as the evaluation's scorer
    computes p95 (no interpolation: a figure someone measured); NaN for no values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[int(q / 100 * (len(ordered) - 1))]


def p50_p95(values: Sequence[float]) -> tuple[float, float]:
    """p50 as the median (the scorer's), p95 as above; NaN for no values."""
    if not values:
        return float("nan"), float("nan")
    return statistics.median(values), percentile(values, 95)
