"""Ranked services for a citizen's message, with the passages that matched and a calibrated
confidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, List, Sequence, Tuple

import faiss
import numpy as np

from knowledge.embedders import Embedder
from knowledge.index import load_index
from knowledge.lexical import CharNgramScorer
from knowledge.passages import Passage, search_terms
from knowledge.query import clean_query, embedding_text
from knowledge.scoring import ScoringParams, ServiceFeatures, ServiceGroups, combine, evidence, features
from knowledge.store import KnowledgeBase


@dataclass(frozen=True)
class PassageHit:
    kind: str
    text: str
    score: float


@dataclass(frozen=True)
class ServiceMatch:
    service_id: str
    name: str
    score: float
    passages: Tuple[PassageHit, ...]


@dataclass(frozen=True)
class RetrievalResult:
    query: str
    matches: List[ServiceMatch] = field(default_factory=list)
    confidence: float = 0.0  # calibrated probability that matches[0] is the service meant
    margin: float = 0.0
    # how fully the message contains a search term of matches[0] ("Kindergeld" in "und das Kindergeld?"):
    # high when the message names the service, low when it only fits it
    named: float = 0.0

    @property
    def top(self) -> ServiceMatch | None:
        return self.matches[0] if self.matches else None


@dataclass(frozen=True)
class Components:
    """Raw passage-level scores of one query, before they are combined per service."""

    dense: np.ndarray
    lexical: np.ndarray
    coverage: np.ndarray


class Retriever:
    def __init__(
        self,
        kb: KnowledgeBase,
        faiss_index: faiss.Index,
        passages: List[Passage],
        embedder: Embedder,
        params: ScoringParams,
    ) -> None:
        self.kb = kb
        self.params = params
        self._index = faiss_index
        self._passages = passages
        self._embedder = embedder
        self._terms = search_terms(kb)
        self.groups = ServiceGroups([(p.service_id, p.kind) for p in passages], [t.service_id for t in self._terms])
        self._vectors: np.ndarray | None = None  # only for leave-one-out during the build
        self._positions: dict[str, List[int]] = {}
        for i, passage in enumerate(passages):
            self._positions.setdefault(passage.service_id, []).append(i)
        # the n-gram cosine only reads names, terms, summaries and examples (aspect texts are long
        # and shared words there mislead); a smaller matrix keeps the query fast
        self._lexical_rows = np.flatnonzero(~self.groups.aspect & (self.groups.kind != "centroid"))
        self._lexical = CharNgramScorer([passages[i].text for i in self._lexical_rows], [t.text for t in self._terms])

    @property
    def passages(self) -> Sequence[Passage]:
        """The passages the index was built from (with the translated names and summaries)."""
        return self._passages

    @classmethod
    def open(cls, kb: KnowledgeBase, index_dir: Path, embedder: Embedder) -> Retriever:
        loaded = load_index(index_dir, kb, embedder.id, embedder.dim)
        return cls(kb, loaded.faiss_index, loaded.passages, embedder, ScoringParams(**loaded.manifest.scoring))

    def components(self, query_vector: np.ndarray, text: str, exclude: int | None = None) -> Components:
        # the passage cosine is skipped at query time when the fitted weight leaves it out
        cosine, coverage = self._lexical.scores(text, with_cosine=exclude is not None or self.params.w_lexical > 0)
        return self._components(query_vector, cosine, coverage, exclude)

    def held_out_components(
        self, query_vectors: np.ndarray, texts: Sequence[str], exclude: Sequence[int], chunk: int = 500
    ) -> Iterator[Components]:
        """`components` of many questions, each with its own passage left out; the n-gram scores of a chunk come
        from one sparse product (the fit at build time asks thousands, one by one that took most of a build)."""
        for start in range(0, len(texts), chunk):
            cosines, coverages = self._lexical.scores_many(texts[start : start + chunk])
            for offset, (cosine, coverage) in enumerate(zip(cosines, coverages, strict=True)):
                row = start + offset
                yield self._components(query_vectors[row], cosine, coverage, exclude[row])

    def _components(
        self, query_vector: np.ndarray, cosine: np.ndarray, coverage: np.ndarray, exclude: int | None
    ) -> Components:
        distances, ids = self._index.search(query_vector.reshape(1, -1).astype(np.float32), self._index.ntotal)
        dense = np.empty(self._index.ntotal, dtype=np.float64)
        dense[ids[0]] = distances[0]
        lexical = np.zeros(len(self._passages))
        lexical[self._lexical_rows] = cosine
        if exclude is not None:
            self._leave_out(exclude, query_vector, dense, lexical)
        return Components(dense, lexical, coverage)

    def _leave_out(self, row: int, query_vector: np.ndarray, dense: np.ndarray, lexical: np.ndarray) -> None:
        """Scores as if passage `row` were not in the index, its service's centroid included."""
        dense[row] = -1.0
        lexical[row] = 0.0
        group = self.groups.group[row]
        centroid_row = self.groups.centroid_row[group]
        if self.groups.kind[row] != "example" or centroid_row < 0:
            return
        if self._vectors is None:
            self._vectors = self._index.reconstruct_n(0, self._index.ntotal)
        others = [r for r in self.groups.example_rows[group] if r != row]
        centroid = self._vectors[others].sum(axis=0)
        dense[centroid_row] = float(centroid @ query_vector / max(np.linalg.norm(centroid), 1e-12))

    def query_features(self, texts: Sequence[str]) -> ServiceFeatures:
        """Service features of messages asked as they come (no passage left out)."""
        cleaned = [clean_query(t) for t in texts]
        vectors = self._embedder.embed_queries([embedding_text(t) for t in cleaned])
        return ServiceFeatures.stack(
            [self.features(self.components(v, t)) for v, t in zip(vectors, cleaned, strict=True)]
        )

    def features(self, parts: Components) -> ServiceFeatures:
        return features(self.groups, parts.dense, parts.lexical, parts.coverage)

    def embed(self, text: str) -> np.ndarray:
        """The query vector `search` uses for this text."""
        return self._embedder.embed_queries([embedding_text(clean_query(text))])[0]

    def search(self, text: str, k: int = 3, query_vector: np.ndarray | None = None) -> RetrievalResult:
        """`query_vector`: the caller already embedded `embedding_text(clean_query(text))`; saves a second embedding."""
        query = clean_query(text)
        if not any(ch.isalnum() for ch in query):
            return RetrievalResult(query=query)
        vector = query_vector if query_vector is not None else self.embed(query)
        parts = self.components(vector, query)
        service_features = self.features(parts)
        scores = combine(service_features, self.params)
        found = evidence(scores)
        order = np.argsort(-scores)[:k]
        matches = [self._match(int(i), float(scores[i]), parts) for i in order]
        named = float(service_features.coverage[order[0]]) if len(order) else 0.0
        return RetrievalResult(query, matches, self.params.confidence(found), found.margin, round(named, 4))

    def _match(self, group: int, score: float, parts: Components) -> ServiceMatch:
        sid = self.groups.service_ids[group]
        texts = [i for i in self._positions[sid] if self._passages[i].kind != "centroid"]
        best = sorted(texts, key=lambda i: -max(parts.dense[i], parts.lexical[i]))[:3]
        hits = tuple(
            PassageHit(self._passages[i].kind, self._passages[i].text, round(float(parts.dense[i]), 4)) for i in best
        )
        return ServiceMatch(sid, self.kb.services[sid].name, round(score, 4), hits)
