"""The abuse limits on the running Rasa server (session fixture `assistant`): REST, phone webhook, web chat.

The test client is on loopback, which is not rate limited (and a trusted proxy): it speaks for a citizen's
address through X-Forwarded-For, as the reverse proxy in front of the server does.
"""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any, List

import pytest
import requests
import socketio

from tests.conftest import foreign_page_origin

pytestmark = pytest.mark.faults
POLITE = (
    "Sie haben sehr viele Nachrichten kurz hintereinander geschickt. "
    "Bitte warten Sie einen Moment und schreiben Sie dann noch einmal."
)


@pytest.fixture(scope="module")
def rasa_url(assistant) -> str:
    return assistant.servers.rasa_url


def rest(rasa_url: str, body: Any, address: str = "") -> requests.Response:
    headers = {"X-Forwarded-For": address} if address else {}
    return requests.post(f"{rasa_url}/webhooks/rest/webhook", json=body, headers=headers, timeout=60)


def test_rest_refuses_a_100000_character_sender_id(rasa_url):
    reply = rest(rasa_url, {"sender": "x" * 100_000, "message": "Hallo"})
    assert (reply.status_code, reply.json()) == (
        400,
        {"error": "Die Absender-ID (sender) ist zu lang: höchstens 128 Zeichen."},
    )


def test_a_100_kb_message_still_gets_the_polite_answer(rasa_url):
    reply = rest(rasa_url, {"sender": f"lang {uuid.uuid4().hex[:8]}/1", "message": "Personalausweis " * 6400})
    assert reply.status_code == 200
    assert "Ihre Nachricht war sehr lang; ich habe nur den Anfang gelesen." in [m.get("text") for m in reply.json()]


def test_sixty_simultaneous_messages_of_one_sender_are_mostly_refused(rasa_url):
    sender = f"flut-{uuid.uuid4().hex[:8]}"
    with ThreadPoolExecutor(max_workers=20) as pool:
        replies = list(
            pool.map(lambda _: rest(rasa_url, {"sender": sender, "message": "Hallo"}, "198.51.100.60"), range(60))
        )
    statuses = [r.status_code for r in replies]
    # burst 5; at 30/min one more token may come in while the 60 arrive
    assert statuses.count(200) in (5, 6) and statuses.count(429) == 60 - statuses.count(200), statuses
    refused = next(r for r in replies if r.status_code == 429)
    assert refused.json() == [{"recipient_id": sender, "text": POLITE}]
    assert refused.headers["Retry-After"] == "2"


def test_the_phone_webhook_checks_the_call_sid_and_limits_turns(rasa_url):
    url = f"{rasa_url}/webhooks/voice/webhook"
    too_long = requests.post(url, data={"CallSid": "C" * 200, "CallStatus": "in-progress"}, timeout=30)
    assert (too_long.status_code, too_long.text) == (
        400,
        "Die Absender-ID (CallSid) ist zu lang: höchstens 128 Zeichen.",
    )
    call = {
        "CallSid": f"CA{uuid.uuid4().hex}",
        "CallStatus": "in-progress",
        "SpeechResult": "Hallo",
        "Confidence": "0.9",
    }
    headers = {"X-Forwarded-For": "198.51.100.61"}
    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(lambda _: requests.post(url, data=call, headers=headers, timeout=60), range(8)))
    assert {r.status_code for r in replies} == {200}
    limited = [r.text for r in replies if "das war gerade zu viel auf einmal" in r.text]
    assert len(limited) in (2, 3), [r.text for r in replies]
    assert (
        "Einen Moment bitte, das war gerade zu viel auf einmal. Bitte sagen Sie Ihr Anliegen noch einmal." in limited[0]
    )
    assert "<Gather" in limited[0]  # the call goes on


def test_socketio_answers_cors_for_an_allowed_website_only(rasa_url):
    url = f"{rasa_url}/socket.io/?EIO=4&transport=polling"
    allowed = requests.get(url, headers={"Origin": foreign_page_origin()}, timeout=10)
    assert allowed.status_code == 200
    assert allowed.headers["Access-Control-Allow-Origin"] == foreign_page_origin()
    foreign = requests.get(url, headers={"Origin": "https://evil.example"}, timeout=10)
    assert foreign.status_code == 400 and "Access-Control-Allow-Origin" not in foreign.headers
    own = requests.get(url, headers={"Origin": rasa_url}, timeout=10)  # the demo page on the server itself
    assert own.status_code == 200 and own.headers["Access-Control-Allow-Origin"] == rasa_url


def test_the_web_chat_answers_a_flood_politely_on_the_same_socket(rasa_url):
    async def flood() -> List[str]:
        client = socketio.AsyncClient()
        confirmed: asyncio.Future = asyncio.get_running_loop().create_future()
        polite: List[str] = []
        two_polite = asyncio.Event()

        @client.on("session_confirm")
        async def on_confirm(session_id: Any) -> None:
            confirmed.set_result(session_id)

        @client.on("bot_uttered")
        async def on_bot(message: Any) -> None:
            if isinstance(message, dict) and message.get("text") == POLITE:
                polite.append(message["text"])
                if len(polite) == 2:
                    two_polite.set()

        # long-polling, as rasa-webchat starts (the WebSocket transport of python-socketio needs a newer aiohttp)
        await client.connect(
            rasa_url, headers={"X-Forwarded-For": "198.51.100.62"}, transports=["polling"], socketio_path="/socket.io"
        )
        try:
            await client.emit("session_request", {"session_id": None})
            session_id = await asyncio.wait_for(confirmed, 10)
            for _ in range(7):
                await client.emit("user_uttered", {"message": "Hallo", "session_id": session_id, "customData": {}})
            await asyncio.wait_for(two_polite.wait(), 30)
        finally:  # without waiting for the long-poll in flight (up to the 25 s ping interval)
            await client.eio.disconnect(abort=True)
        return polite

    assert asyncio.run(flood()) == [POLITE, POLITE]
