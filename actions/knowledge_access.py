"""The knowledge base and retriever for the action server: loaded on first use, never at import."""

from __future__ import annotations

from functools import lru_cache

from knowledge.retriever import Retriever
from knowledge.store import KnowledgeBase, load_knowledge


@lru_cache(maxsize=1)
def knowledge() -> KnowledgeBase:
    return load_knowledge()


@lru_cache(maxsize=1)
def retriever() -> Retriever:
    """For reading a follow-up with its context (the Rasa server retrieves each message alone)."""
    from knowledge.runtime import open_retriever
    from settings import get_settings

    return open_retriever(get_settings(), knowledge())
