"""The one decision per turn: emergency, hand over, answer, ask back, small talk, decline.

Pure function of the turn, so every branch is tested without Rasa. Confidence is the
retriever's calibrated probability that its top service is the one meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List

from actions.state import HANDOFF_INTENTS, SMALL_TALK, Turn

ANSWER_CONFIDENCE = 0.4  # answer directly from here on: about one in two right or better (calibration bins)
CLARIFY_CONFIDENCE = 0.15  # below: not understood
# A short message that scores several services alike is vague ("Frage zum Führerschein"): ask back.
# The retriever's calibrated confidence stays high for such messages (the whole family of services
# fits), so the margin between the first two decides. Chosen on nlu_data/ambiguous.yml against
# short clear requests ("Hundesteuer abmelden", "Kind für die Kita anmelden"), whose margins are mostly above 0.015:
# asking back when the citizen was clear costs more than answering the likeliest of two.
VAGUE_CONTENT_WORDS = 4
VAGUE_CONFIDENCE = 0.95
VAGUE_MARGIN = 0.015
# "Frage zur …", "es geht um …", "Thema …": the citizen names a topic, not yet what they need.
TOPIC_ONLY_MARGIN = 0.04
_TOPIC_ONLY = re.compile(
    r"^\W*(ja |hallo |guten tag |moin |also |äh |ähm )*"
    r"((ich )?(hab|habe|hätte) (mal )?(eine |ne |n |noch )?frage(n)?|frage(n)?|"
    r"es geht um|thema|wegen|betrifft|betreff)\b",
    re.IGNORECASE,
)
OVERRULE_CONFIDENCE = 0.75  # DIET's small talk / off-topic wins below this retrieval confidence
SWITCH_CONFIDENCE = 0.85  # a follow-up ("und was kostet das?") only changes topic when this sure
CLARIFY_SCORE_GAP = 0.05  # candidates this close to the top one are offered
INTENT_CONFIDENCE = 0.7
MAX_FAILED = 2

_ANAPHORA = re.compile(r"\b(das|dafür|dazu|damit|der|die|den|dem|es|ihn|sie|dort|da)\b", re.IGNORECASE)
_FOLLOW_UP = re.compile(r"^\s*(und|und wie|und was|und wo|und wann|wie sieht|was ist mit|gilt das)\b", re.IGNORECASE)
# "und äh was muss ich da …", "ach so, und …": the citizen clearly continues the topic
_CONTINUATION = re.compile(r"^\s*(und|ach so|ach ja|also und|okay und|ok und|gut und|dann)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Route:
    kind: str  # emergency | bad_input | handoff | answer | clarify | small_talk | out_of_scope | fallback | redirect
    service: str | None = None
    aspect: str | None = None
    kommune: str | None = None
    options: List[str] = field(default_factory=list)
    reason: str | None = None  # handoff reason, small-talk intent, bad-input kind


def decide(turn: Turn) -> Route:
    kommune = turn.kommune or turn.current_kommune
    if turn.emergency:
        return Route("emergency", reason=turn.emergency)
    if turn.input_problem in ("empty", "no_words"):
        return Route("bad_input", reason=turn.input_problem)
    if turn.intent in HANDOFF_INTENTS and turn.intent_confidence >= INTENT_CONFIDENCE:
        return Route("handoff", service=turn.current_service, kommune=kommune, reason=turn.intent)
    if turn.handoff_signal:
        service = turn.top.service if turn.top and turn.retrieval_confidence >= ANSWER_CONFIDENCE else None
        return Route("handoff", service=service or turn.current_service, kommune=kommune, reason=turn.handoff_signal)
    if turn.service_entity:  # a button
        return Route("answer", turn.service_entity, turn.aspect, kommune)
    chosen = _resolve_clarification(turn)
    if chosen:
        return Route("answer", chosen, turn.aspect or turn.current_aspect, kommune)
    confidence, top = turn.retrieval_confidence, turn.top
    small_talk = turn.intent in SMALL_TALK and turn.intent_confidence >= INTENT_CONFIDENCE
    greeting_only_in_form = turn.intent == "greet" and turn.words > 4 and "out_of_scope" in turn.runner_up_intents
    if small_talk and greeting_only_in_form and confidence < ANSWER_CONFIDENCE:
        return Route("out_of_scope")  # "Hallo! Wie wird das Wetter?": the greeting is not the message
    if small_talk and (confidence < OVERRULE_CONFIDENCE or turn.words <= 3):
        return Route("small_talk", reason=turn.intent)
    if turn.intent == "deny" and turn.current_service:
        return _correction(turn, kommune)
    continues = bool(turn.current_service and turn.aspect and _CONTINUATION.search(turn.text))
    keeps_topic = top is None or top.service == turn.current_service or confidence < SWITCH_CONFIDENCE
    if _is_follow_up(turn) and (keeps_topic or continues):
        return Route("answer", turn.current_service, turn.aspect or turn.current_aspect, kommune)
    if (
        turn.intent == "out_of_scope"
        and turn.intent_confidence >= INTENT_CONFIDENCE
        and confidence < OVERRULE_CONFIDENCE
    ):
        return Route("out_of_scope")
    if (
        turn.intent == "other_municipal"
        and turn.intent_confidence >= INTENT_CONFIDENCE
        and confidence < OVERRULE_CONFIDENCE
    ):
        # a matter for the town outside the Top 100 (library card, council meeting): a person knows,
        # guessing a neighbouring service would mislead
        return Route("handoff", service=None, kommune=kommune, reason="outside_top100")
    vague = _is_vague(turn)
    if turn.intent == "out_of_scope" and (vague or confidence < ANSWER_CONFIDENCE):
        return Route("out_of_scope")  # asking back with services nobody meant helps no one
    if top is not None and confidence >= ANSWER_CONFIDENCE and not vague:
        return Route("answer", top.service, turn.aspect, kommune)
    if top is not None and confidence >= CLARIFY_CONFIDENCE:
        return Route("clarify", aspect=turn.aspect, kommune=kommune, options=_options(turn))
    if turn.intent == "inform" and turn.kommune and turn.current_service:
        return Route("answer", turn.current_service, turn.current_aspect, kommune)
    if turn.intent in SMALL_TALK:
        return Route("small_talk", reason=turn.intent)
    if turn.intent == "out_of_scope" or (turn.intent == "ask_service" and "out_of_scope" in turn.runner_up_intents[:1]):
        return Route("out_of_scope")
    if turn.intent == "other_municipal" or (
        turn.intent == "ask_service" and turn.intent_confidence >= INTENT_CONFIDENCE and turn.words >= 5
    ):
        # a question for the administration that none of the Top 100 answers: a person can
        return Route("handoff", service=None, kommune=kommune, reason="outside_top100")
    if turn.failed_attempts + 1 >= MAX_FAILED:
        return Route("handoff", service=turn.current_service, kommune=kommune, reason="not_understood")
    return Route("fallback", kommune=kommune)


def _is_vague(turn: Turn) -> bool:
    if turn.retrieval_confidence >= VAGUE_CONFIDENCE or turn.aspect not in (None, "zustaendigkeit"):
        # A question about costs, documents, online … is concrete: answer the likeliest service.
        # "Wo kann ich mich anmelden?" is not: "wo" is how any service is asked for.
        return False
    if turn.content_words <= VAGUE_CONTENT_WORDS and turn.margin < VAGUE_MARGIN:
        return True
    return (
        turn.content_words <= VAGUE_CONTENT_WORDS + 2
        and turn.margin < TOPIC_ONLY_MARGIN
        and bool(_TOPIC_ONLY.search(turn.text))
    )


def _is_follow_up(turn: Turn) -> bool:
    """A message about the service already discussed: new aspect or commune, pronouns, 'und …'."""
    if not turn.current_service:
        return False
    if turn.kommune and (turn.intent == "inform" or turn.words <= 8 or turn.retrieval_confidence < ANSWER_CONFIDENCE):
        return True
    refers_back = bool(_FOLLOW_UP.search(turn.text) or _ANAPHORA.search(turn.text))
    return bool(turn.aspect) and (refers_back or turn.words <= 6)


def _resolve_clarification(turn: Turn) -> str | None:
    """After a clarifying question: the offered service the answer fits best."""
    if not turn.clarify_options:
        return None
    top = turn.top
    sure = turn.retrieval_confidence >= ANSWER_CONFIDENCE
    confident_elsewhere = sure and top is not None and top.service not in turn.clarify_options
    if confident_elsewhere and turn.words > 4:
        return None  # not an answer to the question but a new, clear one ("Ach egal. Wo melde ich …?")
    ordinal = _ordinal(turn.text)
    if ordinal is not None and ordinal < len(turn.clarify_options):
        return turn.clarify_options[ordinal]
    for candidate in turn.candidates:
        if candidate.service in turn.clarify_options:
            return candidate.service
    return None


_ORDINALS = (
    r"\b(erste|ersten|erstes|1\.?|eins|first)\b",
    r"\b(zweite|zweiten|zweites|2\.?|zwei|second)\b",
    r"\b(dritte|dritten|drittes|3\.?|drei|third)\b",
    r"\b(vierte|vierten|viertes|4\.?|vier|fourth)\b",
)


def _ordinal(text: str) -> int | None:
    if len(text.split()) > 5:
        return None
    for index, pattern in enumerate(_ORDINALS):
        if re.search(pattern, text, re.IGNORECASE):
            return index
    return None


def _correction(turn: Turn, kommune: str | None) -> Route:
    others = [c for c in turn.candidates if c.service != turn.current_service]
    if others and turn.retrieval_confidence >= CLARIFY_CONFIDENCE:
        return Route("answer", others[0].service, turn.aspect, kommune)
    return Route("redirect", kommune=kommune)


def _options(turn: Turn) -> List[str]:
    top = turn.candidates[0].score
    close = [c.service for c in turn.candidates if top - c.score <= CLARIFY_SCORE_GAP][:4]
    return close if len(close) >= 2 else [c.service for c in turn.candidates[:2]]
