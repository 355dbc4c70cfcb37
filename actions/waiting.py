"""While a handed-over conversation waits in the queue, the assistant goes on helping.

A case can wait for hours (at night nobody is in the console). Silence then reads as a broken chat and
loses the citizen's next question. So until an agent claims the case, every message is still answered:
a service question as usual, and a renewed wish for a person, frustration, a greeting ("ist da jemand?")
or a message not understood with the note that the case is queued, without opening a second case.
Once an agent has claimed it, the assistant answers only an emergency (actions/dispatch.py).
What is meant for the agent alone, the callback request and a phone number, gets no answer.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import CALLBACK_PAYLOAD, agents_online, handoff_store, offline_buttons
from actions.handoff_store import Handoff
from actions.routing import Route, RouteKind
from actions.state import Turn
from actions.texts import Texts

# Routes that, while the case waits, get the queue note instead of their own answer.
STILL_FOR_A_PERSON = (RouteKind.HANDOFF, RouteKind.APOLOGY, RouteKind.FALLBACK)
GREETINGS = ("greet", "bot_challenge")  # "Hallo? Ist da jemand?" asks for the person it waits for
# Seven or more digits, with the usual separators: a phone number for the callback.
_PHONE_NUMBER = re.compile(r"(?:\+|\b)\d[\d /()-]{5,}\d\b")


def waiting_case(url: str, conversation_id: str) -> Handoff | None:
    """The conversation's newest case if it still waits for an agent; None once one has claimed it."""
    cases = handoff_store(url).for_conversation(conversation_id)
    newest = max(cases, key=lambda case: case.id, default=None)
    return newest if newest is not None and newest.status == "waiting" else None


def for_the_agent_only(text: str) -> bool:
    """The callback request and the phone number that follows it: the agent reads them, the assistant not."""
    return text.strip() == CALLBACK_PAYLOAD or bool(_PHONE_NUMBER.search(text))


def still_for_a_person(route: Route, turn: Turn) -> bool:
    """What the citizen waits for is the person: a greeting, asking again, frustration, or a message that
    would only get the answer just given once more ("Hallo, ist da jemand?" read as a follow-up)."""
    if route.kind in STILL_FOR_A_PERSON or (route.kind == RouteKind.SMALL_TALK and route.reason in GREETINGS):
        return True
    same_answer = (route.service, route.aspect, route.kommune) == (
        turn.current_service,
        turn.current_aspect,
        turn.current_kommune,
    )
    return route.kind == RouteKind.ANSWER and same_answer


def tell_queued(case: Handoff, texts: Texts, dispatcher: CollectingDispatcher, url: str) -> List[EventType]:
    """The case is queued already: say so (with the callback offer when nobody is online); the channels
    get the case again, so the phone transfers the caller once more."""
    online = agents_online(url)
    dispatcher.utter_message(text=texts.say("utter_handoff_queued"), buttons=offline_buttons(texts, online))
    handoff: Dict[str, Any] = {"id": case.id, "reason": case.reason, "agents_online": online, "queued": True}
    dispatcher.utter_message(json_message={"handoff": handoff})
    return [SlotSet("route", RouteKind.HANDOFF.value), SlotSet("clarify_options", None)]
