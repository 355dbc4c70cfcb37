"""The console's tables, next to the handoff queue in the same database (SQLite file or PostgreSQL).

Everything an agent sees lives here, so a console restart loses nothing: agents (with the languages
they speak, roles and status) and login sessions (agent_store.py), canned replies (canned_store.py),
cases (one per handoff: claim, outcome) and the transcript messages (citizen, assistant, agent).
Columns added later are added to existing databases on start.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Dict, List

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    and_,
    create_engine,
    delete,
    select,
    update,
)
from sqlalchemy.engine import Engine

from actions.handoff_store import add_missing_columns, agent_presence, handoff_alerts, handoffs
from actions.handoff_store import metadata as queue_metadata
from channels.console.agent_store import GERMAN_ONLY, Agent, AgentStore, Session, agents, metadata, now, sessions
from channels.console.canned_store import CannedStore
from channels.console.queue_order import by_urgency

__all__ = ["GERMAN_ONLY", "Agent", "ConsoleStore", "Session", "agents", "cases", "messages", "metadata", "sessions"]
cases = Table(
    "console_cases",
    metadata,
    Column("handoff_id", Integer, primary_key=True),  # = handoffs.id
    Column("status", String(16), nullable=False),  # waiting | claimed | returned | closed
    Column("claimed_by", Integer, ForeignKey("console_agents.id")),
    Column("claimed_at", DateTime(timezone=True)),
    Column("closed_at", DateTime(timezone=True)),
    Column("outcome", String(16)),  # answered | callback | referred
    Column("cursor", Float, nullable=False, default=0.0),  # last tracker event imported (timestamp)
)
messages = Table(
    "console_messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("handoff_id", Integer, nullable=False, index=True),
    Column("sender", String(16), nullable=False),  # citizen | assistant | agent | system
    Column("author", String(64)),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

OPEN = ("waiting", "claimed")
OUTCOMES = {"answered": "beantwortet", "callback": "Rückruf nötig", "referred": "an Amt verwiesen"}


def _iso(value: dt.datetime | None) -> str:
    """ISO 8601 in UTC; SQLite hands back naive datetimes (stored as UTC)."""
    if value is None:
        return ""
    return (value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value).isoformat()


class ClaimConflict(Exception):
    """The case is held by someone else, or no longer open."""


class ConsoleStore(AgentStore, CannedStore):
    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, future=True, pool_pre_ping=True)
        queue_metadata.create_all(self.engine)
        metadata.create_all(self.engine)
        add_missing_columns(self.engine, queue_metadata)
        add_missing_columns(self.engine, metadata)

    def set_presence(self, usernames: List[str]) -> None:
        """The agents with an open console right now (within service hours); the others are gone."""
        with self.engine.begin() as conn:
            conn.execute(delete(agent_presence))
            for name in usernames:
                conn.execute(agent_presence.insert().values(agent=name, last_seen=now()))

    # --- cases ---
    def adopt_new_handoffs(self) -> List[int]:
        """A case (and its transcript so far) for every handoff the console has not seen yet."""
        known = select(cases.c.handoff_id)
        with self.engine.begin() as conn:
            rows = conn.execute(select(handoffs).where(handoffs.c.id.not_in(known)).order_by(handoffs.c.id)).all()
            for row in rows:
                m = row._mapping
                lines = json.loads(m["transcript"])
                cursor = max([float(x.get("time") or 0) for x in lines] + [0.0])
                conn.execute(cases.insert().values(handoff_id=m["id"], status="waiting", cursor=cursor))
                for line in lines:
                    sender = "citizen" if line.get("from") == "citizen" else "assistant"
                    self._add_message(conn, m["id"], sender, None, str(line.get("text", "")), line.get("time"))
        return [r._mapping["id"] for r in rows]

    @staticmethod
    def _add_message(conn: Any, case_id: int, sender: str, author: str | None, text: str, ts: Any = None) -> int:
        at = dt.datetime.fromtimestamp(float(ts), dt.timezone.utc) if ts else now()
        values = {"handoff_id": case_id, "sender": sender, "author": author, "text": text, "created_at": at}
        return int(conn.execute(messages.insert().values(**values)).inserted_primary_key[0])

    def queue(self) -> List[Dict[str, Any]]:
        """Open cases with what the queue shows, most urgent first, then the longest waiting (queue_order.py)."""
        query = (
            select(
                handoffs,
                cases.c.status.label("case_status"),
                cases.c.claimed_by,
                agents.c.display_name,
                agents.c.status.label("holder_status"),
            )
            .join(cases, cases.c.handoff_id == handoffs.c.id)
            .outerjoin(agents, agents.c.id == cases.c.claimed_by)
            .where(cases.c.status.in_(OPEN))
            .order_by(handoffs.c.id)
        )
        callbacks = (
            select(messages.c.handoff_id)
            .where(and_(messages.c.sender == "citizen", messages.c.text.like("Ich bitte um einen Rückruf%")))
            .distinct()
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            wants_callback = {r[0] for r in conn.execute(callbacks)}
            alerts = dict(conn.execute(select(handoff_alerts.c.conversation_id, handoff_alerts.c.number)).all())
        items = [
            {
                "id": m["id"],
                "conversation_id": m["conversation_id"],
                "created_at": _iso(m["created_at"]),
                "reason": m["reason"],
                "service": m["service"],
                "kommune": m["kommune"],
                "channel": m["channel"],
                "status": m["case_status"],
                "claimed_by": m["claimed_by"],
                "claimed_by_name": m["display_name"],
                "claimed_by_status": (m["holder_status"] or "available") if m["claimed_by"] else None,
                "callback": m["id"] in wants_callback,
                "emergency": alerts.get(m["conversation_id"]),
                "language": m["language"],
            }
            for m in (r._mapping for r in rows)
        ]
        return by_urgency(items)

    def case(self, case_id: int) -> Dict[str, Any] | None:
        return next((c for c in self.cases_by_id([case_id])), None)

    def cases_by_id(self, ids: List[int]) -> List[Dict[str, Any]]:
        query = select(handoffs, cases).join(cases, cases.c.handoff_id == handoffs.c.id).where(handoffs.c.id.in_(ids))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        out = []
        for row in rows:
            m = dict(row._mapping)
            m.pop("transcript", None)
            for key in ("created_at", "claimed_at", "closed_at"):
                m[key] = _iso(m[key]) or None
            out.append(m)
        return out

    def transcript(self, case_id: int, after_id: int = 0) -> List[Dict[str, Any]]:
        query = (
            select(messages)
            .where(and_(messages.c.handoff_id == case_id, messages.c.id > after_id))
            .order_by(messages.c.created_at, messages.c.id)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            {
                "id": m["id"],
                "sender": m["sender"],
                "author": m["author"],
                "text": m["text"],
                "time": _iso(m["created_at"]),
            }
            for m in (r._mapping for r in rows)
        ]

    def open_cases(self) -> List[Dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(cases.c.handoff_id, cases.c.status, cases.c.cursor, handoffs.c.conversation_id)
                .join(handoffs, handoffs.c.id == cases.c.handoff_id)
                .where(cases.c.status.in_(OPEN))
            ).all()
        return [dict(r._mapping) for r in rows]

    def import_tracker_lines(self, case_id: int, lines: List[Dict[str, Any]]) -> List[int]:
        """Citizen/assistant lines newer than the case's cursor; returns the new message ids.

        The cursor moves first, on the condition that nobody moved it since it was read: of two imports of
        the same lines at once (the poll and an agent opening the case, or two console processes) only one
        stores them, the other finds its UPDATE matching no row and stores nothing.
        """
        with self.engine.begin() as conn:
            cursor = conn.execute(select(cases.c.cursor).where(cases.c.handoff_id == case_id)).scalar() or 0.0
            fresh = [x for x in lines if float(x["time"]) > cursor]
            if not fresh:
                return []
            top = max(float(x["time"]) for x in fresh)
            moved = conn.execute(
                update(cases).where(and_(cases.c.handoff_id == case_id, cases.c.cursor == cursor)).values(cursor=top)
            )
            if moved.rowcount != 1:
                return []
            return [self._add_message(conn, case_id, x["from"], None, x["text"], x["time"]) for x in fresh]

    def add_agent_message(self, case_id: int, agent: Agent, text: str) -> int:
        with self.engine.begin() as conn:
            return self._add_message(conn, case_id, "agent", agent.display_name, text)

    def add_system_message(self, case_id: int, text: str) -> int:
        with self.engine.begin() as conn:
            return self._add_message(conn, case_id, "system", None, text)

    def claim(self, case_id: int, agent: Agent) -> None:
        """Atomic: exactly one agent wins a waiting case (the UPDATE's WHERE decides, also across processes)."""
        with self.engine.begin() as conn:
            result = conn.execute(
                update(cases)
                .where(and_(cases.c.handoff_id == case_id, cases.c.status == "waiting"))
                .values(status="claimed", claimed_by=agent.id, claimed_at=now())
            )
            if result.rowcount != 1:
                raise ClaimConflict(case_id)
            conn.execute(update(handoffs).where(handoffs.c.id == case_id).values(status="claimed"))

    def transfer(self, case_id: int, agent: Agent, to: Agent) -> int:
        """Atomic like a claim: only the agent holding the case can pass it on, and only once."""
        with self.engine.begin() as conn:
            result = conn.execute(
                update(cases)
                .where(and_(cases.c.handoff_id == case_id, cases.c.status == "claimed", cases.c.claimed_by == agent.id))
                .values(claimed_by=to.id, claimed_at=now())
            )
            if result.rowcount != 1:
                raise ClaimConflict(case_id)
            text = f"{agent.display_name} hat den Fall an {to.display_name} übergeben."
            return self._add_message(conn, case_id, "system", None, text)

    def finish(self, case_id: int, agent: Agent, status: str, outcome: str | None = None) -> None:
        """Hand back to the assistant (`returned`) or close with an outcome; only the agent holding it."""
        with self.engine.begin() as conn:
            result = conn.execute(
                update(cases)
                .where(and_(cases.c.handoff_id == case_id, cases.c.status == "claimed", cases.c.claimed_by == agent.id))
                .values(status=status, outcome=outcome, closed_at=now())
            )
            if result.rowcount != 1:
                raise ClaimConflict(case_id)
            conn.execute(update(handoffs).where(handoffs.c.id == case_id).values(status=status))

    def holds(self, case_id: int, agent: Agent) -> bool:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(cases.c.handoff_id).where(
                    and_(cases.c.handoff_id == case_id, cases.c.status == "claimed", cases.c.claimed_by == agent.id)
                )
            ).first()
        return row is not None

    def purge(self, days: int) -> int:
        """Delete transcripts of cases closed more than `days` ago (the handoff record's transcript too)."""
        cutoff = now() - dt.timedelta(days=days)
        with self.engine.begin() as conn:
            old = [
                r[0]
                for r in conn.execute(
                    select(cases.c.handoff_id).where(
                        and_(cases.c.status.in_(("returned", "closed")), cases.c.closed_at < cutoff)
                    )
                )
            ]
            if old:
                conn.execute(delete(messages).where(messages.c.handoff_id.in_(old)))
                conn.execute(update(handoffs).where(handoffs.c.id.in_(old)).values(transcript="[]"))
        return len(old)
