"""Handing a conversation to a human agent: record it, pause the bot, tell the citizen what happens."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List

from rasa_sdk import Tracker

from actions.handoff_store import HandoffStore

HANDOFF_TEXTS: Dict[str, str] = {
    "request_human": "Gern verbinde ich Sie mit einer Mitarbeiterin oder einem Mitarbeiter des Servicecenters.",
    "case_status": (
        "Zum Stand Ihres Antrags kann ich nichts sagen, dafür braucht es einen Blick in Ihre Akte. "
        "Ich gebe Ihr Anliegen an eine Mitarbeiterin oder einen Mitarbeiter weiter."
    ),
    "complaint": (
        "Das tut mir leid. Ihr Anliegen gebe ich an eine Mitarbeiterin oder einen Mitarbeiter weiter, "
        "die oder der sich persönlich darum kümmert."
    ),
    "legal": (
        "Eine Rechtsberatung darf ich nicht geben. Ihr Anliegen gebe ich an eine Mitarbeiterin oder einen "
        "Mitarbeiter weiter, die oder der Ihnen sagt, wohin Sie sich wenden können."
    ),
    "outside_top100": (
        "Zu diesem Anliegen habe ich keine geprüften Informationen. Ich gebe Ihre Frage an eine Mitarbeiterin "
        "oder einen Mitarbeiter weiter."
    ),
    "not_helped": (
        "Das tut mir leid, dann kann ich Ihnen hier nicht gut helfen. Ich gebe das Gespräch an eine Mitarbeiterin "
        "oder einen Mitarbeiter weiter."
    ),
    "not_understood": (
        "Ich konnte Ihnen leider nicht weiterhelfen. Ich gebe das Gespräch an eine Mitarbeiterin oder einen "
        "Mitarbeiter weiter."
    ),
}
NEXT_STEPS = (
    "Das bisherige Gespräch wird dafür weitergegeben, damit Sie nichts wiederholen müssen. Bitte bleiben Sie "
    "in diesem Fenster; sobald jemand frei ist, antwortet Ihnen hier ein Mensch. Alternativ erreichen Sie die "
    "Behördennummer 115."
)


def handoff_text(reason: str) -> str:
    return f"{HANDOFF_TEXTS.get(reason, HANDOFF_TEXTS['request_human'])} {NEXT_STEPS}"


def transcript(tracker: Tracker, limit: int = 100) -> List[Dict[str, Any]]:
    """Citizen and assistant messages of this conversation, oldest first."""
    lines = []
    for event in tracker.events:
        if event.get("event") == "user" and event.get("text"):
            lines.append({"from": "citizen", "text": event["text"], "time": event.get("timestamp")})
        elif event.get("event") == "bot" and event.get("text"):
            lines.append({"from": "assistant", "text": event["text"], "time": event.get("timestamp")})
    return lines[-limit:]


@lru_cache(maxsize=4)
def handoff_store(url: str) -> HandoffStore:
    return HandoffStore(url)


def record_handoff(tracker: Tracker, reason: str, service: str | None, kommune: str | None, url: str) -> int:
    channel = tracker.get_latest_input_channel() or None
    return handoff_store(url).add(tracker.sender_id, reason, transcript(tracker), service, kommune, channel)
