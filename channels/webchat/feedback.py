"""The widget's "War das hilfreich?": validated, counted per service and aspect, a "nein" with its text queued.

Nothing about the citizen is kept with the counts: no session, no time finer than the month, no address.
The text of a "nein" (what was missing, and the question it was about) goes to the editors' queue redacted
(actions.editor_queue); the month's statistics count it per commune of the website and language. The phone's
question at the end of a call (channels.voice.feedback) goes into the same counters, with channel "voice".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Collection, FrozenSet

from actions.editor_queue import EditorQueue
from actions.stats_store import UNKNOWN, StatsStore, month_of
from knowledge.files import read_yaml
from knowledge.schema import ASPECTS
from knowledge.store import COMMUNES_FILE, read_top100
from knowledge.translations import load_languages

MAX_MISSING = 500  # "Was hat gefehlt?"
MAX_QUESTION = 1000  # the widget's own input limit


class FeedbackError(ValueError):
    """The body is not a feedback the widget sends; its message is the German reason for the 400."""


@dataclass(frozen=True)
class Feedback:
    service: str
    aspect: str | None
    helpful: bool
    missing: str = ""
    question: str = ""
    commune: str = UNKNOWN  # the website's commune (the widget's data-commune), for the statistics
    language: str = "de"
    channel: str = "webchat"  # "voice": the phone's question at the end of a call (channels.voice.feedback)


@lru_cache(maxsize=1)
def service_ids() -> FrozenSet[str]:
    """The Top-100 ids (top100.csv, checked against the service records when the knowledge loads)."""
    return frozenset(top.id for top in read_top100())


@lru_cache(maxsize=1)
def commune_names() -> FrozenSet[str]:
    data = read_yaml(COMMUNES_FILE)
    rows = data.get("communes") if isinstance(data, dict) else None
    return frozenset(str(row["name"]) for row in rows or [] if isinstance(row, dict) and "name" in row)


@lru_cache(maxsize=1)
def language_codes() -> FrozenSet[str]:
    return frozenset(load_languages())


def parse_feedback(
    body: Any, services: Collection[str], communes: Collection[str] = (), languages: Collection[str] = ("de",)
) -> Feedback:
    """The feedback in `body`, or FeedbackError: a known service, a known aspect or none, yes/no, short texts."""
    if not isinstance(body, dict):
        raise FeedbackError("JSON-Objekt erwartet")
    service, aspect, helpful = body.get("service"), body.get("aspect"), body.get("helpful")
    if not isinstance(service, str) or service not in services:
        raise FeedbackError("unbekannte Leistung")
    if aspect in ("", None):
        aspect = None
    elif aspect not in ASPECTS:
        raise FeedbackError("unbekannter Aspekt")
    if not isinstance(helpful, bool):
        raise FeedbackError("helpful muss true oder false sein")
    missing, question = body.get("missing", ""), body.get("question", "")
    if not isinstance(missing, str) or len(missing) > MAX_MISSING:
        raise FeedbackError(f"missing: Text bis {MAX_MISSING} Zeichen")
    if not isinstance(question, str) or len(question) > MAX_QUESTION:
        raise FeedbackError(f"question: Text bis {MAX_QUESTION} Zeichen")
    if helpful and missing.strip():
        raise FeedbackError("missing nur bei helpful=false")
    commune = body.get("commune") if body.get("commune") in communes else UNKNOWN
    language = body.get("language") if body.get("language") in languages else "de"
    return Feedback(service, aspect, helpful, missing.strip(), question.strip(), str(commune), str(language))


def count_feedback(feedback: Feedback, queue: EditorQueue, stats: StatsStore | None = None) -> None:
    """Counts it per service and aspect; with `stats` also in the month's figures of its commune, channel and
    language. The phone counts only this: it has no text for the editors."""
    queue.count_feedback(feedback.service, feedback.aspect, feedback.helpful)
    if stats is not None:
        metric = "feedback_yes" if feedback.helpful else "feedback_no"
        month = month_of(dt.datetime.now(dt.timezone.utc))
        stats.add(month, feedback.commune, feedback.channel, feedback.language, [metric])


def record_feedback(feedback: Feedback, queue: EditorQueue, stats: StatsStore | None = None) -> int | None:
    """Counts it (count_feedback); a "nein" also becomes an item of the editors' queue (its id)."""
    count_feedback(feedback, queue, stats)
    if feedback.helpful:
        return None
    text = " – ".join(t for t in (feedback.question, feedback.missing) if t) or "(ohne Text)"
    return queue.add("feedback", text, feedback.service, feedback.aspect)
