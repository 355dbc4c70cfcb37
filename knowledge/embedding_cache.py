"""Vectors of our own texts, kept on disk between runs, keyed by the embedder and the exact text.

On a fresh machine `kb build`, the training and every model load embed the same example sentences again
(about 3 000 of them, minutes on one core). Only our own texts go through this cache (examples, aspect
questions, negatives); a citizen's message is never stored.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Callable, Dict, List, Sequence

import numpy as np

from knowledge.embedders import Embedder

_SCHEMA = "CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)"


class CachedEmbedder:
    """An embedder whose batch calls look in the cache first and embed only what is missing."""

    def __init__(self, inner: Embedder, path: Path) -> None:
        self._inner = inner
        self._path = path
        self.hits = 0
        self.misses = 0

    @property
    def id(self) -> str:
        return self._inner.id

    @property
    def path(self) -> Path:
        return self._path

    @property
    def dim(self) -> int:
        return self._inner.dim

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._cached("query", texts, self._inner.embed_queries)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._cached("passage", texts, self._inner.embed_passages)

    def _key(self, kind: str, text: str) -> str:
        return hashlib.sha256(f"{self._inner.id}\0{kind}\0{text}".encode()).hexdigest()

    def _cached(self, kind: str, texts: Sequence[str], embed: Callable[[Sequence[str]], np.ndarray]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        keys = [self._key(kind, t) for t in texts]
        found = self._read(set(keys))
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in found))
        if missing:
            fresh = np.asarray(embed(missing), dtype=np.float32)
            new = {self._key(kind, t): v for t, v in zip(missing, fresh, strict=True)}
            self._write(new)
            found.update(new)
        self.hits += len(texts) - len(missing)
        self.misses += len(missing)
        return np.stack([found[k] for k in keys]).astype(np.float32)

    def _connect(self) -> sqlite3.Connection:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self._path, timeout=30)
        conn.execute(_SCHEMA)
        return conn

    def _read(self, keys: set[str]) -> Dict[str, np.ndarray]:
        found: Dict[str, np.ndarray] = {}
        try:
            with closing(self._connect()) as conn:
                wanted: List[str] = sorted(keys)
                for start in range(0, len(wanted), 500):
                    chunk = wanted[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    for key, blob in conn.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk):
                        vector = np.frombuffer(blob, dtype=np.float32)
                        if vector.shape == (self.dim,):
                            found[key] = vector
        except sqlite3.Error:
            return {}  # an unreadable cache is only slower, never wrong: everything is embedded afresh
        return found

    def _write(self, vectors: Dict[str, np.ndarray]) -> None:
        try:
            with closing(self._connect()) as conn, conn:
                conn.executemany(
                    "INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)",
                    [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()],
                )
        except sqlite3.Error:
            pass  # the vectors are returned all the same; the next run embeds them again
