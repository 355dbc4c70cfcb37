"""The queue's order and filters: urgency first, then waiting time; and the wait-time alarm.

The order is data, in one place (URGENCY), so the API, the live queue and the page agree. Why this order:
an emergency named during the handoff may cost health or life, so it leads. A complaint, frustration or a
citizen the assistant did not help is someone already let down once: waiting longer makes it worse. Case
status, the wish for a person, questions outside the Top 100 (and legal questions or not understood) are
ordinary questions. A callback request comes last: the citizen left a number and is not sitting in the chat.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List

EMERGENCY = 0
CALLBACK = 3
URGENCY: Dict[str, int] = {
    "complaint": 1,
    "frustration": 1,
    "not_helped": 1,
    "case_status": 2,
    "request_human": 2,
    "outside_top100": 2,
    "legal": 2,
    "not_understood": 2,
}
REASON_LABELS: Dict[str, str] = {
    "complaint": "Beschwerde",
    "frustration": "unzufrieden",
    "not_helped": "nicht geholfen",
    "case_status": "Stand eines Antrags",
    "request_human": "Wunsch nach Mensch",
    "outside_top100": "außerhalb Top 100",
    "legal": "Rechtsfrage",
    "not_understood": "nicht verstanden",
}
CHANNEL_LABELS: Dict[str, str] = {"webchat": "Web-Chat", "voice": "Telefon", "rest": "REST", "socketio": "Web-Chat"}


def urgency(item: Dict[str, Any]) -> int:
    if item.get("emergency"):
        return EMERGENCY
    if item.get("callback"):
        return CALLBACK
    return URGENCY.get(str(item.get("reason")), max(URGENCY.values()))


def by_urgency(items: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Most urgent first; within one level the longest waiting first."""
    return sorted(items, key=lambda i: (urgency(i), dt.datetime.fromisoformat(i["created_at"]), i["id"]))


def narrow(
    items: List[Dict[str, Any]], commune: str | None, reason: str | None, channel: str | None
) -> List[Dict[str, Any]]:
    """Only entries of this commune, reason and channel; an emergency stays in every view (as with languages)."""
    return [
        i
        for i in items
        if i.get("emergency")
        or (
            (commune is None or i.get("kommune") == commune)
            and (reason is None or i.get("reason") == reason)
            and (channel is None or i.get("channel") == channel)
        )
    ]


def with_waiting(items: List[Dict[str, Any]], alarm_minutes: int, now: dt.datetime) -> List[Dict[str, Any]]:
    """Seconds since the handoff, and whether a case nobody took is past the alarm threshold. Only in API
    answers: the live queue is pushed on change, so the page counts the seconds itself from `created_at`."""
    out = []
    for item in items:
        waited = max(0, int((now - dt.datetime.fromisoformat(item["created_at"])).total_seconds()))
        out.append(
            {
                **item,
                "waited_seconds": waited,
                "wait_alarm": item.get("status") == "waiting" and waited > alarm_minutes * 60,
            }
        )
    return out
