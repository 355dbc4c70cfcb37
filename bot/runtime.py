"""Wires settings to the knowledge package: one place that opens the knowledge base and retriever."""

from __future__ import annotations

from functools import lru_cache
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
    return shared_embedder(settings.embedder_backend, settings.embedder_model)


@lru_cache(maxsize=2)
def shared_embedder(backend: str, model: str) -> Embedder:
    """One model per process: the featurizer, the retriever and the safety layer share it."""
    return create_embedder(backend, model)


def open_retriever(settings: Settings, kb: KnowledgeBase | None = None) -> Retriever:
    """The retriever over the built index; raises StaleIndexError when the index is not current."""
    return Retriever.open(kb or open_knowledge(), settings.index_dir, open_embedder(settings))


AMBIGUOUS_FILE = PROJECT_ROOT / "nlu_data" / "ambiguous.yml"


NOT_NEGATIVE = (None, "ask_service", "inform", "case_status", "complaint")


def negative_examples() -> List[str]:
    """Messages that must not be answered as one service: the conversational intents of the NLU data
    (small talk, off-topic, requests for a person, emergencies …) and the vague ones that need asking back.
    The citizen's own case and complaints name their service ("mein Wohngeldantrag …"): they go to a
    person by their intent, and as negatives they would teach retrieval to doubt the service itself."""
    from bot.training import intent_files

    texts: List[str] = []
    for path in intent_files():
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if block.get("intent") not in NOT_NEGATIVE:
                lines = str(block.get("examples", "")).splitlines()
                texts += [line[2:].strip() for line in lines if line.startswith("- ")]
    texts += [item["text"] for item in yaml.safe_load(AMBIGUOUS_FILE.read_text(encoding="utf-8"))["ambiguous"]]
    return texts


def build_knowledge_index(settings: Settings, force: bool = False) -> BuildResult:
    return build_index(open_knowledge(), open_embedder(settings), settings.index_dir, force, negative_examples())
