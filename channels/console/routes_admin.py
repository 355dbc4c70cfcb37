"""Read-only admin pages: the completeness report per commune (the worklist of `kb report --commune`).

Only agents with the admin role see them; nothing here writes. The page is rendered on the server,
every value escaped, so it needs no script and keeps to the console's CSP.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
from typing import Annotated, Any, Dict, List
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import HTMLResponse

from actions.knowledge_access import knowledge
from channels.console.deps import SessionDep
from channels.console.store import Session
from knowledge.commune_report import FIELD_LABELS, CommuneReport, build_commune_report, office_counts
from knowledge.hours import BERLIN
from knowledge.store import KnowledgeError

router = APIRouter()


def admin_session(session: SessionDep) -> Session:
    if not session.agent.is_admin:
        raise HTTPException(status_code=403, detail="Nur für Administratoren")
    return session


AdminDep = Annotated[Session, Depends(admin_session)]


def _today() -> dt.date:
    return dt.datetime.now(BERLIN).date()


def _report(commune: str) -> CommuneReport:
    try:
        return build_commune_report(knowledge(), commune, _today())
    except KnowledgeError as err:
        raise HTTPException(status_code=404, detail="Unbekannte Kommune") from err


@router.get("/api/admin/report")
async def report_json(session: AdminDep, commune: str | None = None) -> Dict[str, Any]:
    if commune is None:
        counts = await asyncio.to_thread(office_counts, knowledge(), _today())
        return {"today": _today().isoformat(), "communes": [c.__dict__.copy() for c in counts]}
    report = await asyncio.to_thread(_report, commune)
    return {"commune": report.commune, "today": report.today.isoformat(), "rows": [r.as_dict() for r in report.rows]}


@router.get("/admin/report", response_class=HTMLResponse, include_in_schema=False)
async def report_page(session: AdminDep, commune: str = "Burgdorf") -> HTMLResponse:
    report = await asyncio.to_thread(_report, commune)
    names = sorted(knowledge().communes)
    return HTMLResponse(render_page(report, names))


def render_page(report: CommuneReport, communes: List[str]) -> str:
    e = html.escape
    current = {name: ' aria-current="page"' if name == report.commune else "" for name in communes}
    links = " · ".join(
        f'<a href="/admin/report?commune={e(quote(name))}"{current[name]}>{e(name)}</a>' for name in communes
    )
    rows = []
    for row in report.rows:
        contact = ", ".join(FIELD_LABELS[c] for c in row.contact) or "–"
        stand = f"{row.stand:%d.%m.%Y}" + (" (veraltet)" if row.old else "") if row.stand else "–"
        rows.append(
            "<tr>"
            f"<td>{e(row.service)}</td>"
            f"<td>{e(row.responsible)}{'' if row.responsibility_confirmed else ' (nicht bestätigt)'}</td>"
            f"<td>{e(row.office) or '–'}</td><td>{'ja' if row.office_known else 'nein'}</td>"
            f"<td>{e(contact)}</td><td>{'ja' if row.hours else 'nein'}</td>"
            f"<td>{'ja' if row.confirmed else 'nein'}</td><td>{e(stand)}</td>"
            "</tr>"
        )
    n = len(report.rows)
    summary = (
        f"Zuständigkeit bestätigt {report.count('responsibility_confirmed')}/{n} · "
        f"Dienststelle bekannt {report.count('office_known')}/{n} · Kontakt {report.count('contact')}/{n} · "
        f"Öffnungszeiten {report.count('hours')}/{n} · von der Kommune bestätigt {report.count('confirmed')}/{n}"
    )
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        f"<title>Vollständigkeit {e(report.commune)} – Agentenkonsole</title>"
        '<link rel="stylesheet" href="/static/console.css"></head><body><main id="main">'
        f"<h1>Vollständigkeit {e(report.commune)}</h1><p>Stand {report.today:%d.%m.%Y}. {e(summary)}</p>"
        f"<nav aria-label='Kommunen'>{links}</nav>"
        "<table><thead><tr><th>Leistung</th><th>zuständig</th><th>Dienststelle</th><th>bekannt</th>"
        "<th>Kontakt</th><th>Öffnungszeiten</th><th>von der Kommune bestätigt</th><th>Stand</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></main></body></html>"
    )
