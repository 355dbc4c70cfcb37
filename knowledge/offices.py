"""The commune layer: each commune's offices with contact fields and structured opening hours.

Every field carries its sources (keys of sources.yaml) or, for imported data, its origin, and
`verified`. A field is verified only when the commune itself confirmed it (`confirmed_on`); what was
read on public pages stays unverified, and the answer says so ("laut …, Stand …, nicht von der
Kommune bestätigt"). Nothing here is invented: a field without a source is left empty (null).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Literal, Tuple

from pydantic import Field, ValidationError, root_validator, validator

from knowledge.files import KnowledgeError, explain, read_yaml
from knowledge.schema import Strict
from knowledge.sources import MAX_AGE_DAYS, SourceRef

Weekday = Literal["mo", "di", "mi", "do", "fr", "sa", "so"]
WEEKDAYS: Tuple[str, ...] = ("mo", "di", "mi", "do", "fr", "sa", "so")
CONTACT_FIELDS = ("address", "phone", "email", "appointment_url")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_ARS = re.compile(r"^\d{12}$")


class Sourced(Strict):
    """What every field has: where it comes from, its Stand, whether the commune confirmed it."""

    sources: List[str] = Field(default_factory=list)  # keys of sources.yaml
    origin: str | None = None  # instead of sources: e.g. "XZuFi-Import aus datei.xml"
    stand: dt.date | None = None  # the date of the origin; for sources it is taken from them
    verified: bool = False
    confirmed_on: dt.date | None = None  # when the commune confirmed the value
    note: str | None = None

    @root_validator(skip_on_failure=True)
    def sourced_and_confirmed(cls, values: Dict[str, object]) -> Dict[str, object]:
        if not values.get("sources") and not values.get("origin"):
            raise ValueError("give sources (keys of sources.yaml) or an origin")
        if bool(values.get("verified")) != (values.get("confirmed_on") is not None):
            raise ValueError("verified: true needs confirmed_on (the day the commune confirmed it), and only then")
        return values


class Value(Sourced):
    value: str = Field(..., min_length=3)


class Span(Strict):
    """Opening on some weekdays, e.g. Mo–Fr 8–12; optionally only in even/odd ISO weeks or the n-th weekday."""

    days: List[Weekday] = Field(..., min_items=1)
    opens: str
    closes: str
    weeks: Literal["alle", "gerade", "ungerade"] = "alle"
    nth: List[int] = Field(default_factory=list)  # e.g. [1, 3]: first and third of that weekday in the month
    appointment_only: bool = False

    @validator("opens", "closes")
    def hh_mm(cls, value: str) -> str:
        if not _TIME.match(value):
            raise ValueError("time must be HH:MM")
        return value

    @root_validator(skip_on_failure=True)
    def opens_before_closes(cls, values: Dict[str, object]) -> Dict[str, object]:
        if str(values["opens"]) >= str(values["closes"]):
            raise ValueError("opens must lie before closes")
        nth = values.get("nth")
        if isinstance(nth, list) and any(n not in range(1, 6) for n in nth):
            raise ValueError("nth counts 1 to 5")
        return values

    def time_range(self) -> Tuple[dt.time, dt.time]:
        return dt.time.fromisoformat(self.opens), dt.time.fromisoformat(self.closes)


class Closure(Strict):
    start: dt.date
    end: dt.date  # inclusive
    note: str | None = None
    source: str | None = None  # key of sources.yaml when it differs from the hours' sources


class Hours(Sourced):
    spans: List[Span] = Field(default_factory=list)
    appointment_only: bool = False  # the whole office sees visitors only with an appointment
    closures: List[Closure] = Field(default_factory=list)


class LocalOffice(Strict):
    """One office of a commune; `units` are the names responsibility.yaml uses (Bürgerbüro, Standesamt …)."""

    id: str
    name: str = Field(..., min_length=5)
    units: List[str] = Field(..., min_items=1)
    address: Value | None = None
    phone: Value | None = None
    email: Value | None = None
    appointment_url: Value | None = None
    hours: Hours | None = None
    services: List[str] = Field(default_factory=list)  # from an XZuFi Zuständigkeit: the Leistungen it handles
    xzufi_id: str | None = None

    def fields(self) -> Dict[str, Sourced | None]:
        return {**{name: getattr(self, name) for name in CONTACT_FIELDS}, "hours": self.hours}


class CommuneLayer(Strict):
    """A commune's local data: its Regionalschlüssel (when a source gives it) and its offices."""

    regionalschluessel: Value | None = None
    offices: List[LocalOffice] = Field(default_factory=list)

    @validator("regionalschluessel")
    def twelve_digits(cls, value: Value | None) -> Value | None:
        if value is not None and not _ARS.match(value.value):
            raise ValueError("Regionalschlüssel must have 12 digits")
        return value


def stand_of(item: Sourced, sources: Dict[str, SourceRef]) -> dt.date | None:
    """The date of the newest dated source (or the origin's date); None when nothing gives a date."""
    dates = [sources[k].published for k in item.sources if k in sources and sources[k].published]
    if item.stand:
        dates.append(item.stand)
    return max((d for d in dates if d is not None), default=None)


def is_old(item: Sourced, sources: Dict[str, SourceRef], today: dt.date) -> bool:
    """Older than two years, or without any date. An authority's own undated page is current, as it is for a fact
    (SourceRef.current): the page is what the office publishes now."""
    if any(sources[k].published is None and sources[k].current for k in item.sources if k in sources):
        return False
    stand = stand_of(item, sources)
    return stand is None or (today - stand).days > MAX_AGE_DAYS


@dataclass(frozen=True)
class CitationWords:
    """The words of a citation in one language; German by default. `{date}` is filled with `date_format`."""

    according: str = "laut {source}, {when}{old}{confirmed}"
    stand: str = "Stand {date}"
    undated: str = "ohne Datum"
    old: str = " (veraltet)"
    confirmed: str = ", von der Kommune bestätigt am {date}"
    unconfirmed: str = ", nicht von der Kommune bestätigt"
    date_format: Callable[[dt.date], str] = lambda day: f"{day:%d.%m.%Y}"
    month_format: Callable[[dt.date], str] = lambda day: f"{day:%m.%Y}"


def citation(item: Sourced, sources: Dict[str, SourceRef], today: dt.date, words: CitationWords | None = None) -> str:
    """ "laut HAZ, Stand 30.01.2020 (veraltet), nicht von der Kommune bestätigt" – for the answer and the console."""
    w = words or CitationWords()
    refs = [sources[k] for k in item.sources if k in sources]
    dated = sorted((r for r in refs if r.published), key=lambda r: r.published or dt.date.min)
    label = _short_title(refs[0].title) if refs else (item.origin or "Import")
    if item.stand and (not dated or (dated[-1].published or dt.date.min) <= item.stand):
        when = w.stand.format(date=w.date_format(item.stand))
    elif dated and dated[-1].published:
        newest = dated[-1].published
        when = w.stand.format(date=w.month_format(newest) if dated[-1].month_only else w.date_format(newest))
    else:
        when = w.undated
    old = w.old if is_old(item, sources, today) else ""
    confirmed = (
        w.confirmed.format(date=w.date_format(item.confirmed_on))
        if item.verified and item.confirmed_on
        else w.unconfirmed
    )
    return w.according.format(source=label, when=when, old=old, confirmed=confirmed)


def _short_title(title: str) -> str:
    return title.split(":", 1)[0].strip()


def load_offices(path: Path) -> Dict[str, CommuneLayer]:
    """offices.yaml: `communes: {Name: {regionalschluessel, offices: [..]}}`; a missing file means no layer yet."""
    if not path.exists():
        return {}
    data = read_yaml(path)
    rows = data.get("communes") if isinstance(data, dict) else None
    if not isinstance(rows, dict):
        raise KnowledgeError(f"{path}: expected 'communes: {{Name: {{offices: [..]}}}}'")
    layers: Dict[str, CommuneLayer] = {}
    for name, row in rows.items():
        try:
            layers[str(name)] = CommuneLayer(**(row or {}))
        except ValidationError as err:
            raise explain(path, err, f"commune '{name}': ") from err
        except TypeError as err:
            raise KnowledgeError(f"{path}: commune '{name}': expected a mapping") from err
    return layers


def check_offices(
    layers: Dict[str, CommuneLayer], communes: Iterable[str], services: Iterable[str], sources: Dict[str, SourceRef]
) -> List[str]:
    """Unknown communes, services or sources; office ids used twice."""
    known, service_ids = set(communes), set(services)
    problems: List[str] = []
    seen_ids: set[str] = set()
    for name, layer in layers.items():
        if name not in known:
            problems.append(f"offices: unknown commune '{name}'")
        items: List[Tuple[str, Sourced | None]] = [("regionalschluessel", layer.regionalschluessel)]
        for office in layer.offices:
            if office.id in seen_ids:
                problems.append(f"offices: id '{office.id}' used twice")
            seen_ids.add(office.id)
            problems += [
                f"office '{office.id}': unknown service '{s}'" for s in office.services if s not in service_ids
            ]
            items += [(f"{office.id}.{field}", item) for field, item in office.fields().items()]
            closures = office.hours.closures if office.hours else []
            problems += [
                f"office '{office.id}': closure cites unknown source '{c.source}'"
                for c in closures
                if c.source and c.source not in sources
            ]
        for where, item in items:
            if item is not None:
                problems += [f"offices {name}: {where}: unknown source '{k}'" for k in item.sources if k not in sources]
    return problems
