"""Which office is responsible for a service in a commune, resolved from the level.

The 100 × 21 combinations are not stored: the service's level (and, above the communes, its
authority) decides, and a commune lists the Region-level services it handles itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.schema import Office
from knowledge.store import KnowledgeBase, KnowledgeError

LEVEL_NAMES = {
    "kommune": "Stadt oder Gemeinde",
    "region": "Region Hannover",
    "land": "Land Niedersachsen",
    "bund": "Bund",
    "sonstige": "andere Stelle",
}
REGION_KEY = "region-hannover"


@dataclass(frozen=True)
class Responsibility:
    """The responsible office; contact fields stay None where the knowledge base has none."""

    service_id: str
    commune: str | None
    level: str  # the level that actually handles it, after commune exceptions
    office: Office | None  # None when the commune is unknown and the level is kommune
    note: str | None = None

    @property
    def office_name(self) -> str:
        if self.office is not None:
            return self.office.name
        return "das Bürgerbüro Ihrer Stadt oder Gemeinde"


def resolve_commune_name(kb: KnowledgeBase, name: str | None) -> str | None:
    """The canonical commune name for a name or listed spelling (case-insensitive)."""
    if not name:
        return None
    wanted = name.strip().casefold()
    for commune in kb.communes.values():
        if wanted == commune.name.casefold() or wanted in (s.casefold() for s in commune.spellings):
            return commune.name
    raise KnowledgeError(f"'{name}' is not one of the 21 communes of Region Hannover")


def responsible_office(kb: KnowledgeBase, service_id: str, commune: str | None = None) -> Responsibility:
    service = kb.service(service_id)
    name = resolve_commune_name(kb, commune)
    entry = kb.communes.get(name) if name else None
    if service.level == "kommune":
        decider = kb.authorities[service.authority].name if service.authority else None
        note = f"Den Antrag nimmt die Stadt oder Gemeinde an; entscheidet: {decider}." if decider else None
        return Responsibility(service_id, name, "kommune", entry.office if entry else None, note)
    if service.level == "region":
        if entry is not None and service_id in entry.handles_region_services:
            return Responsibility(service_id, name, "kommune", entry.office, entry.notes)
        key = service.authority or REGION_KEY
        note = None
        if entry is None and any(service_id in c.handles_region_services for c in kb.communes.values()):
            handled_by = [c.name for c in kb.communes.values() if service_id in c.handles_region_services]
            note = "In " + ", ".join(handled_by) + " ist die Stadt selbst zuständig."
        return Responsibility(service_id, name, "region", kb.authorities[key], note)
    if service.authority is None:  # load_knowledge rejects this; kept for hand-made bases
        raise KnowledgeError(f"service '{service_id}' of level {service.level} names no authority")
    return Responsibility(service_id, name, service.level, kb.authorities[service.authority])
