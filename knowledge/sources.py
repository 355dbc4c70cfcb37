"""The sources that facts and responsibilities cite: what was read, where, and how old it is.

A source verifies something only while it is current: law text or an authority's own undated page
(read as it stands), or any source dated at most two years before it was read. Older items, press
above all, may be kept as hints but never make an entry verified.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Dict, Literal

from pydantic import BaseModel, Extra, Field, HttpUrl, ValidationError, root_validator

from knowledge.files import KnowledgeError, explain, read_yaml

MAX_AGE_DAYS = 730
Kind = Literal["amtlich", "recht", "presse", "sonstige"]
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class SourceRef(BaseModel):
    """One page or text that was seen; `published` may be a day or, as the source gives it, a month."""

    title: str = Field(..., min_length=5)
    url: HttpUrl
    kind: Kind
    published: dt.date | None = None
    month_only: bool = False  # the source gives only month and year
    seen: dt.date
    note: str | None = None

    class Config:
        extra = Extra.forbid
        anystr_strip_whitespace = True

    @root_validator(pre=True)
    def month_dates(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        raw = values.get("published")
        match = _MONTH.match(raw) if isinstance(raw, str) else None
        if match:
            values["published"] = dt.date(int(match[1]), int(match[2]), 1)
            values["month_only"] = True
        return values

    @property
    def current(self) -> bool:
        """True when this source may verify an entry (see the module docstring)."""
        if self.published is None:
            return self.kind in ("amtlich", "recht")
        return (self.seen - self.published).days <= MAX_AGE_DAYS

    @property
    def date_label(self) -> str:
        if self.published is None:
            return "ohne Datum"
        return f"{self.published:%m.%Y}" if self.month_only else f"{self.published:%d.%m.%Y}"

    def citation(self) -> str:
        dated = f", {self.date_label}" if self.published else ""
        return f"{self.title}{dated} – {self.url}"


def load_sources(path: Path) -> Dict[str, SourceRef]:
    """All sources of `path`, keyed; the error names the key and the field."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}: expected a mapping of source keys")
    sources: Dict[str, SourceRef] = {}
    for key, value in data.items():
        try:
            source = SourceRef(**value)
        except ValidationError as err:
            raise explain(path, err, f"source '{key}': ") from err
        except TypeError as err:
            raise KnowledgeError(f"{path}: source '{key}': expected a mapping") from err
        if source.seen > dt.date.today():
            raise KnowledgeError(f"{path}: source '{key}': seen date lies in the future")
        sources[str(key)] = source
    return sources
