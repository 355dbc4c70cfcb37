"""Admin: the languages each agent speaks, so the queue can put a citizen's case before someone who reads it,
and each one's roles (agent, editor, admin; routes_team.py).

The page is rendered on the server (every value escaped, each language's native name with its `lang` and
`dir`); agents.js saves a row with the session's CSRF token, as every write in the console.
"""

from __future__ import annotations

import asyncio
import html
from typing import Annotated, Any, Dict, List

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, conlist, constr

from channels.console.agent_store import ROLES
from channels.console.deps import ROLE_NAMES, StoreDep, WriteSessionDep
from channels.console.languages import describe, known_codes, languages
from channels.console.routes_admin import AdminDep
from channels.console.store import Agent, Session

router = APIRouter()


def admin_write_session(session: WriteSessionDep) -> Session:
    if not session.agent.is_admin:
        raise HTTPException(status_code=403, detail="Nur für Administratoren")
    return session


AdminWriteDep = Annotated[Session, Depends(admin_write_session)]


class Spoken(BaseModel):
    languages: conlist(constr(max_length=16), min_items=1, max_items=64)  # type: ignore[valid-type]


def agent_row(agent: Agent) -> Dict[str, Any]:
    return {
        "id": agent.id,
        "username": agent.username,
        "display_name": agent.display_name,
        "is_admin": agent.is_admin,
        "roles": list(agent.roles),
        "status": agent.status,
        "languages": [describe(code) for code in agent.languages],
    }


@router.get("/api/admin/agents")
async def agent_list(session: AdminDep, store: StoreDep) -> List[Dict[str, Any]]:
    return [agent_row(a) for a in await asyncio.to_thread(store.list_agents)]


@router.put("/api/admin/agents/{agent_id}/languages")
async def set_languages(agent_id: int, body: Spoken, session: AdminWriteDep, store: StoreDep) -> Dict[str, Any]:
    try:
        codes = known_codes(body.languages)
    except ValueError as err:
        raise HTTPException(status_code=422, detail=str(err)) from err
    if not await asyncio.to_thread(store.set_agent_languages, agent_id, codes):
        raise HTTPException(status_code=404, detail="Agent nicht gefunden")
    agent = next(a for a in await asyncio.to_thread(store.list_agents) if a.id == agent_id)
    return agent_row(agent)


@router.get("/admin/agents", response_class=HTMLResponse, include_in_schema=False)
async def agents_page(session: AdminDep, store: StoreDep) -> HTMLResponse:
    return HTMLResponse(render_agents(await asyncio.to_thread(store.list_agents)))


def label(code: str) -> str:
    """German name, then the language's own name marked up so a screen reader speaks it in that language."""
    lang = describe(code)
    e = html.escape
    native = f'<span lang="{e(lang["html_lang"])}" dir="{e(lang["direction"])}">{e(lang["name"])}</span>'
    return native if lang["name"] == lang["name_de"] else f"{e(lang['name_de'])} ({native})"


def render_agents(agents: List[Agent]) -> str:
    e = html.escape
    rows = []
    for agent in agents:
        boxes = "".join(
            f'<label><input type="checkbox" name="languages" value="{e(code)}"'
            f"{' checked' if code in agent.languages else ''}> {label(code)}</label>"
            for code in languages()
        )
        spoken = ", ".join(label(code) for code in agent.languages)
        roles = "".join(
            f'<label><input type="checkbox" name="roles" value="{role}"{" checked" if agent.has(role) else ""}> '
            f"{ROLE_NAMES[role]}</label>"
            for role in ROLES
        )
        rows.append(
            f'<tr><td>{e(agent.display_name)} <span class="muted">({e(agent.username)})</span></td>'
            f'<td id="spoken-{agent.id}">{spoken}</td>'
            f'<td><form class="spoken" data-agent="{agent.id}"><fieldset><legend>Sprachen von {e(agent.display_name)}'
            f'</legend>{boxes}</fieldset><button type="submit">Speichern</button>'
            f'<span class="note" role="status" aria-live="polite"></span></form>'
            f'<form class="roles" data-roles-agent="{agent.id}"><fieldset><legend>Rollen von {e(agent.display_name)}'
            f'</legend>{roles}</fieldset><button type="submit">Rollen speichern</button>'
            f'<span class="note" role="status" aria-live="polite"></span></form></td></tr>'
        )
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        "<title>Agenten, Sprachen und Rollen – Agentenkonsole</title>"
        '<link rel="stylesheet" href="/static/console.css"><script src="/static/agents.js" defer></script>'
        '</head><body><main id="main"><h1>Agenten und ihre Sprachen</h1>'
        "<p>Fälle in diesen Sprachen zeigt die Warteschlange der Agentin / dem Agenten auf Wunsch zuerst. "
        "Rollen: Agent bearbeitet Fälle; Redaktion pflegt Textbausteine; Administration verwaltet Agenten, "
        "Rollen und Textbausteine.</p>"
        "<table><thead><tr><th>Agent</th><th>spricht</th><th>ändern</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        '<p><a href="/">Zur Konsole</a> · <a href="/admin/report">Vollständigkeit</a></p></main></body></html>'
    )
