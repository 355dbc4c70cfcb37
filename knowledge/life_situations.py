"""Life situations (Lebenslagen) and the services each usually takes, and which one a message tells.

The retrieval ranks single services; "unser Kind ist da, was nun?" is close to several of them and names
none, so its first service is a guess. The situation's own list is what the citizen needs to choose from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List, Sequence

import numpy as np
import yaml

from knowledge.embedders import Embedder
from knowledge.query import clean_query, embedding_text
from knowledge.store import KnowledgeError

LIFE_SITUATIONS_FILE = Path(__file__).resolve().parent / "life_situations.yaml"
# a situation's score: the mean cosine of its closest descriptions (one close telling is not enough)
NEIGHBOURS = 2


@dataclass(frozen=True)
class LifeSituation:
    id: str
    name: str
    services: List[str]
    descriptions: List[str]


@dataclass(frozen=True)
class SituationMatch:
    situation: LifeSituation
    score: float  # mean cosine of its closest descriptions
    lead: float  # over the next situation's score


def load_life_situations(known_services: Iterable[str], path: Path = LIFE_SITUATIONS_FILE) -> List[LifeSituation]:
    """The catalogue, checked: every service exists, every situation has services and descriptions."""
    known = set(known_services)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    situations: List[LifeSituation] = []
    for sid, entry in (data.get("situations") or {}).items():
        services = [str(s) for s in entry.get("services") or []]
        descriptions = [str(d) for d in entry.get("descriptions") or []]
        unknown = sorted(set(services) - known)
        if unknown:
            raise KnowledgeError(f"{path.name}: situation {sid} names unknown services {unknown}")
        if len(services) < 2 or not descriptions:
            raise KnowledgeError(f"{path.name}: situation {sid} needs at least two services and a description")
        situations.append(LifeSituation(str(sid), str(entry.get("name") or sid), services, descriptions))
    if len(situations) < 2:
        raise KnowledgeError(f"{path.name}: at least two situations are needed")
    return situations


class LifeSituationMatcher:
    """The descriptions, embedded once (as queries, like the message they are compared with)."""

    def __init__(self, situations: Sequence[LifeSituation], vectors: np.ndarray) -> None:
        self._situations = list(situations)
        self._vectors = vectors
        ends = np.cumsum([len(s.descriptions) for s in situations])
        self._rows = [np.arange(end - len(s.descriptions), end) for s, end in zip(situations, ends, strict=True)]
        self._services = [frozenset(s.services) for s in situations]

    @classmethod
    def load(cls, embedder: Embedder, situations: Sequence[LifeSituation]) -> LifeSituationMatcher:
        texts = [embedding_text(clean_query(d)) for s in situations for d in s.descriptions]
        return cls(situations, embedder.embed_queries(texts))

    def best(self, vector: np.ndarray, retrieved: Sequence[str] = (), bonus: float = 0.0) -> SituationMatch:
        """The closest situation; each of its services among `retrieved` (the retrieval's first ones) adds `bonus`:
        "wir ziehen mit Kindern und Hund aufs Land" is close to a new dog and to a move, the retrieval decides."""
        similarities = self._vectors @ vector
        found = set(retrieved)
        scores = np.array(
            [
                np.sort(similarities[rows])[-NEIGHBOURS:].mean() + bonus * len(found & services)
                for rows, services in zip(self._rows, self._services, strict=True)
            ]
        )
        order = np.argsort(-scores)
        first, second = int(order[0]), int(order[1])
        return SituationMatch(self._situations[first], float(scores[first]), float(scores[first] - scores[second]))
