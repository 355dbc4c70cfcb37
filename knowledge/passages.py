"""The texts a service is found by: its name, search terms, summary, aspects and example questions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List

from knowledge.schema import ASPECT_LABELS, ASPECTS
from knowledge.store import KnowledgeBase

# Bump when the passages change shape: it is part of the index's knowledge hash.
PASSAGE_FORMAT = "4"


@dataclass(frozen=True)
class Passage:
    service_id: str
    kind: str  # name | terms | summary | aspect | example | centroid
    text: str


def build_passages(kb: KnowledgeBase) -> List[Passage]:
    """Passages grouped by service, in a stable order (the index stores positions)."""
    passages: List[Passage] = []
    for sid in sorted(kb.services):
        service = kb.services[sid]
        passages.append(Passage(sid, "name", service.name))
        passages.append(Passage(sid, "terms", f"{service.name}: {', '.join(service.search_terms)}"))
        passages.append(Passage(sid, "summary", f"{service.name}. {service.summary}"))
        for aspect in ASPECTS:
            text = getattr(service.aspects, aspect)
            passages.append(Passage(sid, "aspect", f"{service.name} – {ASPECT_LABELS[aspect]}: {text}"))
        examples = kb.examples.get(sid, [])
        passages.extend(Passage(sid, "example", text) for text in examples)
        if examples:
            # its vector is the normalised mean of the example vectors (see knowledge.build)
            passages.append(Passage(sid, "centroid", f"{service.name} (Schwerpunkt der Beispielfragen)"))
    return passages


def search_terms(kb: KnowledgeBase) -> List[Passage]:
    """Name and search terms one by one, for the lexical coverage score."""
    terms: List[Passage] = []
    for sid in sorted(kb.services):
        service = kb.services[sid]
        for term in dict.fromkeys([service.name, *service.search_terms]):
            terms.append(Passage(sid, "term", term))
    return terms
