"""The editors' queue: what the assistant could not answer well, grouped by similarity, marked done by an editor.

The page is rendered on the server (every value escaped); editor.js marks a group or an item done with the
session's CSRF token. Allowed for the editor role and for admins (channels/console/deps.py, README "Roles").
"""

from __future__ import annotations

import asyncio
import html
from typing import Annotated, Any, Dict, List

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, conint, conlist

from actions.editor_queue import KIND_LABELS, EditorItem, EditorQueue, editor_queue
from actions.knowledge_access import knowledge
from channels.console.deps import requires, requires_write
from channels.console.editor_groups import Group, Grouper, query_embedding
from channels.console.store import Session
from knowledge.schema import ASPECT_LABELS

router = APIRouter()


EditorDep = Annotated[Session, Depends(requires("editor", "admin"))]
EditorWriteDep = Annotated[Session, Depends(requires_write("editor", "admin"))]


def get_queue(request: Request) -> EditorQueue:
    return editor_queue(request.app.state.settings.handoff_db_url)


def get_grouper(request: Request) -> Grouper:
    """The grouper of this console process; the e5 model is opened on the first use, not at start."""
    grouper: Grouper | None = getattr(request.app.state, "grouper", None)
    if grouper is None:
        from knowledge.runtime import open_embedder

        embed = query_embedding(open_embedder(request.app.state.settings))
        grouper = request.app.state.grouper = Grouper(embed)
    return grouper


QueueDep = Annotated[EditorQueue, Depends(get_queue)]
GrouperDep = Annotated[Grouper, Depends(get_grouper)]


class Done(BaseModel):
    # at most SQLite's largest INTEGER: a larger id is a 422, not an OverflowError (found by schemathesis)
    ids: conlist(conint(ge=1, le=2**63 - 1), min_items=1, max_items=500)  # type: ignore[valid-type]


def service_name(service: str | None) -> str:
    if not service:
        return "–"
    record = knowledge().services.get(service)
    return record.name if record else service


def item_row(item: EditorItem) -> Dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "kind_label": KIND_LABELS[item.kind],
        "text": item.text,
        "service": item.service,
        "service_name": service_name(item.service),
        "aspect": item.aspect,
        "aspect_label": ASPECT_LABELS.get(item.aspect or "", "–"),
        "options": [service_name(s) for s in item.options],
        "created_at": item.created_at.isoformat(),
    }


async def open_groups(queue: EditorQueue, grouper: Grouper) -> List[Group]:
    items = await asyncio.to_thread(queue.open_items)
    return await asyncio.to_thread(grouper.groups, items)


@router.get("/api/editor/groups")
async def groups_json(session: EditorDep, queue: QueueDep, grouper: GrouperDep) -> Dict[str, Any]:
    groups = await open_groups(queue, grouper)
    return {"groups": [{"ids": g.ids, "items": [item_row(i) for i in g.items]} for g in groups]}


@router.post("/api/editor/done")
async def mark_done(body: Done, session: EditorWriteDep, queue: QueueDep) -> Dict[str, int]:
    return {"done": await asyncio.to_thread(queue.mark_done, body.ids)}


@router.get("/editor", response_class=HTMLResponse, include_in_schema=False)
async def editor_page(session: EditorDep, queue: QueueDep, grouper: GrouperDep) -> HTMLResponse:
    groups = await open_groups(queue, grouper)
    counts = await asyncio.to_thread(queue.counts)
    return HTMLResponse(render_page(groups, counts))


def render_page(groups: List[Group], counts: Dict[tuple[str, str], Dict[str, int]]) -> str:
    e = html.escape
    sections = []
    for number, group in enumerate(groups, 1):
        rows = []
        for item in group.items:
            row = item_row(item)
            chosen = row["service_name"] + (f" · {row['aspect_label']}" if item.aspect else "")
            offered = f"<br><small>angeboten: {e(', '.join(row['options']))}</small>" if row["options"] else ""
            rows.append(
                f'<tr data-item="{item.id}"><td>{e(row["kind_label"])}</td><td>{e(item.text)}</td>'
                f"<td>{e(chosen)}{offered}</td><td>{item.created_at:%d.%m.%Y %H:%M}</td>"
                f'<td><button type="button" class="done" data-ids="{item.id}">Erledigt</button></td></tr>'
            )
        ids = ",".join(str(i) for i in group.ids)
        sections.append(
            f'<section class="group" data-group="{number}" aria-labelledby="g{number}">'
            f'<h2 id="g{number}">Gruppe {number}: {len(group.items)} ähnliche Nachricht'
            f"{'en' if len(group.items) > 1 else ''}</h2>"
            "<table><thead><tr><th>Anlass</th><th>Nachricht (geschwärzt)</th><th>Leistung · Aspekt</th>"
            f"<th>Zeit (UTC)</th><th></th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f'<p><button type="button" class="done" data-ids="{ids}">Ganze Gruppe erledigt</button></p></section>'
        )
    if not sections:
        sections.append("<p>Keine offenen Einträge.</p>")
    tally = sorted(counts.items(), key=lambda kv: (-kv[1]["no"], kv[0]))
    tally_rows = "".join(
        f"<tr><td>{e(service_name(s))}</td><td>{e(ASPECT_LABELS.get(a, '–'))}</td>"
        f"<td>{c['yes']}</td><td>{c['no']}</td></tr>"
        for (s, a), c in tally
    )
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Redaktion – Agentenkonsole</title>'
        '<link rel="stylesheet" href="/static/console.css"><script src="/static/editor.js" defer></script>'
        '</head><body><main id="main"><h1>Redaktion: offene Nachrichten</h1>'
        "<p>Nachrichten, bei denen der Assistent nicht weiterwusste, eine Rückfrage offen blieb oder die Antwort "
        "nicht geholfen hat. Persönliche Daten sind geschwärzt. Ähnliche Nachrichten stehen in einer Gruppe.</p>"
        '<p id="note" role="status" aria-live="polite"></p>'
        f"{''.join(sections)}"
        "<h2>War die Antwort hilfreich? (Anzahl)</h2>"
        "<table><thead><tr><th>Leistung</th><th>Aspekt</th><th>ja</th><th>nein</th></tr></thead>"
        f"<tbody>{tally_rows}</tbody></table></main></body></html>"
    )
