"""The assistant's texts: the responses of bot/domain.yml, in the citizen's language and for their channel.

A variation is chosen as Rasa's own response selection does (rasa.core.nlg.response): a variation whose
conditions on slots hold and whose channel is the current one first, then one for the channel without
conditions, then one with holding conditions for any channel, then the plain one. The only slot our
conditions name is `language`. Composed answers are built from the same responses, so every part of
an answer has its translation in one file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping

import yaml
from babel.dates import format_date

from knowledge.translations import GERMAN, Language, LanguageTexts, Translations

DOMAIN_FILE = Path(__file__).resolve().parents[1] / "bot" / "domain.yml"
Variation = Dict[str, Any]


@lru_cache(maxsize=1)
def domain_responses(path: Path = DOMAIN_FILE) -> Mapping[str, List[Variation]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    responses: Dict[str, List[Variation]] = data.get("responses") or {}
    return responses


@lru_cache(maxsize=1)
def translations() -> Translations:
    return Translations()


def _conditions_hold(variation: Variation, slots: Mapping[str, Any]) -> bool:
    return all(slots.get(c.get("name")) == c.get("value") for c in variation.get("condition") or [])


def choose_variation(variations: List[Variation], slots: Mapping[str, Any], channel: str | None) -> Variation:
    conditional_channel, default_channel, conditional, default = [], [], [], []
    for variation in variations:
        if variation.get("channel") not in (None, channel):
            continue
        if variation.get("condition") and not _conditions_hold(variation, slots):
            continue
        has_condition, has_channel = bool(variation.get("condition")), variation.get("channel") is not None
        if has_condition and has_channel:
            conditional_channel.append(variation)
        elif has_channel:
            default_channel.append(variation)
        elif has_condition:
            conditional.append(variation)
        else:
            default.append(variation)
    chosen = conditional_channel or default_channel or conditional or default
    if not chosen:
        raise KeyError("no variation fits")
    return chosen[0]


@dataclass(frozen=True)
class Texts:
    """What one turn says, in `language` on `channel`."""

    language: str = GERMAN
    channel: str | None = None
    catalogue: Translations | None = None  # None: knowledge/translations

    @property
    def _translations(self) -> Translations:
        return self.catalogue or translations()

    def say(self, key: str, **values: Any) -> str:
        variations = domain_responses().get(key)
        if not variations:
            raise KeyError(f"bot/domain.yml has no response '{key}'")
        variation = choose_variation(variations, {"language": self.language}, self.channel)
        text = str(variation["text"])
        return text.format(**values) if values else text

    @property
    def knowledge(self) -> LanguageTexts:
        """The service texts and fact phrases of this language."""
        return self._translations.of(self.language)

    def note(self, german: str) -> str:
        """A German remark of the office or rules data, in this language when translated, else marked as German."""
        said = self.knowledge.note(german)
        return self.say("utter_line_note_in_german", note=said.text) if said.fallback else said.text

    @property
    def info(self) -> Language:
        languages = self._translations.languages
        return languages.get(self.language) or languages[GERMAN]

    @property
    def german(self) -> bool:
        return self.language == GERMAN

    def date(self, day: dt.date) -> str:
        """07.02.2026 in German (and Leichte Sprache); the locale's medium date elsewhere ("7 Feb 2026")."""
        if self.info.locale.startswith("de"):
            return f"{day:%d.%m.%Y}"
        return str(format_date(day, "medium", locale=self.info.locale))

    def month(self, day: dt.date) -> str:
        """07.2019 in German; the locale's month and year elsewhere ("Jul 2019")."""
        if self.info.locale.startswith("de"):
            return f"{day:%m.%Y}"
        return str(format_date(day, "LLL y", locale=self.info.locale))

    def button(self, key: str, payload: str) -> Dict[str, Any]:
        return {"title": self.say(key), "payload": payload}
