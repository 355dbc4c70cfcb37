"""Handing a conversation to a human agent: record it, pause the bot, tell the citizen what happens."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Dict, List

from rasa_sdk import Tracker

from actions.handoff_store import HandoffStore
from actions.texts import Texts
from settings.service_hours import describe, parse_hours

REASONS = (
    "request_human", "case_status", "complaint", "legal",
    "outside_top100", "not_helped", "frustration", "not_understood",
)  # fmt: skip
# The callback request is recognised by this text in the console (channels/console/store.py), in every language.
CALLBACK_PAYLOAD = "Ich bitte um einen Rückruf."
# A console heartbeat older than this counts as "agent gone" (the console beats every few seconds).
PRESENCE_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class HandoffReply:
    text: str
    online: bool
    buttons: List[Dict[str, Any]] = field(default_factory=list)


def handoff_text(texts: Texts, reason: str, online: bool = True, hours: str = "Mo-Fr 08:00-18:00") -> str:
    """Why a person takes over, then what happens next: someone answers here, or nobody is there now
    (the case stays queued; the citizen may ask for a call back, and writes a number only after this note)."""
    said = texts.say(f"utter_handoff_{reason if reason in REASONS else 'request_human'}")
    if online:
        return f"{said} {texts.say('utter_handoff_next_steps')}"
    described = describe(hours, texts.info.locale) if parse_hours(hours) else texts.say("utter_hours_around_the_clock")
    return f"{said} {texts.say('utter_handoff_offline', hours=described)}"


def callback_button(texts: Texts) -> Dict[str, Any]:
    return texts.button("utter_button_callback", CALLBACK_PAYLOAD)


def agents_online(url: str) -> bool:
    return handoff_store(url).agents_online(PRESENCE_TIMEOUT_SECONDS) > 0


def offline_buttons(texts: Texts, online: bool) -> List[Dict[str, Any]]:
    """The callback offer, when nobody is in the console to answer here."""
    return [] if online else [callback_button(texts)]


def handoff_reply(texts: Texts, reason: str, url: str, hours: str) -> HandoffReply:
    """What the citizen is told: 'someone answers here' when an agent is online, else the callback offer."""
    online = agents_online(url)
    return HandoffReply(handoff_text(texts, reason, online, hours), online, offline_buttons(texts, online))


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
    """The case keeps the citizen's language, so the console can show it and route it to who speaks it."""
    channel = tracker.get_latest_input_channel() or None
    language = tracker.get_slot("language")
    return handoff_store(url).add(tracker.sender_id, reason, transcript(tracker), service, kommune, channel, language)
