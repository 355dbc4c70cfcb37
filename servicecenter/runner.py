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

from servicecenter.scaled import Layout, nginx_child
from servicecenter.supervisor import Child
from settings import PROJECT_ROOT, Settings, api_token


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
    children: List[Child]  # action server(s), Rasa server(s), nginx when scaled
    replica_urls: List[str]  # each Rasa process; one, rasa_url itself, unless scaled

    @property
    def processes(self) -> List[subprocess.Popen]:
        return [c.process for c in self.children]


def _env(settings: Settings) -> Dict[str, str]:
    return {
        **os.environ,
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


def _rasa_argv(settings: Settings, model: Path, token: str, port: int) -> List[str]:
    return [
        sys.executable,
        "-m",
        "bot.rasa_main",  # Rasa's command line with a fix for its per-turn schema check
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


def _actions_argv(port: int) -> List[str]:
    return [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]


SINGLE = Layout(replicas=1, action_servers=1)


@contextmanager
def running(settings: Settings, model: Path, log_dir: Path | None = None, layout: Layout = SINGLE) -> Iterator[Servers]:
    """The servers, up and answering; stopped (and waited for) when the block ends.

    One Rasa and one action server on SC_RASA_PORT and SC_ACTION_PORT; scaled, nginx takes those two ports and
    the replicas and action servers the ports after them (each Rasa replica calls the action servers via nginx).
    """
    log_dir = log_dir or settings.work_dir / "run"
    log_dir.mkdir(parents=True, exist_ok=True)
    token = api_token(settings)
    env = _env(settings)
    scaled = layout != SINGLE
    rasa_ports = layout.rasa_ports(settings) if scaled else [settings.rasa_port]
    action_ports = layout.action_ports(settings) if scaled else [settings.action_port]

    def numbered(name: str, i: int) -> str:  # "Rasa-Server" alone; "Rasa-Server-1" … when scaled
        return f"{name}-{i + 1}" if scaled else name

    children = [
        Child(
            numbered("Action-Server", i),
            _actions_argv(port),
            env,
            PROJECT_ROOT,
            log_dir / f"{numbered('actions', i)}.log",
        )
        for i, port in enumerate(action_ports)
    ]
    replicas = [
        Child(
            numbered("Rasa-Server", i),
            _rasa_argv(settings, model, token, port),
            env,
            PROJECT_ROOT,
            log_dir / f"{numbered('rasa', i)}.log",
        )
        for i, port in enumerate(rasa_ports)
    ]
    children += replicas
    if scaled:
        children.append(nginx_child(settings, layout, log_dir, env))
    for child in children:
        child.start()
    processes = [c.process for c in children]
    rasa_url = f"http://{settings.host}:{settings.rasa_port}"
    action_url = f"http://{settings.host}:{settings.action_port}"
    replica_urls = [f"http://{settings.host}:{port}" for port in rasa_ports]
    try:
        for port in action_ports:
            wait_until_up(f"http://{settings.host}:{port}/health", 60, processes)
        for url, child in zip(replica_urls, replicas, strict=True):
            wait_until_up(f"{url}/status?token={token}", 300, processes, child.log)
        if scaled:
            wait_until_up(f"{rasa_url}/status?token={token}", 30, processes, log_dir / "nginx.log")
            wait_until_up(f"{action_url}/health", 30, processes, log_dir / "nginx.log")
        yield Servers(rasa_url, action_url, token, children, replica_urls)
    finally:
        current = [c.process for c in children]  # a supervisor may have started some again
        for process in current:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in current:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
