"""The day a question about opening hours asks for: "mittwochs", "am Samstag", "morgen", "on Friday".

Without one, the answer says whether the office is open now and gives the regular week; with one, it also says
the hours of that date, computed from the structured hours (holidays and closures included).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Sequence

_GERMAN = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
_ENGLISH = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_OFFSETS = (
    (re.compile(r"\b(übermorgen|day after tomorrow)\b", re.IGNORECASE), 2),
    (re.compile(r"\b(morgen|tomorrow|demain|yarın|завтра|غدا|غداً)\b", re.IGNORECASE), 1),
)
# "morgen" is also the morning: "am Morgen", "morgens", "Guten Morgen" do not ask for tomorrow
_MORNING = re.compile(r"\b(am|jeden|guten|heute) morgen\b", re.IGNORECASE)


@dataclass(frozen=True)
class AskedDay:
    weekday: int | None = None  # Monday = 0
    offset: int | None = None  # days from today

    def date_from(self, today: dt.date) -> dt.date:
        """The date meant: the next such weekday from today on (today included), or today plus the offset."""
        if self.weekday is not None:
            return today + dt.timedelta(days=(self.weekday - today.weekday()) % 7)
        return today + dt.timedelta(days=self.offset or 0)


def asked_day(text: str, day_names: Sequence[str] = ()) -> AskedDay | None:
    """The weekday or day named in the message; `day_names`: the seven names in the citizen's language."""
    lowered = text.casefold()
    for names in (_GERMAN, _ENGLISH, tuple(n.casefold() for n in day_names)):
        for index, name in enumerate(names):
            if name and re.search(rf"(?<!\w){re.escape(name)}s?(?!\w)", lowered):
                return AskedDay(weekday=index)
    if re.search(r"\bsonnabends?\b", lowered):
        return AskedDay(weekday=5)
    for pattern, offset in _OFFSETS:
        if pattern.search(lowered) and not (offset == 1 and _MORNING.search(lowered)):
            return AskedDay(offset=offset)
    return None
