"""Opening hours by computation: is an office open at a given moment, and when does it open next.

The moment is always passed in (Europe/Berlin); nothing here reads the clock, so tests can ask for
any day. Public holidays of Lower Saxony and the office's announced closures count as closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Dict, List, Tuple
from zoneinfo import ZoneInfo

from knowledge.offices import WEEKDAYS, Hours, Span

BERLIN = ZoneInfo("Europe/Berlin")
LOOKAHEAD_DAYS = 21
DAY_NAMES = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
SHORT = {"mo": "Mo", "di": "Di", "mi": "Mi", "do": "Do", "fr": "Fr", "sa": "Sa", "so": "So"}


def easter_sunday(year: int) -> dt.date:
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return dt.date(year, month, day + 1)


def holidays(year: int) -> Dict[dt.date, str]:
    """Public holidays in Lower Saxony (Reformationstag since 2018)."""
    easter = easter_sunday(year)
    days = {
        dt.date(year, 1, 1): "Neujahr",
        easter - dt.timedelta(days=2): "Karfreitag",
        easter + dt.timedelta(days=1): "Ostermontag",
        dt.date(year, 5, 1): "Tag der Arbeit",
        easter + dt.timedelta(days=39): "Christi Himmelfahrt",
        easter + dt.timedelta(days=50): "Pfingstmontag",
        dt.date(year, 10, 3): "Tag der Deutschen Einheit",
        dt.date(year, 12, 25): "1. Weihnachtstag",
        dt.date(year, 12, 26): "2. Weihnachtstag",
    }
    if year >= 2018:
        days[dt.date(year, 10, 31)] = "Reformationstag"
    return days


def holiday_reason(name: str) -> str:
    return f"Feiertag ({name})"


def _applies(span: Span, day: dt.date) -> bool:
    if WEEKDAYS[day.weekday()] not in span.days:
        return False
    week = day.isocalendar()[1]
    if span.weeks == "gerade" and week % 2:
        return False
    if span.weeks == "ungerade" and not week % 2:
        return False
    return not span.nth or (day.day - 1) // 7 + 1 in span.nth


def closed_reason(hours: Hours, day: dt.date) -> str | None:
    holiday = holidays(day.year).get(day)
    if holiday:
        return holiday_reason(holiday)
    for closure in hours.closures:
        if closure.start <= day <= closure.end:
            return closure.note or f"geschlossen bis {closure.end:%d.%m.%Y}"
    return None


def ranges_on(hours: Hours, day: dt.date) -> List[Tuple[dt.time, dt.time, bool]]:
    """The opening ranges of one day, sorted; empty on holidays and closures."""
    if closed_reason(hours, day):
        return []
    return sorted(
        (*span.time_range(), span.appointment_only or hours.appointment_only)
        for span in hours.spans
        if _applies(span, day)
    )


@dataclass(frozen=True)
class OpenState:
    open_now: bool
    closes_at: dt.time | None  # when open now
    next_open: dt.datetime | None  # when closed now: the next opening within LOOKAHEAD_DAYS
    next_close: dt.time | None
    appointment_only: bool
    closed_reason: str | None  # today's holiday or closure
    open_earlier_today: bool = False  # closed now, but it was open earlier today


def open_state(hours: Hours, now: dt.datetime) -> OpenState:
    """Open or closed at `now` (an aware datetime; it is read in Europe/Berlin)."""
    if now.tzinfo is None:
        raise ValueError("pass an aware datetime (Europe/Berlin)")
    local = now.astimezone(BERLIN)
    today, clock = local.date(), local.time().replace(tzinfo=None)
    earlier = any(closes <= clock for _, closes, _ in ranges_on(hours, today))
    for opens, closes, by_appointment in ranges_on(hours, today):
        if opens <= clock < closes:
            return OpenState(True, closes, None, None, by_appointment, None)
    for offset in range(LOOKAHEAD_DAYS):
        day = today + dt.timedelta(days=offset)
        for opens, closes, by_appointment in ranges_on(hours, day):
            if offset or opens > clock:
                start = dt.datetime.combine(day, opens, tzinfo=BERLIN)
                return OpenState(False, None, start, closes, by_appointment, closed_reason(hours, today), earlier)
    return OpenState(False, None, None, None, hours.appointment_only, closed_reason(hours, today), earlier)


@dataclass(frozen=True)
class HoursWords:
    """How opening hours are said in one language; German by default (`{placeholders}` are filled here)."""

    day_names: Tuple[str, ...] = DAY_NAMES
    short_names: Tuple[str, ...] = tuple(SHORT.values())
    german_clock: bool = True  # "8 Uhr", "8 bis 17 Uhr"; otherwise "8:00", "8:00–17:00"
    date: Callable[[dt.date], str] = lambda day: f"{day:%d.%m.}"
    open_until: str = "heute bis {time} geöffnet"
    none_known: str = "in den nächsten drei Wochen sind keine Öffnungszeiten bekannt"
    reopens_today: str = "jetzt geschlossen, heute wieder von {range} geöffnet"
    from_time: str = "ab {time}"
    closed_for: str = "heute geschlossen ({reason})"
    no_longer_open: str = "heute nicht mehr geöffnet"
    closed_today: str = "heute geschlossen"
    next_opening: str = "{today}, nächste Öffnung {when}, {date}, um {time}"
    tomorrow: str = "morgen"
    appointment: str = "nur mit Termin"
    even_weeks: str = "gerade Kalenderwochen"
    odd_weeks: str = "ungerade Kalenderwochen"
    nth: str = "am {nths} {day} im Monat"
    nth_except: str = "außer am {nths} {day} im Monat"
    ordinal: str = "{n}."
    and_word: str = "und"
    reason: Callable[[str], str] = lambda text: text  # a holiday or a closure note of the data, in this language

    def clock(self, value: dt.time) -> str:
        if self.german_clock:
            return clock_text(value)
        return f"{value.hour}:{value.minute:02d}"

    def range(self, opens: dt.time, closes: dt.time) -> str:
        if self.german_clock:
            return _range_text(opens, closes)
        return f"{self.clock(opens)}–{self.clock(closes)}"

    def join(self, items: List[str]) -> str:
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {self.and_word} " + items[-1]


GERMAN_HOURS = HoursWords()


def clock_text(value: dt.time) -> str:
    """8 Uhr, 15.30 Uhr – as it is read aloud."""
    return f"{value.hour} Uhr" if value.minute == 0 else f"{value.hour}.{value.minute:02d} Uhr"


def _range_text(opens: dt.time, closes: dt.time) -> str:
    return f"{clock_text(opens).removesuffix(' Uhr')} bis {clock_text(closes)}"


def state_text(state: OpenState, now: dt.datetime, words: HoursWords = GERMAN_HOURS) -> str:
    """ "heute bis 19 Uhr geöffnet", "jetzt geschlossen, heute wieder von 14 bis 18 Uhr geöffnet",
    "heute geschlossen (Feiertag …), nächste Öffnung Montag, 07.12., um 8 Uhr"."""
    local = now.astimezone(BERLIN)
    termin = f" ({words.appointment})" if state.appointment_only else ""
    if state.open_now and state.closes_at:
        return words.open_until.format(time=words.clock(state.closes_at)) + termin
    if state.next_open is None:
        return words.none_known
    start = state.next_open
    if start.date() == local.date():
        if state.next_close:
            until = words.range(start.time(), state.next_close)
        else:
            until = words.from_time.format(time=words.clock(start.time()))
        return words.reopens_today.format(range=until) + termin
    if state.closed_reason:
        today = words.closed_for.format(reason=words.reason(state.closed_reason))
    else:
        today = words.no_longer_open if state.open_earlier_today else words.closed_today
    tomorrow = start.date() == local.date() + dt.timedelta(days=1)
    when = words.tomorrow if tomorrow else words.day_names[start.weekday()]
    said = words.next_opening.format(
        today=today, when=when, date=words.date(start.date()), time=words.clock(start.time())
    )
    return said + termin


def day_ranges_text(hours: Hours, day: dt.date, words: HoursWords = GERMAN_HOURS) -> str | None:
    """The opening ranges of one date ("8 bis 12 Uhr und 14 bis 18 Uhr"), None when the office is closed then."""
    ranges = ranges_on(hours, day)
    if not ranges:
        return None
    labels = [
        words.range(opens, closes) + (f" ({words.appointment})" if by_appointment else "")
        for opens, closes, by_appointment in ranges
    ]
    return f" {words.and_word} ".join(labels)


def week_text(hours: Hours, words: HoursWords = GERMAN_HOURS) -> str:
    """The regular week, grouped: "Mo und Di 8 bis 17 Uhr, Do 8 bis 19 Uhr, Sa 10 bis 12 Uhr (ungerade Wochen)"."""
    groups: Dict[str, List[str]] = {}
    for span in hours.spans:
        opens, closes = span.time_range()
        extra = []
        if span.weeks != "alle":
            extra.append(words.even_weeks if span.weeks == "gerade" else words.odd_weeks)
        if span.nth:
            extra.append(_nth_text(span.nth, words))
        if span.appointment_only and not hours.appointment_only:
            extra.append(words.appointment)
        label = words.range(opens, closes) + (f" ({', '.join(extra)})" if extra else "")
        for day in span.days:
            groups.setdefault(day, []).append(label.replace("{day}", words.day_names[WEEKDAYS.index(day)]))
    by_text: Dict[str, List[str]] = {}
    for name, labels in sorted(groups.items(), key=lambda item: WEEKDAYS.index(item[0])):
        by_text.setdefault(f" {words.and_word} ".join(labels), []).append(name)
    parts = [f"{_days_text(days, words)} {text}" for text, days in by_text.items()]
    text = ", ".join(parts)
    return text + (f" – {words.appointment}" if hours.appointment_only else "")


def _nth_text(nth: List[int], words: HoursWords) -> str:
    """[1] -> "am 1. {day} im Monat"; [2, 3, 4, 5] -> "außer am 1. {day} im Monat" ({day} is filled in per day)."""
    missing = [n for n in range(1, 6) if n not in nth]
    if len(missing) < len(nth):
        nths = f" {words.and_word} ".join(words.ordinal.format(n=n) for n in missing)
        return words.nth_except.replace("{nths}", nths)
    return words.nth.replace("{nths}", f" {words.and_word} ".join(words.ordinal.format(n=n) for n in nth))


def _days_text(days: List[str], words: HoursWords) -> str:
    names = [words.short_names[WEEKDAYS.index(d)] for d in days]
    indices = [WEEKDAYS.index(d) for d in days]
    if len(names) > 2 and indices == list(range(indices[0], indices[-1] + 1)):
        return f"{names[0]}–{names[-1]}"
    return words.join(names)
