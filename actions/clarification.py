"""Vague messages and the answer to a clarifying question: when to ask back, what to offer, and which offered
service a reply picks."""

from __future__ import annotations

import re
from typing import List

from actions.context import NAMED
from actions.office_named import names_only_an_office
from actions.readings import declined, placed_in_its_situation, tells_a_life_situation
from actions.state import SMALL_TALK, Turn
from actions.thresholds import (
    ANSWER_CONFIDENCE,
    CLARIFY_SCORE_GAP,
    FAMILY_WORD_MARGIN,
    FAMILY_WORD_NAMED,
    FAMILY_WORDS,
    INTENT_CONFIDENCE,
    MAX_OPTIONS,
    SITUATION_CANDIDATES,
    SITUATION_WORDS,
    TOPIC_ONLY,
    TOPIC_ONLY_MARGIN,
    VAGUE_CONFIDENCE,
    VAGUE_CONTENT_WORDS,
    VAGUE_MARGIN,
    VAGUE_NAMED,
)
from knowledge.query import embedding_text


def is_vague(turn: Turn) -> bool:
    concrete_aspect = turn.aspect not in (None, "zustaendigkeit") and turn.aspect_named
    if concrete_aspect:
        return False
    if tells_a_life_situation(turn):
        # "Wir ziehen im Mai zusammen, was müssen wir alles erledigen?": the situation has several services, none
        # of them named whole; ask which
        return True
    if names_only_an_office(turn.text, turn.kommune):
        # "Zulassungsstelle", "ich muss was beim Bauamt klären": the office handles several services
        return True
    if topic_words(turn) <= FAMILY_WORDS and turn.named < FAMILY_WORD_NAMED and turn.margin < FAMILY_WORD_MARGIN:
        # "Gewerbe", "Frage zum Führerschein": one word that names a family of services, none of them whole
        return True
    if turn.vague and turn.named < VAGUE_NAMED:
        # "es geht um mein Gewerbe", "wir bekommen ein Baby, was nun?": the vagueness detector finds a
        # topic several services share, and no service's search term is in the message whole
        return True
    if turn.retrieval_confidence >= VAGUE_CONFIDENCE:
        # A question about costs, documents, online … is concrete: answer the likeliest service.
        # "Wo kann ich mich anmelden?" is not: "wo" is how any service is asked for; nor is an aspect
        # only guessed from the closest aspect questions ("Es geht um meinen Ausweis").
        return False
    if turn.content_words <= VAGUE_CONTENT_WORDS and turn.margin < VAGUE_MARGIN:
        return True
    return (
        turn.content_words <= VAGUE_CONTENT_WORDS + 2
        and turn.margin < TOPIC_ONLY_MARGIN
        and bool(TOPIC_ONLY.search(turn.text))
    )


def after_announcement(text: str) -> str | None:
    """What follows an opening that only announces a topic ("Frage zum …", "es geht um …"), as embedded; None
    without such an opening."""
    announced = TOPIC_ONLY.search(text)
    return embedding_text(text[announced.end() :]) if announced else None


def announces_only(turn: Turn) -> bool:
    rest = after_announcement(turn.text)
    return rest is not None and not re.findall(r"\w+", rest)


def topic_words(turn: Turn) -> int:
    """Content words, without an opening that only announces a topic."""
    rest = after_announcement(turn.text)
    return turn.content_words if rest is None else len(rest.split())


def resolve_clarification(turn: Turn) -> str | None:
    """After a clarifying question: the offered service the answer fits best."""
    if not turn.clarify_options:
        return None
    top = turn.top
    sure = turn.retrieval_confidence >= ANSWER_CONFIDENCE
    # the whole ranking restricted to the offered services: "hab meinen verloren" names none of them, yet among
    # the driving licences it fits the replacement best
    offered = [c for c in turn.option_scores or turn.candidates if c.service in turn.clarify_options]
    # a message that does not tell its top service from an offered one (the margin of a vague message) still
    # answers the question ("Hund?" – "hab einen neuen und will ihn anmelden" fits the registration of a home as well)
    option_trails = not offered or (top is not None and top.score - offered[0].score >= VAGUE_MARGIN)
    confident_elsewhere = sure and top is not None and top.service not in turn.clarify_options and option_trails
    if confident_elsewhere and turn.words > 4 and not turn.off_topic:
        # "Thema Abgaben an die Gemeinde" – "uns gehört eine kleine Ferienwohnung am See, die wir selbst nutzen": read
        # with the topic it answers, the message names a service that was not offered (the second-home tax, not
        # the registration of a second home it reads as alone); otherwise it is a new, clear question ("Ach
        # egal. Wo melde ich …?")
        return topic_service(turn)
    chatting = turn.intent in SMALL_TALK and turn.intent_confidence >= INTENT_CONFIDENCE and not sure
    if chatting or declined(turn):
        return None  # "danke erstmal", "wie wird das Wetter?": no answer to the question, nothing to pick
    ordinal = ordinal_named(turn.text)
    if ordinal is not None and ordinal < len(turn.clarify_options):
        return turn.clarify_options[ordinal]
    if turn.aspect_question and turn.named < NAMED:
        # "what documents do I need?" passes the question by and names none of the services: the likeliest one
        # offered answers it (the answer names its service), a ranking by words of the aspect would not
        return turn.clarify_options[0]
    return offered[0].service if offered else None


def topic_service(turn: Turn) -> str | None:
    """The service the answer names together with the topic asked back, when that reading is sure of a service
    that was not offered; else None. The offered services were guesses: "Problem mit meinem Ausweis" – "der wurde
    mir geklaut" is the loss report, whether or not it was among them."""
    reading, top = turn.topic_reading, turn.top
    if reading is None or reading.top is None or top is None or reading.confidence < ANSWER_CONFIDENCE:
        return None
    return None if reading.top in turn.clarify_options else reading.top


_ORDINALS = (
    r"\b(erste|ersten|erstes|1\.?|eins|first)\b",
    r"\b(zweite|zweiten|zweites|2\.?|zwei|second)\b",
    r"\b(dritte|dritten|drittes|3\.?|drei|third)\b",
    r"\b(vierte|vierten|viertes|4\.?|vier|fourth)\b",
)


def ordinal_named(text: str) -> int | None:
    if len(text.split()) > 5:
        return None
    for index, pattern in enumerate(_ORDINALS):
        if re.search(pattern, text, re.IGNORECASE):
            return index
    return None


def options_offered(turn: Turn) -> List[str]:
    if turn.situation_services and (tells_a_life_situation(turn) or asked_back_in_a_situation(turn)):
        return situation_options(turn)
    top = turn.candidates[0].score
    close = [c.service for c in turn.candidates if top - c.score <= CLARIFY_SCORE_GAP][:MAX_OPTIONS]
    return close if len(close) >= 2 else [c.service for c in turn.candidates[:2]]


def asked_back_in_a_situation(turn: Turn) -> bool:
    """A first message asked back anyway that tells a situation in a sentence ("meine Mutter ist nicht mehr so fit"),
    whose first service belongs to it: the situation's services are the ones to offer, not the retrieval's
    neighbours ("Frage wegen Führerschein" announces a topic and tells no situation)."""
    told = not turn.current_service and topic_words(turn) >= SITUATION_WORDS
    return told and placed_in_its_situation(turn)


def situation_options(turn: Turn) -> List[str]:
    """The told situation's services, those the retrieval ranks among its first ones first (in its order), then the
    rest in the situation's own order (what most citizens in it need)."""
    first = [c.service for c in turn.candidates[:SITUATION_CANDIDATES] if c.service in turn.situation_services]
    rest = [s for s in turn.situation_services if s not in first]
    return (first + rest)[:MAX_OPTIONS]
