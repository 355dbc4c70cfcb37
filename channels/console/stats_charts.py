"""Plain SVG bar charts for the statistics page, drawn on the server: no script, no library, nothing fetched.

Every label is escaped; each chart has a title and a text alternative (the table below it has the figures).
"""

from __future__ import annotations

import html
from typing import List, Tuple

BLUE, ORANGE, GREY = "#003d73", "#c25700", "#6b6b6b"


def bar_chart(title: str, rows: List[Tuple[str, List[int]]], legend: List[str], unit: str = "") -> str:
    """Horizontal bars, one group per label; several values per label are drawn side by side."""
    e = html.escape
    colours = [BLUE, ORANGE, GREY]
    label_w, bar_w, bar_h, gap = 230, 420, 14, 10
    group_h = bar_h * max(len(legend), 1) + gap
    height = 40 + group_h * max(len(rows), 1) + 10
    top = max([v for _, values in rows for v in values] or [0]) or 1
    parts = [
        f'<svg class="chart" role="img" aria-label="{e(title)}" viewBox="0 0 {label_w + bar_w + 80} {height}" '
        f'width="{label_w + bar_w + 80}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{e(title)}</title>'
    ]
    for i, name in enumerate(legend):
        x = label_w + i * 160
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colours[i % 3]}"/>')
        parts.append(f'<text x="{x + 16}" y="17" font-size="13">{e(name)}</text>')
    if not rows:
        parts.append('<text x="10" y="50" font-size="14">Keine Zählwerte.</text>')
    for r, (label, values) in enumerate(rows):
        y = 34 + r * group_h
        parts.append(f'<text x="{label_w - 8}" y="{y + bar_h}" font-size="13" text-anchor="end">{e(label)}</text>')
        for i, value in enumerate(values):
            w = round(bar_w * value / top)
            by = y + i * bar_h
            parts.append(f'<rect x="{label_w}" y="{by}" width="{w}" height="{bar_h - 2}" fill="{colours[i % 3]}"/>')
            parts.append(f'<text x="{label_w + w + 4}" y="{by + bar_h - 3}" font-size="12">{value}{e(unit)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def trend_chart(title: str, points: List[Tuple[str, float | None]]) -> str:
    """A line over the months (0–100 %); a month without conversations is a gap, not a zero."""
    e = html.escape
    width, height, left, bottom = 640, 220, 50, 190
    step = (width - left - 50) / max(len(points) - 1, 1)
    parts = [
        f'<svg class="chart" role="img" aria-label="{e(title)}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{e(title)}</title>'
    ]
    for pct in (0, 50, 100):
        y = bottom - pct * 1.6
        parts.append(f'<line x1="{left}" y1="{y}" x2="{width - 10}" y2="{y}" stroke="#ccc"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4}" font-size="12" text-anchor="end">{pct} %</text>')
    xy = []
    for i, (month, value) in enumerate(points):
        x = left + i * step
        parts.append(f'<text x="{x}" y="{bottom + 20}" font-size="12" text-anchor="middle">{e(month)}</text>')
        if value is not None:
            y = bottom - value * 160
            xy.append(f"{x:.0f},{y:.0f}")
            parts.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="4" fill="{BLUE}"/>')
            label = f"{value * 100:.0f} %"
            parts.append(f'<text x="{x:.0f}" y="{y - 8:.0f}" font-size="12" text-anchor="middle">{label}</text>')
    if len(xy) > 1:
        parts.append(f'<polyline points="{" ".join(xy)}" fill="none" stroke="{BLUE}" stroke-width="2"/>')
    parts.append("</svg>")
    return "".join(parts)
