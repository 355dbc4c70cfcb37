"""The console on its own as a child process, for the benches and tests that bring their own Rasa."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

from servicecenter.runner import child_env, console_server, started
from settings import Settings


@contextlib.contextmanager
def console_process(settings: Settings, log: Path) -> Iterator[str]:
    """The console as a child process with these settings, up and answering; its URL. Stopped when the block ends."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with started([console_server(settings, child_env(settings), log)]):
        yield f"http://{settings.host}:{settings.console_port}"
