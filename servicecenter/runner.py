"""`servicecenter run`: the action server and the Rasa server on loopback, stopped together on Ctrl-C.

The endpoints file is generated from the settings: SQLite tracker store by default, or the
configured SQL URL (PostgreSQL) with a Redis lock store for several replicas. With a `Layout` of
several replicas, nginx sits in front of them and of the action servers (servicecenter/scaled.py).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List
from urllib.parse import urlparse

import yaml

from servicecenter.scaled import SINGLE, Layout, nginx_child
from servicecenter.supervisor import Child
from settings import PROJECT_ROOT, Settings, api_token, child_environment


def tracker_store_config(settings: Settings) -> Dict[str, object]:
    if not settings.tracker_store_url:
        db = settings.work_dir / "rasa" / "tracker.db"
        db.parent.mkdir(parents=True, exist_ok=True)
        return {"type": "SQL", "dialect": "sqlite", "db": str(db)}
    url = urlparse(settings.tracker_store_url)
    scheme = url.scheme.split("+")[0]
    dialect = "postgresql" if scheme in ("postgres", "postgresql") else scheme
    config: Dict[str, object] = {
        "type": "SQL",
        "dialect": dialect,
        "url": url.hostname or "127.0.0.1",
        "db": url.path.lstrip("/") or "rasa",
    }
    if url.port:
        config["port"] = url.port
    if url.username:
        config["username"] = url.username
    if url.password:
        config["password"] = url.password
    return config


def endpoints(settings: Settings) -> Path:
    config: Dict[str, object] = {
        # The action reads its responses from bot/domain.yml itself (actions/texts.py): Rasa need not send the
        # whole domain, with every response in eight languages, on each turn.
        "action_endpoint": {
            "url": f"http://{settings.host}:{settings.action_port}/webhook",
            "enable_selective_domain": True,
        },
        "tracker_store": tracker_store_config(settings),
    }
    if settings.redis_url:
        url = urlparse(settings.redis_url)
        config["lock_store"] = {
            "type": "redis",
            "url": url.hostname or "127.0.0.1",
            "port": url.port or 6379,
            "db": int(url.path.lstrip("/") or 0),
            "key_prefix": settings.redis_prefix,
        }
    path = settings.work_dir / "run" / "endpoints.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


@dataclass
class Servers:
    rasa_url: str
    action_url: str
    token: str
    children: List[Child]  # action server(s), Rasa server(s), nginx when scaled (and the console when asked for)
    replica_urls: List[str]  # each Rasa process; one, rasa_url itself, unless scaled
    console_url: str | None = None

    @property
    def processes(self) -> List[subprocess.Popen]:
        return [c.process for c in self.children]


def child_env(settings: Settings) -> Dict[str, str]:
    """A child's environment: this process's, with every setting written out (settings.child_environment)."""
    return {
        **os.environ,
        **child_environment(settings),
        "RASA_TELEMETRY_ENABLED": "false",
        "OMP_NUM_THREADS": "1",
        "SANIC_HOST": settings.host,
        # Sanic closes an idle keep-alive connection after 5 s; Rasa's aiohttp client keeps it for 15 s and then
        # writes a turn into the closing connection ("Cannot write to closing transport": the turn gets no
        # reply). Seen in `servicecenter bench load` with 3 s think time: 23 of the first turns failed.
        "SANIC_KEEP_ALIVE_TIMEOUT": "75",
        "PYTHONPATH": str(PROJECT_ROOT),
    }


FAILED_LOAD = ("Error initializing graph component", "StaleIndexError", "Traceback (most recent call last)")


def wait_until_up(url: str, seconds: float, processes: List[subprocess.Popen], log: Path | None = None) -> None:
    """Until `url` answers; fails at once when a process exits or its log shows a failed model load."""
    deadline = time.monotonic() + seconds
    start = log.stat().st_size if log and log.exists() else 0
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"a server stopped while starting (exit {process.returncode}); see {log}")
        if log and log.exists():
            with log.open("rb") as fh:
                fh.seek(start)
                tail = fh.read().decode("utf-8", "replace")
            if any(marker in tail for marker in FAILED_LOAD):
                raise RuntimeError(f"the Rasa server could not load the model; see {log}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def _interrupt(signum: int, frame: object) -> None:
    # a second signal (Ctrl-C twice, systemd's SIGTERM after ours) must not cut the shutdown short and
    # leave a child running without its parent
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def stop_on_signals() -> None:
    """SIGTERM (systemd, kill) and SIGINT stop the servers cleanly, also when started in the background,
    where a shell would otherwise ignore SIGINT."""
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)


@dataclass
class Ready:
    """A child counts as started when `url` answers within `seconds`."""

    child: Child
    url: str
    seconds: float
    watch_log: bool = False  # Rasa: a failed model load shows in its log long before the timeout


@contextmanager
def started(ready: List[Ready]) -> Iterator[List[Child]]:
    """The one way servers are started, for `servicecenter run`, the benches and the tests: all children
    up and answering, in order; stopped (and waited for) when the block ends."""
    children = [r.child for r in ready]
    try:
        for item in ready:
            item.child.start()
        processes = [c.process for c in children]
        for item in ready:
            wait_until_up(item.url, item.seconds, processes, item.child.log if item.watch_log else None)
        yield children
    finally:
        current = [c.process for c in children if c.started]  # a supervisor may have started some again
        for process in current:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in current:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def action_server(settings: Settings, env: Dict[str, str], log_dir: Path, port: int, name: str = "") -> Ready:
    argv = [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]
    child = Child(f"Action-Server{name}", argv, env, PROJECT_ROOT, log_dir / f"actions{name}.log")
    return Ready(child, f"http://{settings.host}:{port}/health", 60)


def rasa_server(
    settings: Settings, model: Path, env: Dict[str, str], log_dir: Path, port: int, name: str = ""
) -> Ready:
    token = api_token(settings)
    argv = [
        sys.executable,
        "-m",
        "bot.rasa_main",  # Rasa's command line with our fixes (bot/rasa_main.py)
        "run",
        "--model",
        str(model),
        "--enable-api",
        f"--auth-token={token}",
        "--endpoints",
        str(endpoints(settings)),
        "--credentials",
        str(PROJECT_ROOT / "bot" / "credentials.yml"),
        "--interface",
        settings.host,
        "--port",
        str(port),
    ]
    child = Child(f"Rasa-Server{name}", argv, env, PROJECT_ROOT, log_dir / f"rasa{name}.log")
    return Ready(child, f"http://{settings.host}:{port}/status?token={token}", 300, watch_log=True)


def console_server(settings: Settings, env: Dict[str, str], log: Path) -> Ready:
    child = Child("Konsole", [sys.executable, "-m", "channels.console"], env, PROJECT_ROOT, log)
    return Ready(child, f"http://{settings.host}:{settings.console_port}/health", 60)


@contextmanager
def running(
    settings: Settings,
    model: Path,
    log_dir: Path | None = None,
    console: bool = False,
    layout: Layout = SINGLE,
) -> Iterator[Servers]:
    """Action server and Rasa server (and the agent console), up and answering; stopped when the block ends.

    One Rasa and one action server on SC_RASA_PORT and SC_ACTION_PORT; scaled, nginx takes those two ports and
    the replicas and action servers the ports after them (each Rasa replica calls the action servers via nginx).
    """
    log_dir = log_dir or settings.work_dir / "run"
    log_dir.mkdir(parents=True, exist_ok=True)
    env = child_env(settings)
    scaled = layout != SINGLE
    rasa_ports = layout.rasa_ports(settings) if scaled else [settings.rasa_port]
    action_ports = layout.action_ports(settings) if scaled else [settings.action_port]

    def numbered(i: int) -> str:  # "Rasa-Server" alone; "Rasa-Server-1" … when scaled
        return f"-{i + 1}" if scaled else ""

    ready = [action_server(settings, env, log_dir, port, numbered(i)) for i, port in enumerate(action_ports)]
    ready += [rasa_server(settings, model, env, log_dir, port, numbered(i)) for i, port in enumerate(rasa_ports)]
    rasa_url = f"http://{settings.host}:{settings.rasa_port}"
    action_url = f"http://{settings.host}:{settings.action_port}"
    if scaled:
        front = nginx_child(settings, layout, log_dir, env)
        ready += [Ready(front, f"{rasa_url}/status?token={api_token(settings)}", 30)]
    if console:
        ready.append(console_server(settings, env, log_dir / "console.log"))
    with started(ready) as children:
        yield Servers(
            rasa_url,
            action_url,
            api_token(settings),
            children,
            [f"http://{settings.host}:{port}" for port in rasa_ports],
            f"http://{settings.host}:{settings.console_port}" if console else None,
        )
