"""`action_process_turn`: reads the turn, decides (actions.routing), answers through the feature modules.

The route of every turn is kept in the slot `route` (and the offered services in `clarify_options`),
so the tracker alone tells what the assistant did with a message.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import commune_matters, compose_answer
from actions.clarify import CLARIFY_TEXT, clarify_buttons
from actions.commune import ASK_COMMUNE_TEXT
from actions.emergency import emergency_text
from actions.fallback import FALLBACK_TEXT, OUT_OF_SCOPE_TEXT, REDIRECT_TEXT, TOO_LONG_NOTE, bad_input_text
from actions.handoff import handoff_reply, record_handoff
from actions.knowledge_access import knowledge
from actions.routing import Route, decide
from actions.smalltalk import HUMAN_BUTTON, small_talk_text
from actions.state import Turn, read_turn
from bot.settings import get_settings


class ActionProcessTurn(Action):
    def name(self) -> str:
        return "action_process_turn"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        turn = read_turn(tracker)
        route = decide(turn)
        if turn.input_problem == "too_long" and route.kind not in ("emergency", "bad_input"):
            dispatcher.utter_message(text=TOO_LONG_NOTE)
        events: List[EventType] = [SlotSet("kommune", route.kommune)] if route.kommune else []
        return events + respond(route, turn, dispatcher, tracker)


def respond(route: Route, turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    kind = route.kind
    if kind == "emergency":
        number = route.reason or "112"
        dispatcher.utter_message(text=emergency_text(number))
        # For channels that act on it (voice: the caller is told to hang up and dial).
        dispatcher.utter_message(json_message={"emergency": number})
        return [SlotSet("route", "emergency"), SlotSet("clarify_options", None)]
    if kind == "answer" and route.service:
        return _answer(route, turn, dispatcher)
    if kind == "clarify":
        dispatcher.utter_message(text=CLARIFY_TEXT, buttons=clarify_buttons(knowledge(), route.options))
        return [SlotSet("route", "clarify"), SlotSet("clarify_options", route.options)]
    if kind == "handoff":
        reason = route.reason or "request_human"
        settings = get_settings()
        record_id = record_handoff(tracker, reason, route.service, route.kommune, settings.handoff_db_url)
        reply = handoff_reply(reason, settings.handoff_db_url, settings.service_hours)
        dispatcher.utter_message(text=reply.text, buttons=reply.buttons)
        # For channels that act on it (web chat: waiting notice; voice: transfer to an agent).
        handoff = {"id": record_id, "reason": reason, "agents_online": reply.online}
        dispatcher.utter_message(json_message={"handoff": handoff})
        return [
            SlotSet("route", "handoff"),
            SlotSet("handoff_reason", reason),
            SlotSet("clarify_options", None),
            SlotSet("failed_attempts", 0),
            ConversationPaused(),
        ]
    if kind == "small_talk":
        intent = route.reason or "greet"
        buttons = [HUMAN_BUTTON] if intent == "bot_challenge" else []
        dispatcher.utter_message(text=small_talk_text(intent), buttons=buttons)
        return [SlotSet("route", intent)]
    if kind == "out_of_scope":
        dispatcher.utter_message(text=OUT_OF_SCOPE_TEXT)
        return [SlotSet("route", "out_of_scope"), SlotSet("clarify_options", None)]
    if kind == "redirect":
        dispatcher.utter_message(text=REDIRECT_TEXT)
        return [SlotSet("route", "redirect"), SlotSet("clarify_options", None)]
    text = bad_input_text(route.reason) if kind == "bad_input" else FALLBACK_TEXT
    dispatcher.utter_message(text=text, buttons=[HUMAN_BUTTON])
    return [SlotSet("route", kind), SlotSet("failed_attempts", turn.failed_attempts + 1)]


def _answer(route: Route, turn: Turn, dispatcher: CollectingDispatcher) -> List[EventType]:
    kb = knowledge()
    assert route.service is not None
    reply = compose_answer(kb, route.service, route.aspect, route.kommune)
    dispatcher.utter_message(text=reply.text, buttons=reply.buttons)
    events: List[EventType] = [
        SlotSet("route", "answer"),
        SlotSet("service", route.service),
        SlotSet("aspect", route.aspect),
        SlotSet("clarify_options", None),
        SlotSet("failed_attempts", 0),
    ]
    if not route.kommune and not turn.commune_asked and commune_matters(kb, route.service):
        dispatcher.utter_message(text=ASK_COMMUNE_TEXT)
        events.append(SlotSet("commune_asked", True))
    return events
