"""The counting hook of `action_process_turn`: the events a turn produced become counters (actions/stats_store.py).

It reads only routes, slots and the channel, never the message text or the sender id. A failure to count is
logged by its type and never costs the citizen an answer.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Dict, List

from rasa_sdk import Tracker

from actions.state import site_commune
from actions.stats_store import UNKNOWN, month_of, open_stats
from settings import get_settings

log = logging.getLogger(__name__)
ROUTE_METRICS = {
    "answer": "answered",
    "clarify": "clarified",
    "handoff": "handoffs",
    "emergency": "emergencies",
    "fallback": "fallbacks",
    "bad_input": "fallbacks",
}


def count_turn(tracker: Tracker, events: List[Dict[str, Any]]) -> None:
    try:
        kommune, channel, language, metrics = turn_metrics(tracker, events)
        open_stats(get_settings().handoff_db_url).add(
            month_of(dt.datetime.now(dt.timezone.utc)), kommune, channel, language, metrics
        )
    except Exception as err:  # counting must never stop an answer
        log.warning("Statistik nicht gezählt: %s", type(err).__name__)


def turn_metrics(tracker: Tracker, events: List[Dict[str, Any]]) -> tuple[str, str, str, List[str]]:
    """(commune, channel, language, metrics) of this turn; the slots as they are after its events."""
    slots = {e["name"]: e.get("value") for e in events if e.get("event") == "slot"}

    def slot(name: str) -> Any:
        return slots[name] if name in slots else tracker.get_slot(name)

    message = tracker.latest_message or {}
    kommune = (
        slot("kommune")
        or site_commune(message.get("metadata"))
        or site_commune(tracker.get_slot("session_started_metadata"))
        or UNKNOWN
    )
    channel = tracker.get_latest_input_channel() or UNKNOWN
    language = slot("language") or "de"
    metrics = ["messages"]
    history = _since_session_start(tracker.events)
    if sum(1 for e in history if e.get("event") == "user") == 1:
        metrics.append("conversations")
    route = slots.get("route")
    if route in ROUTE_METRICS:
        metrics.append(ROUTE_METRICS[route])
    if route == "handoff" and not any(_is_handoff(e) for e in history):
        metrics.append("handed_over")
    if route == "answer" and slots.get("service"):
        metrics.append(f"service:{slots['service']}")
        metrics.append(f"aspect:{slots.get('aspect') or 'allgemein'}")
    return str(kommune), str(channel), str(language), metrics


def _since_session_start(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    starts = [i for i, e in enumerate(events) if e.get("event") == "session_started"]
    return events[starts[-1] + 1 :] if starts else list(events)


def _is_handoff(event: Dict[str, Any]) -> bool:
    return event.get("event") == "slot" and event.get("name") == "route" and event.get("value") == "handoff"
