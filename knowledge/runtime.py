"""Wires settings to the knowledge package: one place that opens the knowledge base, embedder and retriever."""

from __future__ import annotations

from functools import lru_cache

from knowledge.embedders import Embedder, create_embedder
from knowledge.embedding_cache import CachedEmbedder
from knowledge.retriever import Retriever
from knowledge.store import KnowledgeBase, load_knowledge
from settings import Settings


def open_knowledge() -> KnowledgeBase:
    return load_knowledge()


def open_embedder(settings: Settings) -> Embedder:
    return shared_embedder(settings.embedder_backend, settings.embedder_model)


def open_batch_embedder(settings: Settings) -> CachedEmbedder:
    """For our own texts only (index build, training, aspect questions): their vectors are kept on disk."""
    return CachedEmbedder(open_embedder(settings), settings.work_dir / "cache" / "embeddings.sqlite")


@lru_cache(maxsize=2)
def shared_embedder(backend: str, model: str) -> Embedder:
    """One model per process: the featurizer, the retriever and the safety layer share it."""
    return create_embedder(backend, model)


def open_retriever(settings: Settings, kb: KnowledgeBase | None = None) -> Retriever:
    """The retriever over the built index; raises StaleIndexError when the index is not current."""
    return Retriever.open(kb or open_knowledge(), settings.index_dir, open_embedder(settings))
