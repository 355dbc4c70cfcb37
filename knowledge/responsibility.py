"""Which office is responsible for a service in a commune, read from responsibility.yaml.

No commune special cases live in code: the rules name the body per commune with their sources, and
an unverified entry is reported as such so that the answer names whom to ask instead of asserting.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Dict, List, Tuple

from knowledge.rules import COMMUNE, Entry, Rule
from knowledge.schema import Office
from knowledge.sources import SourceRef
from knowledge.store import KnowledgeBase, KnowledgeError


@dataclass(frozen=True)
class Group:
    """Communes that share one responsible body, for answers without a known commune."""

    name: str
    communes: Tuple[str, ...]
    commune_itself: bool = False  # the name says "the commune itself (unit)", in German
    unit: str | None = None


@dataclass(frozen=True)
class Responsibility:
    """The responsible body; `office` carries its contact fields (None: the commune is not known)."""

    service_id: str
    commune: str | None
    body: str  # "kommune" or a key of authorities.yaml
    level: str
    name: str  # what the citizen hears: "Stadt Lehrte – Bürgerbüro im Rathaus", "Region Hannover – Bauaufsicht"
    office: Office | None
    verified: bool
    sources: Tuple[SourceRef, ...] = ()
    note: str | None = None  # a German remark of the rules file
    decided_by: str | None = None  # the authority that decides when the commune only takes the application
    counter: str | None = None
    counter_verified: bool = False
    unit: str | None = None  # the unit at the body (Bürgerbüro, Standesamt …), to find the commune's office
    groups: Tuple[Group, ...] = ()  # set when the commune is unknown and the body differs between communes

    @property
    def office_name(self) -> str:
        return self.name

    @property
    def generic(self) -> bool:
        """The name says "the <unit> of your commune", in German: the commune is not known."""
        return self.body == COMMUNE and self.commune is None

    @property
    def varies(self) -> bool:
        return len(self.groups) > 1


def resolve_commune_name(kb: KnowledgeBase, name: str | None) -> str | None:
    """The canonical commune name for a name or listed spelling (case-insensitive)."""
    if not name:
        return None
    wanted = name.strip().casefold()
    for commune in kb.communes.values():
        if wanted == commune.name.casefold() or wanted in (s.casefold() for s in commune.spellings):
            return commune.name
    raise KnowledgeError(f"'{name}' is not one of the 21 communes of Region Hannover")


def rule_for(kb: KnowledgeBase, service_id: str) -> Rule:
    kb.service(service_id)  # unknown ids raise here
    for rule in kb.rules:
        if service_id in rule.services:
            return rule
    raise KnowledgeError(f"no responsibility rule for service '{service_id}'")


def depends_on_commune(kb: KnowledgeBase, service_id: str) -> bool:
    """True when knowing the commune changes the answer: the commune itself or a commune exception."""
    rule = rule_for(kb, service_id)
    return any(entry.body == COMMUNE for entry in rule.entries) or bool(rule.overrides)


def responsible_office(kb: KnowledgeBase, service_id: str, commune: str | None = None) -> Responsibility:
    rule = rule_for(kb, service_id)
    name = resolve_commune_name(kb, commune)
    if name is not None:
        return _resolve(kb, rule, service_id, name, rule.entry_for(name))
    groups = _groups(kb, rule)
    entry = rule.default
    resolved = _resolve(kb, rule, service_id, None, entry)
    if len(groups) == 1:
        return resolved
    verified = all(e.verified for e in rule.entries)
    sources = tuple(s for e in rule.entries for s in _sources(kb, e.sources))
    return Responsibility(
        service_id, None, entry.body, resolved.level, resolved.name, None, verified, sources, groups=groups
    )


def _resolve(kb: KnowledgeBase, rule: Rule, service_id: str, commune: str | None, entry: Entry) -> Responsibility:
    unit = rule.unit_of(entry)
    office, name, level = _body(kb, entry.body, unit, commune)
    counter = entry.counter
    note = entry.note
    decider = kb.service(service_id).authority  # the service record names who decides on the application
    decided_by = kb.authorities[decider].name if note is None and entry.body == COMMUNE and decider else None
    return Responsibility(
        service_id=service_id,
        commune=commune,
        body=entry.body,
        level=level,
        name=name,
        office=office,
        verified=entry.verified,
        sources=_sources(kb, entry.sources),
        note=note,
        decided_by=decided_by,
        counter=counter.text if counter else None,
        counter_verified=bool(counter and counter.verified),
        unit=unit,
    )


def _body(kb: KnowledgeBase, body: str, unit: str | None, commune: str | None) -> Tuple[Office | None, str, str]:
    if body != COMMUNE:
        authority = kb.authorities[body]
        return authority, f"{authority.name} – {unit}" if unit else authority.name, authority.level or "sonstige"
    if commune is None:
        return None, f"{_article(unit)} {unit or 'Verwaltung'} Ihrer Stadt oder Gemeinde", "kommune"
    entry = kb.communes[commune]
    if unit in (None, "Bürgerbüro"):
        return entry.office, entry.office.name, "kommune"
    return entry.office, f"{entry.title} – {unit}", "kommune"


def _article(unit: str | None) -> str:
    return "das" if unit and unit.endswith(("amt", "büro")) else "die"


def _groups(kb: KnowledgeBase, rule: Rule) -> Tuple[Group, ...]:
    by_who: Dict[Tuple[str, str | None], List[str]] = defaultdict(list)
    for name in kb.communes:
        entry = rule.entry_for(name)
        by_who[(entry.body, rule.unit_of(entry))].append(name)
    groups = []
    for (body, unit), names in sorted(by_who.items(), key=lambda item: len(item[1])):
        itself = body == COMMUNE and len(names) > 1
        if body == COMMUNE:
            label = "die Stadt oder Gemeinde selbst" + (f" ({unit})" if unit else "")
            label = label if itself else _body(kb, body, unit, names[0])[1]
        else:
            label = _body(kb, body, unit, None)[1]
        groups.append(Group(label, tuple(names), itself, unit))
    return tuple(groups)


def _sources(kb: KnowledgeBase, keys: List[str]) -> Tuple[SourceRef, ...]:
    return tuple(kb.sources[k] for k in keys)
