"""Handing a conversation to a human agent: record it, pause the bot, tell the citizen what happens."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Dict, List

from rasa_sdk import Tracker

from actions.handoff_store import HandoffStore
from actions.service_hours import describe

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
    "frustration": (
        "Das tut mir leid, meine Antworten haben Ihnen nicht geholfen. Ich gebe das Gespräch an eine Mitarbeiterin "
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


# Nobody in the console (outside service hours, or all away): the case stays in the queue, and the
# citizen may ask for a call back. The phone number is written only by the citizen, only after this note.
OFFLINE_STEPS = (
    "Im Moment ist leider niemand aus dem Servicecenter erreichbar (Servicezeiten: {hours}). Ihr Anliegen "
    "bleibt gespeichert und wird bearbeitet, sobald jemand da ist. Wenn Sie einen Rückruf möchten, wählen Sie "
    "„Rückruf anfordern“ und schreiben Sie Ihre Telefonnummer; wir verwenden sie nur für diesen Rückruf. "
    "Sofort erreichen Sie die Behördennummer 115."
)
CALLBACK_PAYLOAD = "Ich bitte um einen Rückruf."
CALLBACK_BUTTON = {"title": "Rückruf anfordern", "payload": CALLBACK_PAYLOAD}
# A console heartbeat older than this counts as "agent gone" (the console beats every few seconds).
PRESENCE_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class HandoffReply:
    text: str
    online: bool
    buttons: List[Dict[str, Any]] = field(default_factory=list)


def handoff_text(reason: str, online: bool = True, hours: str = "Mo-Fr 08:00-18:00") -> str:
    steps = NEXT_STEPS if online else OFFLINE_STEPS.format(hours=describe(hours))
    return f"{HANDOFF_TEXTS.get(reason, HANDOFF_TEXTS['request_human'])} {steps}"


def handoff_reply(reason: str, url: str, hours: str) -> HandoffReply:
    """What the citizen is told: 'someone answers here' when an agent is online, else the callback offer."""
    online = handoff_store(url).agents_online(PRESENCE_TIMEOUT_SECONDS) > 0
    return HandoffReply(handoff_text(reason, online, hours), online, [] if online else [CALLBACK_BUTTON])


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
