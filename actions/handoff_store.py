"""Handed-off conversations waiting for a human agent (SQLite by default, PostgreSQL by URL).

Only what the agent needs is kept: the transcript of this conversation, the detected service,
commune, the citizen's language and the reason. The agent console works this queue.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

metadata = MetaData()
handoffs = Table(
    "handoffs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("conversation_id", String(128), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("reason", String(64), nullable=False),
    Column("service", String(64)),
    Column("kommune", String(64)),
    Column("channel", String(32)),
    Column("status", String(16), nullable=False, default="waiting"),
    Column("transcript", Text, nullable=False),
    Column("language", String(16)),  # the `language` slot at the handoff (added later: nullable)
)
# An emergency reported while an agent holds the conversation: the console shows that case first, in red.
handoff_alerts = Table(
    "handoff_alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("conversation_id", String(128), nullable=False, index=True),
    Column("number", String(8), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
# Agents with the console open: written by the agent console (heartbeat), read by the handoff action
# to tell the citizen whether someone can answer now.
agent_presence = Table(
    "agent_presence",
    metadata,
    Column("agent", String(64), primary_key=True),
    Column("last_seen", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class Handoff:
    id: int
    conversation_id: str
    created_at: dt.datetime
    reason: str
    service: str | None
    kommune: str | None
    channel: str | None
    status: str
    transcript: List[Dict[str, Any]]
    language: str | None = None


def add_missing_columns(engine: Engine, tables: MetaData) -> List[str]:
    """Columns added to a table after its databases were made: `create_all` leaves existing tables alone,
    so each missing one is added here (only nullable columns without default, safe on a filled table).

    Two processes starting together may both find a column missing: PostgreSQL skips it with IF NOT EXISTS,
    elsewhere the loser's error is ignored once the column is there. Returns 'table.column' of those added.
    """
    inspector = inspect(engine)
    quote = engine.dialect.identifier_preparer.quote
    added = []
    for table in tables.sorted_tables:
        if not inspector.has_table(table.name):
            continue
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in present:
                continue
            if not column.nullable or column.default is not None or column.server_default is not None:
                raise RuntimeError(f"{table.name}.{column.name} is missing and cannot be added without a value")
            guard = "IF NOT EXISTS " if engine.dialect.name == "postgresql" else ""
            kind = column.type.compile(dialect=engine.dialect)
            statement = f"ALTER TABLE {quote(table.name)} ADD COLUMN {guard}{quote(column.name)} {kind}"
            try:
                with engine.begin() as conn:
                    conn.execute(text(statement))
            except DBAPIError:
                if column.name not in {c["name"] for c in inspect(engine).get_columns(table.name)}:
                    raise
            added.append(f"{table.name}.{column.name}")
    return added


class HandoffStore:
    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self._engine: Engine = create_engine(url, future=True, pool_pre_ping=True)
        metadata.create_all(self._engine)
        add_missing_columns(self._engine, metadata)

    def add(
        self,
        conversation_id: str,
        reason: str,
        transcript: List[Dict[str, Any]],
        service: str | None = None,
        kommune: str | None = None,
        channel: str | None = None,
        language: str | None = None,
    ) -> int:
        row = {
            "conversation_id": conversation_id,
            "created_at": dt.datetime.now(dt.timezone.utc),
            "reason": reason,
            "service": service,
            "kommune": kommune,
            "channel": channel,
            "status": "waiting",
            "transcript": json.dumps(transcript, ensure_ascii=False),
            "language": language,
        }
        with self._engine.begin() as conn:
            return int(conn.execute(handoffs.insert().values(**row)).inserted_primary_key[0])

    def alert(self, conversation_id: str, number: str) -> None:
        row = {"conversation_id": conversation_id, "number": number, "created_at": dt.datetime.now(dt.timezone.utc)}
        with self._engine.begin() as conn:
            conn.execute(handoff_alerts.insert().values(**row))

    def alerts(self, conversation_id: str) -> List[str]:
        """The emergency numbers the citizen was told during this conversation's handoff, oldest first."""
        query = select(handoff_alerts.c.number).where(handoff_alerts.c.conversation_id == conversation_id)
        with self._engine.connect() as conn:
            return [r[0] for r in conn.execute(query.order_by(handoff_alerts.c.id))]

    def waiting(self) -> List[Handoff]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(handoffs).where(handoffs.c.status == "waiting").order_by(handoffs.c.id))
            return [self._to_handoff(r._mapping) for r in rows]

    def for_conversation(self, conversation_id: str) -> List[Handoff]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(handoffs).where(handoffs.c.conversation_id == conversation_id))
            return [self._to_handoff(r._mapping) for r in rows]

    def agents_online(self, max_age_seconds: float = 30.0) -> int:
        """How many agents sent a console heartbeat within the last `max_age_seconds`."""
        cutoff = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=max_age_seconds)
        with self._engine.connect() as conn:
            query = select(func.count()).select_from(agent_presence).where(agent_presence.c.last_seen >= cutoff)
            return int(conn.execute(query).scalar_one())

    @staticmethod
    def _to_handoff(row: Any) -> Handoff:
        data = dict(row)
        data["transcript"] = json.loads(data["transcript"])
        return Handoff(**data)
