"""The worklist of one commune: for each Top-100 service, who is responsible, which office serves,
whether its contact and hours are filled and confirmed, and how old the data is.

The pilot communes keep "zuständige Stelle, Ansprechpartner und Erreichbarkeit" current; this is
the list they work through (text, CSV, and the console's admin page).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import asdict, dataclass, field
from typing import Dict, List

from knowledge.files import KnowledgeError
from knowledge.local import local_office
from knowledge.offices import CONTACT_FIELDS, LocalOffice, Sourced, is_old, stand_of
from knowledge.responsibility import resolve_commune_name, responsible_office
from knowledge.rules import COMMUNE
from knowledge.store import KnowledgeBase, read_top100

FIELD_LABELS = {"address": "Adresse", "phone": "Telefon", "email": "E-Mail", "appointment_url": "Termine"}


@dataclass
class ServiceRow:
    service_id: str
    service: str
    responsible: str
    responsibility_confirmed: bool
    office: str  # the office that serves, "" when none is known
    office_known: bool
    contact: List[str] = field(default_factory=list)  # filled contact fields
    hours: bool = False
    confirmed: bool = False  # every filled field confirmed by the commune
    stand: dt.date | None = None  # the oldest Stand among the filled fields
    age_days: int | None = None
    old: bool = False

    def as_dict(self) -> Dict[str, object]:
        data = asdict(self)
        data["stand"] = self.stand.isoformat() if self.stand else ""
        data["contact"] = " ".join(self.contact)
        return data


@dataclass
class CommuneReport:
    commune: str
    today: dt.date
    rows: List[ServiceRow]

    def count(self, name: str) -> int:
        return sum(bool(getattr(row, name)) for row in self.rows)

    def render(self) -> str:
        n = len(self.rows)
        lines = [
            f"Vollständigkeit {self.commune}, Stand {self.today:%d.%m.%Y}",
            f"  Zuständigkeit bestätigt: {self.count('responsibility_confirmed')}/{n}; "
            f"Dienststelle bekannt: {self.count('office_known')}/{n}; Kontakt: {self.count('contact')}/{n}; "
            f"Öffnungszeiten: {self.count('hours')}/{n}; von der Kommune bestätigt: {self.count('confirmed')}/{n}; "
            f"veraltet oder ohne Datum: {self.count('old')}/{n}",
            "",
            f"  {'Leistung':<34} {'zuständig':<40} {'Dienststelle':<6} {'Kontakt':<24} {'Zeiten':<6} "
            f"{'bestätigt':<9} Stand",
        ]
        for row in self.rows:
            contact = ", ".join(FIELD_LABELS[c] for c in row.contact) or "-"
            stand = f"{row.stand:%d.%m.%Y}" + (" (veraltet)" if row.old else "") if row.stand else "-"
            resp = row.responsible + ("" if row.responsibility_confirmed else " (?)")
            lines.append(
                f"  {row.service[:34]:<34} {resp[:40]:<40} {'ja' if row.office_known else 'nein':<6} "
                f"{contact[:24]:<24} {'ja' if row.hours else 'nein':<6} {'ja' if row.confirmed else 'nein':<9} {stand}"
            )
        lines.append("")
        lines.append("  (?) = Zuständigkeit nicht durch eine aktuelle Quelle bestätigt")
        return "\n".join(lines)

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(ServiceRow.__dataclass_fields__), lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow(row.as_dict())
        return out.getvalue()


def _filled(office: LocalOffice) -> Dict[str, Sourced]:
    return {name: item for name, item in office.fields().items() if item is not None}


def build_commune_report(kb: KnowledgeBase, commune: str, today: dt.date) -> CommuneReport:
    name = resolve_commune_name(kb, commune)
    if name is None:  # the console answers 404, the command line names it
        raise KnowledgeError(f"Unbekannte Kommune '{commune}': eine der 21 Kommunen der Region Hannover angeben")
    rows = []
    for top in read_top100():
        found = local_office(kb, top.id, name)
        resp = found.responsibility if found else responsible_office(kb, top.id, name)
        row = ServiceRow(top.id, top.name, resp.name, resp.verified, "", False)
        if found is not None and found.office is not None:
            office = found.office
            filled = _filled(office)
            row.office, row.office_known = office.name, found.exact
            row.contact = [c for c in CONTACT_FIELDS if c in filled]
            row.hours = "hours" in filled
            row.confirmed = bool(filled) and all(item.verified for item in filled.values())
            stands = [stand_of(item, kb.sources) for item in filled.values()]
            row.stand = min((s for s in stands if s), default=None)
            row.age_days = (today - row.stand).days if row.stand else None
            row.old = any(is_old(item, kb.sources, today) for item in filled.values())
        elif resp.body != COMMUNE and not resp.counter:
            row.office, row.office_known = resp.name, True  # another body; its contact is not the commune's to keep
        rows.append(row)
    return CommuneReport(name, today, rows)


@dataclass
class OfficeCounts:
    commune: str
    offices: int = 0
    with_contact: int = 0
    with_hours: int = 0
    fields: int = 0
    verified: int = 0
    unverified: int = 0
    old: int = 0


def office_counts(kb: KnowledgeBase, today: dt.date) -> List[OfficeCounts]:
    """For `kb report`: per commune, offices with contact and hours, fields verified and unverified."""
    result = []
    for name in sorted(kb.communes):
        counts = OfficeCounts(name)
        for office in kb.offices_of(name):
            filled = _filled(office)
            counts.offices += 1
            counts.with_contact += any(c in filled for c in CONTACT_FIELDS)
            counts.with_hours += "hours" in filled
            counts.fields += len(filled)
            counts.verified += sum(item.verified for item in filled.values())
            counts.unverified += sum(not item.verified for item in filled.values())
            counts.old += sum(is_old(item, kb.sources, today) for item in filled.values())
        result.append(counts)
    return result
