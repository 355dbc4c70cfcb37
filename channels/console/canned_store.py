"""Canned replies (Textbausteine): texts admins and editors keep, agents insert into a reply and edit before sending.

Placeholders are filled for one case: {service_answer} (the assistant's answer for the detected service, the
same text as the case view's suggestion), {agent} (who writes) and {commune}. Only these are allowed, so a
typo like {comune} is refused when saved instead of reaching a citizen.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from sqlalchemy import Column, DateTime, Integer, String, Table, Text, delete, select, update
from sqlalchemy.engine import Engine

from channels.console.agent_store import metadata, now

PLACEHOLDERS = ("service_answer", "agent", "commune")
canned = Table(
    "console_canned_replies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(80), nullable=False),
    Column("body", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


def check_placeholders(body: str) -> None:
    unknown = sorted(set(re.findall(r"\{([^{}]*)\}", body)) - set(PLACEHOLDERS))
    if unknown:
        raise ValueError("Unbekannter Platzhalter: " + ", ".join("{" + u + "}" for u in unknown))


def fill(body: str, values: Dict[str, str]) -> str:
    """Plain replacement, not str.format: braces in the rest of the text stay as they are."""
    for name in PLACEHOLDERS:
        body = body.replace("{" + name + "}", values.get(name, ""))
    return body


class CannedStore:
    """The canned replies' half of ConsoleStore (which opens the engine)."""

    engine: Engine

    def canned_replies(self) -> List[Dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(canned).order_by(canned.c.title, canned.c.id)).all()
        return [{"id": r.id, "title": r.title, "body": r.body} for r in rows]

    def canned_reply(self, canned_id: int) -> Dict[str, Any] | None:
        return next((c for c in self.canned_replies() if c["id"] == canned_id), None)

    def add_canned(self, title: str, body: str) -> int:
        check_placeholders(body)
        with self.engine.begin() as conn:
            values = {"title": title, "body": body, "updated_at": now()}
            return int(conn.execute(canned.insert().values(**values)).inserted_primary_key[0])

    def edit_canned(self, canned_id: int, title: str, body: str) -> bool:
        check_placeholders(body)
        with self.engine.begin() as conn:
            done = conn.execute(
                update(canned).where(canned.c.id == canned_id).values(title=title, body=body, updated_at=now())
            )
            return bool(done.rowcount == 1)

    def delete_canned(self, canned_id: int) -> bool:
        with self.engine.begin() as conn:
            return bool(conn.execute(delete(canned).where(canned.c.id == canned_id)).rowcount == 1)
