"""Live side of the console: agents' WebSockets, the queue pushed on change, transcripts kept up to date.

New handoffs are found by polling the store (the action writes them there; any number of Rasa replicas may).
New citizen messages of an open case are read from Rasa's tracker, polled: the tracker is the one record
of the conversation for every channel (web chat, rasa-webchat, REST, voice), so nothing depends on which
channel the citizen uses, and a console restart simply picks up from each case's cursor.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Awaitable, Callable, Dict, List

from fastapi import WebSocket

from channels.console.languages import with_languages
from channels.console.rasa_client import RasaApi, tracker_lines
from channels.console.store import Agent, ConsoleStore
from channels.console.suggestion import with_service_names
from settings import Settings
from settings.service_hours import is_open

logger = logging.getLogger(__name__)
PRESENCE_EVERY_SECONDS = 5.0
# Held cases are synced every tick (an agent is reading). Waiting ones only every 15 s, and at once when an
# agent opens or claims one: each sync reads the whole tracker from Rasa, and a queue of a hundred waiting
# cases synced every few ticks kept the Rasa server busy with tracker reads between citizens' messages.
WAITING_SYNC_SECONDS = 15.0


class Hub:
    def __init__(self, store: ConsoleStore, rasa: RasaApi, settings: Settings) -> None:
        self.store = store
        self.rasa = rasa
        self.settings = settings
        self.sockets: Dict[WebSocket, Agent] = {}
        self._last_queue = ""
        self._synced_at: Dict[int, float] = {}  # case → loop time of its last transcript sync
        self._presence_lock = asyncio.Lock()

    # --- sockets ---
    async def join(self, socket: WebSocket, agent: Agent) -> None:
        self.sockets[socket] = agent
        await self.update_presence()
        await self.send(socket, {"type": "queue", "items": await asyncio.to_thread(self.queue_items)})
        await self.push_team()

    async def leave(self, socket: WebSocket) -> None:
        """Also when the socket's task is being cancelled (the browser went away mid-join): the presence write
        is shielded, so the agent does not stay "online" in the handoff database."""
        self.sockets.pop(socket, None)
        await asyncio.shield(self.update_presence())
        await self.push_team()

    def connected(self) -> set[str]:
        """Who has the console open now (service hours aside): a case can be passed only to them."""
        return {a.username for a in self.sockets.values()}

    def team(self) -> List[Dict[str, Any]]:
        """Colleagues with the console open, with the status each one set (available, busy, away)."""
        here = self.connected()
        return [
            {"id": a.id, "display_name": a.display_name, "status": a.status}
            for a in self.store.list_agents()
            if a.username in here and a.has("agent")
        ]

    async def push_team(self) -> None:
        await self.broadcast({"type": "team", "agents": await asyncio.to_thread(self.team)})

    async def send(self, socket: WebSocket, payload: Dict[str, Any]) -> None:
        try:
            await socket.send_text(json.dumps(payload, ensure_ascii=False))
        except Exception:  # a socket closed mid-send: it leaves on its own
            self.sockets.pop(socket, None)

    async def broadcast(self, payload: Dict[str, Any]) -> None:
        await asyncio.gather(*(self.send(s, payload) for s in list(self.sockets)))

    def online_agents(self) -> List[str]:
        if not is_open(self.settings.service_hours, self.settings.service_timezone):
            return []
        return sorted({a.username for a in self.sockets.values()})

    async def update_presence(self) -> None:
        """One write at a time, each with who is here when it is written: a periodic write that read the
        sockets before an agent left must not land after the leave's write and bring the agent back."""
        async with self._presence_lock:
            await asyncio.to_thread(self.store.set_presence, self.online_agents())

    # --- polling ---
    async def run(self) -> None:
        """Two loops: new handoffs → queue (kept fast), and transcripts from Rasa (may wait on HTTP)."""
        await asyncio.gather(self._every(self.queue_tick, presence=True), self._every(self.sync_tick))

    async def _every(self, tick: Callable[[], Awaitable[None]], presence: bool = False) -> None:
        loop = asyncio.get_running_loop()
        last_presence = 0.0
        while True:
            try:
                await tick()
                if presence and loop.time() - last_presence >= PRESENCE_EVERY_SECONDS:
                    await self.update_presence()
                    last_presence = loop.time()
            except asyncio.CancelledError:
                raise
            except Exception as err:  # the database or Rasa away for a moment: try again next tick
                logger.warning("console poll failed: %s", type(err).__name__)
            await asyncio.sleep(self.settings.console_poll_seconds)

    async def queue_tick(self) -> None:
        await asyncio.to_thread(self.store.adopt_new_handoffs)
        await self.push_queue()

    async def sync_tick(self) -> None:
        now = asyncio.get_running_loop().time()
        open_cases = await asyncio.to_thread(self.store.open_cases)
        self._synced_at = {c["handoff_id"]: self._synced_at.get(c["handoff_id"], -1e9) for c in open_cases}
        due = [
            c
            for c in open_cases
            if c["status"] == "claimed" or now - self._synced_at[c["handoff_id"]] >= WAITING_SYNC_SECONDS
        ]
        await asyncio.gather(*(self.sync_case(c["handoff_id"], c["conversation_id"]) for c in due))

    def queue_items(self) -> List[Dict[str, Any]]:
        return with_languages(with_service_names(self.store.queue()))

    async def push_queue(self, force: bool = False) -> None:
        queue = await asyncio.to_thread(self.queue_items)
        signature = json.dumps(queue, sort_keys=True)
        if force or signature != self._last_queue:
            self._last_queue = signature
            await self.broadcast({"type": "queue", "items": queue})

    async def sync_case(self, case_id: int, conversation_id: str) -> None:
        try:
            tracker = await self.rasa.tracker(conversation_id)
        except Exception as err:
            logger.warning("tracker of case %s not readable: %s", case_id, type(err).__name__)
            return
        await self.import_tracker(case_id, tracker)

    async def import_tracker(self, case_id: int, tracker: Dict[str, Any]) -> None:
        """The citizen's new messages from a tracker already read: stored, and pushed to the agents."""
        self._synced_at[case_id] = asyncio.get_running_loop().time()
        new_ids = await asyncio.to_thread(self.store.import_tracker_lines, case_id, tracker_lines(tracker))
        if new_ids:
            await self.push_messages(case_id, min(new_ids) - 1)

    async def push_messages(self, case_id: int, after_id: int) -> None:
        items = await asyncio.to_thread(self.store.transcript, case_id, after_id)
        await self.broadcast({"type": "messages", "case": case_id, "items": items})
