"""Web chat channel config, the commune of the embedding site, service hours, and the handoff with or without agents."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import ActionProcessTurn
from actions.handoff import callback_button, handoff_store
from actions.state import read_turn
from actions.texts import Texts
from channels.console.store import ConsoleStore
from channels.webchat import WebchatInput, WebchatOutput
from settings import get_settings
from settings.service_hours import describe, is_open
from tests.trackers import message, tracker

pytestmark = pytest.mark.usefixtures("handoff_db")


def test_webchat_keeps_rasas_protocol_and_checks_its_config():
    channel = WebchatInput.from_credentials({"cors_allowed_origins": ["https://www.burgdorf.de"]})
    assert channel.name() == "webchat" and channel.session_persistence and channel.metadata_key == "customData"
    assert (channel.user_message_evt, channel.bot_message_evt) == ("user_uttered", "bot_uttered")
    with pytest.raises(ValueError, match="session_persistence"):
        WebchatInput.from_credentials({"session_persistence": False})
    with pytest.raises(ValueError, match="cors_allowed_origins"):
        WebchatInput.from_credentials({"cors_allowed_origins": "burgdorf.de"})


def test_custom_json_reaches_the_widget_as_custom():
    sent = []

    class Sio:
        async def emit(self, event, data=None, room=None, **kwargs):
            sent.append((event, data, room))

    output = WebchatOutput(Sio(), "bot_uttered")  # type: ignore[arg-type]
    asyncio.run(output.send_custom_json("s1", {"handoff": {"id": 3, "reason": "request_human"}}))
    asyncio.run(output.send_custom_json("s1", {"data": {"x": 1}}))  # Rasa's own convention stays
    assert sent == [
        ("bot_uttered", {"custom": {"handoff": {"id": 3, "reason": "request_human"}}}, "s1"),
        ("bot_uttered", {"x": 1}, "s1"),
    ]


def test_the_commune_of_the_embedding_site_is_only_a_default():
    latest = message("Was kostet ein Reisepass?")
    assert read_turn(tracker({**latest, "metadata": {"commune": "burgdorf"}})).current_kommune == "Burgdorf"
    assert read_turn(tracker({**latest, "metadata": {"commune": "Atlantis"}})).current_kommune is None
    assert read_turn(tracker({**latest, "metadata": {"commune": 7}})).current_kommune is None
    slot = tracker({**latest, "metadata": {"commune": "Burgdorf"}}, {"kommune": "Sehnde"})
    assert read_turn(slot).current_kommune == "Sehnde"
    said = read_turn(tracker({**message("Reisepass in Lehrte", kommune="Lehrte"), "metadata": {"commune": "Burgdorf"}}))
    assert said.kommune == "Lehrte"


def test_service_hours():
    monday_noon = dt.datetime(2026, 11, 23, 11, 0, tzinfo=dt.timezone.utc)  # 12:00 in Hannover
    sunday_noon = dt.datetime(2026, 11, 22, 11, 0, tzinfo=dt.timezone.utc)
    assert is_open("Mo-Fr 08:00-18:00", "Europe/Berlin", monday_noon)
    assert not is_open("Mo-Fr 08:00-18:00", "Europe/Berlin", sunday_noon)
    assert is_open("Mo-Fr 08:00-18:00; So 10:00-13:00", "Europe/Berlin", sunday_noon)
    assert is_open("immer", "Europe/Berlin", sunday_noon)
    assert describe("Mo-Fr 08:00-18:00; Sa 09:00-12:00") == "Mo–Fr 08:00–18:00 Uhr, Sa 09:00–12:00 Uhr"
    with pytest.raises(ValueError, match="Servicezeiten"):
        is_open("werktags", "Europe/Berlin")


def run_handoff():
    dispatcher = CollectingDispatcher()
    latest = message("Ich möchte mit einem Mitarbeiter sprechen", intent="request_human")
    events = ActionProcessTurn().run(dispatcher, tracker(latest), {})
    return dispatcher.messages, events


def test_without_an_agent_online_the_citizen_is_offered_a_callback_or_115():
    messages, _ = run_handoff()
    assert messages[0]["text"].startswith("Gern verbinde ich Sie mit einer Mitarbeiterin")
    assert (
        "Im Moment ist leider niemand aus dem Servicecenter erreichbar (Servicezeiten: Mo–Fr 08:00–18:00 Uhr)"
        in (messages[0]["text"])
    )
    assert "115" in messages[0]["text"] and messages[0]["buttons"] == [callback_button(Texts())]
    assert messages[1]["custom"]["handoff"]["agents_online"] is False
    assert len(handoff_store(get_settings().handoff_db_url).waiting()) == 1  # the case stays in the queue


def test_with_an_agent_online_the_citizen_waits_in_the_chat():
    ConsoleStore(get_settings().handoff_db_url).set_presence(["meyer"])
    messages, _ = run_handoff()
    assert "sobald jemand frei ist, antwortet Ihnen hier ein Mensch" in messages[0]["text"]
    assert messages[0]["buttons"] == [] and messages[1]["custom"]["handoff"]["agents_online"] is True
