"""Faults: the action server stops in the middle of conversations; the citizen is told so in their language,
on REST, in the widget (socket.io) and on the phone, and after the supervisor's restart the next message
is answered."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from servicecenter.bench_handoff import Citizen
from servicecenter.predict import Client, predict_row
from servicecenter.runner import wait_until_up
from servicecenter.supervisor import Supervisor
from tests.test_voice_channel import gathered, post

pytestmark = pytest.mark.faults

FAULT_DE = (
    "Entschuldigung, wegen einer technischen Störung kann ich Ihnen gerade nicht antworten. Bitte versuchen Sie "
    "es in ein paar Minuten noch einmal oder rufen Sie die Behördennummer 115 an."
)
FAULT_EN = (
    "Sorry, because of a technical fault I cannot answer you right now. Please try again in a few minutes or "
    "call the public authorities number 115."
)

# The phone says the number digit by digit and asks on (channels/voice/speech.py).
PHONE_FAULT_DE = (
    "Entschuldigung, wegen einer technischen Störung kann ich Ihnen gerade nicht antworten. Bitte versuchen Sie "
    "es in ein paar Minuten noch einmal oder rufen Sie die Behördennummer eins eins fünf an. "
    "Möchten Sie noch etwas wissen?"
)


async def widget_reply(rasa_url: str, text: str) -> str:
    async with Citizen(rasa_url) as citizen:
        await citizen.say(text)
        while True:
            name, data = (await asyncio.wait_for(citizen.event(), timeout=30) + [None])[:2]
            if name == "bot_uttered":
                return str(data["text"])


def test_a_killed_action_server_is_announced_and_service_resumes_after_the_restart(assistant):
    servers = assistant.servers
    webhook = f"{servers.rasa_url}/webhooks/voice/webhook"
    client = Client(servers.rasa_url, servers.token)
    german, english = f"fault-de-{uuid.uuid4().hex[:8]}", f"fault-en-{uuid.uuid4().hex[:8]}"
    assert client.send(english, "How much does a passport cost?")[0]  # this conversation is in English now
    actions = next(c for c in servers.children if c.name == "Action-Server")
    said: list[str] = []
    supervisor = Supervisor(servers.children, said.append, first_delay=0.0)
    actions.process.kill()
    actions.process.wait()
    try:
        assert [r.get("text") for r in client.send(german, "Wie melde ich Sperrmüll an?")[0]] == [FAULT_DE]
        assert [r.get("text") for r in client.send(english, "And how long does it take?")[0]] == [FAULT_EN]
        assert asyncio.run(widget_reply(servers.rasa_url, "Wo beantrage ich Wohngeld?")) == FAULT_DE
        call = {"CallSid": f"CA{uuid.uuid4().hex}", "From": "+4951100000"}
        post(webhook, **call, CallStatus="ringing")  # the greeting is the phone's own text
        question = {"SpeechResult": "Was kostet ein Reisepass?", "Confidence": "0.9"}
        spoken = post(webhook, **call, **question, CallStatus="in-progress")
        assert spoken == gathered(PHONE_FAULT_DE)
    finally:
        supervisor.check()  # notices the stop …
        supervisor.check()  # … and, without delay here, starts it again
        wait_until_up(f"{servers.action_url}/health", 60, [actions.process])
    assert said[0].startswith("Action-Server ist beendet (Signal 9); Neustart in 0 s.")
    assert said[1] == "Action-Server neu gestartet (1. Neustart)."
    turn = predict_row(client, {"id": german, "turns": [{"user": "Wie melde ich Sperrmüll an?"}]})["turns"][0]
    assert (turn["route"], turn["service"]) == ("answer", "sperrmuell")
