"""Handoff latency: citizens in the web chat ask for a person; how soon does the case reach the agents' queue?

Each round opens a socket.io session on the web chat channel (as the widget does), asks for a person,
and waits on an agent's console WebSocket for the queue entry of that conversation. Two times per round:
from the citizen's message, and from the moment the widget got the handoff notice.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any, Dict, List

import httpx
from websockets.client import connect

from servicecenter.percentiles import p50_p95

HANDOFF_TEXT = "Ich möchte mit einem Mitarbeiter sprechen"


@dataclass
class Round:
    from_record_ms: float  # the action wrote the handoff record -> the case arrived on the agent's socket
    from_notice_ms: float  # the citizen's widget got the handoff notice -> ... (negative: console was first)
    from_message_ms: float  # the citizen sent "I want a person" -> ...


class Citizen:
    """A minimal socket.io (Engine.IO v4) client over WebSocket, the protocol the widget speaks."""

    def __init__(self, rasa_url: str) -> None:
        self.url = rasa_url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        self.session_id = uuid.uuid4().hex
        self.socket: Any = None

    async def __aenter__(self) -> Citizen:
        self.socket = await connect(self.url)
        await self.socket.recv()  # "0{...}" open
        await self.socket.send("40")
        while not (await self.socket.recv()).startswith("40"):
            pass
        await self.emit("session_request", {"session_id": self.session_id})
        while (await self.event())[0] != "session_confirm":
            pass
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.socket.close()

    async def emit(self, name: str, data: Dict[str, Any]) -> None:
        await self.socket.send("42" + json.dumps([name, data]))

    async def event(self) -> List[Any]:
        while True:
            frame = await self.socket.recv()
            if frame == "2":
                await self.socket.send("3")
            elif frame.startswith("42"):
                return list(json.loads(frame[2:]))

    async def say(self, text: str, commune: str = "Burgdorf") -> None:
        await self.emit(
            "user_uttered", {"message": text, "session_id": self.session_id, "customData": {"commune": commune}}
        )

    async def wait_for_handoff(self) -> None:
        while True:
            name, data = (await self.event() + [None])[:2]
            if name == "bot_uttered" and isinstance(data, dict) and "handoff" in (data.get("custom") or {}):
                return


async def console_socket(console_url: str, username: str, password: str) -> Any:
    async with httpx.AsyncClient(base_url=console_url) as http:
        response = await http.post("/api/login", json={"username": username, "password": password})
        response.raise_for_status()
        cookie = "; ".join(f"{k}={v}" for k, v in response.cookies.items())
    return await connect(console_url.replace("http", "ws", 1) + "/ws", extra_headers={"Cookie": cookie})


class AgentWatch:
    """Reads the agent's socket all the time, so an arrival is timed when it happens, not when looked at."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.seen: Dict[str, tuple[float, str]] = {}  # conversation id -> (arrival, record created_at)
        self.arrived = asyncio.Condition()

    async def run(self) -> None:
        async for frame in self.socket:
            message = json.loads(frame)
            now = time.time()
            for item in (message.get("items") or []) if message.get("type") == "queue" else []:
                self.seen.setdefault(item["conversation_id"], (now, item["created_at"]))
            async with self.arrived:
                self.arrived.notify_all()

    async def wait_for(self, conversation_id: str) -> tuple[float, str]:
        async with self.arrived:
            await asyncio.wait_for(self.arrived.wait_for(lambda: conversation_id in self.seen), timeout=30)
        return self.seen[conversation_id]


async def one_round(rasa_url: str, watch: AgentWatch) -> Round:
    async with Citizen(rasa_url) as citizen:
        sent = time.time()
        await citizen.say(HANDOFF_TEXT)
        await citizen.wait_for_handoff()
        noticed = time.time()
        seen, created_at = await watch.wait_for(citizen.session_id)
    recorded = dt.datetime.fromisoformat(created_at).timestamp()
    return Round((seen - recorded) * 1000, (seen - noticed) * 1000, (seen - sent) * 1000)


async def run_bench(rasa_url: str, console_url: str, username: str, password: str, rounds: int = 50) -> List[Round]:
    agent = await console_socket(console_url, username, password)
    watch = AgentWatch(agent)
    task = asyncio.create_task(watch.run())
    try:
        return [await one_round(rasa_url, watch) for _ in range(rounds)]
    finally:
        task.cancel()
        await agent.close()


def report(results: List[Round], poll_seconds: float) -> str:
    lines = [f"{len(results)} Übergaben über den Web-Chat-Kanal, Konsole pollt alle {poll_seconds:.2f} s"]
    for label, values in (
        ("Übergabe gespeichert (Aktion) → Fall in der Konsole", [r.from_record_ms for r in results]),
        ("Übergabe-Hinweis im Widget → Fall in der Konsole", [r.from_notice_ms for r in results]),
        ("Nachricht des Bürgers → Fall in der Konsole", [r.from_message_ms for r in results]),
    ):
        p50, p95 = p50_p95(values)
        lines.append(f"  {label}: p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {max(values):.0f} ms")
    return "\n".join(lines)


def bench_handoff(rounds: int = 50) -> str:
    """Everything on its own: a scratch work dir (own tracker, queue, agent), Rasa, action server and console."""
    import tempfile
    from pathlib import Path

    from bot.training import train
    from channels.console.store import ConsoleStore
    from servicecenter.runner import running
    from settings import Settings

    with tempfile.TemporaryDirectory(prefix="sc-bench-") as scratch:
        work = Path(scratch)
        settings = Settings(work_dir=work, handoff_db_url=f"sqlite:///{work / 'handoff.db'}")
        password = uuid.uuid4().hex
        ConsoleStore(settings.handoff_db_url).create_agent("bench", password)
        model = train(settings).model
        with running(settings, model, console=True) as servers:
            assert servers.console_url
            results = asyncio.run(run_bench(servers.rasa_url, servers.console_url, "bench", password, rounds))
    return report(results, settings.console_poll_seconds)
