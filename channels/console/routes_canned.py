"""Canned replies (Textbausteine): admins and editors keep them at /admin/canned, agents insert them.

An agent asks for one filled in for a case ({service_answer}, {agent}, {commune}, canned_store.py): the text
goes into the reply field, where it can be edited before sending; nothing is sent from here.
"""

from __future__ import annotations

import asyncio
import html
from typing import Annotated, Any, Dict, List

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, constr

from channels.console.canned_store import PLACEHOLDERS, fill
from channels.console.deps import AgentDep, CannedWriteDep, HubDep, SessionDep, StoreDep, requires
from channels.console.routes_cases import MAX_REPLY
from channels.console.store import Session
from channels.console.suggestion import detected, suggestion

router = APIRouter()
CannedReadDep = Annotated[Session, Depends(requires("admin", "editor"))]


class Canned(BaseModel):
    title: constr(strip_whitespace=True, min_length=1, max_length=80)  # type: ignore[valid-type]
    body: constr(strip_whitespace=True, min_length=1, max_length=MAX_REPLY)  # type: ignore[valid-type]


@router.get("/api/canned")
async def canned_list(session: SessionDep, store: StoreDep) -> List[Dict[str, Any]]:
    return await asyncio.to_thread(store.canned_replies)


@router.get("/api/cases/{case_id}/canned/{canned_id}")
async def canned_for_case(
    case_id: int, canned_id: int, session: AgentDep, store: StoreDep, hub: HubDep
) -> Dict[str, Any]:
    """The canned reply with this case's values in it (German: the agent reads it before it goes out)."""
    record, item = await asyncio.gather(
        asyncio.to_thread(store.case, case_id), asyncio.to_thread(store.canned_reply, canned_id)
    )
    if record is None or item is None:
        raise HTTPException(status_code=404, detail="Fall oder Textbaustein nicht gefunden")
    try:
        tracker: Dict[str, Any] | None = await hub.rasa.tracker(record["conversation_id"])
    except Exception:  # Rasa away: the handoff record names service and commune too
        tracker = None
    found = detected(record, tracker)
    answer = await asyncio.to_thread(suggestion, found)
    values = {
        "service_answer": answer["text"] if answer else "",
        "agent": session.agent.display_name,
        "commune": found.get("kommune") or "",
    }
    return {"id": item["id"], "title": item["title"], "text": fill(item["body"], values)[:MAX_REPLY]}


def _saved(call: Any, *args: Any) -> Any:
    try:
        return call(*args)
    except ValueError as err:
        raise HTTPException(status_code=422, detail=str(err)) from err


@router.post("/api/admin/canned", status_code=201)
async def canned_add(body: Canned, session: CannedWriteDep, store: StoreDep) -> Dict[str, Any]:
    new_id = await asyncio.to_thread(_saved, store.add_canned, body.title, body.body)
    return {"id": new_id, "title": body.title, "body": body.body}


@router.put("/api/admin/canned/{canned_id}")
async def canned_edit(canned_id: int, body: Canned, session: CannedWriteDep, store: StoreDep) -> Dict[str, Any]:
    if not await asyncio.to_thread(_saved, store.edit_canned, canned_id, body.title, body.body):
        raise HTTPException(status_code=404, detail="Textbaustein nicht gefunden")
    return {"id": canned_id, "title": body.title, "body": body.body}


@router.delete("/api/admin/canned/{canned_id}")
async def canned_delete(canned_id: int, session: CannedWriteDep, store: StoreDep) -> Dict[str, str]:
    if not await asyncio.to_thread(store.delete_canned, canned_id):
        raise HTTPException(status_code=404, detail="Textbaustein nicht gefunden")
    return {"status": "gelöscht"}


@router.get("/admin/canned", response_class=HTMLResponse, include_in_schema=False)
async def canned_page(session: CannedReadDep, store: StoreDep) -> HTMLResponse:
    return HTMLResponse(render_canned(await asyncio.to_thread(store.canned_replies)))


def _form(item: Dict[str, Any] | None) -> str:
    e = html.escape
    key = str(item["id"]) if item else "neu"
    title, body = (e(item["title"]), e(item["body"])) if item else ("", "")
    delete = '<button type="button" class="delete">Löschen</button>' if item else ""
    return (
        f'<form class="canned" data-id="{e(key) if item else ""}"><fieldset><legend>'
        f"{'Textbaustein ' + title if item else 'Neuer Textbaustein'}</legend>"
        f'<label for="title-{key}">Titel</label><input id="title-{key}" name="title" maxlength="80" required '
        f'value="{title}"><label for="body-{key}">Text</label>'
        f'<textarea id="body-{key}" name="body" rows="4" maxlength="{MAX_REPLY}" required>{body}</textarea>'
        f'<button type="submit">Speichern</button>{delete}'
        '<span class="note" role="status" aria-live="polite"></span></fieldset></form>'
    )


def render_canned(items: List[Dict[str, Any]]) -> str:
    names = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        "<title>Textbausteine – Agentenkonsole</title>"
        '<link rel="stylesheet" href="/static/console.css"><script src="/static/canned.js" defer></script>'
        '</head><body><main id="main" class="admin"><h1>Textbausteine</h1>'
        f"<p>Platzhalter: {names} – die Antwort des Assistenten zur erkannten Leistung, der Name der Agentin / "
        "des Agenten und die Kommune des Falls. Agentinnen und Agenten können den Text vor dem Senden ändern.</p>"
        + "".join(_form(item) for item in items)
        + _form(None)
        + '<p><a href="/">Zur Konsole</a></p></main></body></html>'
    )
