"""Finds which aspect of a service a message asks about (costs, documents, deadlines …).

Patterns in German with common English, Turkish, Arabic, Ukrainian and Russian words. The
first aspect whose pattern matches wins; "bis wann" (frist) is tried before "wie lange" (dauer).
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Pattern

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

ASPECT_PATTERNS: Dict[str, str] = {
    "frist": r"\bfrist|bis wann|spätestens|wie lange hab\w* ich zeit|wie viel zeit hab|rechtzeitig|zu spät|"
    r"verspät|deadline|innerhalb welcher|wann muss ich|ab wann muss|son tarih|крайн\w* срок|до якого",
    "kosten": r"\bkost|gebühr|gebuehr|preis|teuer|günstig|\beuro\b|€|bezahl|zahlen|was muss ich zahlen|"
    r"wie ?viel .{0,20}(zahlen|kostet)|umsonst|kostenlos|gratis|\bcosts?\b|\bfees?\b|\bprice|how much|"
    r"ücret|fiyat|ne kadar tutar|сколько стоит|стоимост|скільки кошту|вартість|تكلفة|رسوم|كم سعر|بكم",
    "unterlagen": r"unterlage|dokument|mitbring|mitnehm|nachweis|papiere|formular|antragsformular|"
    r"was brauch\w* ich|welche sachen|\bfoto|passbild|documents?|what do i need|belge|evrak|"
    r"документ|довідк|مستندات|وثائق|أوراق",
    "dauer": r"wie lange dauert|dauert es|dauert das|dauer\b|bearbeitungszeit|bearbeitungsdauer|wann (ist|wird) .{0,30}fertig|"
    r"wie schnell|wie lange (muss ich )?warten|wartezeit|how long|ne kadar sürer|сколько (времени|ждать)|"
    r"скільки (часу|чекати)|كم من الوقت|كم يستغرق",
    "online": r"online|internet|digital|von zu ?hause|per (e-?)?mail|\bapp\b|webseite|website|elektronisch|"
    r"ohne (aufs )?amt|ohne hinzugehen|çevrimiçi|internetten|онлайн|інтернет|أونلاين|عبر الإنترنت",
    "oeffnungszeiten": r"öffnungszeit|oeffnungszeit|geöffnet|offen\b|auf ?hat|aufhaben|sprechzeit|"
    r"wann (hat|ist) .{0,30}(auf|offen|geöffnet)|samstag|opening hours|open on|açık|часы работы|"
    r"графік роботи|مواعيد العمل|termin",
    "voraussetzungen": r"voraussetzung|bedingung|anspruch|berechtigt|darf ich|dürfen wir|bekomme ich das|"
    r"steht mir .{0,10}zu|wer (bekommt|kann|darf)|kriege ich|krieg ich|eligible|qualify|şart|условия|"
    r"право на|умови|شروط",
    "zustaendigkeit": r"zuständig|zustaendig|wo (muss|kann|soll) ich|wohin|welche[sr]? (amt|behörde|stelle)|"
    r"an wen|wer ist .{0,20}(zuständig|verantwortlich)|wo (beantrag|bekomm|krieg|meld|gibt)|"
    r"\bwhere\b|nereye|nerede|куда|де (можна|отримати|подати)|أين",
}


def compile_patterns(patterns: Dict[str, str]) -> List[tuple[str, Pattern[str]]]:
    return [(aspect, re.compile(p, re.IGNORECASE)) for aspect, p in patterns.items()]


def detect_aspect(text: str, compiled: List[tuple[str, Pattern[str]]]) -> str | None:
    for aspect, pattern in compiled:
        if pattern.search(text):
            return aspect
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class AspectExtractor(GraphComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # extra or replacing patterns per aspect: {aspect: regex}
            "patterns": {},
        }

    @staticmethod
    def validate_config(config: Dict[str, Any]) -> None:
        unknown = set(config.get("patterns") or {}) - set(ASPECT_PATTERNS)
        if unknown:
            raise ValueError(f"AspectExtractor: unknown aspects {sorted(unknown)}")
        for aspect, pattern in (config.get("patterns") or {}).items():
            try:
                re.compile(pattern)
            except re.error as err:
                raise ValueError(f"AspectExtractor: pattern of {aspect} is not a regex: {err}") from err

    def __init__(self, config: Dict[str, Any]) -> None:
        self.validate_config(config)
        self._compiled = compile_patterns({**ASPECT_PATTERNS, **(config.get("patterns") or {})})

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> AspectExtractor:
        return cls({**cls.get_default_config(), **config})

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            aspect = detect_aspect(message.get(TEXT) or "", self._compiled)
            if aspect:
                entity = {"entity": "aspect", "value": aspect, "start": 0, "end": 0, "confidence_entity": 1.0}
                message.set(
                    ENTITIES, [*message.get(ENTITIES, []), self.add_extractor_name([entity])[0]], add_to_output=True
                )
        return messages
