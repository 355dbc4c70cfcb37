"""Responsibility as data: the rules of responsibility.yaml and their checks.

Who handles a service differs between the 21 communes (own Bauaufsicht, own Jugendamt, the city of
Hannover's own authorities, town-hall counters that act for the Region). Keeping that as reviewed,
sourced data instead of code special cases lets a commune correct it without a programmer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Iterable, List

from pydantic import Field, ValidationError

from knowledge.files import KnowledgeError, explain, read_yaml
from knowledge.schema import Commune, Office, Strict
from knowledge.sources import SourceRef

COMMUNE = "kommune"  # body: the commune's own administration (its office in communes.yaml)


class Counter(Strict):
    """A place that takes applications on behalf of the responsible body, e.g. a Kfz counter."""

    text: str = Field(..., min_length=10)
    verified: bool = False
    sources: List[str] = Field(default_factory=list)


class Entry(Strict):
    """Who handles a service: the body, the unit there, whether a current source confirms it."""

    body: str
    unit: str | None = None
    verified: bool = False
    sources: List[str] = Field(default_factory=list)
    note: str | None = None
    counter: Counter | None = None


class Override(Entry):
    communes: List[str] = Field(..., min_items=1)


class Rule(Strict):
    """Services that share one responsibility pattern, with the communes where it differs."""

    services: List[str] = Field(..., min_items=1)
    unit: str | None = None
    default: Entry
    overrides: List[Override] = Field(default_factory=list)

    def entry_for(self, commune: str) -> Entry:
        for override in self.overrides:
            if commune in override.communes:
                return override
        return self.default

    @property
    def entries(self) -> List[Entry]:
        return [self.default, *self.overrides]

    def unit_of(self, entry: Entry) -> str | None:
        return entry.unit or self.unit


def load_rules(path: Path) -> List[Rule]:
    data = read_yaml(path)
    rows = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise KnowledgeError(f"{path}: expected 'rules: [..]'")
    rules = []
    for number, row in enumerate(rows, start=1):
        try:
            rules.append(Rule(**row))
        except ValidationError as err:
            raise explain(path, err, f"rule {number}: ") from err
        except TypeError as err:
            raise KnowledgeError(f"{path}: rule {number}: expected a mapping") from err
    return rules


def check_rules(
    rules: List[Rule],
    services: Iterable[str],
    communes: Dict[str, Commune],
    authorities: Dict[str, Office],
    sources: Dict[str, SourceRef],
) -> List[str]:
    """Problems that make the rules unusable: every service covered once, every name known,
    every verified entry backed by a current source."""
    problems: List[str] = []
    covered: Dict[str, int] = {}
    for number, rule in enumerate(rules, start=1):
        where = f"rule {number} ({rule.services[0]})"
        for sid in rule.services:
            covered[sid] = covered.get(sid, 0) + 1
        seen_communes: List[str] = []
        for entry in rule.entries:
            problems += _check_entry(entry, where, authorities, sources)
            for name in getattr(entry, "communes", []):
                if name not in communes:
                    problems.append(f"{where}: unknown commune '{name}'")
                if name in seen_communes:
                    problems.append(f"{where}: commune '{name}' in two overrides")
                seen_communes.append(name)
    for sid in services:
        if covered.get(sid, 0) != 1:
            problems.append(f"service '{sid}' is covered by {covered.get(sid, 0)} rules, expected 1")
    problems += [f"rules name unknown service '{sid}'" for sid in covered if sid not in set(services)]
    return problems


def _check_entry(entry: Entry, where: str, authorities: Dict[str, Office], sources: Dict[str, SourceRef]) -> List[str]:
    problems = []
    if entry.body != COMMUNE and entry.body not in authorities:
        problems.append(f"{where}: unknown body '{entry.body}'")
    for label, verified, keys in _claims(entry):
        missing = [k for k in keys if k not in sources]
        problems += [f"{where}: unknown source '{k}'" for k in missing]
        if verified and not any(sources[k].current for k in keys if k in sources):
            problems.append(f"{where}: {label} is marked verified but cites no current source")
    return problems


def _claims(entry: Entry) -> List[tuple[str, bool, List[str]]]:
    claims = [("entry", entry.verified, entry.sources)]
    if entry.counter is not None:
        claims.append(("counter", entry.counter.verified, entry.counter.sources))
    return claims
