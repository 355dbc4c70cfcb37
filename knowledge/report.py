"""Completeness report: what each service and commune record has, what is sample data, what is old.

The pilot communes must keep "zuständige Stelle, Ansprechpartner und Erreichbarkeit" of the Top 100
current (Mitteilung der Stadt Burgdorf, 2019); this report shows them what is missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Dict, List

from knowledge.commune_report import OfficeCounts, office_counts
from knowledge.offices import CONTACT_FIELDS
from knowledge.responsibility import responsible_office
from knowledge.schema import ASPECTS
from knowledge.store import KnowledgeBase

SERVICE_FIELDS = ("leika", "online_service", "official_page", "legal_basis")
OFFICE_FIELDS = (*CONTACT_FIELDS, "hours")  # filled when one of the commune's offices (offices.yaml) has it


@dataclass
class RecordStatus:
    key: str
    filled: List[str] = field(default_factory=list)
    missing: List[str] = field(default_factory=list)
    sample: bool = False
    age_days: int = 0
    confirmed: int = 0  # communes: services whose responsible office a current source confirms

    def as_dict(self) -> Dict[str, Any]:
        return self.__dict__.copy()


@dataclass
class Report:
    today: dt.date
    max_age_days: int
    services: List[RecordStatus]
    communes: List[RecordStatus]
    offices: List[OfficeCounts] = field(default_factory=list)

    @property
    def services_complete(self) -> int:
        return sum(all(a in s.filled for a in ASPECTS) for s in self.services)

    def stale(self, rows: List[RecordStatus]) -> List[RecordStatus]:
        return [r for r in rows if r.age_days > self.max_age_days]

    def as_dict(self) -> Dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "max_age_days": self.max_age_days,
            "services_with_all_aspects": self.services_complete,
            "services": [s.as_dict() for s in self.services],
            "communes": [c.as_dict() for c in self.communes],
            "offices": [o.__dict__.copy() for o in self.offices],
        }

    def render(self) -> str:
        lines = [f"Vollständigkeitsbericht, Stand {self.today:%d.%m.%Y} (veraltet ab {self.max_age_days} Tagen)"]
        lines.append("")
        lines.append(f"Leistungen: {len(self.services)}; mit allen acht Aspekten: {self.services_complete}")
        for name in ASPECTS + SERVICE_FIELDS + ("beispielfragen",):
            have = sum(name in s.filled for s in self.services)
            lines.append(f"  {name:<16} {have:>3}/{len(self.services)}")
        lines.append(_flagged("Beispieldaten (sample)", [s.key for s in self.services if s.sample]))
        lines.append(_flagged("veraltet", [s.key for s in self.stale(self.services)]))
        lines.append("")
        lines.append(f"Kommunen: {len(self.communes)}")
        lines.append(f"  {'Kommune':<24} {'Pilot':<10} {'Zuständigkeit bestätigt':<24} fehlt")
        for c in self.communes:
            pilot = "ja" if "pilot:ja" in c.filled else "nein" if "pilot:nein" in c.filled else "unbekannt"
            confirmed = f"{c.confirmed}/{len(self.services)}"
            missing = ", ".join(m for m in c.missing if m != "pilot") or "-"
            lines.append(f"  {c.key:<24} {pilot:<10} {confirmed:<24} {missing}")
        lines.append(_flagged("Beispieldaten (sample)", [c.key for c in self.communes if c.sample]))
        lines.append(_flagged("veraltet", [c.key for c in self.stale(self.communes)]))
        lines += self.render_offices()
        return "\n".join(lines)

    def render_offices(self) -> List[str]:
        total = OfficeCounts("alle")
        for counts in self.offices:
            for name in ("offices", "with_contact", "with_hours", "fields", "verified", "unverified", "old"):
                setattr(total, name, getattr(total, name) + getattr(counts, name))
        with_any = sum(c.offices > 0 for c in self.offices)
        lines = [
            "",
            f"Dienststellen (offices.yaml): {total.offices} in {with_any} von {len(self.offices)} Kommunen; "
            f"mit Kontakt {total.with_contact}, mit Öffnungszeiten {total.with_hours}; "
            f"Felder {total.fields}: von der Kommune bestätigt {total.verified}, unbestätigt {total.unverified} "
            f"(davon veraltet oder ohne Datum {total.old})",
            f"  {'Kommune':<24} {'Stellen':>7} {'Kontakt':>7} {'Zeiten':>6} {'Felder':>6} {'bestätigt':>9} "
            f"{'unbestätigt':>11} {'veraltet':>8}",
        ]
        for c in self.offices:
            lines.append(
                f"  {c.commune:<24} {c.offices:>7} {c.with_contact:>7} {c.with_hours:>6} {c.fields:>6} "
                f"{c.verified:>9} {c.unverified:>11} {c.old:>8}"
            )
        return lines


def _flagged(label: str, keys: List[str]) -> str:
    return f"  {label}: {len(keys)}" + (f" ({', '.join(keys)})" if keys else "")


def build_report(kb: KnowledgeBase, max_age_days: int, today: dt.date | None = None) -> Report:
    today = today or dt.date.today()
    services = []
    for sid in sorted(kb.services):
        service = kb.services[sid]
        status = RecordStatus(sid, sample=service.source.sample, age_days=(today - service.source.stand).days)
        for aspect in ASPECTS:
            _mark(status, aspect, bool(getattr(service.aspects, aspect).strip()))
        for name in SERVICE_FIELDS:
            _mark(status, name, bool(getattr(service, name)))
        _mark(status, "beispielfragen", bool(kb.examples.get(sid)))
        services.append(status)
    communes = []
    for name in sorted(kb.communes):
        commune = kb.communes[name]
        office = commune.office
        status = RecordStatus(name, sample=office.source.sample, age_days=(today - office.source.stand).days)
        local = kb.offices_of(name)
        for field_name in OFFICE_FIELDS:
            _mark(status, field_name, any(o.fields()[field_name] is not None for o in local))
        if commune.servicecenter_pilot is None:
            status.missing.append("pilot")
        else:
            status.filled.append("pilot:ja" if commune.servicecenter_pilot else "pilot:nein")
        status.confirmed = sum(responsible_office(kb, sid, name).verified for sid in kb.services)
        communes.append(status)
    return Report(today, max_age_days, services, communes, office_counts(kb, today))


def _mark(status: RecordStatus, name: str, present: bool) -> None:
    (status.filled if present else status.missing).append(name)
