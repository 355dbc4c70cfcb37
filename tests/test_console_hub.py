"""The console's polling of Rasa: held cases every tick, waiting ones only now and then."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

from channels.console.hub import WAITING_SYNC_SECONDS, Hub
from settings import Settings


class FakeStore:
    def __init__(self, cases: List[Dict[str, Any]]) -> None:
        self.cases = cases
        self.imported: List[int] = []

    def open_cases(self) -> List[Dict[str, Any]]:
        return self.cases

    def import_tracker_lines(self, case_id: int, lines: List[Dict[str, Any]]) -> List[int]:
        self.imported.append(case_id)
        return []


class FakeRasa:
    def __init__(self) -> None:
        self.reads: List[str] = []

    async def tracker(self, conversation_id: str) -> Dict[str, Any]:
        self.reads.append(conversation_id)
        return {"events": []}


def test_waiting_cases_are_read_from_rasa_far_less_often_than_held_ones(monkeypatch):
    cases = [
        {"handoff_id": 1, "conversation_id": "held", "status": "claimed"},
        {"handoff_id": 2, "conversation_id": "waiting-a", "status": "waiting"},
        {"handoff_id": 3, "conversation_id": "waiting-b", "status": "waiting"},
    ]
    rasa = FakeRasa()
    hub = Hub(FakeStore(cases), rasa, Settings())  # type: ignore[arg-type]

    async def ticks() -> None:
        loop = asyncio.get_running_loop()
        start = loop.time()
        clock = iter([start, start + 0.3, start + 0.6, start + WAITING_SYNC_SECONDS + 1])
        for now in clock:
            monkeypatch.setattr(loop, "time", lambda now=now: now)
            await hub.sync_tick()

    asyncio.run(ticks())
    assert rasa.reads.count("held") == 4
    assert rasa.reads.count("waiting-a") == 2  # the first tick, then once the interval has passed
    assert rasa.reads.count("waiting-b") == 2
