"""Wires settings to the knowledge package: one place that opens the knowledge base and retriever."""

from __future__ import annotations

from typing import List

import yaml

from bot.settings import PROJECT_ROOT, Settings
from knowledge.build import BuildResult, build_index
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


CONVERSATION_FILE = "nlu_data/conversation.yml"
AMBIGUOUS_FILE = PROJECT_ROOT / "nlu_data" / "ambiguous.yml"


def negative_examples() -> List[str]:
    """Messages that must not be answered as one service: every conversational intent of the
    NLU data (small talk, off-topic, requests for a person …) and the vague ones that need asking back."""
    texts: List[str] = []
    nlu = yaml.safe_load((PROJECT_ROOT / CONVERSATION_FILE).read_text(encoding="utf-8")).get("nlu", [])
    for block in nlu:
        if block.get("intent") not in (None, "ask_service", "inform"):
            texts += [line[2:].strip() for line in str(block.get("examples", "")).splitlines() if line.startswith("- ")]
    texts += [item["text"] for item in yaml.safe_load(AMBIGUOUS_FILE.read_text(encoding="utf-8"))["ambiguous"]]
    return texts


def build_knowledge_index(settings: Settings, force: bool = False) -> BuildResult:
    return build_index(open_knowledge(), open_embedder(settings), settings.index_dir, force, negative_examples())
