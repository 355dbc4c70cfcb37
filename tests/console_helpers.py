"""Helpers for the web chat and console tests: a fake Rasa API, a console served on a free port."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Any, Callable, Dict, Iterator, List

import uvicorn
from fastapi import FastAPI

from channels.console.serve import WS_IMPL
from channels.console.store import ConsoleStore

PASSWORD = "richtig-langes-passwort"


class FakeRasa:
    """Records what the console asks of Rasa; trackers are set by the test."""

    def __init__(self) -> None:
        self.trackers: Dict[str, Dict[str, Any]] = {}
        self.resumed: List[str] = []
        self.pushed: List[Dict[str, Any]] = []

    async def tracker(self, conversation_id: str) -> Dict[str, Any]:
        return self.trackers.get(conversation_id, {"events": [], "slots": {}})

    async def resume(self, conversation_id: str) -> None:
        self.resumed.append(conversation_id)

    async def push(self, conversation_id: str, text: str | None, event: str | None, agent: str) -> bool:
        self.pushed.append({"conversation_id": conversation_id, "text": text, "event": event, "agent": agent})
        return True

    async def aclose(self) -> None:
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """The app under uvicorn in a thread on a free port; its base URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", ws=WS_IMPL)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    until(lambda: server.started or not thread.is_alive(), 20, "console did not start")
    assert server.started, "console did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def add_agent(url: str, username: str, display_name: str) -> None:
    ConsoleStore(url).create_agent(username, PASSWORD, display_name)


def console_settings(tmp_path: Any, **overrides: Any) -> Any:
    """Settings for a console under test: its own SQLite file, always in service hours, a fast poll."""
    from settings import Settings

    values: Dict[str, Any] = {
        "work_dir": tmp_path,
        "handoff_db_url": f"sqlite:///{tmp_path / 'handoff.db'}",
        "service_hours": "immer",
        "console_poll_seconds": 0.05,
    }
    return Settings(**{**values, **overrides})


def until(condition: Callable[[], Any], seconds: float = 5.0, what: str = "condition not reached") -> Any:
    """The condition's first true value; the tests' one way to wait for what another thread or process
    does (a database row, a server started), polled every 50 ms instead of sleeping a guessed time."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def wait_for_queue(client: Any, count: int) -> List[Dict[str, Any]]:
    items: List[Dict[str, Any]] = []

    def reached() -> bool:
        nonlocal items
        items = client.get("/api/queue").json()
        return len(items) == count

    until(reached, what=f"queue did not reach {count}")
    return items
