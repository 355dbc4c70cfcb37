"""Curated translations of the service texts, each keyed to a hash of the German text it was written from.

When the German text changes, its translation no longer matches the hash and counts as stale: the
assistant then answers in German with a note in the citizen's language, and `servicecenter kb report`
lists it. Nothing is machine-translated at run time.

Layout: knowledge/translations/<code>/<service id>.yaml, plus _phrases.yaml for the short German
phrases of the fact table (labels, conditions, units) and _notes.yaml for the German remarks of the
office and rules data ("Terminvereinbarung", "Zuständig ist das Standesamt des Sterbeorts."), both
keyed by the German text itself: a changed German text has no translation until one is written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from knowledge.files import KnowledgeError, read_yaml
from knowledge.hours import holiday_reason, holidays
from knowledge.schema import ASPECTS, Service
from knowledge.store import KnowledgeBase

KNOWLEDGE_DIR = Path(__file__).resolve().parent
LANGUAGES_FILE = KNOWLEDGE_DIR / "languages.yaml"
TRANSLATIONS_DIR = KNOWLEDGE_DIR / "translations"
PHRASES_FILE = "_phrases.yaml"
NOTES_FILE = "_notes.yaml"
GERMAN = "de"
FIELDS = ("name", "summary", *ASPECTS)


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    name_de: str
    html_lang: str
    direction: str
    locale: str
    detect: str | None
    called: Tuple[str, ...] = ()


def load_languages(path: Path = LANGUAGES_FILE) -> Dict[str, Language]:
    data = read_yaml(path)
    rows = data.get("languages") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not rows:
        raise KnowledgeError(f"{path}: expected 'languages: [..]'")
    try:
        languages = {str(row["code"]): Language(**{**row, "called": tuple(row.get("called") or ())}) for row in rows}
    except (KeyError, TypeError) as err:
        raise KnowledgeError(f"{path}: every language needs {', '.join(Language.__annotations__)}: {err}") from err
    if GERMAN not in languages:
        raise KnowledgeError(f"{path}: German ('de') is the source language and must be listed")
    bad = [code for code, lang in languages.items() if lang.direction not in ("ltr", "rtl")]
    if bad:
        raise KnowledgeError(f"{path}: direction must be ltr or rtl ({', '.join(bad)})")
    return languages


def source_hash(text: str) -> str:
    """Whitespace is normalised, so re-folding a YAML paragraph does not make a translation stale."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:12]


def german_field(service: Service, name: str) -> str:
    if name in ("name", "summary"):
        return str(getattr(service, name))
    return str(getattr(service.aspects, name))


@dataclass(frozen=True)
class Localized:
    """A text in the citizen's language, or the German text with `fallback` set (stale or missing)."""

    text: str
    fallback: bool


@dataclass
class LanguageTexts:
    """One language's translations; an entry counts only while its hash matches the German text."""

    code: str
    entries: Dict[str, Dict[str, Tuple[str, str]]] = field(default_factory=dict)  # service -> field -> (hash, text)
    phrases: Dict[str, str] = field(default_factory=dict)
    notes: Dict[str, str] = field(default_factory=dict)
    problems: List[str] = field(default_factory=list)

    def field(self, service: Service, name: str) -> Localized:
        german = german_field(service, name)
        if self.code == GERMAN:
            return Localized(german, False)
        entry = self.entries.get(service.id, {}).get(name)
        if entry and entry[1].strip() and entry[0] == source_hash(german):
            return Localized(entry[1].strip(), False)
        return Localized(german, True)

    def phrase(self, german: str) -> Localized:
        if self.code == GERMAN:
            return Localized(german, False)
        said = self.phrases.get(german, "").strip()
        return Localized(said, False) if said else Localized(german, True)

    def note(self, german: str) -> Localized:
        """A remark of the office or rules data (see `data_notes`)."""
        if self.code == GERMAN:
            return Localized(german, False)
        said = self.notes.get(" ".join(german.split()), "").strip()
        return Localized(said, False) if said else Localized(german, True)

    def state(self, service: Service, name: str) -> str:
        """'fresh', 'stale' or 'missing'."""
        entry = self.entries.get(service.id, {}).get(name)
        if not entry or not entry[1].strip():
            return "missing"
        return "fresh" if entry[0] == source_hash(german_field(service, name)) else "stale"


def _entry(value: object, where: str) -> Tuple[str, str]:
    if not isinstance(value, dict) or not isinstance(value.get("de"), str) or not isinstance(value.get("text"), str):
        raise KnowledgeError(f"{where}: expected {{de: <hash of the German text>, text: <translation>}}")
    return value["de"], value["text"]


def translations_hash(codes: Tuple[str, ...], root: Path = TRANSLATIONS_DIR) -> str:
    """Over the services' translation files the search reads (not the fact phrases, `_phrases.yaml`, which
    no passage holds): a changed translation means a rebuilt index."""
    digest = hashlib.sha256()
    for code in codes:
        for path in sorted((root / code).glob("[!_]*.yaml")):
            digest.update(f"{code}/{path.name}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_language_texts(code: str, root: Path = TRANSLATIONS_DIR) -> LanguageTexts:
    """Reads every file of one language; a broken file is reported in `problems`, the others still count."""
    texts = LanguageTexts(code)
    folder = root / code
    if code == GERMAN or not folder.is_dir():
        return texts
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = read_yaml(path)
            if not isinstance(data, dict):
                raise KnowledgeError(f"{path}: expected a mapping")
            if path.name == PHRASES_FILE:
                texts.phrases = {str(k): str(v or "") for k, v in data.items()}
                continue
            if path.name == NOTES_FILE:
                texts.notes = {" ".join(str(k).split()): str(v or "") for k, v in data.items()}
                continue
            fields = {name: _entry(data[name], f"{path}: {name}") for name in ("name", "summary") if name in data}
            aspects = data.get("aspects") or {}
            if not isinstance(aspects, dict):
                raise KnowledgeError(f"{path}: aspects: expected a mapping")
            fields.update({a: _entry(v, f"{path}: aspects.{a}") for a, v in aspects.items() if a in ASPECTS})
            texts.entries[path.stem] = fields
        except KnowledgeError as err:
            texts.problems.append(str(err))
    return texts


@dataclass
class Translations:
    """All languages, each read on first use."""

    root: Path = TRANSLATIONS_DIR
    languages_file: Path = LANGUAGES_FILE

    @cached_property
    def languages(self) -> Dict[str, Language]:
        return load_languages(self.languages_file)

    @cached_property
    def _loaded(self) -> Dict[str, LanguageTexts]:
        return {code: load_language_texts(code, self.root) for code in self.languages}

    def of(self, code: str) -> LanguageTexts:
        return self._loaded.get(code) or self._loaded[GERMAN]


@dataclass
class LanguageStatus:
    code: str
    fresh: int
    stale: List[str]
    missing: List[str]
    phrases_missing: List[str]
    notes_missing: List[str]
    problems: List[str]


def translation_status(kb: KnowledgeBase, translations: Translations) -> List[LanguageStatus]:
    """Per language: how many service texts are current, and which are stale or missing ('<service>.<field>')."""
    german_phrases, german_notes = fact_phrases(kb), data_notes(kb)
    result = []
    for code in translations.languages:
        if code == GERMAN:
            continue
        texts = translations.of(code)
        states: Dict[str, List[str]] = {"fresh": [], "stale": [], "missing": []}
        for service in kb.services.values():
            for name in FIELDS:
                states[texts.state(service, name)].append(f"{service.id}.{name}")
        unsaid = [p for p in german_phrases if not texts.phrases.get(p, "").strip()]
        notes = [n for n in german_notes if texts.note(n).fallback]
        result.append(
            LanguageStatus(
                code, len(states["fresh"]), states["stale"], states["missing"], unsaid, notes, texts.problems
            )
        )
    return result


def render_status(statuses: List[LanguageStatus], total: int, details: bool = False) -> str:
    """The translation part of `servicecenter kb report`; `details` lists every stale or missing text."""
    lines = [f"Übersetzungen (je Sprache {total} Texte: Name, Kurztext und 8 Aspekte je Leistung):"]
    for status in statuses:
        lines.append(
            f"  {status.code}: aktuell {status.fresh}/{total}, veraltet {len(status.stale)}, "
            f"fehlt {len(status.missing)}, "
            f"Ausdrücke der Faktentabelle ohne Übersetzung {len(status.phrases_missing)}, "
            f"Hinweise der Amts- und Zuständigkeitsdaten ohne Übersetzung {len(status.notes_missing)}"
        )
        lines += [f"    Datei fehlerhaft: {problem}" for problem in status.problems]
        if details:
            lines += [f"    veraltet: {key}" for key in status.stale]
            lines += [f"    fehlt: {key}" for key in status.missing]
            lines += [f"    Ausdruck fehlt: {phrase}" for phrase in status.phrases_missing]
            lines += [f"    Hinweis fehlt: {note}" for note in status.notes_missing]
    return "\n".join(lines)


def fact_phrases(kb: KnowledgeBase) -> List[str]:
    """The German phrases of the fact table a translation must cover: labels, conditions, texts, units."""
    phrases: Dict[str, None] = {}
    for fact in kb.facts:
        phrases[fact.label] = None
        for value in fact.values:
            for said in (value.condition, value.text, None if value.unit == "Euro" else value.unit):
                if said:
                    phrases[said] = None
    return list(phrases)


def data_notes(kb: KnowledgeBase) -> List[str]:
    """The German remarks an answer says besides the service texts: notes and counters of the rules, notes on
    an office's contact fields, and closure notes of its hours."""
    notes: Dict[str, None] = {}
    for rule in kb.rules:
        for entry in rule.entries:
            for said in (entry.note, entry.counter.text if entry.counter else None):
                if said:
                    notes[" ".join(said.split())] = None
    for layer in kb.offices.values():
        for office in layer.offices:
            items = [office.address, office.phone, office.email, office.appointment_url]
            closures = office.hours.closures if office.hours else []
            for said in [item.note for item in items if item] + [c.note for c in closures]:
                if said:
                    notes[" ".join(said.split())] = None
    for name in holidays(2030).values():  # the reason an office is closed on a public holiday
        notes[holiday_reason(name)] = None
    return list(notes)


def write_skeleton(kb: KnowledgeBase, code: str, root: Path = TRANSLATIONS_DIR) -> List[Path]:
    """Files for the texts of `code` not yet there, each field with the hash of its German text and an empty text."""
    folder = root / code
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for service in kb.services.values():
        path = folder / f"{service.id}.yaml"
        if path.exists():
            continue
        data = {name: {"de": source_hash(german_field(service, name)), "text": ""} for name in ("name", "summary")}
        aspects = {a: {"de": source_hash(german_field(service, a)), "text": ""} for a in ASPECTS}
        path.write_text(yaml.safe_dump({**data, "aspects": aspects}, allow_unicode=True, sort_keys=False), "utf-8")
        written.append(path)
    phrases_path = folder / PHRASES_FILE
    if not phrases_path.exists():
        phrases_path.write_text(yaml.safe_dump({p: "" for p in fact_phrases(kb)}, allow_unicode=True), "utf-8")
        written.append(phrases_path)
    notes_path = folder / NOTES_FILE
    if not notes_path.exists():
        notes_path.write_text(yaml.safe_dump({n: "" for n in data_notes(kb)}, allow_unicode=True), "utf-8")
        written.append(notes_path)
    return written
