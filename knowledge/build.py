"""`servicecenter kb build`: embed the passages, fit the scoring on held-out example questions,
write the index. Skipped when the index is current."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

import faiss
import numpy as np
from sklearn.linear_model import LogisticRegression

from knowledge.embedders import Embedder, normalise_rows
from knowledge.index import Manifest, stale_reason, write_index
from knowledge.passages import Passage, build_passages
from knowledge.query import clean_query, embedding_text
from knowledge.retriever import Retriever
from knowledge.scoring import ScoringParams, ServiceFeatures, combine, evidence
from knowledge.store import KnowledgeBase
from knowledge.translations import Translations

WEIGHT_STEPS = tuple(round(0.1 * i, 1) for i in range(11))
ASCENT_ROUNDS = 3


@dataclass(frozen=True)
class BuildResult:
    manifest: Manifest
    built: bool
    reason: str


def build_index(
    kb: KnowledgeBase,
    embedder: Embedder,
    index_dir: Path,
    force: bool = False,
    negatives: Sequence[str] = (),
) -> BuildResult:
    """`negatives` are messages that must not be answered directly (small talk, off-topic,
    vague); they teach the confidence what "not sure" looks like."""
    reason = stale_reason(index_dir, kb, embedder.id)
    manifest = Manifest.read(index_dir) if reason is None else None
    if manifest is not None and manifest.negatives_hash != negatives_hash(negatives):
        reason = "the calibration examples changed"
    if reason is None and not force:
        manifest = Manifest.read(index_dir)
        assert manifest is not None
        return BuildResult(manifest, False, "index is current")
    started = time.perf_counter()
    passages = build_passages(kb, Translations())
    vectors = _embed(embedder, passages)
    faiss_index = faiss.IndexFlatIP(vectors.shape[1])
    faiss_index.add(vectors)
    retriever = Retriever(kb, faiss_index, passages, embedder, ScoringParams())
    examples = [i for i, p in enumerate(passages) if p.kind == "example"]
    params, report = fit_scoring(retriever, embedder, examples, negatives)
    manifest = write_index(
        index_dir,
        kb,
        embedder.id,
        passages,
        vectors,
        params.as_dict(),
        report,
        time.perf_counter() - started,
        negatives_hash(negatives),
    )
    return BuildResult(manifest, True, reason or "rebuild forced")


def negatives_hash(negatives: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(negatives).encode()).hexdigest()[:16]


def fit_scoring(
    retriever: Retriever, embedder: Embedder, example_positions: List[int], negatives: Sequence[str] = ()
) -> Tuple[ScoringParams, Dict[str, Any]]:
    """Weights and confidence from leave-one-out: each example question is asked with its own
    passage removed from the index, so the fit sees questions the index has not memorised.
    The confidence learns from the negatives too: for them, answering directly is wrong."""
    if len(example_positions) < 20:
        return ScoringParams(), {"held_out_questions": len(example_positions), "fitted": False}
    passages = [retriever._passages[i] for i in example_positions]
    gold = np.array([retriever.groups.service_ids.index(p.service_id) for p in passages])
    vectors = embedder.embed_queries([embedding_text(clean_query(p.text)) for p in passages])
    held_out = retriever.held_out_components(vectors, [p.text for p in passages], example_positions)
    table = ServiceFeatures.stack([retriever.features(parts) for parts in held_out])
    params = _fit_weights(table.matrix(), gold)
    scores = combine(table, params)
    found = [evidence(row) for row in scores]
    correct = [int(f.best == want) for f, want in zip(found, gold, strict=True)]
    top3 = sum(int(want in np.argsort(-row)[:3]) for row, want in zip(scores, gold, strict=True))
    refused = [evidence(row) for row in combine(retriever.query_features(negatives), params)] if negatives else []
    x = np.array([f.features() for f in found + refused])
    y = np.array(correct + [0] * len(refused))
    model = LogisticRegression(C=10.0, max_iter=1000).fit(x, y)
    params = params.with_calibration(model.coef_[0], model.intercept_[0])
    confidences = np.array([params.confidence(f) for f in found])
    negative_confidences = np.array([params.confidence(f) for f in refused]) if refused else np.zeros(0)
    report = {
        "held_out_questions": len(passages),
        "negatives": len(refused),
        "negatives_mean_confidence": round(float(negative_confidences.mean()), 4) if refused else None,
        "fitted": True,
        "top1": round(float(np.mean(correct)), 4),
        "top3": round(top3 / len(passages), 4),
        "mean_confidence": round(float(confidences.mean()), 4),
        "calibration_bins": _reliability(confidences, np.array(correct)),
    }
    return params, report


def _embed(embedder: Embedder, passages: List[Passage]) -> np.ndarray:
    """Text passages are embedded; a centroid row is the mean of its service's example vectors."""
    rows = [i for i, p in enumerate(passages) if p.kind != "centroid"]
    vectors = np.zeros((len(passages), embedder.dim), dtype=np.float32)
    vectors[rows] = embedder.embed_passages([passages[i].text for i in rows])
    for i, passage in enumerate(passages):
        if passage.kind == "centroid":
            members = [
                j for j in rows if passages[j].service_id == passage.service_id and passages[j].kind == "example"
            ]
            vectors[i] = normalise_rows(vectors[members].mean(axis=0))[0]
    return vectors


def _fit_weights(matrix: np.ndarray, gold: np.ndarray) -> ScoringParams:
    """Coordinate ascent on the feature weights, maximising held-out top-1 accuracy."""
    weights = ScoringParams().weights

    def accuracy(w: np.ndarray) -> float:
        return float(np.mean(np.einsum("qfs,f->qs", matrix, w).argmax(axis=1) == gold))

    best = accuracy(weights)
    for _ in range(ASCENT_ROUNDS):
        for feature in range(len(weights)):
            for step in WEIGHT_STEPS:
                trial = weights.copy()
                trial[feature] = step
                score = accuracy(trial)
                if trial.sum() > 0 and score > best + 1e-9:
                    best, weights = score, trial
    return ScoringParams().with_weights(weights.tolist())


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
