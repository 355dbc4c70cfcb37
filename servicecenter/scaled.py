"""The scaled configuration: N Rasa replicas and M action servers behind nginx, on PostgreSQL and Redis.

What the replicas share: conversations (tracker store) and the console's cases in PostgreSQL, the
per-conversation lock, the socket.io rooms (an agent's reply reaches a citizen on any replica) and the
phone calls' state in Redis. nginx keeps the public ports of the single-process setup (SC_RASA_PORT,
SC_ACTION_PORT), so the console, the phone gateway and a commune's widget need no other address; the
replicas and action servers take the ports after them.
"""

from __future__ import annotations

import os
import pwd
import shutil
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Callable, Dict, List
from urllib.parse import urlparse, urlunparse

from servicecenter.supervisor import Child
from settings import Settings

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
# `servicecenter run --replicas N` without own URLs: the local PostgreSQL and Redis, a database of its own.
LOCAL_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/servicecenter"
LOCAL_REDIS_URL = "redis://127.0.0.1:6379/0"


@dataclass(frozen=True)
class Layout:
    replicas: int
    action_servers: int

    def rasa_ports(self, settings: Settings) -> List[int]:
        return [settings.rasa_port + 1 + i for i in range(self.replicas)]

    def action_ports(self, settings: Settings) -> List[int]:
        return [settings.action_port + 1 + i for i in range(self.action_servers)]


SINGLE = Layout(replicas=1, action_servers=1)


def scaled_settings(settings: Settings) -> Settings:
    """The settings with conversations and cases on PostgreSQL and locks on Redis, where not configured so."""
    values: Dict[str, str] = {}
    if not settings.tracker_store_url or settings.tracker_store_url.startswith("sqlite"):
        values["tracker_store_url"] = LOCAL_DATABASE_URL
    if settings.handoff_db_url.startswith("sqlite"):
        values["handoff_db_url"] = values.get("tracker_store_url", settings.tracker_store_url)
    if not settings.redis_url:
        values["redis_url"] = LOCAL_REDIS_URL
    return settings.copy(update=values)


def settings_for(layout: Layout, settings: Settings, report: Callable[[str], None] | None = None) -> Settings:
    """The settings the servers of `layout` run with: one process keeps `settings`; the scaled layout gets
    scaled_settings, with its PostgreSQL databases created where missing (`report` hears when the
    conversations' database was created)."""
    if layout == SINGLE:
        return settings
    scaled = scaled_settings(settings)
    if ensure_database(scaled.tracker_store_url) and report:
        report(f"Datenbank angelegt: {urlparse(scaled.tracker_store_url).path.lstrip('/')}")
    ensure_database(scaled.handoff_db_url)
    return scaled


def ensure_database(url: str) -> bool:
    """Creates the PostgreSQL database of `url` if it is missing; True if it was created."""
    import psycopg2

    parsed = urlparse(url)
    if parsed.scheme.split("+")[0] not in ("postgresql", "postgres"):
        return False
    name = parsed.path.lstrip("/")
    maintenance = urlunparse(parsed._replace(scheme="postgresql", path="/postgres"))
    try:
        connection = psycopg2.connect(maintenance)
    except psycopg2.OperationalError as err:
        raise RuntimeError(
            f"PostgreSQL unter {parsed.hostname}:{parsed.port or 5432} ist nicht erreichbar ({err}). "
            "Starten Sie PostgreSQL oder setzen Sie SC_TRACKER_STORE_URL und SC_HANDOFF_DB_URL."
        ) from err
    connection.autocommit = True  # CREATE DATABASE cannot run inside a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cursor.fetchone():
                return False
            cursor.execute(f'CREATE DATABASE "{name}"')
            return True
    finally:
        connection.close()


def nginx_config(settings: Settings, layout: Layout, prefix: Path) -> Path:
    """nginx.conf under `prefix` (var/run/nginx): the replicas behind SC_RASA_PORT, the action servers behind
    SC_ACTION_PORT."""
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / temp).mkdir(parents=True, exist_ok=True)
    host = settings.host
    # max_fails=1: a replica that refused a connection is left out for 5 s, the widget's next reconnect included
    rasa = [f"        server {host}:{port} max_fails=1 fail_timeout=5s;" for port in layout.rasa_ports(settings)]
    actions = [f"        server {host}:{port} max_fails=1 fail_timeout=5s;" for port in layout.action_ports(settings)]
    # as root, nginx would hand its workers to "nobody", who may not write the temp paths under var/
    user_line = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    text = Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        user_line=user_line,
        prefix=str(prefix),
        host=host,
        rasa_port=settings.rasa_port,
        action_port=settings.action_port,
        rasa_servers="\n".join(rasa),
        action_servers="\n".join(actions),
    )
    path = prefix / "nginx.conf"
    path.write_text(text, encoding="utf-8")
    return path


def nginx_binary() -> str:
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if not found:
        raise RuntimeError("nginx fehlt: installieren Sie es mit 'make system-packages' (Debian-Paket nginx).")
    return found


def nginx_child(settings: Settings, layout: Layout, log_dir: Path, env: Dict[str, str]) -> Child:
    prefix = log_dir / "nginx"
    prefix.mkdir(parents=True, exist_ok=True)
    config = nginx_config(settings, layout, prefix)
    argv = [nginx_binary(), "-p", str(prefix), "-c", str(config), "-e", str(prefix / "error.log")]
    return Child("nginx", argv, env, prefix, log_dir / "nginx.log")
