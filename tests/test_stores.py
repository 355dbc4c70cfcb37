"""Stores are configuration: SQLite by default; PostgreSQL and Redis for several Rasa replicas.

These machines run PostgreSQL and Redis on 127.0.0.1 (CI too); elsewhere the scale-out tests are
skipped with the reason, unless CI is set, where a missing server is a failure.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid

import pytest
import yaml

from actions.handoff_store import HandoffStore
from bot.training import DOMAIN
from servicecenter.runner import endpoints
from settings import Settings

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_TEST_DB = "servicecenter_test"


def _reachable(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _require(port: int, name: str) -> None:
    if not _reachable(port):
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not running on 127.0.0.1:{port}, but CI machines start it")
        pytest.skip(f"{name} not running on 127.0.0.1:{port}")


@pytest.fixture(scope="module")
def pg_url():
    _require(5432, "PostgreSQL")
    from sqlalchemy import create_engine, text

    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT", future=True)
    with engine.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": PG_TEST_DB}).scalar():
            conn.execute(text(f"CREATE DATABASE {PG_TEST_DB}"))
    engine.dispose()
    return f"postgresql://postgres@127.0.0.1:5432/{PG_TEST_DB}"


def test_default_endpoints_use_sqlite_files(tmp_path, monkeypatch):
    for name in ("SC_ACTION_PORT", "SC_HOST", "SC_TRACKER_STORE_URL", "SC_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)  # the session's test servers set some of these
    config = yaml.safe_load(endpoints(Settings(work_dir=tmp_path)).read_text())
    assert config["tracker_store"] == {"type": "SQL", "dialect": "sqlite", "db": str(tmp_path / "rasa" / "tracker.db")}
    assert "lock_store" not in config
    assert config["action_endpoint"] == {"url": "http://127.0.0.1:5055/webhook", "enable_selective_domain": True}


def test_postgres_and_redis_are_selected_by_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SC_TRACKER_STORE_URL", "postgresql://rasa:secret@db.internal:5433/conversations")
    monkeypatch.setenv("SC_REDIS_URL", "redis://127.0.0.1:6379/2")
    config = yaml.safe_load(endpoints(Settings(work_dir=tmp_path)).read_text())
    assert config["tracker_store"] == {
        "type": "SQL",
        "dialect": "postgresql",
        "url": "db.internal",
        "db": "conversations",
        "port": 5433,
        "username": "rasa",
        "password": "secret",
    }
    assert config["lock_store"] == {"type": "redis", "url": "127.0.0.1", "port": 6379, "db": 2, "key_prefix": "sc"}


def test_handoff_store_on_postgres_keeps_records(pg_url):
    conversation = f"pg-{uuid.uuid4().hex[:8]}"
    HandoffStore(pg_url).add(
        conversation, "complaint", [{"from": "citizen", "text": "Ärger über Wartezeit"}], "wohngeld", "Laatzen", "rest"
    )
    record = HandoffStore(pg_url).for_conversation(conversation)[0]  # a new connection: it was persisted
    assert (record.reason, record.service, record.kommune) == ("complaint", "wohngeld", "Laatzen")
    assert record.transcript == [{"from": "citizen", "text": "Ärger über Wartezeit"}]


def test_rasa_tracker_store_on_postgres_and_redis_lock_store(pg_url, tmp_path, monkeypatch):
    _require(6379, "Redis")
    from rasa.core.lock_store import LockStore
    from rasa.core.tracker_store import TrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import read_endpoint_config

    monkeypatch.setenv("SC_TRACKER_STORE_URL", pg_url)
    monkeypatch.setenv("SC_REDIS_URL", "redis://127.0.0.1:6379/0")
    path = endpoints(Settings(work_dir=tmp_path))
    domain = Domain.from_path(str(DOMAIN))
    store = TrackerStore.create(read_endpoint_config(str(path), "tracker_store"), domain)
    sender = f"pg-{uuid.uuid4().hex[:8]}"
    tracker = DialogueStateTracker.from_events(sender, [UserUttered("Hallo"), SlotSet("kommune", "Seelze")])

    async def round_trip():
        await store.save(tracker)
        return await store.retrieve(sender)

    loaded = asyncio.run(round_trip())
    assert loaded is not None and loaded.get_slot("kommune") == "Seelze"
    lock_store = LockStore.create(read_endpoint_config(str(path), "lock_store"))
    assert type(lock_store).__name__ == "RedisLockStore"

    async def lock():
        async with lock_store.lock(sender):
            return lock_store.get_lock(sender) is not None

    assert asyncio.run(lock())
