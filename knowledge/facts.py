"""Amounts and deadlines with their validity: the answer states the value valid on the day asked.

Fees change on fixed dates (the Personalausweis on 07.02.2026). Keeping each value with
`valid_from`, `valid_until` and its source lets a known change be entered ahead of time, keeps the
history, and lets tests ask for any day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Dict, Iterable, List, Literal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, get_decimal_symbol
from pydantic import Field, ValidationError, root_validator

from knowledge.files import KnowledgeError, explain, read_yaml
from knowledge.schema import Strict
from knowledge.sources import SourceRef

FactAspect = Literal["kosten", "frist", "dauer", "voraussetzungen", "online"]
RECENT_DAYS = 366  # a change within the last year is worth saying ("seit 07.02.2026")


class FactValue(Strict):
    """One amount (or range, or short text) under one condition, valid for a span of days."""

    amount: Decimal | None = None
    amount_max: Decimal | None = None  # with `amount`: a range, e.g. 300 bis 1.800 Euro
    text: str | None = None  # instead of an amount, e.g. "innerhalb einer Woche"
    unit: str = "Euro"
    condition: str | None = None
    valid_from: dt.date | None = None  # None: since before anything we know of
    valid_until: dt.date | None = None  # inclusive; None: open
    sources: List[str] = Field(..., min_items=1)

    @root_validator(skip_on_failure=True)
    def amount_or_text(cls, values: Dict[str, object]) -> Dict[str, object]:
        if (values.get("amount") is None) == (values.get("text") is None):
            raise ValueError("give either amount or text")
        start, end = values.get("valid_from"), values.get("valid_until")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            raise ValueError("valid_until lies before valid_from")
        return values

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def render(self, wording: FactWording | None = None) -> str:
        words = wording or GERMAN_WORDING
        if self.text is not None:
            said = words.phrase(self.text)
        elif self.amount == 0 and self.amount_max is None:
            said = words.free
        else:
            assert self.amount is not None
            said = words.amount(self.amount, self.amount_max, self.unit)
        return f"{said} {words.phrase(self.condition)}" if self.condition else said


class Fact(Strict):
    """A fee, amount or deadline of one or more services, with every value it has had or will have."""

    id: str
    services: List[str] = Field(..., min_items=1)
    aspect: FactAspect
    label: str
    legal_basis: str | None = None
    communes: List[str] = Field(default_factory=list)  # empty: everywhere; else a local value (e.g. Hundesteuer)
    values: List[FactValue] = Field(..., min_items=1)

    def valid_on(self, day: dt.date) -> List[FactValue]:
        return [v for v in self.values if v.valid_on(day)]

    def upcoming(self, day: dt.date) -> List[FactValue]:
        return [v for v in self.values if v.valid_from is not None and v.valid_from > day]


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


@dataclass
class FactWording:
    """How amounts, dates and the words around them are said in one language.

    German is the source; another language passes its phrases (knowledge/translations/<code>/_phrases.yaml)
    and its words for the fragments. A German phrase without a translation is kept and listed in `untranslated`.
    """

    locale: str = "de_DE"
    phrases: Dict[str, str] = field(default_factory=dict)
    free: str = "kostenlos"
    range: str = "{low} bis {high}"
    since: str = "(seit {date})"
    unconfirmed: str = "(nicht bestätigt, Stand {date})"
    unconfirmed_undated: str = "(nicht bestätigt, Quelle ohne Datum)"
    coming: str = "Ab {date}: {values}"
    translating: bool = False  # False: the German phrases are the text
    untranslated: List[str] = field(default_factory=list)

    @property
    def german(self) -> bool:
        """German number and date formats (also for Leichte Sprache: "37 Euro", not "37 €")."""
        return self.locale.startswith("de")

    def phrase(self, german: str) -> str:
        if not self.translating:
            return german
        said = self.phrases.get(german, "").strip()
        if not said:
            self.untranslated.append(german)
        return said or german

    def amount(self, value: Decimal, high: Decimal | None, unit: str) -> str:
        """ "37 Euro", "300 bis 1.800 Euro im Monat"; elsewhere with Babel: "€37", "€300 to €1,800"."""
        if unit == "Euro" and not self.german:
            said = self._money(value)
            return self.range.format(low=said, high=self._money(high)) if high else said
        said = self._number(value)
        if high:
            said = self.range.format(low=said, high=self._number(high))
        return f"{said} {unit if unit == 'Euro' else self.phrase(unit)}"

    def _number(self, value: Decimal) -> str:
        return _number(value) if self.german else format_decimal(value, locale=self.locale)

    def _money(self, value: Decimal) -> str:
        said = format_currency(value, "EUR", locale=self.locale)
        return said.replace(f"{get_decimal_symbol(self.locale)}00", "") if value == value.to_integral_value() else said

    def date(self, day: dt.date) -> str:
        return f"{day:%d.%m.%Y}" if self.german else format_date(day, "medium", locale=self.locale)

    def dated(self, source: SourceRef) -> str:
        """A source's own date; one dated by month only keeps only its month."""
        assert source.published is not None
        if source.month_only:
            return (
                f"{source.published:%m.%Y}"
                if self.german
                else format_date(source.published, "LLL y", locale=self.locale)
            )
        return self.date(source.published)


GERMAN_WORDING = FactWording()


def render_fact(
    fact: Fact, day: dt.date, sources: Dict[str, SourceRef], wording: FactWording | None = None
) -> str | None:
    """What the citizen hears for `day`: the valid values, since when, and a known coming change."""
    words = wording or GERMAN_WORDING
    now = fact.valid_on(day)
    if not now:
        return None
    segments: List[str] = []
    # values that changed recently come first, with "since"; the others follow in the order of the file
    recent = [s for s in dict.fromkeys(v.valid_from for v in now) if s is not None and (day - s).days <= RECENT_DAYS]
    for start in recent:
        said = "; ".join(v.render(words) for v in now if v.valid_from == start)
        segments.append(f"{said} {words.since.format(date=words.date(start))}")
    rest = [v.render(words) for v in now if v.valid_from not in recent]
    if rest:
        segments.append("; ".join(rest))
    text = f"{words.phrase(fact.label)}: " + "; ".join(segments)
    unverified = [v for v in now if not verified(v, sources)]
    if unverified:
        dates = [sources[k] for v in unverified for k in v.sources if k in sources and sources[k].published]
        newest = max(dates, key=lambda s: s.published or dt.date.min, default=None)
        if newest is None:
            text += f" {words.unconfirmed_undated}"
        else:
            label = newest.date_label if words.german or newest.published is None else words.dated(newest)
            text += f" {words.unconfirmed.format(date=label)}"
    coming = fact.upcoming(day)
    if coming:
        first = min(v.valid_from for v in coming if v.valid_from)
        values = "; ".join(v.render(words) for v in coming if v.valid_from == first)
        text += ". " + words.coming.format(date=words.date(first), values=values)
    return text + "."


def verified(value: FactValue, sources: Dict[str, SourceRef]) -> bool:
    return any(sources[k].current for k in value.sources if k in sources)


def load_facts(path: Path) -> List[Fact]:
    data = read_yaml(path)
    rows = data.get("facts") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise KnowledgeError(f"{path}: expected 'facts: [..]'")
    facts = []
    for number, row in enumerate(rows, start=1):
        try:
            facts.append(Fact(**row))
        except ValidationError as err:
            raise explain(path, err, f"fact {number}: ") from err
        except TypeError as err:
            raise KnowledgeError(f"{path}: fact {number}: expected a mapping") from err
    return facts


def check_facts(
    facts: List[Fact], services: Iterable[str], sources: Dict[str, SourceRef], communes: Iterable[str] = ()
) -> List[str]:
    """Unknown services, communes or sources, and two values for the same condition on the same day."""
    known, places = set(services), set(communes)
    problems = []
    for fact in facts:
        problems += [f"fact '{fact.id}': unknown service '{s}'" for s in fact.services if s not in known]
        problems += [f"fact '{fact.id}': unknown commune '{c}'" for c in fact.communes if places and c not in places]
        for value in fact.values:
            problems += [f"fact '{fact.id}': unknown source '{k}'" for k in value.sources if k not in sources]
        for i, first in enumerate(fact.values):
            for second in fact.values[i + 1 :]:
                if first.condition == second.condition and _overlap(first, second):
                    problems.append(f"fact '{fact.id}': two values for '{first.condition}' overlap in time")
    return problems


def _overlap(a: FactValue, b: FactValue) -> bool:
    start = max(a.valid_from or dt.date.min, b.valid_from or dt.date.min)
    end = min(a.valid_until or dt.date.max, b.valid_until or dt.date.max)
    return start <= end
