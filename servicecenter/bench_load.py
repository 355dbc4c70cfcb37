"""`servicecenter bench load`: many web-chat conversations at once over socket.io, as the widget speaks it.

Each conversation is a python-socketio client on a WebSocket (the widget's only transport) that asks for
its session, sends a turn, waits for the first reply, thinks, and sends the next. Afterwards the replies a
client received are compared with the bot messages Rasa recorded in the conversation's tracker:
  lost          a reply Rasa recorded that never reached the client, or a turn with no reply within the timeout
  out of order  a reply that arrived before one Rasa recorded earlier in the same conversation
Latency is from sending a turn to its first reply; turns/s are all answered turns over the run's wall time.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Sequence

import httpx
from websockets.client import connect
from websockets.exceptions import ConnectionClosed, WebSocketException

from servicecenter.percentiles import p50_p95

OWN_DIALOGUES = Path(__file__).resolve().parent.parent / "tests" / "data" / "dialogues" / "conversations.jsonl"
TURN_TIMEOUT = 60.0  # s: a turn without a reply by then counts as lost


HANDED_OVER = ("own_case_mid", "frustration", "other_language")  # dialogue classes that end with a person


def own_texts(path: Path = OWN_DIALOGUES) -> List[str]:
    """The citizen turns of the project's own dialogue set (never the evaluation data), without the dialogues
    that are handed to a person: from there on a person takes over, and the bench measures the assistant."""
    texts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        dialogue = json.loads(line) if line.strip() else None
        if not dialogue or dialogue["class"] in HANDED_OVER:
            continue
        if not any(turn.get("expect", {}).get("handoff") for turn in dialogue["turns"]):
            texts += [turn["user"] for turn in dialogue["turns"]]
    return texts


def handed_over(received: Sequence[Dict[str, Any]]) -> bool:
    return any("handoff" in (message.get("custom") or {}) for message in received)


class ChatClient:
    """A web-chat conversation as the widget holds it (channels/webchat/static/widget.js): Engine.IO v4 over a
    WebSocket, `session_request` with its session id on every (re)connect, `user_uttered` out, `bot_uttered` in,
    and after a lost connection a new one after 0.5 s × attempts (at most 3 s), as the widget does.

    Written against the protocol like the widget, not with python-socketio's client: that one needs
    aiohttp 3.10 for WebSockets, and Rasa 3.6 pins aiohttp 3.9.
    """

    def __init__(self, url: str, session_id: str | None = None) -> None:
        self.ws_url = url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        self.session_id = session_id or uuid.uuid4().hex
        self.received: List[Dict[str, Any]] = []  # every bot_uttered payload, in arrival order
        self.connects = 0  # confirmed sessions: 1, plus one per reconnect
        self._confirmed = asyncio.Event()
        self._arrived = asyncio.Condition()
        self._ws: Any = None
        self._task: asyncio.Task | None = None
        self._closing = False

    async def open(self, timeout: float = 30.0) -> None:
        self._task = asyncio.create_task(self._keep_connected())
        await self.ready(timeout)

    async def _keep_connected(self) -> None:
        attempts = 0
        while not self._closing:
            try:
                async with connect(self.ws_url, open_timeout=10, max_size=2**20) as ws:
                    self._ws = ws
                    async for frame in ws:
                        if await self._frame(ws, str(frame)):
                            attempts = 0
            except (OSError, asyncio.TimeoutError, WebSocketException):
                pass
            self._ws = None
            self._confirmed.clear()
            if not self._closing:
                attempts = min(attempts + 1, 6)
                await asyncio.sleep(0.5 * attempts)

    async def _frame(self, ws: Any, frame: str) -> bool:
        """Handles one Engine.IO frame; True when the session was confirmed."""
        if frame == "2":  # ping
            await ws.send("3")
        elif frame.startswith("0"):  # Engine.IO open: join the default namespace
            await ws.send("40")
        elif frame.startswith("40"):
            await ws.send("42" + json.dumps(["session_request", {"session_id": self.session_id}]))
        elif frame.startswith("42"):
            event, *data = json.loads(frame[2:])
            if event == "session_confirm":
                self.connects += 1
                self._confirmed.set()
                return True
            if event == "bot_uttered" and data:
                async with self._arrived:
                    self.received.append(data[0])
                    self._arrived.notify_all()
        return False

    async def ready(self, timeout: float = 30.0) -> None:
        """Until the server confirmed this session on the current connection (after a reconnect too)."""
        await asyncio.wait_for(self._confirmed.wait(), timeout)

    async def send(self, text: str) -> int:
        """Sends a turn on a confirmed session; the number of replies received before it. A connection found
        closed holds the turn until the next one is confirmed (the widget's outbox)."""
        message = "42" + json.dumps(
            ["user_uttered", {"message": text, "session_id": self.session_id, "customData": {}}]
        )
        while True:
            await self.ready()
            ws, before = self._ws, len(self.received)
            try:
                await ws.send(message)
                return before
            except ConnectionClosed:
                if self._ws is ws:
                    self._confirmed.clear()

    async def replies_after(self, count: int, timeout: float = TURN_TIMEOUT) -> List[Dict[str, Any]]:
        """Waits until more than `count` replies have arrived; those after the first `count`."""
        async with self._arrived:
            await asyncio.wait_for(self._arrived.wait_for(lambda: len(self.received) > count), timeout)
            return self.received[count:]

    async def say(self, text: str, timeout: float = TURN_TIMEOUT) -> List[Dict[str, Any]]:
        """Sends a turn and returns what arrived up to its first reply (more may follow)."""
        return await self.replies_after(await self.send(text), timeout)

    async def close(self) -> None:
        self._closing = True
        if self._ws is not None:
            await self._ws.close()
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)


def recorded_replies(tracker: Dict[str, Any]) -> List[str | None]:
    return [e.get("text") for e in tracker.get("events") or [] if e.get("event") == "bot"]


def compare(recorded: Sequence[str | None], received: Sequence[str | None]) -> tuple[int, int]:
    """(lost, out of order) of one conversation: the received replies matched to the recorded ones. Only replies
    with a text count: a custom payload (the web chat's language announcement after each answer) has none, and
    two of them would match each other across turns."""
    recorded = [text for text in recorded if text is not None]
    received = [text for text in received if text is not None]
    unused: Dict[str | None, List[int]] = {}
    for index, text in enumerate(recorded):
        unused.setdefault(text, []).append(index)
    positions = [unused[text].pop(0) for text in received if unused.get(text)]
    out_of_order = sum(1 for a, b in itertools.pairwise(positions) if b < a)
    return len(recorded) - len(positions), out_of_order


@dataclass
class LoadResult:
    label: str
    conversations: int
    turns_sent: int = 0
    latencies_ms: List[float] = field(default_factory=list)
    opening_ms: List[float] = field(default_factory=list)  # socket open to session_confirm, chats that opened
    unanswered: int = 0
    lost: int = 0
    out_of_order: int = 0
    handed_over: int = 0  # conversations the assistant handed to a person (they stop there)
    stopped_by_time: int = 0  # conversations with turns left when the run's time was up
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # of the servers (Rasa, actions, nginx) during the run
    errors: Counter = field(default_factory=Counter)

    def line(self) -> str:
        p50, p95 = p50_p95(self.latencies_ms) if self.latencies_ms else (float("nan"), float("nan"))
        answered = len(self.latencies_ms)
        per_core = answered / self.cpu_seconds if self.cpu_seconds else float("nan")
        opened = p50_p95(self.opening_ms)[1] / 1000 if self.opening_ms else float("nan")
        return (
            f"{self.label:<24} {self.conversations} Gespräche, {self.turns_sent} Züge: verlorene Antworten "
            f"{self.lost}, Züge ohne Antwort {self.unanswered}, außer Reihenfolge {self.out_of_order}, "
            f"an Menschen übergeben {self.handed_over}, bei Zeitende unvollständig {self.stopped_by_time}, "
            f"p50 {p50 / 1000:.2f} s, p95 {p95 / 1000:.2f} s, {answered / self.seconds:.1f} Züge/s, "
            f"Verbindungsaufbau p95 {opened:.2f} s, "
            f"Server-CPU {self.cpu_seconds:.0f} s = {per_core:.1f} Züge je CPU-Sekunde"
            + (f", Fehler {dict(self.errors)}" if self.errors else "")
        )


def cpu_seconds(pids: Sequence[int]) -> float:
    """User and system CPU time of these processes so far (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


async def _conversation(
    url: str,
    texts: Sequence[str],
    turns: int,
    think: float,
    start_delay: float,
    result: LoadResult,
    rng: random.Random,
    deadline: float,
) -> ChatClient | None:
    await asyncio.sleep(start_delay)  # the openings spread over the ramp-up, as citizens arrive
    client = ChatClient(url)
    try:
        opening = time.perf_counter()
        await client.open()
        result.opening_ms.append((time.perf_counter() - opening) * 1000)
        offset = rng.randrange(len(texts))
        for turn in range(turns):
            if time.perf_counter() >= deadline:  # the run's time is up: no new turn, this one is measured
                result.stopped_by_time += 1
                break
            if handed_over(client.received):  # from here a person takes over: the bench measures the assistant
                result.handed_over += 1
                break
            started = time.perf_counter()
            result.turns_sent += 1
            try:
                await client.say(texts[(offset + turn) % len(texts)])
            except asyncio.TimeoutError:
                result.unanswered += 1
                continue
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))
    except (OSError, asyncio.TimeoutError) as err:
        result.errors[type(err).__name__] += 1
        await client.close()
        return None
    return client


async def run_load(
    url: str,
    token: str,
    conversations: int,
    turns: int,
    think: float,
    ramp_up: float,
    label: str,
    max_seconds: float,
    server_pids: Sequence[int] = (),
    seed: int = 13,
) -> LoadResult:
    """All conversations against the socket.io server at `url`; bounded by `max_seconds` in all."""
    texts, rng = own_texts(), random.Random(seed)
    result = LoadResult(label, conversations)
    cpu_before = cpu_seconds(server_pids)
    started = time.perf_counter()
    deadline = started + max_seconds
    tasks = [
        asyncio.create_task(_conversation(url, texts, turns, think, ramp_up * i / conversations, result, rng, deadline))
        for i in range(conversations)
    ]
    # a turn under way when the time is up may still take TURN_TIMEOUT
    done, pending = await asyncio.wait(tasks, timeout=max_seconds + TURN_TIMEOUT + 2 * think)
    for task in pending:
        task.cancel()
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = cpu_seconds(server_pids) - cpu_before
    if pending:
        result.errors["Zeitlimit"] += len(pending)
    clients = [c for c in (t.result() for t in done if not t.cancelled() and t.exception() is None) if c]
    async with httpx.AsyncClient(timeout=30) as http:
        # all at once, bounded: the last replies get 10 s in all, not 10 s per conversation
        outcomes = await asyncio.gather(*(_lost_and_disordered(http, url, token, c) for c in clients))
    for lost, disorder in outcomes:
        result.lost += lost
        result.out_of_order += disorder
    await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)
    return result


async def _lost_and_disordered(http: httpx.AsyncClient, url: str, token: str, client: ChatClient) -> tuple[int, int]:
    response = await http.get(
        f"{url}/conversations/{client.session_id}/tracker", params={"token": token, "include_events": "ALL"}
    )
    recorded = recorded_replies(response.json())
    if len(client.received) < len(recorded):  # replies of the last turn may still be on their way
        with contextlib.suppress(asyncio.TimeoutError):
            await client.replies_after(len(recorded) - 1, timeout=10)
    return compare(recorded, [m.get("text") for m in client.received])


MAX_CONVERSATIONS, MAX_TURNS = 1000, 100  # bounded in count (and in time by max_seconds)


def bench_load(
    conversations: int, turns: int, think: float, replicas: int, max_seconds: float, ramp_up: float
) -> List[str]:
    """The same load against one process (SQLite, no Redis), then against the scaled stack (nginx, `replicas`
    Rasa processes and as many action servers, PostgreSQL, Redis); one line each. Ports from the settings."""
    from bot.training import train
    from servicecenter.runner import running
    from servicecenter.scaled import SINGLE, Layout, settings_for
    from settings import get_settings

    if not (1 <= conversations <= MAX_CONVERSATIONS and 1 <= turns <= MAX_TURNS):
        raise ValueError(f"--conversations 1..{MAX_CONVERSATIONS}, --turns 1..{MAX_TURNS}")
    configured = get_settings()
    model = train(configured).model
    embedded = configured.copy(
        update={
            "tracker_store_url": "",
            "redis_url": "",
            "handoff_db_url": f"sqlite:///{configured.work_dir / 'run' / 'bench-load-handoff.db'}",
        }
    )
    runs = [("ein Prozess (SQLite)", embedded, SINGLE)]
    if replicas > 1:
        runs.append((f"{replicas} Replikate (nginx)", configured, Layout(replicas, replicas)))
    lines = []
    for label, base, layout in runs:
        settings = settings_for(layout, base)  # the servers get these settings written into their environment
        log_dir = settings.work_dir / "run" / ("bench-load-single" if layout == SINGLE else "bench-load-scaled")
        with running(settings, model, log_dir, layout=layout) as servers:
            pids = [c.process.pid for c in servers.children]
            args = (servers.rasa_url, servers.token, conversations, turns, think, ramp_up, label, max_seconds)
            lines.append(asyncio.run(run_load(*args, server_pids=pids)).line())
            print(lines[-1], flush=True)
    return lines
