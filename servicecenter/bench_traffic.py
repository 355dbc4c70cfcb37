"""Generated traffic for the demo of `servicecenter stats`: N scripted conversations through the running
assistant, over REST, the web chat (socket.io, with the site commune) and the phone webhook, in several
communes and languages. The messages are written here; no real conversation is replayed.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import dataclass
from typing import Callable, List

import requests

from servicecenter.bench_handoff import Citizen
from servicecenter.predict import Client

CHANNELS = ("rest", "webchat", "voice")
COMMUNES = ("Lehrte", "Garbsen", "Laatzen", "Seelze", "Burgdorf", "Wunstorf")


@dataclass(frozen=True)
class Script:
    language: str
    messages: List[str]  # "{kommune}" is replaced by the conversation's commune


SCRIPTS = [
    Script("de", ["Was kostet ein neuer Personalausweis in {kommune}?"]),
    Script("en", ["How much does a new passport cost in {kommune}?"]),
    Script("de", ["Ich bin nach {kommune} umgezogen. Wie melde ich mich an?", "Welche Unterlagen brauche ich?"]),
    Script("fr", ["Comment inscrire mon domicile à {kommune} ?"]),
    Script("de", ["Wie beantrage ich Wohngeld in {kommune}?", "Ich möchte mit einem Mitarbeiter sprechen"]),
    Script("tr", ["{kommune} belediyesinde köpek vergisi için nasıl kayıt yaptırırım?"]),
    Script("de", ["Hilfe, in meiner Küche brennt es!"]),
    Script("uk", ["Як отримати посвідчення водія в {kommune}?"]),
    Script("de", ["Ich brauche einen Termin", "Führungszeugnis"]),
    Script("de", ["Wie spät ist es auf dem Mond?"]),
]  # fmt: skip


@dataclass
class TrafficResult:
    conversations: int = 0
    messages: int = 0
    failed: int = 0

    def line(self) -> str:
        return f"{self.conversations} Gespräche, {self.messages} Nachrichten gesendet, {self.failed} fehlgeschlagen"


def plan(n: int) -> List[tuple[str, str, Script]]:
    """(channel, commune, script) of each conversation; the phone only speaks German, so it takes German scripts."""
    german = [s for s in SCRIPTS if s.language == "de"]
    out = []
    for i in range(n):
        channel = CHANNELS[i % len(CHANNELS)]
        script = german[(i // len(CHANNELS)) % len(german)] if channel == "voice" else SCRIPTS[i % len(SCRIPTS)]
        out.append((channel, COMMUNES[i % len(COMMUNES)], script))
    return out


def run_traffic(rasa_url: str, token: str, n: int, progress: Callable[[str], None] = lambda _: None) -> TrafficResult:
    result = TrafficResult()
    client = Client(rasa_url, token, timeout=60)
    for channel, kommune, script in plan(n):
        texts = [m.format(kommune=kommune) for m in script.messages]
        try:
            send = {"rest": _rest, "webchat": _webchat, "voice": _voice}[channel]
            send(rasa_url, client, kommune, texts)
            result.conversations += 1
            result.messages += len(texts)
        except (OSError, requests.RequestException, asyncio.TimeoutError) as err:
            result.failed += 1
            progress(f"{channel}: {type(err).__name__}")
    return result


def _rest(rasa_url: str, client: Client, kommune: str, texts: List[str]) -> None:
    sender = f"traffic-{uuid.uuid4().hex}"
    for text in texts:
        client.send(sender, text)


def _voice(rasa_url: str, client: Client, kommune: str, texts: List[str]) -> None:
    url, sid = f"{rasa_url}/webhooks/voice/webhook", f"CA{uuid.uuid4().hex}"
    requests.post(url, data={"CallSid": sid, "CallStatus": "ringing"}, timeout=60).raise_for_status()
    for text in texts:
        form = {"CallSid": sid, "CallStatus": "in-progress", "SpeechResult": text, "Confidence": "0.9"}
        requests.post(url, data=form, timeout=60).raise_for_status()
    requests.post(url, data={"CallSid": sid, "CallStatus": "completed"}, timeout=60).raise_for_status()


def _webchat(rasa_url: str, client: Client, kommune: str, texts: List[str]) -> None:
    """As the widget on the commune's website: its commune is the site commune (customData)."""

    async def talk() -> None:
        async with Citizen(rasa_url) as citizen:
            for text in texts:
                await citizen.say(text, commune=kommune)
                await asyncio.wait_for(_answered(citizen), timeout=60)

    asyncio.run(talk())


async def _answered(citizen: Citizen) -> None:
    """Until the first bot message, then until the assistant has been quiet for a second."""
    while (await citizen.event())[0] != "bot_uttered":
        pass
    with contextlib.suppress(asyncio.TimeoutError):
        while True:
            await asyncio.wait_for(citizen.event(), timeout=1.0)
