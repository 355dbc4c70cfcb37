"""Wires settings to the knowledge package: one place that opens the knowledge base and retriever."""

from __future__ import annotations

from bot.settings import Settings
from knowledge.embedders import Embedder, create_embedder
from knowledge.retriever import Retriever
from knowledge.store import KnowledgeBase, load_knowledge


def open_knowledge() -> KnowledgeBase:
    return load_knowledge()


def open_embedder(settings: Settings) -> Embedder:
    return create_embedder(settings.embedder_backend, settings.embedder_model)


def open_retriever(settings: Settings, kb: KnowledgeBase | None = None) -> Retriever:
    """The retriever over the built index; raises StaleIndexError when the index is not current."""
    return Retriever.open(kb or open_knowledge(), settings.index_dir, open_embedder(settings))
