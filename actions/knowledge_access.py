"""The knowledge base and retriever for the action server: loaded on first use, never at import."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import List

import yaml

from knowledge.retriever import Retriever
from knowledge.service_words import ServiceWords
from knowledge.store import KnowledgeBase, load_knowledge
from knowledge.vocabulary import Vocabulary
from settings import PROJECT_ROOT

NLU_DIR = PROJECT_ROOT / "nlu_data"


@lru_cache(maxsize=1)
def knowledge() -> KnowledgeBase:
    return load_knowledge()


@cache
def situation_services(situation: str) -> List[str]:
    """The services of one life situation of knowledge/life_situations.yaml, in its order."""
    from knowledge.life_situations import load_life_situations

    found = {s.id: s.services for s in load_life_situations(knowledge().services)}
    return list(found[situation])


@lru_cache(maxsize=1)
def retriever() -> Retriever:
    """For reading a follow-up with its context (the Rasa server retrieves each message alone)."""
    from knowledge.runtime import open_retriever
    from settings import get_settings

    return open_retriever(get_settings(), knowledge())


@lru_cache(maxsize=1)
def service_words() -> ServiceWords:
    """Each service's words, from the passages the retriever already holds."""
    return ServiceWords.of(retriever().passages)


# Not known through the NLU data: the examples of matters outside the Top 100 and of off-topic chat.
OUTSIDE_INTENTS = ("other_municipal", "out_of_scope")


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The German words of the service texts, search terms, example questions, commune names, and of the
    NLU data's conversational messages ("hat geklappt", "hergezogen")."""
    from knowledge.passages import build_passages

    kb = knowledge()
    communes = [" ".join([c.name, *c.spellings]) for c in kb.communes.values()]
    return Vocabulary.of([*(p.text for p in build_passages(kb)), *communes, *conversation_examples()])


def conversation_examples() -> List[str]:
    texts: List[str] = []
    for path in sorted(NLU_DIR.rglob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            if block.get("intent") and block["intent"] not in OUTSIDE_INTENTS:
                texts += [line[2:] for line in str(block.get("examples", "")).splitlines() if line.startswith("- ")]
    return texts
