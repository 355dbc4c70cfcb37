"""The console's agents and their login sessions, in the same database as the cases (see store.py).

An agent records the languages they speak (codes of knowledge/languages.yaml), so the queue can show
the cases they can read first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable, List, Tuple

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.engine import Engine

from channels.console.security import hash_password, token_hash

metadata = MetaData()
agents = Table(
    "console_agents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(64), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("is_admin", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("languages", String(200)),  # codes of knowledge/languages.yaml, comma-separated; NULL: German only
)
sessions = Table(
    "console_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("agent_id", Integer, ForeignKey("console_agents.id"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
GERMAN_ONLY = ("de",)


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class Agent:
    id: int
    username: str
    display_name: str
    is_admin: bool
    languages: Tuple[str, ...] = GERMAN_ONLY


def _agent(m: Any) -> Agent:
    spoken = tuple(code for code in (m["languages"] or "").split(",") if code)
    return Agent(m["id"], m["username"], m["display_name"], m["is_admin"], spoken or GERMAN_ONLY)


@dataclass(frozen=True)
class Session:
    agent: Agent
    csrf: str


class AgentStore:
    """The agents' half of ConsoleStore, which opens the engine: kept apart so store.py stays about cases."""

    engine: Engine

    def create_agent(
        self,
        username: str,
        password: str,
        display_name: str = "",
        is_admin: bool = False,
        languages: Iterable[str] = GERMAN_ONLY,
    ) -> int:
        if not username.isascii() or not 2 <= len(username) <= 64 or not username.replace(".", "").isalnum():
            raise ValueError("Benutzername: 2–64 Zeichen, Buchstaben, Ziffern und Punkt")
        row = {
            "username": username.lower(),
            "display_name": (display_name or username)[:64],
            "password_hash": hash_password(password),
            "is_admin": is_admin,
            "created_at": now(),
            "languages": ",".join(languages),
        }
        with self.engine.begin() as conn:
            if conn.execute(select(agents.c.id).where(agents.c.username == row["username"])).first():
                raise ValueError(f"Agent '{username}' gibt es schon")
            return int(conn.execute(agents.insert().values(**row)).inserted_primary_key[0])

    def agent_login(self, username: str) -> tuple[Agent, str] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(agents).where(agents.c.username == username.lower())).first()
        if row is None:
            return None
        return _agent(row._mapping), row._mapping["password_hash"]

    def open_session(self, agent_id: int, token: str, csrf: str, hours: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.expires_at < now()))
            conn.execute(
                sessions.insert().values(
                    token_hash=token_hash(token),
                    agent_id=agent_id,
                    csrf=csrf,
                    expires_at=now() + dt.timedelta(hours=hours),
                )
            )

    def session(self, token: str) -> Session | None:
        query = (
            select(agents, sessions.c.csrf)
            .join(sessions, sessions.c.agent_id == agents.c.id)
            .where(and_(sessions.c.token_hash == token_hash(token), sessions.c.expires_at > now()))
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return Session(_agent(row._mapping), row._mapping["csrf"])

    def close_session(self, token: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.token_hash == token_hash(token)))

    def list_agents(self) -> List[Agent]:
        with self.engine.connect() as conn:
            return [_agent(r._mapping) for r in conn.execute(select(agents).order_by(agents.c.username))]

    def set_agent_languages(self, agent_id: int, languages: Iterable[str]) -> bool:
        """The languages an agent speaks (codes checked by the caller); False when there is no such agent."""
        with self.engine.begin() as conn:
            done = conn.execute(update(agents).where(agents.c.id == agent_id).values(languages=",".join(languages)))
            return bool(done.rowcount == 1)

    def count_agents(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(agents)).scalar() or 0)
