"""Running the console: in this process (`servicecenter console run`) or as a child of `servicecenter run`."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Iterator

from bot.server import api_token, wait_until_up
from bot.settings import PROJECT_ROOT, Settings

# uvicorn's "auto" picks its websockets-sansio protocol, which needs websockets >= 13; Rasa pins 10.4.
WS_IMPL = "wsproto"


def serve(settings: Settings, port: int | None = None) -> None:
    import uvicorn

    from channels.console.app import create_app

    app = create_app(settings, token=api_token(settings))
    uvicorn.run(
        app, host=settings.host, port=port or settings.console_port, log_level="warning", access_log=False, ws=WS_IMPL
    )


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
