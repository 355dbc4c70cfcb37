"""XZuFi 2.x import into the commune layer: Organisationseinheiten and their Zuständigkeiten.

A commune's BUS export names its Organisationseinheiten (id, name, Anschrift) and, per
Zuständigkeit, the Leistung (leistungID) and the area (gebietID, the Regionalschlüssel). The import
finds the commune by that Regionalschlüssel (or by `--commune`), finds or adds the office, and
records which Top-100 services it handles. Everything is checked before offices.yaml is written;
invalid input changes nothing.

Only element names seen in public XZuFi 2.2 material are read: organisationseinheit, id, name/name,
anschrift with typ/code, ort and verwaltungspolitischeKodierung/regionalschluessel/code,
zustaendigkeit with leistungID and gebietID (a public XZuFi 2.2 parser, the PVOG data model, the
FITKO parameter catalogue). Kommunikation, Öffnungszeiten and the street of an Anschrift are
listed as not taken over until their element names are checked against the XZuFi 2.2 schema.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Set

import yaml
from pydantic import ValidationError

from knowledge.offices import CommuneLayer, LocalOffice, Value, check_offices, load_offices
from knowledge.store import IMPORT_ORIGIN, OFFICES_NAME, PACKAGE_DIR, KnowledgeBase, load_knowledge
from knowledge.xzufi import XzufiError, child, children, find_service, german, local_name, parse_leistung, parse_root
from knowledge.xzufi import raw_text as raw

KNOWN = {"id", "name", "anschrift", "zustaendigkeit"}
_ARS = re.compile(r"(?<!\d)\d{12}(?!\d)")
UNIT_WORDS = (
    (("bürgerbüro", "bürgeramt", "bürgerservice", "stadtbüro"), "Bürgerbüro"),
    (("standesamt",), "Standesamt"),
    (("jugendamt",), "Jugendamt"),
    (("ordnungsamt",), "Ordnungsamt"),
    (("zulassung",), "Zulassungsstelle"),
    (("bauaufsicht",), "Bauaufsicht"),
    (("steuer",), "Steueramt"),
    (("gewerbe",), "Gewerbeamt"),
)


@dataclass
class OrgUnit:
    xzufi_id: str
    name: str
    places: List[str] = field(default_factory=list)  # Orte of its Anschriften
    area_keys: Set[str] = field(default_factory=set)  # Regionalschlüssel of Anschrift and Gebietsbezug
    leistung_ids: List[str] = field(default_factory=list)
    unmapped: List[str] = field(default_factory=list)


@dataclass
class OfficeImportResult:
    xzufi_id: str
    name: str
    commune: str | None
    office_id: str | None = None
    services: List[str] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)


def _parse_unit(element: ET.Element, number: int) -> OrgUnit:
    unit = OrgUnit(raw(child(element, "id")), "")
    names = child(element, "name")
    unit.name = german(names, "name").rstrip(".") if names is not None else ""
    if not unit.xzufi_id or not unit.name:
        raise XzufiError(f"Organisationseinheit Nr. {number} has no id or name")
    for address in children(element, "anschrift"):
        unit.places += [raw(child(address, "ort"))] if child(address, "ort") is not None else []
        coding = child(address, "verwaltungspolitischeKodierung")
        key = child(coding, "regionalschluessel") if coding is not None else None
        unit.area_keys |= set(_ARS.findall(raw(child(key, "code")) if key is not None else ""))
        skipped = sorted({local_name(c.tag) for c in address} - {"typ", "ort", "verwaltungspolitischeKodierung"})
        unit.unmapped += [f"Anschrift/{name} (Elementname nicht geprüft, nicht übernommen)" for name in skipped]
    for duty in children(element, "zustaendigkeit"):
        unit.leistung_ids += [raw(e) for e in children(duty, "leistungID") if raw(e)]
        for area in children(duty, "gebietID"):
            unit.area_keys |= set(_ARS.findall(raw(area)))
    others = sorted({local_name(c.tag) for c in element} - KNOWN)
    unit.unmapped += [f"{name} (Elementname nicht geprüft, nicht übernommen)" for name in others]
    return unit


def _all(root: ET.Element, name: str) -> List[ET.Element]:
    return [e for e in root.iter() if local_name(e.tag) == name]


def _units_of(name: str) -> List[str]:
    lowered = name.casefold()
    found = [unit for words, unit in UNIT_WORDS if any(w in lowered for w in words)]
    return found or [name]


def _slug(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
    return re.sub(r"[^a-z0-9]+", "-", text.casefold().translate(table)).strip("-")


def _commune_of(unit: OrgUnit, layers: Dict[str, CommuneLayer], named: str | None) -> str | None:
    by_key = {layer.regionalschluessel.value: name for name, layer in layers.items() if layer.regionalschluessel}
    matched = {by_key[k] for k in unit.area_keys if k in by_key}
    if named and matched - {named}:
        raise XzufiError(f"'{unit.name}': the Gebietsbezug names {', '.join(sorted(matched))}, not {named}")
    if named:
        return named
    return matched.pop() if len(matched) == 1 else None


def import_offices(
    path: Path,
    kb: KnowledgeBase,
    offices_file: Path,
    commune: str | None = None,
    confirmed_on: dt.date | None = None,
    dry_run: bool = False,
) -> List[OfficeImportResult]:
    """Map every Organisationseinheit of the file; write offices.yaml only if the whole result is valid."""
    try:
        root = parse_root(path.read_bytes())
    except OSError as err:
        raise XzufiError(f"{path}: cannot read the file ({err.strerror})") from err
    if commune is not None and commune not in kb.communes:
        raise XzufiError(f"unknown commune '{commune}'")
    units = [_parse_unit(e, n) for n, e in enumerate(_all(root, "organisationseinheit"), 1)]
    if not units:
        raise XzufiError("no <organisationseinheit> element found: is this an XZuFi 2.x export of a commune?")
    leistungen = [parse_leistung(e, n) for n, e in enumerate(_all(root, "leistung"), 1)]
    services = {item.xzufi_id: find_service(kb, item) for item in leistungen if item.xzufi_id}
    layers = {name: layer.copy(deep=True) for name, layer in kb.offices.items()}
    results = []
    for unit in units:
        target = _commune_of(unit, layers, commune)
        result = OfficeImportResult(unit.xzufi_id, unit.name, target, notes=list(unit.unmapped))
        results.append(result)
        if target is None:
            result.notes.insert(0, f"Gebiet unbekannt (Regionalschlüssel {', '.join(sorted(unit.area_keys)) or '-'})")
            continue
        layer = layers.setdefault(target, CommuneLayer())
        office = _find_or_add(layer, target, unit)
        mapped = {i: services.get(i) for i in unit.leistung_ids}
        result.notes += [f"Leistung {i} nicht zugeordnet" for i, sid in mapped.items() if sid is None]
        office.services = sorted(set(office.services) | {sid for sid in mapped.values() if sid})
        result.office_id, result.services = office.id, office.services
        if commune and layer.regionalschluessel is None and len(unit.area_keys) == 1:
            layer.regionalschluessel = _imported(next(iter(unit.area_keys)), path.name, confirmed_on)
    problems = check_offices(layers, kb.communes, kb.services, kb.sources)
    if problems:
        raise XzufiError("the import gives an invalid commune layer: " + "; ".join(problems))
    if not dry_run:
        _write(offices_file, layers)
    return results


def _find_or_add(layer: CommuneLayer, commune: str, unit: OrgUnit) -> LocalOffice:
    for office in layer.offices:
        if office.xzufi_id == unit.xzufi_id or office.name.casefold() == unit.name.casefold():
            office.xzufi_id = unit.xzufi_id
            return office
    office = LocalOffice(id=_slug(f"{commune}-{unit.name}"), name=unit.name, units=_units_of(unit.name))
    office.xzufi_id = unit.xzufi_id
    layer.offices.append(office)
    return office


def _imported(key: str, file_name: str, confirmed_on: dt.date | None) -> Value:
    try:
        return Value(
            value=key,
            origin=f"{IMPORT_ORIGIN} aus {file_name}",
            stand=confirmed_on or dt.date.today(),
            verified=confirmed_on is not None,
            confirmed_on=confirmed_on,
        )
    except ValidationError as err:
        raise XzufiError(f"Regionalschlüssel {key}: {err}") from err


def _write(path: Path, layers: Dict[str, CommuneLayer]) -> None:
    """offices.yaml anew, with the comment block at its head kept."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else []
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    plain = {name: json.loads(layer.json(exclude_none=True, exclude_defaults=True)) for name, layer in layers.items()}
    text = yaml.safe_dump({"communes": plain}, allow_unicode=True, sort_keys=False, width=110)
    path.write_text("".join(header) + text, encoding="utf-8")
    load_offices(path)  # what was written loads again


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge.xzufi_offices", description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--commune", help="die Kommune, wenn der Gebietsbezug keinen bekannten Regionalschlüssel nennt")
    parser.add_argument("--confirmed-on", type=dt.date.fromisoformat, help="Export der Kommune selbst, bestätigt am")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    try:
        kb = load_knowledge()
        results = import_offices(
            Path(args.file), kb, PACKAGE_DIR / OFFICES_NAME, args.commune, args.confirmed_on, args.dry_run
        )
    except XzufiError as err:
        print(f"Nichts geändert: {err}", file=sys.stderr)
        return 2
    for r in results:
        print(f"Organisationseinheit {r.xzufi_id} '{r.name}' -> {r.commune or '-'} / {r.office_id or '-'}")
        print(f"  Leistungen: {', '.join(r.services) or '-'}")
        print(f"  Hinweise: {'; '.join(r.notes) or '-'}")
    print("Probelauf: nichts geschrieben." if args.dry_run else "offices.yaml geschrieben.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
