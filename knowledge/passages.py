"""The texts a service is found by: its name, search terms, summary, aspects and example questions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List

from knowledge.schema import ASPECT_LABELS, ASPECTS, Service
from knowledge.store import KnowledgeBase
from knowledge.translations import LanguageTexts, Translations

# Bump when the passages change shape: it is part of the index's knowledge hash.
PASSAGE_FORMAT = "6"
# Service texts in these languages are searched too, so a question in French meets the French text
# instead of only the German one. Leichte Sprache is German and adds nothing for the search.
SEARCHED_TRANSLATIONS = ("en", "fr", "tr", "ar", "uk", "ru")


@dataclass(frozen=True)
class Passage:
    service_id: str
    kind: str  # name | terms | summary | aspect | example | centroid
    text: str


def build_passages(kb: KnowledgeBase, translations: Translations | None = None) -> List[Passage]:
    """Passages grouped by service, in a stable order (the index stores positions); with `translations`,
    the current (not stale) translated name and summary of each service as well."""
    passages: List[Passage] = []
    languages = [translations.of(code) for code in SEARCHED_TRANSLATIONS] if translations else []
    for sid in sorted(kb.services):
        service = kb.services[sid]
        passages.append(Passage(sid, "name", service.name))
        passages.append(Passage(sid, "terms", f"{service.name}: {', '.join(service.search_terms)}"))
        passages.append(Passage(sid, "summary", f"{service.name}. {service.summary}"))
        for aspect in ASPECTS:
            text = getattr(service.aspects, aspect)
            passages.append(Passage(sid, "aspect", f"{service.name} – {ASPECT_LABELS[aspect]}: {text}"))
        for texts in languages:
            passages.extend(_translated(service, texts))
        examples = kb.examples.get(sid, [])
        passages.extend(Passage(sid, "example", text) for text in examples)
        if examples:
            # its vector is the normalised mean of the example vectors (see knowledge.build)
            passages.append(Passage(sid, "centroid", f"{service.name} (Schwerpunkt der Beispielfragen)"))
    return passages


def _translated(service: Service, texts: LanguageTexts) -> List[Passage]:
    """Name and summary only: they say what the service is, which is what a question in another language must
    meet; the eight aspects in six languages would triple the passages and the index's build time."""
    name = texts.field(service, "name")
    if name.fallback:
        return []
    found = [Passage(service.id, "name", name.text)]
    summary = texts.field(service, "summary")
    if not summary.fallback:
        found.append(Passage(service.id, "summary", f"{name.text}. {summary.text}"))
    return found


def search_terms(kb: KnowledgeBase) -> List[Passage]:
    """Name and search terms one by one, for the lexical coverage score."""
    terms: List[Passage] = []
    for sid in sorted(kb.services):
        service = kb.services[sid]
        for term in dict.fromkeys([service.name, *service.search_terms]):
            terms.append(Passage(sid, "term", term))
    return terms
