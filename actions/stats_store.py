"""Usage counts for cost sharing and reporting, in the handoff database (SQLite by default, PostgreSQL by URL).

Only counters are kept: one row per month × commune × channel × language × metric × key, with a number.
No text, no sender id, no hash of one, no timestamp finer than the month: nothing in the table leads back to a
person or a conversation. A conversation is counted once because its first message is recognised from Rasa's
tracker (the first user message after `session_started`), and a handoff once per conversation because the tracker
shows an earlier `route: handoff`; so no list of conversations needs to be kept here at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, List

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from knowledge.hours import BERLIN

UNKNOWN = "unbekannt"
# Turn metrics (one per message, by its route) and conversation metrics (once per conversation).
TURN_METRICS = ("messages", "answered", "clarified", "handoffs", "emergencies", "fallbacks")
CONVERSATION_METRICS = ("conversations", "handed_over")
KEYED_METRICS = ("service", "aspect")  # key = the service id or aspect name of an answered turn
FEEDBACK_METRICS = ("feedback_yes", "feedback_no")  # written by the feedback feature, read here when present

metadata = MetaData()
stats_counts = Table(
    "stats_counts",
    metadata,
    Column("month", String(7), primary_key=True),  # YYYY-MM, Europe/Berlin
    Column("kommune", String(64), primary_key=True),
    Column("channel", String(32), primary_key=True),
    Column("language", String(16), primary_key=True),
    Column("metric", String(32), primary_key=True),
    Column("key", String(64), primary_key=True),  # "" unless the metric is keyed
    Column("count", Integer, nullable=False),
)


@dataclass(frozen=True)
class Count:
    month: str
    kommune: str
    channel: str
    language: str
    metric: str
    key: str
    count: int


class StatsStore:
    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self._engine: Engine = create_engine(url, future=True, pool_pre_ping=True)
        metadata.create_all(self._engine)

    def add(self, month: str, kommune: str, channel: str, language: str, metrics: Iterable[str]) -> None:
        """Adds 1 to each metric ("service:pass", "aspect:kosten" for keyed ones), in one transaction."""
        dims = {"month": month, "kommune": kommune[:64], "channel": channel[:32], "language": language[:16]}
        rows = []
        for item in metrics:
            metric, _, key = item.partition(":")
            rows.append({**dims, "metric": metric, "key": key[:64]})
        for _ in range(3):
            try:
                with self._engine.begin() as conn:
                    for row in rows:
                        where = [getattr(stats_counts.c, name) == value for name, value in row.items()]
                        done = conn.execute(update(stats_counts).where(*where).values(count=stats_counts.c.count + 1))
                        if not done.rowcount:
                            conn.execute(stats_counts.insert().values(**row, count=1))
                return
            except IntegrityError:  # another process inserted one of the rows first: all again, as updates
                continue
        raise RuntimeError("Zähler konnten nicht erhöht werden")

    def counts(self, months: List[str]) -> List[Count]:
        query = select(stats_counts).where(stats_counts.c.month.in_(months))
        with self._engine.connect() as conn:
            return [Count(**r._mapping) for r in conn.execute(query)]

    def months(self) -> List[str]:
        with self._engine.connect() as conn:
            return sorted(r[0] for r in conn.execute(select(stats_counts.c.month).distinct()))


def month_of(moment: dt.datetime) -> str:
    return moment.astimezone(BERLIN).strftime("%Y-%m")


@lru_cache(maxsize=4)
def open_stats(url: str) -> StatsStore:
    """One store (and connection pool) per database for the process."""
    return StatsStore(url)
