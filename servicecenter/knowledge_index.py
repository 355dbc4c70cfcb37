"""Building the knowledge index with the NLU data's conversational messages as negatives."""

from __future__ import annotations

from typing import List

import yaml

from bot.training import intent_files
from knowledge.build import BuildResult, build_index
from knowledge.embedders import Embedder
from knowledge.runtime import open_batch_embedder, open_knowledge
from settings import PROJECT_ROOT, Settings

AMBIGUOUS_FILE = PROJECT_ROOT / "nlu_data" / "ambiguous.yml"


NOT_NEGATIVE = (None, "ask_service", "inform", "case_status", "complaint")


def negative_examples() -> List[str]:
    """Messages that must not be answered as one service: the conversational intents of the NLU data
    (small talk, off-topic, requests for a person, emergencies …) and the vague ones that need asking back.
    The citizen's own case and complaints name their service ("mein Wohngeldantrag …"): they go to a
    person by their intent, and as negatives they would teach retrieval to doubt the service itself."""
    texts: List[str] = []
    for path in intent_files():
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if block.get("intent") not in NOT_NEGATIVE:
                lines = str(block.get("examples", "")).splitlines()
                texts += [line[2:].strip() for line in lines if line.startswith("- ")]
    texts += [item["text"] for item in yaml.safe_load(AMBIGUOUS_FILE.read_text(encoding="utf-8"))["ambiguous"]]
    return texts


def build_knowledge_index(settings: Settings, force: bool = False, embedder: Embedder | None = None) -> BuildResult:
    embedder = embedder or open_batch_embedder(settings)
    return build_index(open_knowledge(), embedder, settings.index_dir, force, negative_examples())
