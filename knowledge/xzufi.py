"""Import of service texts from XZuFi 2.x, the format of the BUS Niedersachsen and the PVOG.

A `leistung` carries text modules (`modulText`, typed by the LeiKa text module code) and
structured modules for fees, deadlines and processing time. The importer maps them onto our
schema, reports what it could not map, and writes nothing unless every Leistung in the file
is valid.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

import yaml
from pydantic import ValidationError
from rapidfuzz import fuzz

from knowledge.schema import Service
from knowledge.store import IMPORT_ORIGIN, KnowledgeBase, KnowledgeError

# LeiKa text modules (Codeliste "LeiKa-Textmodul") and where they go in our schema.
TEXT_MODULES: Dict[str, str] = {
    "01": "name",
    "02": "name",
    "03": "volltext",
    "04": "unterlagen",
    "05": "voraussetzungen",
    "06": "kosten",
    "08": "dauer",
    "09": "frist",
    "12": "rechtsgrundlage",
    "14": "kurztext",
    "16": "zustaendigkeit",
    "18": "teaser",
}
MODULE_NAMES = {
    "07": "Verfahrensablauf",
    "10": "Weiterführende Informationen",
    "11": "Hinweise",
    "13": "Rechtsbehelf",
    "15": "Ansprechpunkt",
    "17": "Formulare",
}
STRUCTURED = {"modulKosten": "kosten", "modulFrist": "frist", "modulBearbeitungsdauer": "dauer"}
ASPECT_LIMIT, SUMMARY_LIMIT = 700, 600


class XzufiError(KnowledgeError):
    """The file cannot be imported; nothing was changed."""


@dataclass
class Leistung:
    leika: str
    name: str
    xzufi_id: str = ""  # the Leistung's own id, which a Zuständigkeit's leistungID refers to
    texts: Dict[str, str] = field(default_factory=dict)
    official_page: Dict[str, str] | None = None
    released: dt.date | None = None
    unmapped: List[str] = field(default_factory=list)


@dataclass
class ImportResult:
    service_id: str | None
    leika: str
    name: str
    updated: List[str] = field(default_factory=list)
    kept: List[str] = field(default_factory=list)
    unmapped: List[str] = field(default_factory=list)


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def child(element: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in element if local_name(c.tag) == name), None)


def children(element: ET.Element, name: str) -> List[ET.Element]:
    return [c for c in element if local_name(c.tag) == name]


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    raw = html.unescape("".join(element.itertext()))
    raw = re.sub(r"<\s*(br|/p|/li)\s*/?>", ". ", raw, flags=re.I)
    raw = re.sub(r"<[^>]+>", " ", raw)
    return re.sub(r"\s+", " ", raw).strip(" .") + ("." if raw.strip() else "")


def german(element: ET.Element, name: str) -> str:
    """Text of the German version among multilingual children (languageCode de, or none given)."""
    candidates = children(element, name)
    for candidate in candidates:
        if candidate.get("languageCode", "de").lower().startswith("de"):
            return _text(candidate)
    return _text(candidates[0]) if candidates else ""


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    return cut[: end + 1] if end > limit // 3 else cut[: limit - 1].rsplit(" ", 1)[0] + "…"


def raw_text(element: ET.Element | None) -> str:
    """An identifier or code as written, without the sentence cleaning of `_text`."""
    return "".join(element.itertext()).strip() if element is not None else ""


def parse_root(data: bytes) -> ET.Element:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise XzufiError("the file declares a DTD or entities; XZuFi files have none, so it was rejected")
    try:
        return ET.fromstring(data)
    except ET.ParseError as err:
        raise XzufiError(f"not well-formed XML: {err}") from err


def parse_xzufi(data: bytes) -> List[Leistung]:
    root = parse_root(data)
    leistungen = [e for e in root.iter() if local_name(e.tag) == "leistung"]
    if not leistungen:
        raise XzufiError("no <leistung> element found: is this an XZuFi 2.x file?")
    return [parse_leistung(e, n) for n, e in enumerate(leistungen, 1)]


def parse_leistung(element: ET.Element, number: int) -> Leistung:
    reference = child(element, "referenzLeiKa")
    code = _text(child(reference, "code")).rstrip(".") if reference is not None else ""
    result = Leistung(leika=code, name="", xzufi_id=raw_text(child(element, "id")))
    for module in children(element, "modulText"):
        typed = child(module, "leikaTextmodul")
        kind = _text(child(typed, "code")).rstrip(".") if typed is not None else ""
        content = german(module, "inhalt")
        target = TEXT_MODULES.get(kind)
        if target is None:
            result.unmapped.append(f"Textmodul {kind} ({MODULE_NAMES.get(kind, 'unbekannt')})")
        elif content:
            result.texts.setdefault(target, content)
    for module_name, aspect in STRUCTURED.items():
        structured = child(element, module_name)
        if structured is not None and german(structured, "beschreibung"):
            result.texts.setdefault(aspect, german(structured, "beschreibung"))
    portal = child(element, "modulUrsprungsportal")
    if portal is not None and _text(child(portal, "uri")).startswith("http"):
        title = _text(child(portal, "titel")).rstrip(".") or "Ursprungsportal"
        result.official_page = {"title": title, "url": _text(child(portal, "uri")).rstrip(".")}
    release = child(element, "modulFachlicheFreigabe")
    released = _text(child(release, "fachlichFreigegebenAm")).rstrip(".") if release is not None else ""
    if released:
        try:
            result.released = dt.date.fromisoformat(released[:10])
        except ValueError:
            result.unmapped.append(f"Freigabedatum '{released}' (kein Datum)")
    result.name = result.texts.pop("name", "").rstrip(".")
    if not re.fullmatch(r"\d{14}", code):
        label = f"'{result.name}'" if result.name else f"Nr. {number}"
        raise XzufiError(f"Leistung {label} has no valid Leistungsschlüssel (referenzLeiKa/code, 14 digits)")
    for name in ("onlinedienst", "modulOnlinedienst"):
        if child(element, name) is not None:
            result.unmapped.append("Online-Dienst (eigenes Objekt, nicht übernommen)")
    return result


def find_service(kb: KnowledgeBase, leistung: Leistung) -> str | None:
    for service in kb.services.values():
        if service.leika == leistung.leika:
            return service.id
    if not leistung.name:
        return None
    best = max(kb.services.values(), key=lambda s: fuzz.token_set_ratio(s.name, leistung.name))
    return best.id if fuzz.token_set_ratio(best.name, leistung.name) >= 90 else None


def _merge(service: Service, leistung: Leistung, source_name: str, result: ImportResult) -> Service:
    data = service.dict()
    aspects = data["aspects"]
    for aspect in aspects:
        text = leistung.texts.get(aspect)
        if text:
            aspects[aspect] = _shorten(text, ASPECT_LIMIT)
            result.updated.append(aspect)
        else:
            result.kept.append(aspect)
    summary = leistung.texts.get("kurztext") or leistung.texts.get("teaser") or leistung.texts.get("volltext")
    if summary:
        data["summary"] = _shorten(summary, SUMMARY_LIMIT)
        result.updated.append("summary")
    if leistung.texts.get("rechtsgrundlage"):
        data["legal_basis"] = [p.strip() for p in re.split(r"[;\n]", leistung.texts["rechtsgrundlage"]) if p.strip()]
        result.updated.append("legal_basis")
    if leistung.official_page:
        data["official_page"] = leistung.official_page
        result.updated.append("official_page")
    data["leika"] = leistung.leika
    data["leika_source"] = f"{IMPORT_ORIGIN} aus {source_name}"
    data["source"] = {
        "title": f"XZuFi-Import aus {source_name} (Leistung {leistung.leika})",
        "url": None,
        "stand": leistung.released or dt.date.today(),
        "sample": False,
    }
    try:
        return Service(**data)
    except ValidationError as err:
        raise XzufiError(f"Leistung {leistung.leika} gives an invalid record: {err}") from err


def import_xzufi(
    path: Path, kb: KnowledgeBase, services_dir: Path, service_id: str | None = None, dry_run: bool = False
) -> List[ImportResult]:
    """Map every Leistung of the file; write the changed service files only if all are valid."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise XzufiError(f"{path}: cannot read the file ({err.strerror})") from err
    leistungen = parse_xzufi(data)
    if service_id and len(leistungen) != 1:
        raise XzufiError(f"--service needs a file with one Leistung, this one has {len(leistungen)}")
    results, updated = [], {}
    for leistung in leistungen:
        target = service_id or find_service(kb, leistung)
        result = ImportResult(target, leistung.leika, leistung.name, unmapped=list(leistung.unmapped))
        results.append(result)
        if target is None:
            result.unmapped.insert(0, "keine passende Top-100-Leistung (LeiKa oder Name)")
            continue
        updated[target] = _merge(kb.service(target), leistung, path.name, result)
    if not dry_run:
        for sid, service in updated.items():
            plain = json.loads(service.json())  # URLs and dates as plain strings
            text = yaml.safe_dump(plain, allow_unicode=True, sort_keys=False, width=100)
            (services_dir / f"{sid}.yaml").write_text(text, encoding="utf-8")
    return results
