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

from actions.bereavement import tells_a_death
from actions.clarification import announces_only, is_vague, options_offered, resolve_clarification, situation_options
from actions.context import NAMED, ContextRule, corrects, refers_back
from actions.language import language_of
from actions.line_check import checks_the_line
from actions.moves import (
    ABROAD,
    MOVE_SERVICE,
    MOVE_TARGET,
    MOVING,
    REGISTRATIONS_IN_THE_REGION,
    arrives_from_elsewhere,
)
from actions.office_named import names_a_citizens_office
from actions.readings import (
    a_topic_of_services,
    asks_about_the_service_discussed,
    asks_once_more,
    asks_rather_than_tells,
    clear_how_to,
    complaint_a_service_takes,
    criticises_and_asks_on,
    criticises_the_answer,
    declined,
    diet_off_topic,
    follows_up_on_an_aspect,
    impersonal_question,
    names_a_topic,
    names_only_its_step,
    names_service_and_aspect,
    only_thanks,
    says_whom_it_is_for,
    tells_a_life_situation,
    unrelated,
    vague_in_a_situation,
)
from actions.signals import annoyed, mentions_somebody, mentions_talking, sounds_critical, thanks
from actions.state import HANDOFF_INTENTS, SMALL_TALK, Turn
from actions.thresholds import (
    ANSWER_CONFIDENCE,
    CLARIFY_CONFIDENCE,
    FOREIGN_ANSWER_CONFIDENCE,
    FOREIGN_CLARIFY_CONFIDENCE,
    FRUSTRATION_CONFIDENCE,
    FRUSTRATION_LIMIT,
    INTENT_CONFIDENCE,
    MAX_FAILED,
    OUTSIDE_CONTENT_WORDS,
    OUTSIDE_UNKNOWN_WORDS,
    OVERRULE_CONFIDENCE,
    TERSE_WORDS,
    VAGUE_CONTENT_WORDS,
    VAGUE_MARGIN,
)

GENERAL_OFFICE_SERVICE = "buergerbuero-termin"  # the Bürgerbüro's own service: where, not what
OFFICE_ASPECTS = ("oeffnungszeiten", "zustaendigkeit")  # where and when: asked of the office of a service
APPOINTMENT = re.compile(r"\btermin\w*|appointment|randevu|rendez-vous|запис\w*|прийом\w*|موعد", re.IGNORECASE)


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
    if (
        route.kind == RouteKind.ANSWER
        and route.service == "wohnsitz-abmelden"
        and turn.current_service in REGISTRATIONS_IN_THE_REGION
        and not ABROAD.search(turn.text)
    ):
        # "muss ich mich in Sehnde noch abmelden?" while registering a move into or within the Region: no (BMG § 17),
        # which the registration discussed says; the old commune named is where the citizen leaves, not lives
        return replace(route, service=turn.current_service, kommune=turn.current_kommune or route.kommune)
    kind = turn.commune_move or ("across" if turn.commune_origin or arrives_from_elsewhere(turn.text) else "")
    move = MOVE_SERVICE.get(kind, {})
    if route.kind == RouteKind.ANSWER and route.service in move:
        return replace(route, service=move[route.service])
    registrations = set(move) | {MOVE_TARGET[kind]} if kind else set()
    if route.kind == RouteKind.CLARIFY and set(route.options) & registrations:
        # "von Rethen nach Gleidingen, was muss ich erledigen?": the move says which registration it is
        return Route(RouteKind.ANSWER, MOVE_TARGET[kind], route.aspect, route.kommune)
    not_placed = route.kind == RouteKind.FALLBACK or route.reason == "outside_top100"
    at_the_office = route.kind == RouteKind.ANSWER and route.service == GENERAL_OFFICE_SERVICE
    if at_the_office and turn.purpose_service and not APPOINTMENT.search(turn.text):
        # "Wo ist in Springe das Bürgerbüro? Ich muss einen Ausweis beantragen": where to go for that service (its
        # answer names its office with address and hours); an appointment stays the Bürgerbüro's service
        return replace(route, service=turn.purpose_service, aspect=route.aspect or "zustaendigkeit")
    asked_back = route.kind == RouteKind.CLARIFY
    moves = MOVING.search(turn.text) or arrives_from_elsewhere(turn.text)
    # an appointment at the office named stays the Bürgerbüro's ("wie bekomme ich dort einen Termin im Bürgerbüro?");
    # "brauche ich einen Termin?" asks about the registration
    appointment_there = bool(APPOINTMENT.search(turn.text) and names_a_citizens_office(turn.text))
    for_the_office = at_the_office and not appointment_there
    if kind and moves and (not_placed or for_the_office or asked_back):
        # "wir ziehen von Arnum nach Westerfeld, was müssen wir machen?" names two villages nothing else knows, and
        # "… was muss ich ins Bürgerbüro mitbringen?" names only where, and "… woran müssen wir alles denken?" would be
        # asked back: a move said so is its registration
        return Route(RouteKind.ANSWER, MOVE_TARGET[kind], route.aspect, route.kommune)
    return route


def _decide(turn: Turn, context_rule: ContextRule) -> Route:
    kommune = turn.kommune or turn.current_kommune
    if turn.emergency:
        return Route(RouteKind.EMERGENCY, emergency_number=turn.emergency)
    if turn.input_problem in ("empty", "no_words"):
        return Route(RouteKind.BAD_INPUT, reason=turn.input_problem)
    if line_check_only(turn):
        return Route(RouteKind.SMALL_TALK, reason="greet")  # "hallo, hören Sie mich?": yes, and how can it help
    handoff = _handoff(turn, kommune)
    if handoff:
        return handoff
    if turn.service_entity:  # a button
        return Route(RouteKind.ANSWER, turn.service_entity, turn.aspect, kommune)
    chosen = resolve_clarification(turn)
    if chosen:
        return Route(RouteKind.ANSWER, chosen, turn.aspect or turn.current_aspect, kommune)
    if announces_only(turn):
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
    if declined(turn):
        return Route(RouteKind.OUT_OF_SCOPE)  # the topic so far stays for the next message
    if tells_a_death(turn.text) and not (turn.top and turn.top.service in turn.situation_services):
        # "ich habe meinen Mann verloren": the services after a death, not the lost identity card the retrieval finds
        return Route(RouteKind.CLARIFY, aspect=turn.aspect, kommune=kommune, options=situation_options(turn))
    if turn.current_service:
        follow_up = _in_context(turn, kommune, context_rule)
        if follow_up:
            return follow_up
    if turn.situation_services and tells_a_life_situation(turn):
        # "Wir bekommen ein Kind, was kommt auf uns zu?": the situation's services, not the first one retrieved
        return Route(RouteKind.CLARIFY, aspect=turn.aspect, kommune=kommune, options=options_offered(turn))
    if (
        turn.intent == "other_municipal"
        and turn.intent_confidence >= INTENT_CONFIDENCE
        and confidence < OVERRULE_CONFIDENCE
        and not vague_in_a_situation(turn)
    ):
        # a matter for the town outside the Top 100 (library card, council meeting): a person knows,
        # guessing a neighbouring service would mislead
        return Route(RouteKind.HANDOFF, kommune=kommune, reason="outside_top100")
    vague = is_vague(turn)
    # DIET's off-topic reading, when it is weak, the detector does not share it and the retrieval places the
    # message surely among the services, does not decline it: "Arbeit weg, und nun?" is asked back
    weak_off_topic = turn.intent_confidence < INTENT_CONFIDENCE and confidence >= OVERRULE_CONFIDENCE
    # "seit gestern ohne Job": a life event the administration has services for is asked back, not declined
    off_topic = (
        turn.off_topic or (turn.intent == "out_of_scope" and not weak_off_topic and not a_topic_of_services(turn))
    ) and not tells_a_life_situation(turn)
    if off_topic and (vague or confidence < ANSWER_CONFIDENCE):
        return Route(RouteKind.OUT_OF_SCOPE)  # asking back with services nobody meant helps no one
    german = language_of(turn.text) == "de"
    if top is not None and confidence >= _answer_confidence(turn, german) and not vague:
        return Route(RouteKind.ANSWER, top.service, turn.aspect, kommune)
    outside = german and _names_the_unknown(turn)
    if top is not None and confidence >= (CLARIFY_CONFIDENCE if german else FOREIGN_CLARIFY_CONFIDENCE):
        if outside:
            return Route(RouteKind.HANDOFF, kommune=kommune, reason="outside_top100")
        return Route(RouteKind.CLARIFY, aspect=turn.aspect, kommune=kommune, options=options_offered(turn))
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
    if mentions_somebody(turn.text) or mentions_talking(turn.text):
        # "ob mich irgendwer mal zurück ruft": not understood, yet somebody or a call is in it; a request for a person
        # is never refused, and handing over what nothing else understood costs an agent a short look
        return Route(RouteKind.HANDOFF, turn.current_service, kommune=kommune, reason="request_human")
    return Route(RouteKind.FALLBACK, kommune=kommune)


def line_check_only(turn: Turn) -> bool:
    """A check of the line and nothing else asked: no sure request for a person, no service, no aspect."""
    asked_for_a_person = turn.intent == "request_human" and turn.intent_confidence >= INTENT_CONFIDENCE
    asked = bool(turn.aspect) or turn.retrieval_confidence >= ANSWER_CONFIDENCE
    return checks_the_line(turn.text) and not (asked_for_a_person or turn.handoff_signal or asked)


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
        and not only_thanks(turn)
    )
    # shouting in a first message that plainly asks for a service ("Baustelle nebenan ab 5 Uhr, HILFE!!") is
    # the citizen's distress about the matter, not frustration with answers nobody has given yet
    cues = turn.frustration_cues if answered_before or not plain_request else 0
    cues += int(answered_before and annoyed(turn.text))  # "immer noch falsch. nervt": annoyed with the answers
    return max(int(by_intent or turn.frustrated or turn.handoff_signal == "not_helped"), cues)


def _terse_aspect_follow_up(turn: Turn) -> bool:
    asks_aspect = bool(turn.aspect and turn.aspect_named and (turn.current_service or names_service_and_aspect(turn)))
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
    follow_up = follows_up_on_an_aspect(turn)
    # the embedding's opinion, unless DIET is sure the message is off-topic ("ruf mir ein Taxi") or the message
    # asks which office is responsible for the service discussed ("wer ist dafür genau zuständig bei euch?")
    by_opinion = turn.asks_for_person and not diet_off_topic(turn) and not follow_up
    if asked or turn.handoff_signal == "request_human" or by_opinion:
        return Route(RouteKind.HANDOFF, service, kommune=kommune, reason="request_human")
    how_to = (
        turn.intent == "case_status"
        and turn.handoff_signal is None
        and (
            clear_how_to(turn)
            or names_a_topic(turn)
            or asks_about_the_service_discussed(turn)
            or impersonal_question(turn)
            or criticises_and_asks_on(turn)
            # "es ist für meine Tochter, die ist 10": whom the service discussed is for, not a case in a file
            or says_whom_it_is_for(turn)
            or tells_a_death(turn.text)  # "ich habe letzte Woche meine Mutter verloren": a loss, not a file
        )
    )
    # a complaint about a nuisance that a service reports is answered with that service (see below)
    reported = complaint_a_service_takes(turn)
    by_intent = (
        turn.intent in HANDOFF_INTENTS
        and turn.intent_confidence >= INTENT_CONFIDENCE
        and not how_to
        and not overruled
        and not follow_up
        and not (turn.intent in ("complaint", "frustration") and only_thanks(turn))
    )
    if by_intent and not (turn.intent == "complaint" and reported):
        # ("Wie verlängere ich meinen Aufenthaltstitel?" asks how it is done: an answer, not the file)
        return Route(RouteKind.HANDOFF, service, kommune=kommune, reason=turn.intent)
    signal = turn.handoff_signal
    if signal and signal != "not_helped" and not (signal == "complaint" and reported):
        return Route(RouteKind.HANDOFF, service, kommune=kommune, reason=signal)
    if mentions_somebody(turn.text) and mentions_talking(turn.text) and turn.retrieval_confidence < ANSWER_CONFIDENCE:
        # "darf ich mal mit jemandem von euch telefonieren": somebody to talk to, and no service is sure
        return Route(RouteKind.HANDOFF, service, kommune=kommune, reason="request_human")
    own = turn.own_case and not (
        criticises_the_answer(turn) or criticises_and_asks_on(turn) or tells_a_death(turn.text)
    )
    if own and not asks_rather_than_tells(turn):
        # DIET took it for a service question; the embedding finds the citizen's own matter
        return Route(RouteKind.HANDOFF, service, kommune=kommune, reason="case_status")
    if frustrated(turn) and not asks_once_more(turn):
        signs = turn.frustration + frustration_signs(turn)
        if signs >= FRUSTRATION_LIMIT or "request_human" in turn.runner_up_intents[:1]:
            return Route(RouteKind.HANDOFF, turn.current_service, kommune=kommune, reason="frustration")
        return Route(RouteKind.APOLOGY, turn.current_service, turn.current_aspect, kommune)
    return None


def _in_context(turn: Turn, kommune: str | None, rule: ContextRule) -> Route | None:
    """A message read against the service discussed: a follow-up keeps it, a move answers the new one."""
    current = turn.current_service
    assert current is not None
    alone = turn.alone_reading()
    if turn.aspect_question and turn.named < NAMED:
        # reads like "und was kostet das?" and names no service: whatever else fits, it asks about this one
        return Route(RouteKind.ANSWER, current, turn.aspect or turn.current_aspect, kommune)
    if names_only_its_step(turn):
        # "und was kostet die Anmeldung?" after the Osterfeuer: the step of this service, not a flat's Anmeldung
        return Route(RouteKind.ANSWER, current, turn.aspect, kommune)
    correcting = turn.intent == "deny" or corrects(turn.text)
    office_asked = turn.aspect in OFFICE_ASPECTS and not APPOINTMENT.search(turn.text)
    if alone.top == GENERAL_OFFICE_SERVICE and office_asked and not correcting:
        # "Öffnungszeiten vom Bürgerbüro in Neustadt?" while the Anmeldung is discussed: the office where this
        # service is done, with its hours; an appointment ("kann ich vorher einen Termin buchen?") is the Bürgerbüro's
        return Route(RouteKind.ANSWER, current, turn.aspect, kommune)
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
        if is_vague(turn) or turn.retrieval_confidence < ANSWER_CONFIDENCE:
            return None  # not clear enough where it moves: ask back or answer as a new question
        # a correction changes the service and keeps the rest; a move to a new service asks afresh
        return Route(RouteKind.ANSWER, alone.top, _kept_aspect(turn) if correcting else turn.aspect, kommune)
    if says_whom_it_is_for(turn) and not turn.kommune:
        # "ach so, nicht für mich, für meinen Sohn, der ist 16": the person changes, the service and the question
        # stay, unless the message moved above or corrects to the first service retrieved when that one is of the
        # same group ("Reisepass" – "nein, es geht um meine Tochter, die ist vier": the Kinderreisepass; after the
        # Führungszeugnis, "… fährt als Betreuer mit" is no Betreuung)
        sibling = turn.top.service if turn.top and turn.top_in_current_group else None
        chosen = sibling if correcting and sibling and turn.retrieval_confidence >= CLARIFY_CONFIDENCE else current
        return Route(RouteKind.ANSWER, chosen, turn.current_aspect or turn.aspect, kommune)
    if correcting and not turn.kommune:
        return _correction(turn, kommune)
    if unrelated(turn):
        return None  # "übrigens, wie spielt Hannover 96?": not a follow-up, read as a message of its own
    return Route(RouteKind.ANSWER, current, turn.aspect or turn.current_aspect, kommune)


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
