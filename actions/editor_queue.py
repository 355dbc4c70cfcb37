"""Citizen feedback counts and the editors' queue, in the handoff database (SQLite by default, PostgreSQL by URL).

The counts are only numbers per service and aspect: nothing about the citizen or the conversation is kept
with them. The queue holds texts where the assistant fell short (fallback, an unresolved clarifying question,
feedback "nein"), always redacted before they are written, so editors can improve the service texts.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, create_engine, select, update
from sqlalchemy.engine import Engine

from actions.redaction import redact

KINDS = ("fallback", "clarify", "feedback")
KIND_LABELS = {"fallback": "keine Antwort", "clarify": "Rückfrage offen", "feedback": "Rückmeldung „nein“"}
MAX_TEXT = 1000

metadata = MetaData()
feedback_counts = Table(
    "feedback_counts",
    metadata,
    Column("service", String(64), primary_key=True),
    Column("aspect", String(32), primary_key=True),  # "" for the service's overview
    Column("yes", Integer, nullable=False, default=0),
    Column("no", Integer, nullable=False, default=0),
)
editor_items = Table(
    "editor_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("text", Text, nullable=False),  # redacted
    Column("service", String(64)),  # the service the assistant chose (or its best guess)
    Column("aspect", String(32)),
    Column("options", Text),  # JSON list: the services offered in a clarifying question
    Column("done_at", DateTime(timezone=True)),
)


@dataclass(frozen=True)
class EditorItem:
    id: int
    created_at: dt.datetime
    kind: str
    text: str
    service: str | None
    aspect: str | None
    options: List[str]


class EditorQueue:
    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self._engine: Engine = create_engine(url, future=True, pool_pre_ping=True)
        metadata.create_all(self._engine)

    def count_feedback(self, service: str, aspect: str | None, helpful: bool) -> None:
        """One more yes or no for this service and aspect (the row is made on the first one)."""
        column = "yes" if helpful else "no"
        key = {"service": service, "aspect": aspect or ""}
        with self._engine.begin() as conn:
            where = (feedback_counts.c.service == key["service"]) & (feedback_counts.c.aspect == key["aspect"])
            changed = conn.execute(
                update(feedback_counts).where(where).values({column: feedback_counts.c[column] + 1})
            ).rowcount
            if not changed:
                conn.execute(feedback_counts.insert().values(**key, yes=int(helpful), no=int(not helpful)))

    def counts(self) -> Dict[tuple[str, str], Dict[str, int]]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(feedback_counts))
            return {(r.service, r.aspect): {"yes": r.yes, "no": r.no} for r in rows}

    def add(
        self,
        kind: str,
        text: str,
        service: str | None = None,
        aspect: str | None = None,
        options: Iterable[str] = (),
    ) -> int:
        """Stores the text redacted; the raw text never reaches the database."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        row = {
            "created_at": dt.datetime.now(dt.timezone.utc),
            "kind": kind,
            "text": redact(text.strip()[:MAX_TEXT]),
            "service": service,
            "aspect": aspect,
            "options": json.dumps(list(options)),
        }
        with self._engine.begin() as conn:
            return int(conn.execute(editor_items.insert().values(**row)).inserted_primary_key[0])

    def open_items(self) -> List[EditorItem]:
        query = select(editor_items).where(editor_items.c.done_at.is_(None)).order_by(editor_items.c.id)
        with self._engine.connect() as conn:
            return [_item(r._mapping) for r in conn.execute(query)]

    def mark_done(self, ids: Iterable[int]) -> int:
        """Marks the open items among `ids` done; how many were open."""
        wanted = list(ids)
        if not wanted:
            return 0
        query = (
            update(editor_items)
            .where(editor_items.c.id.in_(wanted) & editor_items.c.done_at.is_(None))
            .values(done_at=dt.datetime.now(dt.timezone.utc))
        )
        with self._engine.begin() as conn:
            return int(conn.execute(query).rowcount)


def _item(row: Any) -> EditorItem:
    data = dict(row)
    data.pop("done_at", None)
    data["options"] = json.loads(data["options"] or "[]")
    return EditorItem(**data)


@lru_cache(maxsize=4)
def editor_queue(url: str) -> EditorQueue:
    """One store (and connection pool) per database URL and process."""
    return EditorQueue(url)
