"""The phone's "War die Auskunft hilfreich?" (channels.voice.feedback): once at the normal end of a call.

Unit tests drive `VoiceInput.turn` with a stand-in for Rasa (tests.test_voice_channel) and count into a handoff
database of the test's own; the last test calls the real Rasa server (session fixture `assistant`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from types import SimpleNamespace
from typing import Any, Dict, List, Mapping

import pytest
import requests

from actions.editor_queue import editor_queue
from actions.stats_store import month_of, open_stats
from channels.voice.call_state import CallState
from channels.voice.feedback import tracker_slots
from channels.voice.phone_texts import ENGLISH, GERMAN
from channels.voice.yes_no import declines_more, feedback_answer
from settings import get_settings
from tests.test_voice_channel import AGENT, ENGLISH_ANNOUNCED, HEAD, FakeRasa, channel, gathered, say

QUESTION = "War die Auskunft hilfreich? Sagen Sie Ja oder Nein. Oder drücken Sie die Eins für Ja, die Zwei für Nein."
THANKS = f"{HEAD}{say('Danke für Ihre Rückmeldung. Auf Wiederhören.')}<Hangup /></Response>"
FAREWELL = f"{HEAD}{say('Danke für Ihren Anruf. Auf Wiederhören.')}<Hangup /></Response>"
PASS_COSTS = [
    {"text": "Ein Reisepass kostet 70 €."},
    {"custom": {"feedback": {"service": "reisepass-beantragen", "aspect": "kosten"}}},
]
GOODBYE = [{"text": "Auf Wiedersehen und alles Gute!"}]  # utter_goodbye of bot/domain.yml
RECEIVED: List[str] = []  # what reached Rasa in the last turn


def slots(**values: str):
    """The conversation's slots as Rasa's tracker store would give them."""

    async def read(conversation_id: str) -> Mapping[str, Any]:
        return {"kommune": "Burgdorf", "language": "de", "service": "reisepass-beantragen", **values}

    return read


def turn(ch, replies, language: str = "de", **form: str) -> str:
    """One turn of call CA1, Rasa answering with `replies`; the conversation is in Burgdorf and `language`."""
    rasa = FakeRasa(replies)
    form = {"CallSid": "CA1", "From": "+4951112345", "CallStatus": "in-progress", **form}
    twiml = asyncio.run(ch.turn(form, rasa, slots(language=language)))
    RECEIVED[:] = [r[0] for r in rasa.received]
    return twiml


def asked_after_an_answer():
    ch = channel()
    turn(ch, [], CallStatus="ringing")
    turn(ch, PASS_COSTS, SpeechResult="Was kostet ein Reisepass?", Confidence="0.9")
    assert turn(ch, GOODBYE, SpeechResult="Tschüss", Confidence="0.9") == gathered(QUESTION)
    return ch


def counted() -> Dict[Any, Any]:
    url = get_settings().handoff_db_url
    month = month_of(dt.datetime.now(dt.timezone.utc))
    stats = {(c.kommune, c.channel, c.language, c.metric): c.count for c in open_stats(url).counts([month])}
    return {"counts": editor_queue(url).counts(), "stats": stats, "queue": editor_queue(url).open_items()}


def nothing() -> Dict[str, Any]:
    return {"counts": {}, "stats": {}, "queue": []}


# --- when it is asked ---------------------------------------------------------------------------


@pytest.mark.usefixtures("handoff_db")
def test_a_yes_after_goodbye_is_counted_once_for_the_last_answer():
    ch = asked_after_an_answer()
    assert turn(ch, [], SpeechResult="Ja, sehr hilfreich.", Confidence="0.9") == THANKS
    assert RECEIVED == []  # the answer to the question does not reach Rasa
    assert counted() == {
        "counts": {("reisepass-beantragen", "kosten"): {"yes": 1, "no": 0}},
        "stats": {("Burgdorf", "voice", "de", "feedback_yes"): 1},
        "queue": [],
    }
    assert len(ch.states) == 0  # the call is over: nothing of it is kept


@pytest.mark.usefixtures("handoff_db")
def test_a_no_is_counted_and_asks_nothing_more():
    ch = asked_after_an_answer()
    assert turn(ch, [], SpeechResult="Nein, eher nicht.", Confidence="0.9") == THANKS
    assert "gefehlt" not in THANKS
    assert counted() == {
        "counts": {("reisepass-beantragen", "kosten"): {"yes": 0, "no": 1}},
        "stats": {("Burgdorf", "voice", "de", "feedback_no"): 1},
        "queue": [],  # no text, so nothing for the editors' queue
    }


@pytest.mark.usefixtures("handoff_db")
def test_the_last_answer_counts_and_its_aspect_may_be_none():
    ch = channel()
    turn(ch, PASS_COSTS, SpeechResult="Was kostet ein Reisepass?", Confidence="0.9")
    dog = [{"text": "Den Hund melden Sie an."}, {"custom": {"feedback": {"service": "hundesteuer-anmelden"}}}]
    turn(ch, dog, SpeechResult="Und den Hund anmelden?", Confidence="0.9")
    turn(ch, GOODBYE, SpeechResult="Tschüss", Confidence="0.9")
    assert turn(ch, [], Digits="2") == THANKS
    assert counted()["counts"] == {("hundesteuer-anmelden", ""): {"yes": 0, "no": 1}}


@pytest.mark.usefixtures("handoff_db")
def test_nein_danke_to_the_follow_up_question_ends_the_call_with_the_question():
    ch = channel()
    answer = turn(ch, PASS_COSTS, SpeechResult="Was kostet ein Reisepass?", Confidence="0.9")
    assert answer == gathered("Ein Reisepass kostet siebzig Euro. Möchten Sie noch etwas wissen?")
    assert turn(ch, [], SpeechResult="Nein, danke.", Confidence="0.9") == gathered(QUESTION)
    assert RECEIVED == []
    assert turn(ch, [], Digits="1") == THANKS
    assert counted()["counts"] == {("reisepass-beantragen", "kosten"): {"yes": 1, "no": 0}}


def test_a_new_question_after_the_follow_up_is_no_end():
    ch = channel()
    turn(ch, PASS_COSTS, SpeechResult="Was kostet ein Reisepass?", Confidence="0.9")
    assert turn(ch, PASS_COSTS, SpeechResult="Nein, wie lange dauert das?", Confidence="0.9") != gathered(QUESTION)
    assert RECEIVED == ["Nein, wie lange dauert das?"]


def test_no_question_without_an_answer_the_goodbye_ends_the_call():
    ch = channel()
    turn(ch, [{"text": "Hallo! Wie kann ich helfen?"}], SpeechResult="Hallo", Confidence="0.9")
    assert turn(ch, GOODBYE, SpeechResult="Tschüss", Confidence="0.9") == (
        f"{HEAD}{say('Auf Wiedersehen und alles Gute!')}<Hangup /></Response>"
    )
    assert len(ch.states) == 0


@pytest.mark.usefixtures("handoff_db")
def test_no_question_after_an_emergency():
    ch = channel()
    turn(ch, PASS_COSTS, SpeechResult="Was kostet ein Reisepass?", Confidence="0.9")
    emergency = [{"text": "Rufen Sie sofort 112 an!"}, {"custom": {"emergency": "112"}}]
    assert turn(ch, emergency, SpeechResult="Es brennt!", Confidence="0.9") == (
        f"{HEAD}{say('Legen Sie auf und wählen Sie eins eins zwei.')}<Hangup /></Response>"
    )
    assert turn(ch, GOODBYE, SpeechResult="Tschüss", Confidence="0.9") == (
        f"{HEAD}{say('Auf Wiedersehen und alles Gute!')}<Hangup /></Response>"
    )
    assert counted() == nothing()


@pytest.mark.usefixtures("handoff_db")
def test_no_question_after_a_handoff():
    ch = channel()
    turn(ch, PASS_COSTS, SpeechResult="Was kostet ein Reisepass?", Confidence="0.9")
    handoff = [{"text": "Gern verbinde ich Sie."}, {"custom": {"handoff": {"id": 4, "reason": "request_human"}}}]
    assert f"<Sip>{AGENT}</Sip>" in turn(ch, handoff, Digits="0")
    assert ch.states.get("CA1").feedback == "closed"
    assert "Auskunft" not in turn(ch, GOODBYE, SpeechResult="Tschüss", Confidence="0.9")
    assert "Auskunft" not in turn(ch, [], SpeechResult="Nein, danke.", Confidence="0.9")
    assert counted() == nothing()


# --- what is not an answer ----------------------------------------------------------------------


@pytest.mark.usefixtures("handoff_db")
@pytest.mark.parametrize(
    "form",
    [
        {"SpeechResult": ""},  # silence
        {"Digits": "5"},
        {"SpeechResult": "Ja.", "Confidence": "0.2"},  # not heard surely
        {"SpeechResult": "ja nein", "Confidence": "0.9"},
    ],
)
def test_an_unclear_answer_counts_nothing_and_ends_the_call_without_asking_again(form):
    ch = asked_after_an_answer()
    assert turn(ch, [{"text": "Nicht verstanden."}], **form) == FAREWELL
    assert len(ch.states) == 0
    assert counted() == nothing()


@pytest.mark.usefixtures("handoff_db")
def test_other_speech_goes_to_rasa_only_to_hear_an_emergency_or_a_request_for_a_person():
    ch = asked_after_an_answer()
    weather = [{"text": "Dazu kann ich nichts sagen."}]
    assert turn(ch, weather, SpeechResult="Wie wird das Wetter morgen?", Confidence="0.9") == FAREWELL
    assert RECEIVED == ["Wie wird das Wetter morgen?"]
    ch = asked_after_an_answer()
    emergency = [{"text": "Rufen Sie sofort 112 an!"}, {"custom": {"emergency": "112"}}]
    assert turn(ch, emergency, SpeechResult="Hilfe, mein Mann atmet nicht!", Confidence="0.9") == (
        f"{HEAD}{say('Legen Sie auf und wählen Sie eins eins zwei.')}<Hangup /></Response>"
    )
    ch = asked_after_an_answer()
    handoff = [{"text": "Gern."}, {"custom": {"handoff": {"id": 5, "reason": "request_human"}}}]
    assert f"<Sip>{AGENT}</Sip>" in turn(ch, handoff, Digits="0")
    assert RECEIVED == ["/request_human"]
    assert counted() == nothing()


@pytest.mark.usefixtures("handoff_db")
def test_hanging_up_at_the_question_counts_nothing():
    ch = asked_after_an_answer()
    assert turn(ch, [], CallStatus="completed") == f"{HEAD[:-10]}<Response />"
    assert len(ch.states) == 0 and counted() == nothing()


# --- other languages ----------------------------------------------------------------------------


@pytest.mark.usefixtures("handoff_db")
def test_an_english_call_is_asked_in_english_and_counted_in_english():
    ch = channel()
    answer = [ENGLISH_ANNOUNCED, {"text": "A passport costs €70."}, PASS_COSTS[1]]
    turn(ch, answer, SpeechResult="How much is a passport?", Confidence="0.9", SpeechLanguage="en")
    question = turn(ch, [{"text": "Goodbye and all the best!"}], SpeechResult="Bye", Confidence="0.9")
    assert question == gathered(
        "Was the information helpful? Say yes or no. Or press one for yes, two for no.", "en-GB"
    )
    assert ENGLISH.feedback_question in question and GERMAN.feedback_question not in question
    thanks = turn(ch, [], "en", SpeechResult="Yes, it was.", Confidence="0.9", SpeechLanguage="en")
    assert thanks == f"{HEAD}{say('Thank you for your feedback. Goodbye.', 'en-GB')}<Hangup /></Response>"
    assert counted()["stats"] == {("Burgdorf", "voice", "en", "feedback_yes"): 1}


@pytest.mark.usefixtures("handoff_db")
def test_an_answer_in_a_language_the_phone_does_not_speak_is_counted_not_transferred():
    ch = asked_after_an_answer()
    assert turn(ch, [], SpeechResult="Oui.", Confidence="0.9", SpeechLanguage="fr") == THANKS
    ch = asked_after_an_answer()
    assert turn(ch, [], SpeechResult="Hayır.", Confidence="0.9", SpeechLanguage="tr") == THANKS
    assert counted()["counts"] == {("reisepass-beantragen", "kosten"): {"yes": 1, "no": 1}}


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Ja", True),
        ("Jawohl!", True),
        ("genau, danke", True),
        ("sehr hilfreich", True),
        ("Yes, thank you.", True),
        ("Oui, merci.", True),
        ("Evet.", True),
        ("Так.", True),
        ("Да, спасибо.", True),
        ("نعم", True),
        ("Nein.", False),
        ("nee", False),
        ("eher nicht", False),
        ("Nicht wirklich.", False),
        ("nicht hilfreich", False),
        ("No, not really.", False),
        ("Non.", False),
        ("Hayır", False),
        ("HAYIR", False),
        ("Ні.", False),
        ("Нет.", False),
        ("لا", False),
        ("", None),
        ("Danke.", None),
        ("ja nein", None),
        ("Nein, aber was kostet der Pass?", None),
        ("Es brennt!", None),
        ("Ja, wo ist das Bürgerbüro?", None),
    ],
)
def test_feedback_answers_in_the_assistants_languages(text, expected):
    assert feedback_answer(text) is expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Nein, danke.", True),
        ("Nee, das war's.", True),
        ("nein danke tschüss", True),
        ("No, thanks, that's all.", True),
        ("Nein.", True),
        ("Danke.", False),  # thanks alone: Rasa answers it
        ("Nein, was kostet das?", False),
        ("Nein, das war nicht meine Frage.", False),
        ("Ja, bitte.", False),
    ],
)
def test_declining_more(text, expected):
    assert declines_more(text) is expected


# --- the slots for the statistics ----------------------------------------------------------------


def test_the_slots_come_from_rasas_tracker_store():
    tracker = SimpleNamespace(current_slot_values=lambda: {"kommune": "Lehrte", "language": "uk"})

    async def retrieve(conversation_id: str):
        return tracker if conversation_id == "CA1" else None

    read = tracker_slots(SimpleNamespace(tracker_store=SimpleNamespace(retrieve=retrieve)))
    assert read is not None
    assert asyncio.run(read("CA1")) == {"kommune": "Lehrte", "language": "uk"}
    assert asyncio.run(read("CA2")) == {}
    assert tracker_slots(None) is None


@pytest.mark.usefixtures("handoff_db")
def test_without_slots_the_commune_is_unknown_and_the_language_the_calls():
    ch = asked_after_an_answer()
    ch.states.put("CA1", CallState(service="reisepass-beantragen", aspect="kosten", feedback="asked", language="en"))
    form = {"CallSid": "CA1", "CallStatus": "in-progress", "SpeechResult": "yes", "Confidence": "0.9"}
    asyncio.run(ch.turn(form, FakeRasa([])))
    assert counted()["stats"] == {("unbekannt", "voice", "en", "feedback_yes"): 1}


# --- against the running assistant ------------------------------------------------------------


def post(url: str, **form: str) -> str:
    reply = requests.post(url, data=form, timeout=60)
    assert reply.status_code == 200
    return reply.content.decode("utf-8")


@pytest.mark.slow
def test_live_call_ends_with_the_question_and_a_yes_is_counted(assistant):
    webhook = f"{assistant.servers.rasa_url}/webhooks/voice/webhook"
    sid = f"CA{uuid.uuid4().hex}"
    post(webhook, CallSid=sid, CallStatus="ringing")
    question = "Was kostet ein Reisepass in Burgdorf?"
    answer = post(webhook, CallSid=sid, CallStatus="in-progress", SpeechResult=question, Confidence="0.9")
    assert "Euro" in answer and "<Gather" in answer, answer
    asked = post(webhook, CallSid=sid, CallStatus="in-progress", SpeechResult="Tschüss!", Confidence="0.9")
    assert asked == gathered(QUESTION), asked
    url = assistant.settings.handoff_db_url
    before = editor_queue(url).counts().get(("reisepass-beantragen", "kosten"), {"yes": 0, "no": 0})
    month = month_of(dt.datetime.now(dt.timezone.utc))
    key = ("Burgdorf", "voice", "de", "feedback_yes")

    def yes_in_stats() -> int:
        return sum(
            c.count for c in open_stats(url).counts([month]) if (c.kommune, c.channel, c.language, c.metric) == key
        )

    stats_before = yes_in_stats()
    assert post(webhook, CallSid=sid, CallStatus="in-progress", Digits="1") == THANKS
    after = editor_queue(url).counts()[("reisepass-beantragen", "kosten")]
    assert after == {"yes": before["yes"] + 1, "no": before["no"]}
    assert yes_in_stats() == stats_before + 1
