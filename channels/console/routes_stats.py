"""Admin statistics page `/admin/stats?month=YYYY-MM` and `/api/admin/stats`: the figures of `servicecenter
stats` (same computation, channels/console/stats_report.py), with SVG charts per commune, the containment
trend and the top services. Admin role only; counts only, so nothing here is personal.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import re
from typing import Annotated, Any, Dict, List

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from actions.stats_store import StatsStore, month_of, open_stats
from channels.console.routes_admin import AdminDep
from channels.console.stats_charts import bar_chart, trend_chart
from channels.console.stats_finance import load_config, render_finance
from channels.console.stats_report import MonthFigures, month_figures, render_lines

router = APIRouter()
TREND_MONTHS = 6


def get_stats(request: Request) -> StatsStore:
    return open_stats(request.app.state.settings.handoff_db_url)


StatsDep = Annotated[StatsStore, Depends(get_stats)]


def _month(month: str | None) -> str:
    month = month or month_of(dt.datetime.now(dt.timezone.utc))
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise HTTPException(status_code=422, detail="Monat als JJJJ-MM angeben")
    return month


def months_before(month: str, n: int) -> List[str]:
    year, mon = map(int, month.split("-"))
    out = []
    for _ in range(n):
        out.append(f"{year:04d}-{mon:02d}")
        year, mon = (year - 1, 12) if mon == 1 else (year, mon - 1)
    return out[::-1]


def _figures(stats: StatsStore, month: str) -> List[MonthFigures]:
    months = months_before(month, TREND_MONTHS)
    counts = stats.counts(months)
    return [month_figures(m, counts) for m in months]


@router.get("/api/admin/stats")
async def stats_json(
    session: AdminDep, stats: StatsDep, month: Annotated[str | None, Query()] = None
) -> Dict[str, Any]:
    figures = (await asyncio.to_thread(_figures, stats, _month(month)))[-1]
    communes = [
        {"kommune": f.kommune, **dict(f.counts), "contained": f.contained, "services": dict(f.services)}
        for f in figures.communes.values()
    ]
    return {"month": figures.month, "communes": communes, "feedback_counted": figures.feedback_counted}


@router.get("/admin/stats", response_class=HTMLResponse, include_in_schema=False)
async def stats_page(session: AdminDep, stats: StatsDep, month: Annotated[str | None, Query()] = None) -> HTMLResponse:
    series = await asyncio.to_thread(_figures, stats, _month(month))
    known = await asyncio.to_thread(stats.months)
    return HTMLResponse(render_stats_page(series, known, render_finance(series[-1], load_config())))


def render_stats_page(series: List[MonthFigures], known_months: List[str], finance: List[str]) -> str:
    e = html.escape
    figures = series[-1]
    nav = " · ".join(
        f'<a href="/admin/stats?month={m}"{" aria-current=page" if m == figures.month else ""}>{m}</a>'
        for m in sorted({*known_months, figures.month})
    )
    per_commune = bar_chart(
        f"Gespräche je Kommune {figures.month}",
        [(f.kommune, [f.counts["conversations"], f.counts["handed_over"]]) for f in figures.communes.values()],
        ["Gespräche", "davon übergeben"],
    )
    trend = trend_chart("Anteil ohne Übergabe (alle Kommunen)", [(s.month, s.total.containment) for s in series])
    top = figures.total.services.most_common(10)
    services = bar_chart(f"Häufigste Leistungen {figures.month}", [(k, [n]) for k, n in top], ["Antworten"])
    lines = render_lines(figures)
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        f"<title>Statistik {e(figures.month)} – Agentenkonsole</title>"
        '<link rel="stylesheet" href="/static/console.css"></head><body><main id="main" class="stats">'
        f"<h1>Statistik {e(figures.month)}</h1>"
        "<p>Nur Zählwerte je Kommune, Kanal und Sprache: keine Texte, keine Absender.</p>"
        f"<nav aria-label='Monate'>{nav}</nav>"
        f"<h2>Gespräche je Kommune</h2>{per_commune}"
        f"<h2>Anteil ohne Übergabe, letzte {TREND_MONTHS} Monate</h2>{trend}"
        f"<h2>Häufigste Leistungen</h2>{services}"
        f'<h2>Zahlen (wie <code>servicecenter stats</code>)</h2><pre class="pre">{e(chr(10).join(lines))}</pre>'
        f'<h2>Kostenaufteilung</h2><pre class="pre">{e(chr(10).join(finance))}</pre>'
        "</main></body></html>"
    )
