"""Loading and validating the knowledge files; the hash that says when the index is stale."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Dict, Iterable, List

from pydantic import ValidationError

from knowledge.facts import Fact, check_facts, load_facts
from knowledge.files import KnowledgeError, explain, read_yaml
from knowledge.offices import CommuneLayer, LocalOffice, check_offices, load_offices
from knowledge.rules import Rule, check_rules, load_rules
from knowledge.schema import Commune, Office, Service
from knowledge.sources import SourceRef, load_sources

PACKAGE_DIR = Path(__file__).resolve().parent
SERVICES_DIR = PACKAGE_DIR / "services"
COMMUNES_FILE = PACKAGE_DIR / "communes.yaml"
AUTHORITIES_FILE = PACKAGE_DIR / "authorities.yaml"
QUERY_PREPARATION = PACKAGE_DIR / "query.py"  # how passages and messages are prepared for the embedder
TOP100_FILE = PACKAGE_DIR / "top100.csv"
# next to communes.yaml, so that a copied knowledge directory loads alike
SOURCES_NAME = "sources.yaml"
RESPONSIBILITY_NAME = "responsibility.yaml"
FACTS_NAME = "facts.yaml"
OFFICES_NAME = "offices.yaml"
IMPORT_ORIGIN = "XZuFi-Import"  # origin of values taken over from an XZuFi file (no sources.yaml key)
EXAMPLES_DIR = PACKAGE_DIR.parent / "nlu_data" / "service_examples"


def load_service_file(path: Path) -> Service:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}: expected a mapping of fields")
    try:
        service = Service(**data)
    except ValidationError as err:
        raise explain(path, err) from err
    if path.stem != service.id:
        raise KnowledgeError(f"{path}: file name must be the id '{service.id}.yaml'")
    return service


def load_examples_file(path: Path) -> Dict[str, List[str]]:
    data = read_yaml(path)
    examples = data.get("examples") if isinstance(data, dict) else None
    if not isinstance(examples, dict):
        raise KnowledgeError(f"{path}: expected a mapping 'examples: {{service-id: [..]}}'")
    result: Dict[str, List[str]] = {}
    for sid, texts in examples.items():
        if not isinstance(texts, list) or not all(isinstance(t, str) and t.strip() for t in texts):
            raise KnowledgeError(f"{path}: examples of '{sid}' must be a list of texts")
        result[str(sid)] = [t.strip() for t in texts]
    return result


@dataclass(frozen=True)
class TopService:
    id: str
    name: str
    category: str
    level: str


def read_top100(path: Path = TOP100_FILE) -> List[TopService]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [TopService(r["id"], r["name"], r["kategorie"], r["ebene"]) for r in csv.DictReader(fh)]


@dataclass
class KnowledgeBase:
    """All records, loaded once and checked against each other."""

    services: Dict[str, Service]
    communes: Dict[str, Commune]
    authorities: Dict[str, Office]
    examples: Dict[str, List[str]] = field(default_factory=dict)
    sources: Dict[str, SourceRef] = field(default_factory=dict)
    rules: List[Rule] = field(default_factory=list)
    facts: List[Fact] = field(default_factory=list)
    offices: Dict[str, CommuneLayer] = field(default_factory=dict)
    files: List[Path] = field(default_factory=list)

    @cached_property
    def content_hash(self) -> str:
        """Hash over what the passages are made of (each service's name, search terms, summary and aspect
        texts, and the example questions) and over how a text is prepared for the embedder
        (knowledge/query.py). A Leistungsschlüssel, a fee or an office does not change a passage, so it
        does not cost a rebuild."""
        digest = hashlib.sha256()
        for sid in sorted(self.services):
            service = self.services[sid]
            indexed = [sid, service.name, service.search_terms, service.summary, service.aspects.dict()]
            digest.update(json.dumps(indexed, ensure_ascii=False, sort_keys=True).encode())
        digest.update(json.dumps(self.examples, ensure_ascii=False, sort_keys=True).encode())
        digest.update(QUERY_PREPARATION.read_bytes())
        return digest.hexdigest()[:16]

    def facts_for(self, service_id: str, aspect: str, commune: str | None = None) -> List[Fact]:
        """The shared facts of a service and aspect, plus the local ones of `commune` (e.g. its Hundesteuer)."""
        return [
            f
            for f in self.facts
            if service_id in f.services and f.aspect == aspect and (not f.communes or commune in f.communes)
        ]

    def local_facts(self, service_id: str, commune: str | None) -> List[Fact]:
        """The commune's own values for a service, of every aspect (its Hundesteuer, its Umweltzone)."""
        return [f for f in self.facts if commune and service_id in f.services and commune in f.communes]

    def offices_of(self, commune: str) -> List[LocalOffice]:
        layer = self.offices.get(commune)
        return list(layer.offices) if layer else []

    def service(self, service_id: str) -> Service:
        try:
            return self.services[service_id]
        except KeyError as err:
            raise KnowledgeError(f"unknown service id '{service_id}'") from err


def _load_offices(path: Path) -> Dict[str, Office]:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}: expected a mapping of authority keys")
    offices = {}
    for key, value in data.items():
        try:
            offices[str(key)] = Office(**value)
        except (ValidationError, TypeError) as err:
            detail = explain(path, err) if isinstance(err, ValidationError) else err
            raise KnowledgeError(f"{path}: authority '{key}': {detail}") from err
    return offices


def _load_communes(path: Path) -> Dict[str, Commune]:
    data = read_yaml(path)
    rows = data.get("communes") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise KnowledgeError(f"{path}: expected 'communes: [..]'")
    communes = {}
    for row in rows:
        try:
            commune = Commune(**row)
        except ValidationError as err:
            raise explain(path, err) from err
        communes[commune.name] = commune
    return communes


def _check_references(kb: KnowledgeBase, top100: Iterable[TopService]) -> None:
    problems = []
    for top in top100:
        service = kb.services.get(top.id)
        if service is None:
            problems.append(f"service '{top.id}' has no file")
        elif service.level != top.level:
            problems.append(f"service '{top.id}': level {service.level}, top100.csv says {top.level}")
    for service in kb.services.values():
        if service.level in ("land", "bund", "sonstige") and not service.authority:
            problems.append(f"service '{service.id}': level {service.level} needs an authority")
        if service.authority and service.authority not in kb.authorities:
            problems.append(f"service '{service.id}': unknown authority '{service.authority}'")
    for key, office in kb.authorities.items():
        if office.level is None:
            problems.append(f"authority '{key}' names no level")
    problems += check_rules(kb.rules, kb.services, kb.communes, kb.authorities, kb.sources)
    problems += check_facts(kb.facts, kb.services, kb.sources, kb.communes)
    problems += check_offices(kb.offices, kb.communes, kb.services, kb.sources)
    for sid in kb.examples:
        if sid not in kb.services:
            problems.append(f"examples for unknown service '{sid}'")
    for service in kb.services.values():
        problems += [f"service '{service.id}': unknown source '{k}'" for k in service.references if k not in kb.sources]
        origin = service.leika_source or ""
        if service.leika and origin not in kb.sources and not origin.startswith(IMPORT_ORIGIN):
            problems.append(f"service '{service.id}': LeiKa key without a known leika_source")
    if problems:
        raise KnowledgeError("knowledge base is inconsistent: " + "; ".join(problems))


def load_knowledge(
    services_dir: Path = SERVICES_DIR,
    communes_file: Path = COMMUNES_FILE,
    authorities_file: Path = AUTHORITIES_FILE,
    examples_dir: Path | None = EXAMPLES_DIR,
    top100_file: Path = TOP100_FILE,
) -> KnowledgeBase:
    service_files = sorted(services_dir.glob("*.yaml"))
    services = {s.id: s for s in map(load_service_file, service_files)}
    sources_file = communes_file.parent / SOURCES_NAME
    rules_file = communes_file.parent / RESPONSIBILITY_NAME
    facts_file = communes_file.parent / FACTS_NAME
    offices_file = communes_file.parent / OFFICES_NAME
    examples: Dict[str, List[str]] = {}
    example_files = sorted(examples_dir.glob("*.yml")) if examples_dir and examples_dir.is_dir() else []
    for path in example_files:
        for sid, texts in load_examples_file(path).items():
            examples.setdefault(sid, []).extend(texts)
    kb = KnowledgeBase(
        services=services,
        communes=_load_communes(communes_file),
        authorities=_load_offices(authorities_file),
        examples=examples,
        sources=load_sources(sources_file),
        rules=load_rules(rules_file),
        facts=load_facts(facts_file),
        offices=load_offices(offices_file),
        files=[
            *service_files,
            communes_file,
            authorities_file,
            sources_file,
            rules_file,
            facts_file,
            *([offices_file] if offices_file.exists() else []),
            *example_files,
        ],
    )
    _check_references(kb, read_top100(top100_file))
    return kb
