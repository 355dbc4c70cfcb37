"""The knowledge base for the action server: loaded on first use, never at import."""

from __future__ import annotations

from functools import lru_cache

from knowledge.store import KnowledgeBase, load_knowledge


@lru_cache(maxsize=1)
def knowledge() -> KnowledgeBase:
    return load_knowledge()
