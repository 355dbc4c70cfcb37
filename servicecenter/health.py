"""One health endpoint for the whole assistant: `GET /health` answers per component, 503 when one is down.

It runs in the runner (`servicecenter run`), or on its own (`servicecenter health --serve`, the systemd
unit servicecenter-health), never inside a server it reports on, so it still answers when that server is
down. Monitoring reads one URL; the operator reads which part failed. No URL, token or password goes into
the answer (a failed check says only what kind of error it met).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Dict, Iterator

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from knowledge.index import Manifest
from settings import Settings, api_token

TIMEOUT = 2.0  # seconds per check: a hanging component counts as down, the answer still comes quickly
Status = Dict[str, Any]


def _http(url: str) -> Status:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT):
            return {"status": "ok"}
    except urllib.error.HTTPError as err:
        return {"status": "down", "error": f"HTTP {err.code}"}
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        return {"status": "down", "error": type(reason).__name__ if not isinstance(reason, str) else reason}


def _database(url: str) -> Status:
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        if not parsed.database or not Path(parsed.database).exists():
            return {"status": "down", "error": "SQLite-Datei fehlt"}  # connecting would create an empty one
        connect_args: Dict[str, Any] = {"timeout": TIMEOUT}
    else:
        connect_args = {"connect_timeout": int(TIMEOUT)}
    engine = create_engine(url, future=True, connect_args=connect_args)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return {"status": "ok"}
    except Exception as err:  # any driver error means: not usable now
        return {"status": "down", "error": type(err).__name__}
    finally:
        engine.dispose()


def _tracker_store_url(settings: Settings) -> str:
    return settings.tracker_store_url or f"sqlite:///{settings.work_dir / 'rasa' / 'tracker.db'}"


def _redis(url: str) -> Status:
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT).ping()
        return {"status": "ok"}
    except redis.RedisError as err:
        return {"status": "down", "error": type(err).__name__}


def _index(settings: Settings) -> Status:
    try:
        manifest = Manifest.read(settings.index_dir)
    except Exception as err:  # unreadable manifest (StaleIndexError)
        return {"status": "down", "error": type(err).__name__}
    if manifest is None:
        return {"status": "down", "error": "kein Index (servicecenter kb build)"}
    return {"status": "ok", "passages": manifest.passages}


def _model(settings: Settings) -> Status:
    models = sorted(settings.models_dir.glob("servicecenter-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        return {"status": "down", "error": "kein Modell (servicecenter train)"}
    return {"status": "ok", "model": models[-1].name}


def health(settings: Settings) -> Status:
    """Every component's status and the overall one: "ok" only when all are."""
    base = f"http://{settings.host}"
    checks: Dict[str, Callable[[], Status]] = {
        "rasa": lambda: _http(f"{base}:{settings.rasa_port}/status?token={api_token(settings)}"),
        "actions": lambda: _http(f"{base}:{settings.action_port}/health"),
        "console": lambda: _http(f"{base}:{settings.console_port}/health"),
        "tracker_store": lambda: _database(_tracker_store_url(settings)),
        "handoff_db": lambda: _database(settings.handoff_db_url),
        "index": lambda: _index(settings),
        "model": lambda: _model(settings),
    }
    if settings.redis_url:
        checks["redis"] = lambda: _redis(settings.redis_url)
    components = {name: check() for name, check in checks.items()}
    overall = "ok" if all(c["status"] == "ok" for c in components.values()) else "down"
    return {"status": overall, "components": components}


def _handler(settings: Settings) -> type[BaseHTTPRequestHandler]:
    class HealthHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.split("?")[0] != "/health":
                self.send_error(404, "Nur /health")
                return
            report = health(settings)
            body = json.dumps(report, ensure_ascii=False).encode("utf-8")
            self.send_response(200 if report["status"] == "ok" else 503)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # monitoring polls often: no access log
            pass

    return HealthHandler


@contextlib.contextmanager
def health_server(settings: Settings) -> Iterator[str]:
    """`GET /health` on settings.health_port in a thread of this process; its URL. Stopped when the block ends."""
    server = ThreadingHTTPServer((settings.host, settings.health_port), _handler(settings))
    thread = threading.Thread(target=server.serve_forever, name="health", daemon=True)
    thread.start()
    try:
        yield f"http://{settings.host}:{settings.health_port}/health"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def cmd_health(args: argparse.Namespace) -> int:
    from servicecenter.runner import stop_on_signals
    from settings import get_settings

    settings = get_settings()
    if not args.serve:
        report = health(settings)
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0 if report["status"] == "ok" else 1
    stop_on_signals()
    with health_server(settings) as url:
        print(f"Zustand aller Komponenten: {url}   –   Beenden mit Strg+C", flush=True)
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C or SIGTERM
            threading.Event().wait()
    return 0


def add_health_command(sub: Any) -> None:
    p = sub.add_parser("health", help="Zustand jeder Komponente (JSON); Exit-Code 1, wenn eine ausgefallen ist")
    p.add_argument("--serve", action="store_true", help="dauerhaft als GET /health anbieten (Port SC_HEALTH_PORT)")
    p.set_defaults(func=cmd_health)
