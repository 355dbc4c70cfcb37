"""The answer the assistant would give for the detected service, aspect and commune, for the agent to reuse.

Rendered by the same function the bot uses (actions.answer.compose_answer), so it is the same text. For a
citizen writing in another language the agent gets that text and the German one side by side: they send
the first and read the second.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List

from actions.answer import compose_answer
from actions.knowledge_access import knowledge
from actions.texts import Texts
from channels.console.languages import describe, languages
from knowledge.hours import BERLIN
from knowledge.store import KnowledgeError
from knowledge.translations import GERMAN


def detected(record: Dict[str, Any], tracker: Dict[str, Any] | None) -> Dict[str, Any]:
    """Service/aspect/commune: the tracker's latest slots where known, else what the handoff recorded."""
    slots = (tracker or {}).get("slots") or {}
    return {
        "service": slots.get("service") or record.get("service"),
        "aspect": slots.get("aspect"),
        "kommune": slots.get("kommune") or record.get("kommune"),
    }


def case_language(record: Dict[str, Any], tracker: Dict[str, Any] | None) -> Dict[str, str]:
    """The conversation's language now (the tracker's slot; it may have changed since), else the handoff's."""
    slots = (tracker or {}).get("slots") or {}
    return describe(slots.get("language") or record.get("language"))


def suggestion(found: Dict[str, Any], language: str = GERMAN) -> Dict[str, Any] | None:
    """`text` is German; `citizen` the same answer in the case's language (None for German or an unknown code)."""
    service = found.get("service")
    if not service:
        return None
    now = dt.datetime.now(BERLIN)  # both texts say the same "open now"
    try:
        kb = knowledge()
        german = compose_answer(kb, service, found.get("aspect"), found.get("kommune"), now=now, texts=Texts())
        citizen = None
        if language != GERMAN and language in languages():
            reply = compose_answer(
                kb, service, found.get("aspect"), found.get("kommune"), now=now, texts=Texts(language)
            )
            citizen = {**describe(language), "text": reply.text}
        return {"service_name": kb.service(service).name, "text": german.text, "citizen": citizen}
    except KnowledgeError:
        return None


def with_service_names(items: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Queue entries with the service's name next to its id (the agent reads names, not ids)."""
    try:
        services = knowledge().services
    except KnowledgeError:
        services = {}
    for item in items:
        service = services.get(item.get("service") or "")
        item["service_name"] = service.name if service else None
    return items
