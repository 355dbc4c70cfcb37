"""The console's agents and their login sessions, in the same database as the cases (see store.py).

An agent records the languages they speak (codes of knowledge/languages.yaml), so the queue can show
the cases they can read first. Roles (agent, editor, admin) decide what a login may do; the work status
(available, busy, away) is set by the agent and tells colleagues whom to hand a case to.
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
    Column("roles", String(64)),  # agent,editor,admin comma-separated; NULL: agent (+ admin when is_admin)
    Column("status", String(16)),  # available | busy | away; NULL: available
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
ROLES = ("agent", "editor", "admin")
STATUSES = ("available", "busy", "away")


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class Agent:
    id: int
    username: str
    display_name: str
    is_admin: bool
    languages: Tuple[str, ...] = GERMAN_ONLY
    roles: Tuple[str, ...] = ("agent",)
    status: str = "available"

    def has(self, role: str) -> bool:
        return role in self.roles


def _roles(value: str | None, is_admin: bool) -> Tuple[str, ...]:
    """Agents made before roles existed work cases, and an admin of then stays admin."""
    if value is None:
        return ("agent", "admin") if is_admin else ("agent",)
    return tuple(r for r in ROLES if r in value.split(","))


def _agent(m: Any) -> Agent:
    spoken = tuple(code for code in (m["languages"] or "").split(",") if code)
    roles = _roles(m["roles"], bool(m["is_admin"]))
    status = m["status"] if m["status"] in STATUSES else "available"
    return Agent(m["id"], m["username"], m["display_name"], "admin" in roles, spoken or GERMAN_ONLY, roles, status)


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
        roles: Iterable[str] | None = None,
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
            "roles": None if roles is None else ",".join(r for r in ROLES if r in set(roles)),
        }
        if roles is not None:
            row["is_admin"] = "admin" in set(roles)
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

    def set_agent_roles(self, agent_id: int, roles: Iterable[str]) -> bool:
        """Roles in the order of ROLES (unknown ones checked by the caller); `is_admin` follows the admin role."""
        wanted = set(roles)
        values = {"roles": ",".join(r for r in ROLES if r in wanted), "is_admin": "admin" in wanted}
        with self.engine.begin() as conn:
            return bool(conn.execute(update(agents).where(agents.c.id == agent_id).values(**values)).rowcount == 1)

    def set_agent_status(self, agent_id: int, status: str) -> None:
        if status not in STATUSES:
            raise ValueError(status)
        with self.engine.begin() as conn:
            conn.execute(update(agents).where(agents.c.id == agent_id).values(status=status))

    def count_agents(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(agents)).scalar() or 0)
