"""Amounts and deadlines with their validity: the answer states the value valid on the day asked.

Fees change on fixed dates (the Personalausweis on 07.02.2026). Keeping each value with
`valid_from`, `valid_until` and its source lets a known change be entered ahead of time, keeps the
history, and lets tests ask for any day.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Dict, Iterable, List, Literal

from pydantic import Field, ValidationError, root_validator

from knowledge.files import KnowledgeError, explain, read_yaml
from knowledge.schema import Strict
from knowledge.sources import SourceRef

FactAspect = Literal["kosten", "frist", "dauer", "voraussetzungen"]
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

    def render(self) -> str:
        if self.text is not None:
            said = self.text
        elif self.amount == 0 and self.amount_max is None:
            said = "kostenlos"
        else:
            said = _number(self.amount) + (f" bis {_number(self.amount_max)}" if self.amount_max else "")
            said += f" {self.unit}"
        return f"{said} {self.condition}" if self.condition else said


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


def render_fact(fact: Fact, day: dt.date, sources: Dict[str, SourceRef]) -> str | None:
    """What the citizen hears for `day`: the valid values, since when, and a known coming change."""
    now = fact.valid_on(day)
    if not now:
        return None
    segments: List[str] = []
    for start in dict.fromkeys(v.valid_from for v in now):  # in the order of the file
        said = "; ".join(v.render() for v in now if v.valid_from == start)
        recent = start is not None and (day - start).days <= RECENT_DAYS
        segments.append(f"{said} (seit {start:%d.%m.%Y})" if recent and start else said)
    text = f"{fact.label}: " + "; ".join(segments)
    unverified = [v for v in now if not verified(v, sources)]
    if unverified:
        dates = [sources[k] for v in unverified for k in v.sources if k in sources and sources[k].published]
        newest = max(dates, key=lambda s: s.published or dt.date.min, default=None)
        text += f" (nicht bestätigt, Stand {newest.date_label if newest else 'ohne Datum'})"
    coming = fact.upcoming(day)
    if coming:
        first = min(v.valid_from for v in coming if v.valid_from)
        text += f". Ab {first:%d.%m.%Y}: " + "; ".join(v.render() for v in coming if v.valid_from == first)
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
