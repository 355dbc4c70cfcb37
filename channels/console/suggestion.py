"""The answer the assistant would give for the detected service, aspect and commune, for the agent to reuse.

Rendered by the same function the bot uses (actions.answer.compose_answer), so it is the same text.
"""

from __future__ import annotations

from typing import Any, Dict, List

from actions.answer import compose_answer
from actions.knowledge_access import knowledge
from knowledge.store import KnowledgeError


def detected(record: Dict[str, Any], tracker: Dict[str, Any] | None) -> Dict[str, Any]:
    """Service/aspect/commune: the tracker's latest slots where known, else what the handoff recorded."""
    slots = (tracker or {}).get("slots") or {}
    return {
        "service": slots.get("service") or record.get("service"),
        "aspect": slots.get("aspect"),
        "kommune": slots.get("kommune") or record.get("kommune"),
    }


def suggestion(found: Dict[str, Any]) -> Dict[str, Any] | None:
    service = found.get("service")
    if not service:
        return None
    try:
        kb = knowledge()
        reply = compose_answer(kb, service, found.get("aspect"), found.get("kommune"))
        return {"service_name": kb.service(service).name, "text": reply.text}
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
