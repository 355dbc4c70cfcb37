"""The answer for a service: one aspect, or an overview with aspect buttons; always sourced.

Form: the concrete fact first (the fee valid today, the deadline, the responsible office), then at
most about three sentences, then the source line with its Stand date. The phone reads the first
sentences only, so the fact must come first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Dict, List
from zoneinfo import ZoneInfo

from actions.local_answer import hours_known, local_lines
from actions.sentences import first_sentences
from knowledge.facts import Fact, render_fact
from knowledge.responsibility import Responsibility, depends_on_commune, responsible_office
from knowledge.schema import ASPECT_LABELS, ASPECTS, Service
from knowledge.sources import SourceRef
from knowledge.store import KnowledgeBase

COMMUNE_ASPECTS = ("zustaendigkeit", "oeffnungszeiten")
BERLIN = ZoneInfo("Europe/Berlin")
MAX_SENTENCES = 3  # after the lead fact


@dataclass
class Reply:
    text: str
    buttons: List[Dict[str, Any]] = field(default_factory=list)


def source_line(service: Service, cited: SourceRef | None = None) -> str:
    """The source of the lead fact when there is one (with its own date), else the service record's."""
    if cited is not None:
        dated = f" ({cited.date_label})" if cited.published else ""
        return f"Quelle: {cited.title}{dated} – {cited.url}, Stand {cited.seen:%d.%m.%Y}"
    link = service.official_page or service.online_service
    where = f" – {link.url}" if link else ""
    sample = " (Beispieldaten)" if service.source.sample else ""
    return f"Quelle: {service.source.title}{where}, Stand {service.source.stand:%d.%m.%Y}{sample}"


def office_line(kb: KnowledgeBase, service_id: str, kommune: str | None) -> str:
    """Who is responsible, from the sourced rules; unconfirmed entries name whom to ask instead."""
    resp = responsible_office(kb, service_id, kommune)
    if resp.varies:
        return _varies_line(resp)
    place = f" für {resp.commune}" if resp.commune else ""
    website = f" ({resp.office.website})" if resp.office and resp.office.website else ""
    if not resp.verified:
        line = f"Wer{place} zuständig ist, ist hier nicht bestätigt. Ansprechpartner: {resp.name}{website}"
        line += " oder die Behördennummer 115."
    elif resp.commune or resp.office:
        line = f"Zuständig{place}: {resp.name}{website}."
    else:
        line = f"Zuständig ist {resp.name}."
    if resp.note:
        line += f" {resp.note}"
    if resp.counter:
        line += f" Vor Ort: {resp.counter}" + ("." if resp.counter_verified else " (nicht bestätigt).")
    return line


def _varies_line(resp: Responsibility) -> str:
    *special, rest = resp.groups
    parts = [f"{group.name} (für {_names(group.communes)})" for group in special]
    line = "Zuständig ist je nach Wohnort " + ", ".join(parts) + f", sonst {rest.name}."
    if not resp.verified:
        line += " Das ist nicht für alle Kommunen bestätigt; fragen Sie im Zweifel unter der Behördennummer 115 nach."
    return line


def _names(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " und " + names[-1]


def commune_matters(kb: KnowledgeBase, service_id: str) -> bool:
    """True when the responsible office differs between communes."""
    return depends_on_commune(kb, service_id)


def fact_lines(kb: KnowledgeBase, service_id: str, aspect: str, day: dt.date, commune: str | None = None) -> List[str]:
    """The amounts and deadlines of this aspect valid on `day`, with the commune's local values."""
    lines = (render_fact(fact, day, kb.sources) for fact in kb.facts_for(service_id, aspect, commune))
    return [line for line in lines if line]


def compose_answer(
    kb: KnowledgeBase,
    service_id: str,
    aspect: str | None,
    kommune: str | None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Reply:
    """The answer at the moment `now` (Europe/Berlin); with only `today`, no "open now" is computed.

    The clock is read here, at the entry, and only when neither is given; everything below gets it passed.
    """
    if now is None and today is None:
        now = dt.datetime.now(BERLIN)
    day = now.astimezone(BERLIN).date() if now is not None else today
    assert day is not None
    service = kb.service(service_id)
    if aspect not in ASPECTS:
        summary = first_sentences(service.summary, MAX_SENTENCES)
        local = local_lines(kb, service_id, kommune, day, now, with_hours=False)
        parts = [f"{service.name}: {summary}", office_line(kb, service_id, kommune), *local, source_line(service)]
        return Reply("\n".join(parts), aspect_buttons())
    assert aspect is not None
    text = getattr(service.aspects, aspect)
    facts = fact_lines(kb, service_id, aspect, day, kommune)
    office = aspect in COMMUNE_ASPECTS or bool(kommune and depends_on_commune(kb, service_id))
    cited = _cited(kb, kb.facts_for(service_id, aspect, kommune), day)
    local = local_lines(kb, service_id, kommune, day, now, with_hours=aspect == "oeffnungszeiten") if office else []
    if facts:
        parts = [f"{service.name} – {facts[0]}", *facts[1:], first_sentences(text, MAX_SENTENCES)]
    elif aspect == "zustaendigkeit":
        resp = responsible_office(kb, service_id, kommune)
        parts = [f"{service.name} – {office_line(kb, service_id, kommune)}", *local, first_sentences(text, 2)]
        office, local, cited = False, [], next((s for s in resp.sources if s.current), None)
    elif aspect == "oeffnungszeiten" and local:
        general = [] if hours_known(kb, service_id, kommune) else [first_sentences(text, 2)]
        parts = [f"{service.name} – {local[0]}", *local[1:], *general]
        office, local = False, []
    else:
        parts = [f"{service.name} – {ASPECT_LABELS[aspect]}: {first_sentences(text, MAX_SENTENCES + 1)}"]
    if office:
        parts.append(office_line(kb, service_id, kommune))
        parts += local
    if aspect == "online" and service.online_service:
        parts.append(f"Online: {service.online_service.title} – {service.online_service.url}")
    parts.append(source_line(service, cited))
    return Reply("\n".join(parts), aspect_buttons(exclude=aspect, limit=4))


def _cited(kb: KnowledgeBase, facts: List[Fact], day: dt.date) -> SourceRef | None:
    """The first current source behind the values the answer states."""
    keys = [k for fact in facts for value in fact.valid_on(day) for k in value.sources]
    return next((kb.sources[k] for k in keys if kb.sources[k].current), None)


def aspect_buttons(exclude: str | None = None, limit: int = len(ASPECTS)) -> List[Dict[str, Any]]:
    aspects = [a for a in ASPECTS if a != exclude][:limit]
    return [{"title": ASPECT_LABELS[a], "payload": f'/inform{{"aspect":"{a}"}}'} for a in aspects]
