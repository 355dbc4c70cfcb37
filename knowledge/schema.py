"""The knowledge base's record types.

Every record carries its source and Stand date; `sample` marks data that only shows the shape
and must be replaced by a commune's own data before it is relied on.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Dict, List, Literal

from pydantic import BaseModel, Extra, Field, HttpUrl, validator

Level = Literal["kommune", "region", "land", "bund", "sonstige"]

ASPECTS: tuple[str, ...] = (
    "unterlagen",
    "kosten",
    "dauer",
    "frist",
    "online",
    "voraussetzungen",
    "zustaendigkeit",
    "oeffnungszeiten",
)

ASPECT_LABELS: Dict[str, str] = {
    "unterlagen": "Unterlagen",
    "kosten": "Kosten",
    "dauer": "Dauer",
    "frist": "Fristen",
    "online": "Online-Antrag",
    "voraussetzungen": "Voraussetzungen",
    "zustaendigkeit": "Zuständigkeit",
    "oeffnungszeiten": "Öffnungszeiten",
}

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_LEIKA = re.compile(r"^\d{14}$")


class Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        anystr_strip_whitespace = True


class Aspects(Strict):
    """The eight things citizens ask about a service, as short texts for chat and voice."""

    unterlagen: str = Field(..., min_length=20, max_length=700)
    kosten: str = Field(..., min_length=20, max_length=700)
    dauer: str = Field(..., min_length=20, max_length=700)
    frist: str = Field(..., min_length=20, max_length=700)
    online: str = Field(..., min_length=20, max_length=700)
    voraussetzungen: str = Field(..., min_length=20, max_length=700)
    zustaendigkeit: str = Field(..., min_length=20, max_length=700)
    oeffnungszeiten: str = Field(..., min_length=20, max_length=700)


class Link(Strict):
    title: str = Field(..., min_length=3)
    url: HttpUrl


class Source(Strict):
    """Where a record's facts come from and when they were last checked."""

    title: str = Field(..., min_length=3)
    url: HttpUrl | None = None
    stand: dt.date
    sample: bool = False

    @validator("stand")
    def not_in_future(cls, value: dt.date) -> dt.date:
        if value > dt.date.today():
            raise ValueError("Stand date lies in the future")
        return value


class Service(Strict):
    """One of the Top-100 services."""

    id: str
    name: str = Field(..., min_length=3)
    category: str
    level: Level
    leika: str | None = None
    leika_source: str | None = None  # key of sources.yaml where the Leistungsschlüssel was read
    authority: str | None = None  # key in authorities.yaml, for level land/bund/sonstige
    search_terms: List[str] = Field(..., min_items=3)
    summary: str = Field(..., min_length=40, max_length=600)
    aspects: Aspects
    online_service: Link | None = None
    official_page: Link | None = None
    legal_basis: List[str] = Field(default_factory=list)
    source: Source
    references: List[str] = Field(default_factory=list)  # keys of sources.yaml behind corrected texts
    # the citizen reports a nuisance or damage caused by others here (noise, dumped waste, a broken lamp):
    # a complaint about such a matter is this service, not a complaint about the administration
    reports_a_problem: bool = False

    @validator("id")
    def id_is_slug(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("id must be lowercase words joined by '-'")
        return value

    @validator("leika")
    def leika_has_14_digits(cls, value: str | None) -> str | None:
        if value is not None and not _LEIKA.match(value):
            raise ValueError("LeiKa key must have 14 digits")
        return value

    @validator("search_terms", each_item=True)
    def term_not_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("empty search term")
        return value


class Office(Strict):
    """A place that handles services: a commune's Bürgerbüro, the Region, a Land or Bund agency."""

    name: str
    website: HttpUrl | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    opening_hours: str | None = None
    level: Level | None = None  # for authorities: the level they stand for
    source: Source


class Commune(Strict):
    name: str
    kind: Literal["Stadt", "Gemeinde", "Landeshauptstadt"]
    spellings: List[str] = Field(default_factory=list)
    website: HttpUrl | None = None
    servicecenter_pilot: bool | None = None  # None: not known, the commune must say
    office: Office
    notes: str | None = None

    @property
    def title(self) -> str:
        """The commune as an authority: "Stadt Lehrte", "Landeshauptstadt Hannover"."""
        return f"{self.kind} {self.name}"
