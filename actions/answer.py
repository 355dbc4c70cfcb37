"""The answer for a service: one aspect, or an overview with aspect buttons; always sourced."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List

from knowledge.responsibility import responsible_office
from knowledge.schema import ASPECT_LABELS, ASPECTS, Service
from knowledge.store import KnowledgeBase

COMMUNE_ASPECTS = ("zustaendigkeit", "oeffnungszeiten")


@dataclass
class Reply:
    text: str
    buttons: List[Dict[str, Any]] = field(default_factory=list)


def source_line(service: Service) -> str:
    link = service.official_page or service.online_service
    where = f" – {link.url}" if link else ""
    sample = " (Beispieldaten)" if service.source.sample else ""
    return f"Quelle: {service.source.title}{where}, Stand {service.source.stand:%d.%m.%Y}{sample}"


def office_line(kb: KnowledgeBase, service_id: str, kommune: str | None) -> str:
    resp = responsible_office(kb, service_id, kommune)
    if resp.office is None:
        return "Zuständig ist das Bürgerbüro Ihrer Stadt oder Gemeinde."
    place = f" für {resp.commune}" if resp.commune else ""
    website = f" ({resp.office.website})" if resp.office.website else ""
    line = f"Zuständig{place}: {resp.office.name}{website}."
    if resp.note and resp.level != "kommune":
        line += f" {resp.note}"
    return line


def commune_matters(kb: KnowledgeBase, service_id: str) -> bool:
    """True when the responsible office differs between communes."""
    service = kb.service(service_id)
    if service.level == "kommune":
        return True
    return service.level == "region" and any(service_id in c.handles_region_services for c in kb.communes.values())


def compose_answer(kb: KnowledgeBase, service_id: str, aspect: str | None, kommune: str | None) -> Reply:
    service = kb.service(service_id)
    if aspect in ASPECTS:
        parts = [f"{service.name} – {ASPECT_LABELS[aspect]}: {getattr(service.aspects, aspect)}"]
        if aspect in COMMUNE_ASPECTS or (kommune and service.level == "kommune"):
            parts.append(office_line(kb, service_id, kommune))
        if aspect == "online" and service.online_service:
            parts.append(f"Online: {service.online_service.title} – {service.online_service.url}")
        parts.append(source_line(service))
        return Reply("\n".join(parts), aspect_buttons(exclude=aspect, limit=4))
    parts = [f"{service.name}: {service.summary}", office_line(kb, service_id, kommune), source_line(service)]
    return Reply("\n".join(parts), aspect_buttons())


def aspect_buttons(exclude: str | None = None, limit: int = len(ASPECTS)) -> List[Dict[str, Any]]:
    aspects = [a for a in ASPECTS if a != exclude][:limit]
    return [{"title": ASPECT_LABELS[a], "payload": f'/inform{{"aspect":"{a}"}}'} for a in aspects]
