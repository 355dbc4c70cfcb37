"""Retention for every conversation: Rasa's tracker store keeps each one forever unless it is purged.

A conversation that was never handed over is deleted `conversation_retention_days` after its last
event. One that was handed over stays while its case is open and for `console_retention_days` after
the case was closed, like its transcript in the console. Only counts are reported, never texts or ids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Set

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, create_engine, delete, func, select
from sqlalchemy.engine import Engine

from actions.handoff_store import handoffs
from channels.console.store import cases
from servicecenter.runner import tracker_store_config
from settings import Settings

# Rasa's SQLTrackerStore table, as far as retention needs it (rasa/core/tracker_store.py, SQLEvent)
_metadata = MetaData()
events = Table(
    "events",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False),
    Column("timestamp", Float),
)


@dataclass(frozen=True)
class PurgeResult:
    conversations: int  # conversations whose events were deleted
    events: int


def tracker_db_url(settings: Settings) -> str:
    """The SQLAlchemy URL of the tracker store the Rasa server writes (SQLite in var/ by default)."""
    if settings.tracker_store_url:
        return settings.tracker_store_url
    return f"sqlite:///{tracker_store_config(settings)['db']}"


def purge_conversations(settings: Settings, now: dt.datetime | None = None) -> PurgeResult:
    moment = now or dt.datetime.now(dt.timezone.utc)
    quiet_since = (moment - dt.timedelta(days=settings.conversation_retention_days)).timestamp()
    kept = _kept_for_cases(settings, moment)
    engine = create_engine(tracker_db_url(settings), future=True)
    try:
        return _delete_quiet(engine, quiet_since, kept)
    finally:
        engine.dispose()


def _kept_for_cases(settings: Settings, moment: dt.datetime) -> Set[str]:
    """Conversations handed over whose case is open, or was closed within the console's retention."""
    closed_before = moment - dt.timedelta(days=settings.console_retention_days)
    engine = create_engine(settings.handoff_db_url, future=True)
    try:
        with engine.connect() as conn:
            if not engine.dialect.has_table(conn, handoffs.name):
                return set()
            has_cases = engine.dialect.has_table(conn, cases.name)
            query = select(handoffs.c.conversation_id)
            if has_cases:
                query = query.outerjoin(cases, cases.c.handoff_id == handoffs.c.id).where(
                    (cases.c.closed_at.is_(None)) | (cases.c.closed_at >= closed_before)
                )
            return {row[0] for row in conn.execute(query)}
    finally:
        engine.dispose()


def _delete_quiet(engine: Engine, quiet_since: float, kept: Set[str]) -> PurgeResult:
    with engine.begin() as conn:
        if not engine.dialect.has_table(conn, events.name):
            return PurgeResult(0, 0)
        last = select(events.c.sender_id, func.max(events.c.timestamp).label("last")).group_by(events.c.sender_id)
        quiet = [row[0] for row in conn.execute(last) if row[1] is not None and row[1] < quiet_since]
        doomed = [sender for sender in quiet if sender not in kept]
        removed = 0
        for start in range(0, len(doomed), 500):
            chunk = doomed[start : start + 500]
            removed += conn.execute(delete(events).where(events.c.sender_id.in_(chunk))).rowcount or 0
    return PurgeResult(len(doomed), removed)


def purge_all(settings: Settings, case_days: int | None = None) -> str:
    """Closed cases' transcripts and quiet conversations past their retention; a line for the operator."""
    from channels.console.store import ConsoleStore

    days = case_days or settings.console_retention_days
    closed = ConsoleStore(settings.handoff_db_url).purge(days)
    quiet = purge_conversations(settings)
    return (
        f"{closed} abgeschlossene Gespräche älter als {days} Tage gelöscht; "
        f"{quiet.conversations} Gespräche ohne offene Übergabe, seit {settings.conversation_retention_days} Tagen "
        f"ohne Nachricht, aus dem Gesprächsspeicher gelöscht ({quiet.events} Ereignisse)."
    )
