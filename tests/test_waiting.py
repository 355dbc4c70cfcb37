"""A handed-over conversation whose case waits in the queue: the assistant goes on helping, opens no second
case, and falls silent (but for emergencies) once an agent has claimed the case."""

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import update

from actions.dispatch import ActionProcessTurn
from actions.handoff import CALLBACK_PAYLOAD, handoff_store
from actions.handoff_store import handoffs
from actions.waiting import for_the_agent_only
from knowledge.retriever import RetrievalResult
from settings import get_settings
from tests.trackers import message, tracker

pytestmark = pytest.mark.usefixtures("handoff_db")

SENDER = "waiting-citizen"
QUEUED = "Ihr Anliegen ist bereits an das Servicecenter weitergegeben"


class NothingFound:
    def search(self, text, k=3):
        return RetrievalResult(text)


def run(latest, paused=True, slots=None):
    dispatcher = CollectingDispatcher()
    events = ActionProcessTurn(searcher=NothingFound).run(
        dispatcher, tracker(latest, slots, sender=SENDER, paused=paused), {}
    )
    slots_set = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return dispatcher.messages, slots_set, events


def store():
    return handoff_store(get_settings().handoff_db_url)


def hand_over() -> int:
    messages, slots, events = run(message("Ich will mit einem Menschen sprechen", intent="request_human"), False)
    assert slots["route"] == "handoff" and any(e.get("event") == "pause" for e in events)
    return int(messages[1]["custom"]["handoff"]["id"])


def claim(case_id: int) -> None:
    with store()._engine.begin() as conn:
        conn.execute(update(handoffs).where(handoffs.c.id == case_id).values(status="claimed"))


def test_a_service_question_while_the_case_waits_is_answered():
    hand_over()
    question = message("Wie teuer ist so ein Führungszeugnis eigentlich?", candidates=[("fuehrungszeugnis", 0.9)])
    messages, slots, _ = run({**question, "service_retrieval": {**question["service_retrieval"], "confidence": 0.95}})
    assert messages[0]["text"].startswith("Führungszeugnis beantragen")
    assert slots["route"] == "answer" and slots["service"] == "fuehrungszeugnis"
    assert len(store().for_conversation(SENDER)) == 1


@pytest.mark.parametrize(
    "latest",
    [
        message("Ich möchte jetzt endlich einen Menschen sprechen", intent="request_human", confidence=0.98),
        message("Hallo? Ist da jemand?", intent="greet", confidence=0.97),
        message("Das bringt mir alles nichts, so komme ich nicht weiter", intent="frustration", confidence=0.97),
    ],
    ids=["asks-again", "greets", "frustrated"],
)
def test_a_renewed_wish_for_a_person_gets_the_queue_note_and_no_second_case(latest):
    case_id = hand_over()
    messages, slots, events = run(latest)
    assert messages[0]["text"].startswith(QUEUED) and "115" in messages[0]["text"]
    assert messages[1]["custom"]["handoff"] == {
        "id": case_id,
        "reason": "request_human",
        "agents_online": False,
        "queued": True,
    }
    assert [b["payload"] for b in messages[0]["buttons"]] == [CALLBACK_PAYLOAD]  # nobody online: callback offer
    assert slots["route"] == "handoff"
    assert not any(e.get("event") == "pause" for e in events)  # paused already
    assert [c.id for c in store().for_conversation(SENDER)] == [case_id]


def test_a_message_that_would_only_repeat_the_last_answer_gets_the_queue_note():
    hand_over()
    slots = {"service": "fuehrungszeugnis", "aspect": "kosten", "kommune": "Lehrte"}
    again = message("Hallo?? Noch da?", candidates=[("fuehrungszeugnis", 0.9)], aspect="kosten")
    again["service_retrieval"]["confidence"] = 0.95
    messages, slots_set, _ = run(again, slots=slots)
    assert messages[0]["text"].startswith(QUEUED) and slots_set["route"] == "handoff"
    new_part = message("Und geht das auch online?", candidates=[("fuehrungszeugnis", 0.9)], aspect="online")
    messages, slots_set, _ = run(new_part, slots=slots)
    assert messages[0]["text"].startswith("Führungszeugnis beantragen – Online") and slots_set["route"] == "answer"


@pytest.mark.parametrize("text", [CALLBACK_PAYLOAD, "Meine Nummer ist 0511 1234567", "+49 170 1234567 bitte"])
def test_the_callback_request_and_a_phone_number_are_for_the_agent_alone(text):
    hand_over()
    messages, slots, _ = run(message(text, intent="inform", confidence=0.6))
    assert messages == [] and "route" not in slots


def test_once_an_agent_claimed_the_case_only_an_emergency_is_answered():
    case_id = hand_over()
    claim(case_id)
    messages, _, _ = run(
        message("Wie teuer ist so ein Führungszeugnis eigentlich?", candidates=[("fuehrungszeugnis", 0.9)])
    )
    assert messages == []
    messages, slots, _ = run(message("Hilfe, es brennt in der Küche!", intent="emergency", emergency="112"))
    assert messages[0]["text"].startswith("Rufen Sie sofort 112 an") and slots["route"] == "emergency"
    assert store().alerts(SENDER) == ["112"]


def test_an_emergency_while_the_case_waits_is_told_and_marked_for_the_console():
    hand_over()
    messages, slots, _ = run(message("Mein Mann atmet nicht mehr", intent="emergency", emergency="112"))
    assert messages[0]["text"].startswith("Rufen Sie sofort 112 an") and slots["route"] == "emergency"
    assert store().alerts(SENDER) == ["112"]


def test_a_paused_conversation_without_a_case_stays_silent():
    messages, _, _ = run(
        message("Wie teuer ist so ein Führungszeugnis eigentlich?", candidates=[("fuehrungszeugnis", 0.9)])
    )
    assert messages == []


@pytest.mark.parametrize(
    "text, for_agent",
    [
        ("0511 / 123 45 67", True),
        ("Rufen Sie mich an: 0176-12345678", True),
        ("Ich wohne in 30159 Hannover", False),
        ("Mein Termin war am 15.03.2026 um 10 Uhr", False),
        ("Was kostet der Ausweis für 2 Kinder?", False),
    ],
)
def test_phone_numbers_are_told_apart_from_postcodes_dates_and_counts(text, for_agent):
    assert for_the_agent_only(text) is for_agent
