"""What the actions know about the current turn, read once from the tracker."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List

from rasa_sdk import Tracker

from actions.bereavement import DEATH, tells_a_death
from actions.context import Reading
from actions.knowledge_access import knowledge, situation_services, vocabulary
from actions.signals import frustration_cues, handoff_signal
from knowledge.query import embedding_text

SMALL_TALK = ("greet", "thank", "goodbye", "bot_challenge")
HANDOFF_INTENTS = ("request_human", "case_status", "complaint")


@dataclass(frozen=True)
class Candidate:
    service: str
    score: float


@dataclass(frozen=True)
class Turn:
    text: str
    intent: str | None
    intent_confidence: float
    runner_up_intents: List[str] = field(default_factory=list)  # the next two of DIET's ranking
    retrieval_confidence: float = 0.0
    margin: float = 1.0
    named: float = 0.0  # how fully the message contains a search term of the top service
    aspect_question: bool = False  # reads like a general aspect question ("und was kostet das?")
    aspect_named: bool = True  # the aspect is in words a pattern knows, not only guessed from its neighbours
    commune_origin: str | None = None  # the commune a move between two communes comes from
    commune_move: str | None = None  # "across" (into the commune from elsewhere) or "within" (between districts)
    candidates: List[Candidate] = field(default_factory=list)
    aspect: str | None = None
    kommune: str | None = None
    service_entity: str | None = None  # from a button payload
    emergency: str | None = None  # "112" / "110"
    off_topic: bool = False  # the off-topic detector's second opinion beside DIET
    off_topic_probability: float = 0.0  # its regression alone (the opinion needs the neighbour margin too)
    own_case: bool = False  # the own-case detector's second opinion: the citizen's own matter
    frustrated: bool = False  # the frustration detector's second opinion
    asks_for_person: bool = False  # the person-request detector's second opinion
    vague: bool = False  # the vagueness detector's opinion: a topic several services share, not which one
    input_problem: str | None = None
    handoff_signal: str | None = None  # case_status | complaint | legal, from actions.signals
    frustration_cues: int = 0  # signs of frustration in this message, from actions.signals
    # conversation state (slots) before this turn
    current_service: str | None = None
    current_aspect: str | None = None
    current_kommune: str | None = None
    clarify_options: List[str] = field(default_factory=list)
    failed_attempts: int = 0
    commune_asked: bool = False
    frustration: int = 0  # signs of frustration in the turns before
    current_service_words: str = ""  # the current service's name and search terms
    # words of the top service's texts that the current service's texts lack (set by the dispatcher)
    new_words: int = 0
    # the top service is another one of the current service's category ("Ausweise und Meldewesen"; dispatcher)
    top_in_current_group: bool = False
    # the Bürgerbüro's own service ranked first, and a close second one named by words of its own: what the
    # citizen goes there for ("Wo ist das Bürgerbüro? Ich muss einen Ausweis beantragen"; dispatcher)
    purpose_service: str | None = None
    # the message retrieved with the current service's name before it (None: no current service)
    context_reading: Reading | None = None
    # after a clarifying question: each offered service's retrieval score for this message, best first
    option_scores: List[Candidate] = field(default_factory=list)
    # after a clarifying question: the answer read together with the message that was asked back (None: not read)
    topic_reading: Reading | None = None
    # the message's words that no service text, search term or example question knows ("Drohne")
    unknown_words: List[str] = field(default_factory=list)
    # the top service is one where a nuisance or damage caused by others is reported (knowledge: reports_a_problem)
    top_reports_a_problem: bool = False
    # the services of the life situation the message tells (knowledge/life_situations.yaml); empty: none is close
    situation_services: List[str] = field(default_factory=list)

    @property
    def top(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    def alone_reading(self) -> Reading:
        """The message's own retrieval, seen from the current service."""
        top = self.top
        if top is None:
            return Reading(None, 0.0, 0.0)
        current = next((c.score for c in self.candidates if c.service == self.current_service), None)
        gap = 1.0 if current is None else top.score - current
        return Reading(top.service, self.retrieval_confidence, gap, self.named, self.new_words)

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def content_words(self) -> int:
        return len(embedding_text(self.text).split())


# "aus Magdeburg zugezogen", "nach Berlin ziehen", "von Köln": a place the citizen comes from or goes to is
# not a matter the Top 100 do not cover; such names must not count as the unknown words of an outside matter
_PLACE_AFTER = re.compile(r"\b(aus(?: der)?|nach|von|from|to)\s+(?:Bad )?[A-ZÄÖÜ][\wäöüß-]+")


def without_places(text: str) -> str:
    return _PLACE_AFTER.sub(lambda m: m.group(1), text)


def _reports_a_problem(candidates: List[Dict[str, Any]]) -> bool:
    service = knowledge().services.get(str(candidates[0].get("service"))) if candidates else None
    return bool(service and service.reports_a_problem)


def _entity(entities: List[Dict[str, Any]], name: str) -> str | None:
    values = [e.get("value") for e in entities if e.get("entity") == name and e.get("value")]
    return str(values[-1]) if values else None


def site_commune(metadata: Any) -> str | None:
    """The commune of the website the chat is embedded in (web chat `customData`), if the knowledge base knows it.

    Only a default: a commune the citizen names, or the slot, wins (a citizen on burgdorf.de may live elsewhere).
    """
    name = metadata.get("commune") if isinstance(metadata, dict) else None
    if not isinstance(name, str) or not name.strip():
        return None
    communes = knowledge().communes
    return next((c for c in communes if c.casefold() == name.strip().casefold()), None)


def _service_words(service_id: str | None) -> str:
    service = knowledge().services.get(service_id or "")
    return " ".join([service.name, *service.search_terms]) if service else ""


def read_turn(tracker: Tracker) -> Turn:
    message = tracker.latest_message or {}
    intent = message.get("intent") or {}
    retrieval = message.get("service_retrieval") or {}
    entities = message.get("entities") or []
    options = tracker.get_slot("clarify_options") or []
    return Turn(
        text=message.get("text") or "",
        intent=intent.get("name"),
        intent_confidence=float(intent.get("confidence") or 0.0),
        runner_up_intents=[r.get("name") for r in (message.get("intent_ranking") or [])[1:3] if r.get("name")],
        retrieval_confidence=float(retrieval.get("confidence") or 0.0),
        margin=float(retrieval.get("margin", 1.0)),
        named=float(retrieval.get("named", 0.0)),
        aspect_question=bool(message.get("aspect_question")),
        aspect_named=bool(message.get("aspect_named", True)),
        commune_origin=message.get("commune_origin"),
        commune_move=message.get("commune_move"),
        candidates=[Candidate(c["service"], float(c["score"])) for c in retrieval.get("candidates", [])],
        aspect=_entity(entities, "aspect"),
        kommune=_entity(entities, "kommune"),
        service_entity=_entity(entities, "service"),
        emergency=message.get("emergency"),
        off_topic=bool(message.get("off_topic")),
        off_topic_probability=float((message.get("off_topic_readings") or {}).get("probability") or 0.0),
        own_case=bool(message.get("own_case")),
        frustrated=bool(message.get("frustrated")),
        asks_for_person=bool(message.get("asks_for_person")),
        vague=bool(message.get("vague")),
        input_problem=message.get("input_problem"),
        handoff_signal=handoff_signal(message.get("text") or ""),
        frustration_cues=frustration_cues(message.get("text") or ""),
        current_service=tracker.get_slot("service"),
        current_service_words=_service_words(tracker.get_slot("service")),
        current_aspect=tracker.get_slot("aspect"),
        current_kommune=tracker.get_slot("kommune")
        or site_commune(message.get("metadata"))
        or site_commune(tracker.get_slot("session_started_metadata")),
        clarify_options=list(options) if isinstance(options, list) else [],
        failed_attempts=int(tracker.get_slot("failed_attempts") or 0),
        commune_asked=bool(tracker.get_slot("commune_asked")),
        frustration=int(tracker.get_slot("frustration") or 0),
        unknown_words=vocabulary().unknown([embedding_text(without_places(message.get("text") or ""))]),
        top_reports_a_problem=_reports_a_problem(retrieval.get("candidates") or []),
        situation_services=_situation_services(message),
    )


def _situation_services(message: Dict[str, Any]) -> List[str]:
    """The detector's situation; a death told as a loss is a death whatever the detector reads into "verloren"."""
    if tells_a_death(str(message.get("text") or "")):
        return situation_services(DEATH)
    return [str(s) for s in (message.get("life_situation") or {}).get("services") or []]
