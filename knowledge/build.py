"""`servicecenter kb build`: embed the passages, fit the scoring on held-out example questions,
write the index. Skipped when the index is current."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Tuple

import faiss
import numpy as np
from sklearn.linear_model import LogisticRegression

from knowledge.embedders import Embedder
from knowledge.index import Manifest, stale_reason, write_index
from knowledge.passages import build_passages
from knowledge.retriever import Retriever
from knowledge.scoring import ScoringParams, ServiceFeatures, combine, top_and_margin
from knowledge.store import KnowledgeBase

WEIGHT_GRID = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
ASPECT_PENALTIES = (0.0, 0.03, 0.06, 0.1)


@dataclass(frozen=True)
class BuildResult:
    manifest: Manifest
    built: bool
    reason: str


def build_index(kb: KnowledgeBase, embedder: Embedder, index_dir: Path, force: bool = False) -> BuildResult:
    reason = stale_reason(index_dir, kb, embedder.id)
    if reason is None and not force:
        manifest = Manifest.read(index_dir)
        assert manifest is not None
        return BuildResult(manifest, False, "index is current")
    started = time.perf_counter()
    passages = build_passages(kb)
    vectors = embedder.embed_passages([p.text for p in passages])
    faiss_index = faiss.IndexFlatIP(vectors.shape[1])
    faiss_index.add(vectors)
    retriever = Retriever(kb, faiss_index, passages, embedder, ScoringParams())
    params, report = fit_scoring(
        retriever, embedder, [i for i, p in enumerate(passages) if p.kind == "example"]
    )
    manifest = write_index(
        index_dir, kb, embedder.id, passages, vectors, params.as_dict(), report, time.perf_counter() - started
    )
    return BuildResult(manifest, True, reason or "rebuild forced")


def fit_scoring(
    retriever: Retriever, embedder: Embedder, example_positions: List[int]
) -> Tuple[ScoringParams, Dict[str, Any]]:
    """Weights and confidence from leave-one-out: each example question is asked with its own
    passage removed from the index, so the fit sees questions the index has not memorised."""
    if len(example_positions) < 20:
        return ScoringParams(), {"held_out_questions": len(example_positions), "fitted": False}
    passages = [retriever._passages[i] for i in example_positions]
    gold = np.array([retriever.groups.service_ids.index(p.service_id) for p in passages])
    vectors = embedder.embed_queries([p.text for p in passages])
    table = ServiceFeatures.stack(
        [
            retriever.features(retriever.components(v, p.text, exclude=i))
            for v, p, i in zip(vectors, passages, example_positions, strict=True)
        ]
    )
    best: Tuple[float, ScoringParams] = (-1.0, ScoringParams())
    for w_dense, w_lexical, penalty in itertools.product(WEIGHT_GRID, WEIGHT_GRID, ASPECT_PENALTIES):
        w_coverage = round(1.0 - w_dense - w_lexical, 2)
        if w_coverage < 0:
            continue
        params = ScoringParams(w_dense, w_lexical, w_coverage, penalty)
        accuracy = float(np.mean(combine(table, params).argmax(axis=1) == gold))
        if accuracy > best[0] + 1e-9:
            best = (accuracy, params)
    params = best[1]
    scores = combine(table, params)
    features, correct, top3 = [], [], 0
    for row, want in zip(scores, gold, strict=True):
        idx, top, margin = top_and_margin(row)
        features.append((top, margin))
        correct.append(int(idx == want))
        top3 += int(want in np.argsort(-row)[:3])
    model = LogisticRegression(C=10.0).fit(np.array(features), np.array(correct))
    (a, b), c = model.coef_[0], model.intercept_[0]
    params = ScoringParams(
        params.w_dense,
        params.w_lexical,
        params.w_coverage,
        params.aspect_penalty,
        float(a),
        float(b),
        float(c),
    )
    confidences = np.array([params.confidence(t, m) for t, m in features])
    report = {
        "held_out_questions": len(passages),
        "fitted": True,
        "top1": round(float(np.mean(correct)), 4),
        "top3": round(top3 / len(passages), 4),
        "mean_confidence": round(float(confidences.mean()), 4),
        "calibration_bins": _reliability(confidences, np.array(correct)),
    }
    return params, report


def _reliability(confidence: np.ndarray, correct: np.ndarray) -> List[Dict[str, float]]:
    """Accuracy per confidence band: a calibrated model has accuracy close to the band."""
    bins = []
    for low, high in ((0.0, 0.5), (0.5, 0.8), (0.8, 0.95), (0.95, 1.01)):
        mask = (confidence >= low) & (confidence < high)
        if mask.any():
            bins.append(
                {
                    "from": low,
                    "to": min(high, 1.0),
                    "n": int(mask.sum()),
                    "accuracy": round(float(correct[mask].mean()), 3),
                }
            )
    return bins
