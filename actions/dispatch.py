"""`action_process_turn`: reads the turn, decides (actions.routing), answers through the feature modules.

The route of every turn is kept in the slot `route` (and the offered services in `clarify_options`),
so the tracker alone tells what the assistant did with a message. The action also runs in a handed-over
(paused) conversation (bot/rasa_main.py lets Rasa run it): while the case waits in the queue the
assistant goes on helping (actions/waiting.py); once an agent holds it, only an emergency still gets the
112/110 notice at once, and the console shows that case first.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from functools import lru_cache
from typing import Any, Callable, Dict, List, Sequence

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import commune_matters, compose_answer
from actions.asked_day import asked_day
from actions.clarify import answer_if_one_office, clarify_buttons
from actions.context import ContextRule, Searcher, corrects, read_in_context
from actions.context import reading as reading_of
from actions.editor_hook import note_for_editors
from actions.emergency import emergency_text
from actions.fallback import bad_input_text
from actions.handoff import handoff_reply, handoff_store, record_handoff
from actions.knowledge_access import knowledge, retriever, service_words
from actions.language import LanguageChoice, choose_language
from actions.local_answer import hours_words
from actions.readings import rejects_what_was_answered
from actions.routing import GENERAL_OFFICE_SERVICE, Route, RouteKind, decide, frustrated
from actions.smalltalk import human_button, small_talk_text
from actions.state import Candidate, Turn, read_turn
from actions.stats_hook import count_turn
from actions.texts import Texts, translations
from actions.thresholds import PURPOSE_GAP
from actions.waiting import for_the_agent_only, still_for_a_person, tell_queued, waiting_case
from settings import get_settings


@lru_cache(maxsize=1)
def context_rule() -> ContextRule:
    return ContextRule.load()


class ActionProcessTurn(Action):
    def __init__(self, searcher: Callable[[], Searcher] = retriever) -> None:
        """`searcher` gives the retriever for the context reading; the action server creates this action when it
        starts, and the retriever is opened then in the background, so no citizen waits for it."""
        self._searcher = searcher
        threading.Thread(target=searcher, name="open-retriever", daemon=True).start()

    def name(self) -> str:
        return "action_process_turn"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        events = self._process(dispatcher, tracker)
        count_turn(tracker, events)  # counters only (actions/stats_hook.py): never text, never the sender
        return events

    def _process(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
        turn = read_turn(tracker)
        choice = language_choice(turn, tracker)
        texts = Texts(choice.code, tracker.get_latest_input_channel())
        changed = choice.code != (tracker.get_slot("language") or "de")
        language: List[EventType] = [SlotSet("language", choice.code)] if changed else []
        if changed:
            _announce_language(texts, dispatcher)
        queued, cases_url = None, get_settings().handoff_db_url
        if tracker.is_paused():
            queued = waiting_case(cases_url, tracker.sender_id)
            if queued is None or turn.emergency or for_the_agent_only(turn.text):
                return language + _while_agent_holds(turn, texts, dispatcher, tracker)
        if (choice.requested and turn.intent == "set_language") or _only_asks_for_a_language(turn, choice):
            return language + _switch_language(turn, texts, dispatcher)
        current = turn.current_service
        if current and turn.top and turn.top.service != current:
            services, top = knowledge().services, turn.top.service
            words = service_words().new_words(turn.text, current, top)
            same_group = services[top].category == services[current].category
            turn = replace(turn, new_words=words, top_in_current_group=same_group)
        turn = with_purpose(turn)
        rule, alone = context_rule(), turn.alone_reading()
        # a move by new words needs no second reading; a correction reads its neighbour with the context
        may_move = current and rule.may_move(current, alone) and not rule.moves_by_new_words(alone)
        if current and not turn.emergency and (may_move or corrects(turn.text)):
            name = knowledge().services[current].name
            reading = read_in_context(self._searcher(), name, turn.text, current)
            turn = replace(turn, context_reading=reading)
        if turn.clarify_options and not turn.service_entity and not turn.emergency:
            turn = replace(
                turn, option_scores=option_scores(self._searcher(), turn.text, turn.clarify_options, turn.candidates)
            )
            asked_back = asked_back_message(tracker)
            if asked_back and turn.top and turn.top.service not in turn.clarify_options:
                # a second search only for an answer that reads as another service (actions.clarification)
                topic = self._searcher().search(f"{asked_back} {turn.text}", k=3)
                turn = replace(turn, topic_reading=reading_of(topic, None))
        route = answer_if_one_office(knowledge(), decide(turn, context_rule()), turn)
        note_for_editors(tracker, turn, route)
        if turn.input_problem == "too_long" and route.kind not in (RouteKind.EMERGENCY, RouteKind.BAD_INPUT):
            dispatcher.utter_message(text=texts.say("utter_too_long"))
        events: List[EventType] = [*language, SlotSet("kommune", route.kommune)] if route.kommune else language
        counted = frustrated(turn) and route.kind in (RouteKind.APOLOGY, RouteKind.HANDOFF, RouteKind.ANSWER)
        if counted or rejects_what_was_answered(turn):
            # "falsch" asks what was meant, and counts: the next sign of frustration hands over
            events.append(SlotSet("frustration", turn.frustration + 1))
        if queued is not None and still_for_a_person(route, turn):
            return events + tell_queued(queued, texts, dispatcher, cases_url)
        return events + respond(route, turn, texts, dispatcher, tracker)


def with_purpose(turn: Turn) -> Turn:
    """The Bürgerbüro ranked first and a service close behind it that the message names by words of its own."""
    if len(turn.candidates) < 2 or turn.candidates[0].service != GENERAL_OFFICE_SERVICE:
        return turn
    top, second = turn.candidates[0], turn.candidates[1]
    if top.score - second.score > PURPOSE_GAP:
        return turn
    named = service_words().new_words(turn.text, GENERAL_OFFICE_SERVICE, second.service)
    return replace(turn, purpose_service=second.service) if named else turn


def language_choice(turn: Turn, tracker: Tracker) -> LanguageChoice:
    """The language of this answer: the menu's choice, a language asked for by name, or the message's own."""
    entities = (tracker.latest_message or {}).get("entities") or []
    menu = next((e.get("value") for e in entities if e.get("entity") == "language"), None)
    languages = translations().languages
    return choose_language(
        turn.text, tracker.get_slot("language"), languages, menu if turn.intent == "set_language" else None
    )


def _announce_language(texts: Texts, dispatcher: CollectingDispatcher) -> None:
    """For the widget: the `lang` and direction of the messages from here on, and the name to announce."""
    info = texts.info
    language = {"code": info.code, "html_lang": info.html_lang, "direction": info.direction, "name": info.name}
    dispatcher.utter_message(json_message={"language": language})


def _only_asks_for_a_language(turn: Turn, choice: LanguageChoice) -> bool:
    """ "auf Englisch bitte", "English?": a request by name with no service in it (else the service is answered)."""
    return choice.requested and not turn.emergency and not turn.service_entity and turn.content_words <= 2


def _switch_language(turn: Turn, texts: Texts, dispatcher: CollectingDispatcher) -> List[EventType]:
    """Confirms the new language and, in a conversation about a service, says its last answer again in it."""
    dispatcher.utter_message(text=texts.say("utter_language_switched"))
    if turn.current_service:
        reply = compose_answer(
            knowledge(), turn.current_service, turn.current_aspect, turn.current_kommune, texts=texts
        )
        dispatcher.utter_message(text=reply.text, buttons=reply.buttons)
    return [SlotSet("route", RouteKind.LANGUAGE.value)]


def asked_back_message(tracker: Tracker) -> str | None:
    """The citizen's message before this one: after a clarifying question, the one that was asked back."""
    said = [e.get("text") for e in tracker.events if e.get("event") == "user"]
    return said[-2] if len(said) >= 2 and isinstance(said[-2], str) else None


def option_scores(
    searcher: Searcher, text: str, options: List[str], known: Sequence[Candidate] = ()
) -> List[Candidate]:
    """The offered services ranked for the answer to a clarifying question, over the whole catalogue's scores.
    `known`: the NLU's candidates, scored by the same search; when they hold every option, no second search."""
    if set(options) <= {c.service for c in known}:
        return [c for c in known if c.service in options]
    result = searcher.search(text, k=len(knowledge().services))
    return [Candidate(m.service_id, m.score) for m in result.matches if m.service_id in options]


def _while_agent_holds(turn: Turn, texts: Texts, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Only an emergency gets an answer from the assistant; the agent sees the case first, in red. (Also while
    the case waits: the callback request and a phone number are for the agent alone.)"""
    if not turn.emergency:
        return []
    handoff_store(get_settings().handoff_db_url).alert(tracker.sender_id, turn.emergency)
    _tell_emergency(turn.emergency, texts, dispatcher)
    return [SlotSet("route", RouteKind.EMERGENCY.value)]


def _tell_emergency(number: str, texts: Texts, dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(text=emergency_text(texts, number))
    # For channels that act on it (voice: the caller is told to hang up and dial).
    dispatcher.utter_message(json_message={"emergency": number})


def respond(
    route: Route, turn: Turn, texts: Texts, dispatcher: CollectingDispatcher, tracker: Tracker
) -> List[EventType]:
    kind = route.kind
    if kind == RouteKind.EMERGENCY:
        _tell_emergency(route.emergency_number or "112", texts, dispatcher)
        return [SlotSet("route", kind.value), SlotSet("clarify_options", None)]
    if kind == RouteKind.ANSWER and route.service:
        return _answer(route, turn, texts, dispatcher)
    if kind == RouteKind.CLARIFY:
        buttons = clarify_buttons(knowledge(), texts, route.options)
        dispatcher.utter_message(text=texts.say("utter_clarify"), buttons=buttons)
        return [SlotSet("route", kind.value), SlotSet("clarify_options", route.options)]
    if kind == RouteKind.HANDOFF:
        return _hand_over(route, texts, dispatcher, tracker)
    if kind == RouteKind.SMALL_TALK:
        intent = route.reason or "greet"
        buttons = [human_button(texts)] if intent == "bot_challenge" else []
        dispatcher.utter_message(text=small_talk_text(texts, intent), buttons=buttons)
        return [SlotSet("route", intent)]
    if kind == RouteKind.APOLOGY:
        dispatcher.utter_message(text=texts.say("utter_apology"), buttons=[human_button(texts)])
        return [SlotSet("route", kind.value)]
    if kind in (RouteKind.OUT_OF_SCOPE, RouteKind.REDIRECT):
        dispatcher.utter_message(text=texts.say(f"utter_{kind.value}"))
        return [SlotSet("route", kind.value), SlotSet("clarify_options", None)]
    text = bad_input_text(texts, route.reason) if kind == RouteKind.BAD_INPUT else texts.say("utter_fallback")
    dispatcher.utter_message(text=text, buttons=[human_button(texts)])
    return [SlotSet("route", kind.value), SlotSet("failed_attempts", turn.failed_attempts + 1)]


def _hand_over(route: Route, texts: Texts, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    reason = route.reason or "request_human"
    settings = get_settings()
    record_id = record_handoff(tracker, reason, route.service, route.kommune, settings.handoff_db_url)
    reply = handoff_reply(texts, reason, settings.handoff_db_url, settings.service_hours)
    dispatcher.utter_message(text=reply.text, buttons=reply.buttons)
    # For channels that act on it (web chat: waiting notice; voice: transfer to an agent).
    handoff = {"id": record_id, "reason": reason, "agents_online": reply.online}
    dispatcher.utter_message(json_message={"handoff": handoff})
    return [
        SlotSet("route", RouteKind.HANDOFF.value),
        SlotSet("handoff_reason", reason),
        SlotSet("clarify_options", None),
        SlotSet("failed_attempts", 0),
        ConversationPaused(),
    ]


def _answer(route: Route, turn: Turn, texts: Texts, dispatcher: CollectingDispatcher) -> List[EventType]:
    kb = knowledge()
    assert route.service is not None
    # only a question about opening hours can name the day it asks for
    asked = asked_day(turn.text, hours_words(texts).day_names) if route.aspect == "oeffnungszeiten" else None
    reply = compose_answer(kb, route.service, route.aspect, route.kommune, texts=texts, asked=asked)
    dispatcher.utter_message(text=reply.text, buttons=reply.buttons)
    events: List[EventType] = [
        SlotSet("route", RouteKind.ANSWER.value),
        SlotSet("service", route.service),
        SlotSet("aspect", route.aspect),
        SlotSet("clarify_options", None),
        SlotSet("failed_attempts", 0),
    ]
    if not route.kommune and not turn.commune_asked and commune_matters(kb, route.service):
        dispatcher.utter_message(text=texts.say("utter_ask_commune"))
        events.append(SlotSet("commune_asked", True))
    dispatcher.utter_message(json_message={"feedback": {"service": route.service, "aspect": route.aspect}})
    return events
