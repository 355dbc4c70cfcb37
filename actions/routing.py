"""The one decision per turn: emergency, hand over, answer, ask back, small talk, decline.

A pure function of the turn, so every branch is tested without Rasa. Confidence is the
retriever's calibrated probability that its top service is the one meant. The order below is the
order of the README's "How a message is handled".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import List

from actions.context import NAMED, ContextRule, corrects, points_back, refers_back
from actions.language import language_of
from actions.signals import about_the_administration, asks_how_to, hypothetical, sounds_critical, thanks
from actions.state import HANDOFF_INTENTS, SMALL_TALK, Turn
from knowledge.query import embedding_text

ANSWER_CONFIDENCE = 0.4  # answer directly from here on: about one in two right or better (calibration bins)
CLARIFY_CONFIDENCE = 0.15  # below: not understood
# in other languages the retrieval's scores run lower (our own multilingual conversations: median
# confidence of a right first answer 0.78–0.90 against 0.99 in German), so a low one there does not
# mean "outside the Top 100": the citizen is asked back rather than handed over
FOREIGN_CLARIFY_CONFIDENCE = 0.05
# … and a lower confidence suffices to answer when the top service leads by more than a vague message's margin.
# On the first messages of our own sets in other languages (vagueness, conversations, general questions): right
# first answers 246 -> 255 of 299, wrong answers 9 -> 9 of 28, vague messages answered 21 -> 25 of 37.
FOREIGN_ANSWER_CONFIDENCE = 0.2
# A short message that scores several services alike is vague ("Frage zum Führerschein"): ask back.
# The retriever's calibrated confidence stays high for such messages (the whole family of services
# fits), so the margin between the first two decides. Chosen on nlu_data/ambiguous.yml against
# short clear requests ("Hundesteuer abmelden", "Kind für die Kita anmelden"), whose margins are mostly above 0.015:
# asking back when the citizen was clear costs more than answering the likeliest of two.
VAGUE_CONTENT_WORDS = 4
VAGUE_CONFIDENCE = 0.95
VAGUE_MARGIN = 0.015
# A single word that names no service whole ("Gewerbe" is part of "Gewerbe anmelden", "Gewerbe
# abmelden" …) names a family: ask back, however sure the retrieval is of the family. Fitted on half of
# tests/data/vagueness/short_messages.jsonl; on the other half vague messages asked back 52 → 75 of 110,
# clear ones asked back 7 → 8 of 130.
# `servicecenter bench sets --dir tests/data/vagueness` runs the whole set.
# The vagueness detector (bot/components/vagueness_detector.py) is overruled by a service's search term named
# this fully.
VAGUE_NAMED = 0.9
FAMILY_WORDS = 1
FAMILY_WORD_NAMED = 0.9
FAMILY_WORD_MARGIN = 0.06
# "Frage zur …", "es geht um …", "Thema …": the citizen names a topic, not yet what they need.
TOPIC_ONLY_MARGIN = 0.04
_TOPIC_ONLY = re.compile(
    r"^\W*((ja|hallo|hi|guten tag|moin|also|äh|ähm)\W+)*"
    r"((ich )?(hab|habe|hätte|hätt) (da |mal |noch )*(eine |ne |n |noch |kurze |kleine )*frage(n)?|"
    r"(eine |ne |kurze |kleine )*frage(n)?|"
    r"es geht um|thema|wegen|betrifft|betreff)\b",
    re.IGNORECASE,
)
# A question the retrieval cannot place (asked back or not understood) that names something no service text,
# search term or example question knows ("Drohne", "Wespennest") is about a matter outside the Top 100: a
# person can help, offering unrelated services cannot. A vague question inside them ("Ich brauche eine
# Bescheinigung") uses known words only. German only: the other languages' vocabulary is the services' names
# and summaries, too small to tell. Fitted on the even rows of tests/data/uncovered/ (outside 25 of 32 such
# turns handed over, inside 2 of 5, vague 0 of 87), checked on the odd rows (24 of 27, 1 of 4, vague 1 of 78).
OUTSIDE_UNKNOWN_WORDS = 1
OUTSIDE_CONTENT_WORDS = 3
OVERRULE_CONFIDENCE = 0.75  # DIET's small talk / off-topic wins below this retrieval confidence
CLARIFY_SCORE_GAP = 0.05  # candidates this close to the top one are offered
INTENT_CONFIDENCE = 0.7
FRUSTRATION_CONFIDENCE = 0.6
TOPIC_WORDS = 3  # a message of this many content words that names a service surely names a topic …
TOPIC_CONFIDENCE = 0.9  # … not one's own case, unless it says so
HOW_TO_CONFIDENCE = 0.7  # a how-to question DIET reads as one's own case is answered when the service is this clear
TERSE_WORDS = 3  # "und öffnungszeiten?", "kosten wie viel": a follow-up in few words
NAMED_SERVICE = 0.5  # term coverage from which a message names a service in its own words ("Schadensmeldung")
FRUSTRATION_LIMIT = 2  # signs of frustration that hand the conversation over
MAX_FAILED = 2
# Registering a move: within the commune it is an Ummeldung, into another commune an Anmeldung (BMG § 17).
# A move into a commune of the Region needs no Abmeldung (that is for moving abroad).
MOVE_SERVICE = {
    "across": {"wohnsitz-ummelden": "wohnsitz-anmelden", "wohnsitz-abmelden": "wohnsitz-anmelden"},
    "within": {"wohnsitz-anmelden": "wohnsitz-ummelden", "wohnsitz-abmelden": "wohnsitz-ummelden"},
}
MOVE_TARGET = {"across": "wohnsitz-anmelden", "within": "wohnsitz-ummelden"}


class RouteKind(str, Enum):
    EMERGENCY = "emergency"
    BAD_INPUT = "bad_input"
    HANDOFF = "handoff"
    ANSWER = "answer"
    CLARIFY = "clarify"
    SMALL_TALK = "small_talk"
    OUT_OF_SCOPE = "out_of_scope"
    APOLOGY = "apology"  # a first sign of frustration: sorry, rephrase or a person
    REDIRECT = "redirect"
    FALLBACK = "fallback"
    LANGUAGE = "language"  # the citizen chose a language; set by the dispatcher before routing


@dataclass(frozen=True)
class Route:
    kind: RouteKind
    service: str | None = None
    aspect: str | None = None
    kommune: str | None = None
    options: List[str] = field(default_factory=list)
    reason: str | None = None  # handoff reason, small-talk intent or bad-input kind
    emergency_number: str | None = None  # "112" or "110"


def decide(turn: Turn, context_rule: ContextRule | None = None) -> Route:
    route = _decide(turn, context_rule or ContextRule())
    kind = turn.commune_move or ("across" if turn.commune_origin else "")
    move = MOVE_SERVICE.get(kind, {})
    if route.kind == RouteKind.ANSWER and route.service in move:
        return replace(route, service=move[route.service])
    if route.kind == RouteKind.CLARIFY and kind and set(route.options) & set(move):
        # "von Rethen nach Gleidingen, was muss ich erledigen?": the move says which registration it is
        return Route(RouteKind.ANSWER, MOVE_TARGET[kind], route.aspect, route.kommune)
    return route


def _decide(turn: Turn, context_rule: ContextRule) -> Route:
    kommune = turn.kommune or turn.current_kommune
    if turn.emergency:
        return Route(RouteKind.EMERGENCY, emergency_number=turn.emergency)
    if turn.input_problem in ("empty", "no_words"):
        return Route(RouteKind.BAD_INPUT, reason=turn.input_problem)
    handoff = _handoff(turn, kommune)
    if handoff:
        return handoff
    if turn.service_entity:  # a button
        return Route(RouteKind.ANSWER, turn.service_entity, turn.aspect, kommune)
    chosen = _resolve_clarification(turn)
    if chosen:
        return Route(RouteKind.ANSWER, chosen, turn.aspect or turn.current_aspect, kommune)
    if _announces_only(turn):
        return Route(RouteKind.SMALL_TALK, reason="greet")  # "Moin, kurze Frage!": the greeting asks which one
    confidence, top = turn.retrieval_confidence, turn.top
    # DIET's small talk, when sure; or when it is the likeliest intent and nothing else in the message is asked
    unsure_but_nothing_else = turn.retrieval_confidence < ANSWER_CONFIDENCE and not turn.aspect
    small_talk = turn.intent in SMALL_TALK and (turn.intent_confidence >= INTENT_CONFIDENCE or unsure_but_nothing_else)
    greeting_only_in_form = turn.intent == "greet" and turn.words > 4 and "out_of_scope" in turn.runner_up_intents
    if small_talk and greeting_only_in_form and confidence < ANSWER_CONFIDENCE:
        return Route(RouteKind.OUT_OF_SCOPE)  # "Hallo! Wie wird das Wetter?": the greeting is not the message
    closing = turn.intent in ("thank", "goodbye") and turn.intent_confidence >= 0.9
    only_small_talk = (
        confidence < OVERRULE_CONFIDENCE or turn.words <= 3 or closing or bool(turn.current_service and not turn.aspect)
    )
    if (
        thanks(turn.text)
        and confidence < ANSWER_CONFIDENCE
        and not (turn.aspect or turn.aspect_question or turn.kommune)
    ):
        return Route(RouteKind.SMALL_TALK, reason="thank")  # "Perfekt, genau das. Danke!" whatever DIET reads
    follow_up_question = bool(turn.current_service and turn.aspect_question)  # "und bis wann?" is no goodbye
    if small_talk and only_small_talk and not follow_up_question:
        return Route(RouteKind.SMALL_TALK, reason=turn.intent)
    if _declined(turn):
        return Route(RouteKind.OUT_OF_SCOPE)  # the topic so far stays for the next message
    if turn.current_service:
        follow_up = _in_context(turn, kommune, context_rule)
        if follow_up:
            return follow_up
    if (
        turn.intent == "other_municipal"
        and turn.intent_confidence >= INTENT_CONFIDENCE
        and confidence < OVERRULE_CONFIDENCE
    ):
        # a matter for the town outside the Top 100 (library card, council meeting): a person knows,
        # guessing a neighbouring service would mislead
        return Route(RouteKind.HANDOFF, kommune=kommune, reason="outside_top100")
    vague = _is_vague(turn)
    # DIET's off-topic reading, when it is weak, the detector does not share it and the retrieval places the
    # message surely among the services, does not decline it: "Arbeit weg, und nun?" is asked back
    weak_off_topic = turn.intent_confidence < INTENT_CONFIDENCE and confidence >= OVERRULE_CONFIDENCE
    off_topic = turn.off_topic or (turn.intent == "out_of_scope" and not weak_off_topic)
    if off_topic and (vague or confidence < ANSWER_CONFIDENCE):
        return Route(RouteKind.OUT_OF_SCOPE)  # asking back with services nobody meant helps no one
    german = language_of(turn.text) == "de"
    if top is not None and confidence >= _answer_confidence(turn, german) and not vague:
        return Route(RouteKind.ANSWER, top.service, turn.aspect, kommune)
    outside = german and _names_the_unknown(turn)
    if top is not None and confidence >= (CLARIFY_CONFIDENCE if german else FOREIGN_CLARIFY_CONFIDENCE):
        if outside:
            return Route(RouteKind.HANDOFF, kommune=kommune, reason="outside_top100")
        return Route(RouteKind.CLARIFY, aspect=turn.aspect, kommune=kommune, options=_options(turn))
    if turn.intent in SMALL_TALK:
        return Route(RouteKind.SMALL_TALK, reason=turn.intent)
    if turn.intent == "out_of_scope" or (turn.intent == "ask_service" and "out_of_scope" in turn.runner_up_intents[:1]):
        return Route(RouteKind.OUT_OF_SCOPE)
    if turn.intent == "other_municipal" or (
        turn.intent == "ask_service" and turn.intent_confidence >= INTENT_CONFIDENCE and turn.words >= 5
    ):
        # a question for the administration that none of the Top 100 answers: a person can
        return Route(RouteKind.HANDOFF, kommune=kommune, reason="outside_top100")
    if turn.failed_attempts + 1 >= MAX_FAILED:
        return Route(RouteKind.HANDOFF, turn.current_service, kommune=kommune, reason="not_understood")
    return Route(RouteKind.FALLBACK, kommune=kommune)


def _answer_confidence(turn: Turn, german: bool) -> float:
    return ANSWER_CONFIDENCE if german or turn.margin < VAGUE_MARGIN else FOREIGN_ANSWER_CONFIDENCE


def _names_the_unknown(turn: Turn) -> bool:
    return len(turn.unknown_words) >= OUTSIDE_UNKNOWN_WORDS and turn.content_words >= OUTSIDE_CONTENT_WORDS


def frustration_signs(turn: Turn) -> int:
    """Signs of frustration with the assistant's answers in this message. DIET's reading and the cues alone do
    not count for a first message that plainly asks for a service ("Frage zum Auto": nothing answered yet,
    nothing critical said), for a correction that says what was meant (the citizen helps: "nur innerhalb
    von Hannover, nicht ins Ausland"), or for a short question about a part of the service discussed
    ("öffnungszeiten?"): its register is terse, not angry."""
    answered_before = bool(turn.current_service or turn.clarify_options or turn.failed_attempts)
    plain_request = turn.retrieval_confidence >= ANSWER_CONFIDENCE and not sounds_critical(turn.text)
    says_what_was_meant = corrects(turn.text) and bool(
        turn.kommune or turn.commune_move or turn.retrieval_confidence >= ANSWER_CONFIDENCE
    )
    by_intent = (
        turn.intent == "frustration"
        and turn.intent_confidence >= FRUSTRATION_CONFIDENCE
        and (answered_before or not plain_request)
        and not says_what_was_meant
        and not _terse_aspect_follow_up(turn)
    )
    # shouting in a first message that plainly asks for a service ("Baustelle nebenan ab 5 Uhr, HILFE!!") is
    # the citizen's distress about the matter, not frustration with answers nobody has given yet
    cues = turn.frustration_cues if answered_before or not plain_request else 0
    return max(int(by_intent or turn.frustrated or turn.handoff_signal == "not_helped"), cues)


def _terse_aspect_follow_up(turn: Turn) -> bool:
    asks_aspect = bool(turn.aspect and turn.aspect_named and (turn.current_service or _names_service_and_aspect(turn)))
    return asks_aspect and turn.content_words <= TERSE_WORDS


def frustrated(turn: Turn) -> bool:
    return frustration_signs(turn) > 0


def _handoff(turn: Turn, kommune: str | None) -> Route | None:
    """A person is needed: asked for, the citizen's own case, a complaint, legal advice, or frustration."""
    service = turn.current_service
    if turn.top and turn.retrieval_confidence >= ANSWER_CONFIDENCE:
        service = turn.top.service
    # DIET's reading against both second opinions, the off-topic one sure of it and the person-request one not
    # ("Wer war der erste Mensch auf dem Mond?"), is a word, not a request
    overruled = turn.intent == "request_human" and turn.off_topic and not turn.asks_for_person
    asked = turn.intent == "request_human" and turn.intent_confidence >= INTENT_CONFIDENCE and not overruled
    follow_up = _follows_up_on_an_aspect(turn)
    # the embedding's opinion, unless DIET is sure the message is off-topic ("ruf mir ein Taxi") or the message
    # asks which office is responsible for the service discussed ("wer ist dafür genau zuständig bei euch?")
    by_opinion = turn.asks_for_person and not _diet_off_topic(turn) and not follow_up
    if asked or turn.handoff_signal == "request_human" or by_opinion:
        return Route(RouteKind.HANDOFF, service, kommune=kommune, reason="request_human")
    how_to = (
        turn.intent == "case_status"
        and turn.handoff_signal is None
        and (
            _clear_how_to(turn)
            or _names_a_topic(turn)
            or _asks_about_the_service_discussed(turn)
            or _impersonal_question(turn)
        )
    )
    # a complaint about a nuisance that a service reports is answered with that service (see below)
    reported = _complaint_a_service_takes(turn)
    by_intent = (
        turn.intent in HANDOFF_INTENTS
        and turn.intent_confidence >= INTENT_CONFIDENCE
        and not how_to
        and not overruled
        and not follow_up
    )
    if by_intent and not (turn.intent == "complaint" and reported):
        # ("Wie verlängere ich meinen Aufenthaltstitel?" asks how it is done: an answer, not the file)
        return Route(RouteKind.HANDOFF, service, kommune=kommune, reason=turn.intent)
    signal = turn.handoff_signal
    if signal and signal != "not_helped" and not (signal == "complaint" and reported):
        return Route(RouteKind.HANDOFF, service, kommune=kommune, reason=signal)
    if turn.own_case and not _asks_rather_than_tells(turn):
        # DIET took it for a service question; the embedding finds the citizen's own matter
        return Route(RouteKind.HANDOFF, service, kommune=kommune, reason="case_status")
    if frustrated(turn) and not _asks_once_more(turn):
        signs = turn.frustration + frustration_signs(turn)
        if signs >= FRUSTRATION_LIMIT or "request_human" in turn.runner_up_intents[:1]:
            return Route(RouteKind.HANDOFF, turn.current_service, kommune=kommune, reason="frustration")
        return Route(RouteKind.APOLOGY, turn.current_service, turn.current_aspect, kommune)
    return None


_AND = re.compile(r"^\W*(und|and|also|et|ve|а|і|и|و)\b", re.IGNORECASE)
# a German or English question by its first word: "ab wann sollte man sich da drum kümmern"
_QUESTION_FORM = re.compile(
    r"^\W*(aber |also |ok |okay |gut )?(ab |bis |seit |für )?(wann|wie|was|wo|wer|wen|wem|welche\w*|warum|wieso|"
    r"muss|müssen|kann|können|darf|dürfen|brauch\w*|gibt|gilt|ist|sind|geht|what|how|when|where|who|do|does|can|is|are)\b",
    re.IGNORECASE,
)


def _follows_up_on_an_aspect(turn: Turn) -> bool:
    """ "und wie viele Wochen warten": DIET reads a complaint or a case into a terse follow-up about the duration,
    the costs … of the service discussed. Asked (question mark, question form or a leading "und"), about a part of
    the service in plain words, with nothing of the citizen's own (no "ich", "mein", no status word), it is the
    follow-up. A wish for a person or a signal in words is left to the checks before."""
    asked = turn.aspect_question or "?" in turn.text or bool(_AND.search(turn.text) or _QUESTION_FORM.search(turn.text))
    about_it = bool(turn.current_service and turn.aspect and turn.aspect_named)
    return about_it and asked and turn.handoff_signal is None and not _OWN_OR_STATUS.search(turn.text)


def _asks_once_more(turn: Turn) -> bool:
    """ "das ist keine antwort, ich will einen betrag wissen!": a first sign of frustration that asks for a part of
    the service discussed in plain words. The citizen still wants the fact, so it is answered; the sign is
    counted, and the next one hands over. A wish for a person in it hands over at once, and a part of the service
    only mentioned ("schon wieder nur der Text von der Website") is no question."""
    wants_a_person = turn.asks_for_person or "request_human" in (turn.intent, *turn.runner_up_intents[:1])
    asks = turn.aspect_question or "?" in turn.text
    asks_aspect = bool(turn.current_service and turn.aspect and turn.aspect_named and asks)
    return turn.frustration == 0 and asks_aspect and not wants_a_person


def _asks_about_the_service_discussed(turn: Turn) -> bool:
    """ "and do we have to pay anything?", "nein, falsch ausgedrückt, es geht um die Pflege", "hab meinen
    verloren" after "which of these?": DIET reads the citizen's own case, but the message asks about a part of the
    service discussed, corrects what was understood or answers a clarifying question, the own-case detector
    disagrees and no word speaks of a status."""
    follows_up = bool(turn.current_service) and (turn.aspect_question or corrects(turn.text))
    answers_the_question = bool(turn.clarify_options)
    return (follows_up or answers_the_question) and not turn.own_case and not _STATUS.search(turn.text)


def _complaint_a_service_takes(turn: Turn) -> bool:
    """ "Beschwerde über den Baulärm nebenan", "hier hat jemand Bauschutt abgeladen, ich will mich beschweren":
    a nuisance or damage caused by others is reported through a Top-100 service, which says where and how;
    a complaint about the administration, or about a report nobody acted on, goes to a person."""
    sure = turn.retrieval_confidence >= ANSWER_CONFIDENCE
    return turn.top_reports_a_problem and sure and not about_the_administration(turn.text)


def _asks_rather_than_tells(turn: Turn) -> bool:
    """Reads like a case of one's own, yet asks about the service: how it is done (and the service is
    clear), what if, an aspect in plain words ("Kostet das was?"), announces a question ("ich hätte da
    eine Frage zu …"), or corrects what was understood."""
    named_aspect = bool(turn.aspect and turn.aspect_named)
    # "Ich hätt da ne Frage zu den Steuern" (not "… zum Stand meines Antrags")
    announces_a_question = bool(_TOPIC_ONLY.search(turn.text)) and not _STATUS.search(turn.text)
    return _clear_how_to(turn) or hypothetical(turn.text) or named_aspect or corrects(turn.text) or announces_a_question


def _names_a_topic(turn: Turn) -> bool:
    """ "Elterngeld Antrag", "Kitaplatz in Hemmingen": a few words that name a service surely, nobody's own
    matter in them (no "ich", "mein", no status word) and the own-case detector agrees: the service asked for."""
    sure = turn.retrieval_confidence >= TOPIC_CONFIDENCE
    # longer German messages too, when they ask about a part of the service in plain words ("carport
    # genehmigungsfrei bis wie viel Kubikmeter?"); a report without pronouns ("Antrag vor 8 Wochen gestellt, kommt der
    # noch?") asks nothing of the kind and stays the citizen's own case
    impersonal = language_of(turn.text) == "de" and bool(turn.aspect and turn.aspect_named)
    terse_or_impersonal = turn.content_words <= TOPIC_WORDS or impersonal
    return sure and terse_or_impersonal and not turn.own_case and not _OWN_OR_STATUS.search(turn.text)


_STATUS_WORDS = (
    r"stand|status|bearbeit\w*|noch nicht|immer noch|wo bleibt|wann kommt|abgelehnt|bescheid|fertig|"
    r"seit .{0,30}\b(nicht|kein\w*|nichts)|gestellt|beantragt|eingereicht|abgeschickt|nachsehen|nachschauen|"
    r"lebenszeichen|(nichts|nix) (mehr )?gehört"
)
_OWN_OR_STATUS = re.compile(
    rf"\b(ich|mein\w*|wir|unser\w*|mir|mich|uns|i|my|me|our|we|{_STATUS_WORDS})\b", re.IGNORECASE
)
_STATUS = re.compile(rf"\b({_STATUS_WORDS}|mein\w* (antrag|akte|fall|vorgang|zahlung))\b", re.IGNORECASE)


def _impersonal_question(turn: Turn) -> bool:
    """ "Wer ist die Zulassungsbehörde für Autos aus Barsinghausen?": a question in German or English with nobody's
    own matter in it (no "ich", "mein", no status word) and the own-case detector agrees: DIET's reading of a case
    is noise, whatever the retrieval's confidence (a low one asks back)."""
    plain = language_of(turn.text) in ("de", "en") and bool(_QUESTION_FORM.search(turn.text))
    return plain and not turn.own_case and not _OWN_OR_STATUS.search(turn.text)


def _clear_how_to(turn: Turn) -> bool:
    return asks_how_to(turn.text) and turn.retrieval_confidence >= HOW_TO_CONFIDENCE


def _diet_off_topic(turn: Turn) -> bool:
    return turn.intent == "out_of_scope" and turn.intent_confidence >= INTENT_CONFIDENCE


def _declined(turn: Turn) -> bool:
    """Off-topic, also in the middle of a conversation, and not asking about what was discussed: declined."""
    by_diet = _diet_off_topic(turn)  # the off-topic detector's opinion is turn.off_topic
    if not (by_diet or turn.off_topic) or turn.retrieval_confidence >= OVERRULE_CONFIDENCE:
        return False
    if turn.current_service and turn.aspect and turn.aspect_named and turn.aspect_question:
        return False  # "und was muss ich dafür zahlen?" asks about the service discussed, whatever DIET reads
    if _follows_up_on_an_aspect(turn):
        return False  # "ab wann sollte man sich da drum kümmern": a question about a part of it, in question form
    if turn.current_service and points_back(turn.text):
        return False  # "wie sieht es damit in Lehrte aus?": "damit" is the service discussed
    if turn.current_service and turn.kommune and (corrects(turn.text) or turn.content_words <= TERSE_WORDS):
        return False  # "sorry, I meant Seelze", "und in Lehrte?": the commune of the service discussed
    if by_diet and not turn.off_topic and _names_service_and_aspect(turn):
        # "Geht die Schadensmeldung auch online?" names both what and which part of it: DIET alone does
        # not decline it; with the off-topic detector agreeing ("das Wetter beim Flohmarkt am Samstag") it does
        return False
    # the detector alone does not overrule a follow-up ("und dafür?"); DIET sure of it does
    return by_diet or not (turn.current_service and _asks_about_it(turn))


def _names_service_and_aspect(turn: Turn) -> bool:
    """A service named in its own words and an aspect in plain words: a question about the Top 100,
    whatever DIET's reading of its register (short messages often look off-topic or frustrated to it)."""
    named_service = turn.named >= NAMED_SERVICE and turn.retrieval_confidence >= ANSWER_CONFIDENCE
    return bool(turn.aspect and turn.aspect_named and named_service)


def _asks_about_it(turn: Turn) -> bool:
    return bool(turn.aspect or turn.aspect_question or turn.kommune or refers_back(turn.text))


def _in_context(turn: Turn, kommune: str | None, rule: ContextRule) -> Route | None:
    """A message read against the service discussed: a follow-up keeps it, a move answers the new one."""
    current = turn.current_service
    assert current is not None
    alone = turn.alone_reading()
    if turn.aspect_question and turn.named < NAMED:
        # reads like "und was kostet das?" and names no service: whatever else fits, it asks about this one
        return Route(RouteKind.ANSWER, current, turn.aspect or turn.current_aspect, kommune)
    correcting = turn.intent == "deny" or corrects(turn.text)
    in_context = turn.context_reading
    if (
        correcting
        and in_context is not None
        and in_context.top not in (None, current, alone.top)
        and in_context.confidence >= ANSWER_CONFIDENCE
    ):
        # a correction is meant against what was discussed: "Auto abmelden" – "nein, ummelden, hab den
        # Wagen übernommen" is the car's Umschreibung, not the Ummeldung of a flat that it reads as alone
        return Route(RouteKind.ANSWER, in_context.top, _kept_aspect(turn), kommune)
    if rule.moves(current, alone, turn.context_reading, refers_back(turn.text)):
        if _is_vague(turn) or turn.retrieval_confidence < ANSWER_CONFIDENCE:
            return None  # not clear enough where it moves: ask back or answer as a new question
        # a correction changes the service and keeps the rest; a move to a new service asks afresh
        return Route(RouteKind.ANSWER, alone.top, _kept_aspect(turn) if correcting else turn.aspect, kommune)
    if correcting and not turn.kommune:
        return _correction(turn, kommune)
    if _unrelated(turn):
        return None  # "übrigens, wie spielt Hannover 96?": not a follow-up, read as a message of its own
    return Route(RouteKind.ANSWER, current, turn.aspect or turn.current_aspect, kommune)


def _unrelated(turn: Turn) -> bool:
    """DIET reads the message as off-topic and nothing in it points at the service discussed."""
    off_topic = turn.intent == "out_of_scope" or turn.off_topic
    return off_topic and not _asks_about_it(turn) and turn.content_words >= 2


def _correction(turn: Turn, kommune: str | None) -> Route:
    """ "Nein, ich meinte die Grundschule": the best other service; a bare "nein" asks what was meant."""
    same_service = turn.top is None or turn.top.service == turn.current_service
    if turn.aspect and turn.current_service and same_service and turn.content_words <= VAGUE_CONTENT_WORDS:
        # "nein, ich meinte, was es kostet": the aspect is corrected, the service stays
        return Route(RouteKind.ANSWER, turn.current_service, turn.aspect, kommune)
    in_context = turn.context_reading.top if turn.context_reading else None
    if in_context and in_context != turn.current_service and turn.content_words > 1:
        # read with the current service's name, the correction finds its neighbour ("abmelden – nein, ummelden")
        return Route(RouteKind.ANSWER, in_context, _kept_aspect(turn), kommune)
    others = [c for c in turn.candidates if c.service != turn.current_service]
    names_something = turn.content_words > 1
    if others and names_something and turn.retrieval_confidence >= CLARIFY_CONFIDENCE:
        return Route(RouteKind.ANSWER, others[0].service, _kept_aspect(turn), kommune)
    return Route(RouteKind.REDIRECT, kommune=kommune)


def _kept_aspect(turn: Turn) -> str | None:
    """After a correction: the aspect the citizen names, else the one asked about before ("nein, die
    Heiratsurkunde" still asks what it costs); an aspect only guessed from its neighbours does not count."""
    if turn.aspect and turn.aspect_named:
        return turn.aspect
    return turn.current_aspect or turn.aspect


def _is_vague(turn: Turn) -> bool:
    concrete_aspect = turn.aspect not in (None, "zustaendigkeit") and turn.aspect_named
    if concrete_aspect:
        return False
    if _topic_words(turn) <= FAMILY_WORDS and turn.named < FAMILY_WORD_NAMED and turn.margin < FAMILY_WORD_MARGIN:
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
        and bool(_TOPIC_ONLY.search(turn.text))
    )


def _after_announcement(text: str) -> str | None:
    """What follows an opening that only announces a topic ("Frage zum …", "es geht um …"), as embedded; None
    without such an opening."""
    announced = _TOPIC_ONLY.search(text)
    return embedding_text(text[announced.end() :]) if announced else None


def _announces_only(turn: Turn) -> bool:
    rest = _after_announcement(turn.text)
    return rest is not None and not re.findall(r"\w+", rest)


def _topic_words(turn: Turn) -> int:
    """Content words, without an opening that only announces a topic."""
    rest = _after_announcement(turn.text)
    return turn.content_words if rest is None else len(rest.split())


def _resolve_clarification(turn: Turn) -> str | None:
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
    if confident_elsewhere and turn.words > 4:
        return None  # not an answer to the question but a new, clear one ("Ach egal. Wo melde ich …?")
    chatting = turn.intent in SMALL_TALK and turn.intent_confidence >= INTENT_CONFIDENCE and not sure
    if chatting or _declined(turn):
        return None  # "danke erstmal", "wie wird das Wetter?": no answer to the question, nothing to pick
    ordinal = _ordinal(turn.text)
    if ordinal is not None and ordinal < len(turn.clarify_options):
        return turn.clarify_options[ordinal]
    if turn.aspect_question and turn.named < NAMED:
        # "what documents do I need?" passes the question by and names none of the services: the likeliest one
        # offered answers it (the answer names its service), a ranking by words of the aspect would not
        return turn.clarify_options[0]
    return offered[0].service if offered else None


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


def _options(turn: Turn) -> List[str]:
    top = turn.candidates[0].score
    close = [c.service for c in turn.candidates if top - c.score <= CLARIFY_SCORE_GAP][:4]
    return close if len(close) >= 2 else [c.service for c in turn.candidates[:2]]
