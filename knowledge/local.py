"""Which of a commune's offices serves a service: the local answer next to the shared one.

The responsible body comes from responsibility.yaml. When it is the commune itself (or a counter
in its town hall acts for the Region), the commune's office with that unit is looked up in
offices.yaml; an office that an XZuFi Zuständigkeit names for the service comes first, and the
town hall's switchboard ("Zentrale") is the fallback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List

from knowledge.offices import LocalOffice
from knowledge.responsibility import Responsibility, responsible_office
from knowledge.rules import COMMUNE
from knowledge.store import KnowledgeBase

DEFAULT_UNIT = "Bürgerbüro"
SWITCHBOARD = "Zentrale"
COUNTER_UNIT = "Zulassungsstelle"


@dataclass(frozen=True)
class LocalAnswer:
    responsibility: Responsibility
    office: LocalOffice | None
    exact: bool  # False: only the switchboard was found, not the unit itself


def wanted_units(resp: Responsibility) -> List[str]:
    """The units to look for in the commune: the responsible unit, or the counter acting for another body."""
    if resp.body == COMMUNE:
        return [resp.unit or DEFAULT_UNIT]
    if resp.counter:
        return [COUNTER_UNIT]
    return []


def local_office(kb: KnowledgeBase, service_id: str, commune: str | None) -> LocalAnswer | None:
    """The commune's office for the service; None when the commune is unknown or another body serves."""
    resp = responsible_office(kb, service_id, commune)
    if resp.commune is None:
        return None
    units = wanted_units(resp)
    if not units:
        return None
    offices = kb.offices_of(resp.commune)
    named = [o for o in offices if service_id in o.services]
    if named:
        return LocalAnswer(resp, named[0], True)
    exact = [o for o in offices if any(u in o.units for u in units)]
    if exact:
        return LocalAnswer(resp, exact[0], True)
    board = [o for o in offices if SWITCHBOARD in o.units]
    return LocalAnswer(resp, board[0] if board else None, False)
