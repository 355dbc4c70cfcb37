"""The console as a child process of `servicecenter run` and of the benches."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Iterator

from servicecenter.runner import wait_until_up
from settings import PROJECT_ROOT, Settings


@contextlib.contextmanager
def console_process(settings: Settings, log: Path) -> Iterator[str]:
    """The console as a child process, up and answering; its URL. Stopped when the block ends."""
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "RASA_TELEMETRY_ENABLED": "false"}
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "channels.console"], env=env, cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT
        )
        url = f"http://{settings.host}:{settings.console_port}"
        try:
            wait_until_up(f"{url}/static/console.css", 60, [process], log)
            yield url
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
