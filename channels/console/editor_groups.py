"""Similar queue items side by side: a greedy clustering of their e5 vectors by cosine similarity.

Editors fix one service text for many similar questions, so the queue is shown as groups. The vectors
come from the retriever's embedder (the same e5 model and query preparation as the search, opened without
the index, so the console needs no FAISS index); each item is embedded once per console process, kept by its id.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable, Dict, List, Sequence

import numpy as np

from actions.editor_queue import EditorItem
from knowledge.embedders import Embedder
from knowledge.query import clean_query, embedding_text

# Cosine of two e5 query vectors that ask the same thing in other words. e5 scores run high and close:
# paraphrases of one question scored 0.89-0.97, questions about other services up to 0.88 (tests/test_editor_queue.py).
SIMILAR = 0.885


@dataclass(frozen=True)
class Group:
    items: List[EditorItem]

    @property
    def ids(self) -> List[int]:
        return [item.id for item in self.items]


def greedy_groups(vectors: np.ndarray, threshold: float = SIMILAR) -> List[List[int]]:
    """Row indices in groups: each row joins the group whose first row is most similar to it, if that
    similarity reaches `threshold`, else it starts a group. Rows are taken as unit vectors."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True) if len(vectors) else np.zeros((0, 1))
    unit = vectors / np.where(norms == 0, 1.0, norms)
    groups: List[List[int]] = []
    for row in range(len(unit)):
        if groups:
            seeds = unit[[g[0] for g in groups]]
            similarity = seeds @ unit[row]
            best = int(np.argmax(similarity))
            if similarity[best] >= threshold:
                groups[best].append(row)
                continue
        groups.append([row])
    return groups


class Grouper:
    """Embeds each item's text once (by id) and groups the open items, biggest group first."""

    def __init__(self, embed: Callable[[str], np.ndarray], threshold: float = SIMILAR) -> None:
        self._embed = embed
        self._threshold = threshold
        self._vectors: Dict[int, np.ndarray] = {}
        self._lock = threading.Lock()

    def groups(self, items: Sequence[EditorItem]) -> List[Group]:
        if not items:
            return []
        with self._lock:
            for item in items:
                if item.id not in self._vectors:
                    self._vectors[item.id] = np.asarray(self._embed(item.text or "-"), dtype=np.float32)
            vectors = np.stack([self._vectors[item.id] for item in items])
        found = [Group([items[i] for i in rows]) for rows in greedy_groups(vectors, self._threshold)]
        return sorted(found, key=lambda g: (-len(g.items), g.items[0].id))


def query_embedding(embedder: Embedder) -> Callable[[str], np.ndarray]:
    """A text's vector as `Retriever.embed` makes it (fillers out, separable verbs joined, e5 query prefix)."""
    return lambda text: embedder.embed_queries([embedding_text(clean_query(text))])[0]
