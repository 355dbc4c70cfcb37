"""Service hours of the Servicecenter ("Mo-Fr 08:00-18:00; Sa 09:00-12:00" or "immer"), read from the settings.

The agent console counts an agent as available only inside these hours; the handoff text names them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import List
from zoneinfo import ZoneInfo

from babel.dates import get_day_names

DAYS = ["mo", "di", "mi", "do", "fr", "sa", "so"]
ALWAYS = ("immer", "always", "24/7")
_PART = re.compile(r"^\s*(\w\w)(?:\s*-\s*(\w\w))?\s+(\d\d):(\d\d)\s*-\s*(\d\d):(\d\d)\s*$")


@dataclass(frozen=True)
class Window:
    days: frozenset[int]
    start: int  # minutes after midnight
    end: int


def parse_hours(spec: str) -> List[Window] | None:
    """None means always open; raises ValueError on a malformed spec (checked when the settings are read)."""
    if spec.strip().lower() in ALWAYS:
        return None
    windows = []
    for part in spec.split(";"):
        match = _PART.match(part.lower())
        if not match or match.group(1) not in DAYS or (match.group(2) and match.group(2) not in DAYS):
            raise ValueError(f"Servicezeiten nicht lesbar: '{part.strip()}' (Beispiel: 'Mo-Fr 08:00-18:00')")
        first = DAYS.index(match.group(1))
        last = DAYS.index(match.group(2)) if match.group(2) else first
        start = int(match.group(3)) * 60 + int(match.group(4))
        end = int(match.group(5)) * 60 + int(match.group(6))
        windows.append(Window(frozenset(range(first, last + 1)), start, end))
    return windows


def is_open(spec: str, timezone: str, now: dt.datetime | None = None) -> bool:
    windows = parse_hours(spec)
    if windows is None:
        return True
    local = (now or dt.datetime.now(dt.timezone.utc)).astimezone(ZoneInfo(timezone))
    minute = local.hour * 60 + local.minute
    return any(local.weekday() in w.days and w.start <= minute < w.end for w in windows)


def describe(spec: str, locale: str = "de_DE") -> str:
    """For the citizen: 'Mo–Fr 08:00–18:00 Uhr' in German, else with the locale's weekday names ('Mon–Fri …')."""
    if parse_hours(spec) is None:
        return "rund um die Uhr"
    if locale.startswith("de"):
        return ", ".join(re.sub(r"\s*-\s*", "–", p.strip()) + " Uhr" for p in spec.split(";"))
    names = get_day_names("abbreviated", locale=locale)
    parts = []
    for part in spec.split(";"):
        match = _PART.match(part.lower())
        assert match is not None  # parse_hours has checked every part
        days = names[DAYS.index(match.group(1))]
        if match.group(2):
            days += "–" + names[DAYS.index(match.group(2))]
        parts.append(f"{days} {match.group(3)}:{match.group(4)}–{match.group(5)}:{match.group(6)}")
    return ", ".join(parts)
