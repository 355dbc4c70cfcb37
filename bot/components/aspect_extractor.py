"""Finds which aspect of a service a message asks about (costs, documents, deadlines …).

Patterns in German with common English, Turkish, Arabic, Ukrainian and Russian words. The
first aspect whose pattern matches wins; "bis wann" (frist) is tried before "wie lange" (dauer).
The sentence embedding is compared with self-written aspect questions (`nlu_data/aspects.yml`): when
the closest questions of one aspect are close and clearly closer than any other's, that aspect wins,
also over a pattern ("mit welcher Wartezeit rechne ich?", "geht das vom Sofa aus?"). Chosen
leave-one-out on those questions: 0.9/0.02 raised the accuracy where a pattern matched from 0.82
to 0.89 and found an aspect for 55 % of the questions without one.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Pattern

import numpy as np
import yaml
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.base import ConfiguredComponent, settings_batch_embedder
from bot.components.sentence_embedder import SENTENCE_EMBEDDING, message_embedding_text
from knowledge.embedders import Embedder

ASPECT_EXAMPLES = Path(__file__).resolve().parents[2] / "nlu_data" / "aspects.yml"
# Without a pattern the embedding may decide with a little less: 0.88/0.01 kept 0.95 accuracy leave-one-out.
RELAXED_SIMILARITY = 0.02
# set when the message reads like a general aspect question ("und was kostet das?"): it names no service
ASPECT_QUESTION = "aspect_question"
# the aspect is named in words a pattern knows ("was kostet", "Unterlagen"), not only guessed from the
# closest aspect questions: "Es geht um meinen Ausweis" is close to "was brauche ich für den Ausweis",
# yet asks nothing about documents
ASPECT_NAMED = "aspect_named"

# Tried in this order; the first match wins. "online" and deadlines are specific, so they come first
# ("kann ich das online bezahlen" asks how, not what it costs). Strong signals for conditions (income,
# entitlement, "genehmigungspflichtig") come before costs ("wie viel darf ich verdienen" is not a fee),
# "where do I hand it in" before documents, and the broad "kann ich … / muss ich … zahlen" comes last.
ASPECT_PATTERNS: List[tuple[str, str]] = [
    (
        "frist",
        r"\bfrist|bis wann|spätestens|wie lange hab\w* ich zeit|wie viel zeit hab|rechtzeitig|zu spät|"
        r"verspät|deadline|innerhalb welcher|wann muss ich|ab wann|wie schnell muss|"
        r"wie lange (ist|sind|bleibt|bleiben|gilt|gelten)\b.{0,40}\bgültig|wie lange gilt|wie lange gelten|gültig bis|"
        r"(tage|wochen|monate|lange|früh|zeitig) (vorher|im voraus)|vorlaufzeit|wann (ist|sind|wird|werden) .{0,40}fällig|fälligkeit|\bdue (date|by)\b|"
        r"\bby when\b|son tarih|son gün|ne zamana kadar|крайн\w* срок|до якого|до какого (числа|срока)|مهلة|آخر موعد|"
        # time one has, how early, how far back, how long something is kept or granted
        r"wie viel\w* (tage|wochen|monate|zeit) (hab|habe|hat|haben|bleib)|wie früh|wie zeitig|rückwirkend|wie weit zurück|"
        r"wie lange\b.{0,40}\bzeit (hab|habe|haben|hat|bleibt)|wie lange (hab|habe|haben|hat) (ich|wir|man) .{0,30}\bzeit\b|"
        r"\bvorlauf|wie viele (tage|wochen|monate) vor (dem|der|beginn)|wann sollte (ich|man|wir) .{0,40}(beantrag|stell|meld)|"
        r"wie lange (wird|werden|bleibt|bleiben) .{0,40}(aufbewahrt|bewilligt|gezahlt|gewährt|gespeichert)|"
        r"how (many days|many weeks|much time|long) do (i|we|you) (have|get)\b|how (soon|early)\b|how far back|retroactive|"
        r"when (do|must|should) (i|we) (have to )?(register|apply|report|notify)|time limit|"
        r"d[ée]lai(?! de traitement)|jusqu'?[àa] quand|avant quand|date limite|combien de temps (ai-je|j'ai|on a|avons|me reste)|"
        r"r[ée]troacti|"
        # the time one has, in Turkish, Russian and Ukrainian: "kaç gün içinde", "сколько времени у меня есть"
        r"قبل (كم|قديش) (يوم|أسبوع|اسبوع)|(kaç|ne kadar) (gün|hafta|ay|süre) içinde|(сколько|скільки) (дней|недель|днів|тижнів|времени|часу) "
        r"(у (меня|нас) |на (это|це) )?(есть|є|маю|маємо|даётся|дається)",
    ),
    (
        "online",
        r"online(?!-?ausweis)|internet|digital|von zu ?hause|per (e-?)?mail|\bapp\b|webseite|website|elektronisch|"
        r"ohne (aufs )?amt|ohne hinzugehen|ohne termin vor ort|(übers|übern|mit dem|per) (handy|smartphone|pc|computer|laptop)|"
        r"\bim netz\b|am (handy|computer|rechner)|çevrimiçi|internetten|онлайн|інтернет|أونلاين|عبر الإنترنت",
    ),
    # "Welche Unterlagen brauche ich für die Erlaubnis?" names what it asks for: documents, not conditions
    ("unterlagen", r"\bwelche (unterlagen|dokumente|papiere|nachweise|belege)\b"),
    (
        "voraussetzungen",
        r"voraussetzung|bedingung|\bauflage|anspruch|berechtigt|verdien|einkommen|vermögen|mindestalter|"
        r"alt genug|wie alt muss|(ab|bis zu) welchem alter|wer (bekommt|kann|darf)|steht mir|steht uns|recht darauf|"
        r"genehmigungspflicht|erlaubt|zulässig|verboten|\bpflicht\b|"
        r"(?<!was )(brauch\w*|benötig\w*) (ich|man|wir|der|die|das) (\w+ ){0,5}\w*(genehmigung|erlaubnis|konzession|lizenz)|"
        r"eligible|qualify|am i allowed|şart|hakkım var|условия|право на|умови|شروط|"
        r"conditions|ai-je droit|avoir droit|qui peut|[ée]ligible",
    ),
    (
        "kosten",
        r"\bkost|gebühr|gebuehr|preis|\bteue?r|günstig|billiger|(mehr|weniger) (be)?zahlen|bezahlen|zahlen muss|zu zahlen|was zahl|"
        r"wie ?viel .{0,20}(kostet|zahlen|bezahl|verlang|nehm)|was (nimmt|nehmen|verlangt|verlangen|berechnet|will) .{0,25}(dafür|dafuer|für)|"
        r"was (muss|darf) ich .{0,15}(hinblättern|berappen|löhnen|abdrücken)|was kriegt die stadt|"
        r"wie ?viel .{0,20}(kostet|zahlen|bezahl)|wie hoch\b(?!.{0,40}\b(darf|dürfen)\b)|wie ?viel\s*[?!.]*$|umsonst|kostenlos|gratis|was kommt .{0,20}auf (mich|uns) zu|"
        r"\bcosts?\b|\bfees?\b|\bprice|how much|"
        r"ücret|fiyat|ne kadar tutar|сколько стоит|стоимост|скільки кошту|вартість|تكلفة|رسوم|كم سعر|بكم|"
        # an amount received or paid back, a rate
        r"wie ?viel .{0,40}(bekomm|kriegt|kriege|gibt es|gibts|erhält|erhalte|zurückzahl|maximal|höchstens|im monat|pro kind)|"
        r"höchstbetrag|\b(einen|den|welchen|genauen|konkreten) betrag\b|welche summe|wie viel prozent|steuersatz|\bhow much (money )?(do|will|can|is)\b|"
        r"combien (ça |ca |cela |ce )?(co[uû]te|coute)|\bprix\b|\btarif|\bfrais\b|gratuit|payant|combien (faut-il|dois-je|je dois) payer|"
        r"ne kadar(?! (sür|zaman|vakit|bekle|geçerli))|kaç (euro|avro|lira|para)|"
        r"сколько .{0,30}(стоит|платят|денег|составляет|получ|евро)|скільки .{0,30}(коштує|платять|грошей|становить|отрима|євро)|"
        r"كم (يبلغ|المبلغ|يورو|قيمة|تكلف|يدفع|أدفع|ادفع|أحصل|احصل)",
    ),
    (
        "zustaendigkeit",
        r"\bwo (muss|kann|soll|darf) (ich|man|wir) .{0,40}(einreichen|abgeben|hin|stellen|melden|beantragen)\b|"
        r"\bwem (meld|sag|geb|schick|schreib)\w*\b|an wen (wende|muss|kann|soll)|"
        r"\bwer (ist|wäre) .{0,20}(zuständig|verantwortlich|ansprechpartner)|wer kümmert|"
        r"\bwer ist (hier |da |dort |denn )?(die |der |das )?\w*(behörde|amt|stelle)\b|who is (in charge|responsible)|"
        r"macht das (die|das|der) (stadt|gemeinde|region|amt|rathaus|bürgerbüro)|"
        # where to hand it in, in Russian and Ukrainian, before the word for documents it names
        r"куди (подавати|подати|звернутися|звертатися|йти)|где (можно |нужно |мне )?(подать|получить|оформить)|"
        r"куда (подавать|обращаться|идти)",
    ),
    (
        "unterlagen",
        r"unterlage|dokument|mitbring|mitbrng|mitnehm|nachweis|papiere|formular|antragsformular|vorlegen|vorzeigen|"
        # the separable verb apart: "was nehme ich mit?", "was bringen wir da alles mit"
        r"\b(nehm|bring)\w* (ich|wir|man|sie) (\w+ ){0,3}mit\b|"
        r"dabei haben|zeigen muss|einreichen|beilegen|was (brauch|benötig)\w* (ich|wir|man)\b|was muss ich .{0,20}(haben|dabei)|welche sachen|"
        r"\bfoto|passbild|documents?|paperwork|what do i need|belge|evrak|документ|довідк|مستندات|وثائق|أوراق|"
        r"quels papiers|pi[èe]ces? justificati|justificatif|apporter",
    ),
    (
        "dauer",
        r"wie lange? dauert|\bdauert\b|dauert es|dauert das|dauert der|dauert die|dauer\b|bearbeitungszeit|"
        r"bearbeitungsdauer|wann (ist|wird|bekomme|kriege|krieg|kommt) .{0,30}(fertig|da|post|brief|bescheid)|"
        r"wann kommt (die|der|das) (post|brief|bescheid|karte|urkunde)|wie schnell|wie lange (muss ich )?warten|"
        r"wartezeit|wie viele (tage|wochen|monate)|"
        r"wann (kann|könnte) ich .{0,30}(abholen|rechnen)|how long|ne kadar sürer|сколько (времени|ждать)|скільки (часу|чекати)|كم من الوقت|كم يستغرق|"
        r"combien de temps|d[ée]lai de traitement",
    ),
    (
        "oeffnungszeiten",
        r"öffnungszeit|oeffnungszeit|geöffnet|\boffen\b|auf ?hat|aufhaben|sprechzeit|"
        r"wann (hat|ist) .{0,50}\b(auf|offen|geöffnet)\b|samstag|nach feierabend|abends|am wochenende|"
        r"(montags|dienstags|mittwochs|donnerstags|freitags|sonnabends|heute|morgen) (noch |schon )?(auf|offen|geöffnet|zu|geschlossen)\b|"
        r"bis wie viel uhr|wann kann ich (vorbeikommen|hinkommen|hingehen)|"
        r"wann (kann|darf) (ich|man) .{0,60}(abladen|anliefern|vorbeibringen|hinbringen|vorbeikommen|hinfahren)|opening hours|open on|açık|часы работы|графік роботи|"
        r"مواعيد العمل|\btermin|horaires|heures d'ouverture|\bouvert|\bferm[ée]",
    ),
    (
        "zustaendigkeit",
        r"zuständig|zustaendig|\bwo\b|wohin|bei wem|welche[sr]? (amt|behörde|stelle|büro)|an wen|"
        r"wer (ist|wäre) .{0,20}(zuständig|verantwortlich)|wer (repariert|macht das|hilft)|zu wem|"
        # who hands it out: "wer teilt die Hausnummer zu", "wer stellt das aus", "wer gibt uns die Nummer"
        r"\bwer (teilt|vergibt|erteilt|bearbeitet|genehmigt|entscheidet|stellt|gibt (mir|uns|einem))\b|"
        r"muss ich (hin|aufs amt|ins rathaus|zur|zum)|abholen|(beim|im|ins|aufs) (bürgerbüro|bürgeramt|rathaus|amt)\b|"
        r"bei der (stadt|gemeinde|region)\b|beratungsstelle|ansprechpartner|"
        r"\bwhere\b|who do i|nereye|nerede|куда|де (можна|отримати|подати)|أين|"
        r"\bo[uù] (est|faut|dois|se trouve|aller)|[àa] qui|qui est (responsable|comp[ée]tent)|quel (bureau|service|office)",
    ),
    (
        "voraussetzungen",
        r"\bkann ich|\bkönnen wir|\bkann man|darf ich|darf man|dürfen wir|muss ich .{0,20}sein|gilt das|auch wenn|obwohl|"
        r"reicht es|brauch\w* (ich|man|wir) (überhaupt|wirklich|trotzdem|denn|eigentlich)\b|bekomme ich|kriege ich|krieg ich|"
        r"kriegen wir|bekommen wir|\bmöglich\b|geht das|"
        r"\b(muss|müssen) (ich|man|wir) .{0,40}(zahlen|bezahlen|abmelden|anmelden|umtauschen|tauschen)\b|"
        # whether it is needed, enough or granted, asked of somebody or something else
        r"\breicht (mein|meine|meinen|der|die|das|ein|eine|auch)\b|\b(bekommt|bekommen|kriegt|kriegen) (die|der|er|sie|man)\b|"
        r"\bkann (einer|eine|jemand|man auch)\b|\b(muss|müssen) (der|die|das|er|sie|es) .{0,30}\b(werden|neu)\b|neu beantragen|"
        r"do i (need|have) to|can i\b|gerekiyor mu|zorunda mıyım|mı gerekiyor|нужно ли|чи потрібно|هل يجب|هل يمكنني",
    ),
]


def compile_patterns(patterns: List[tuple[str, str]]) -> List[tuple[str, Pattern[str]]]:
    return [(aspect, re.compile(p, re.IGNORECASE)) for aspect, p in patterns]


def detect_aspect(text: str, compiled: List[tuple[str, Pattern[str]]]) -> str | None:
    for aspect, pattern in compiled:
        if pattern.search(text):
            return aspect
    return None


class AspectNeighbours:
    """The self-written aspect questions, embedded once when the model is loaded."""

    def __init__(self, aspects: List[str], vectors: np.ndarray, min_similarity: float, min_lead: float) -> None:
        self._aspects = np.array(aspects)
        self._vectors = vectors
        self._min_similarity = min_similarity
        self._min_lead = min_lead

    @classmethod
    def load(
        cls, embedder: Embedder, min_similarity: float, min_lead: float, path: Path = ASPECT_EXAMPLES
    ) -> AspectNeighbours:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))["aspects"]
        aspects = [aspect for aspect, texts in data.items() for _ in texts]
        texts = [message_embedding_text(str(t)) for ts in data.values() for t in ts]
        return cls(aspects, embedder.embed_queries(texts), min_similarity, min_lead)

    def nearest(self, vector: np.ndarray, neighbours: int = 3, relaxed: bool = False) -> str | None:
        """The aspect whose questions are clearly closest; `relaxed` takes a slightly weaker lead (no pattern to ask)."""
        similarities = self._vectors @ vector
        scores = {
            aspect: float(np.sort(similarities[self._aspects == aspect])[-neighbours:].mean())
            for aspect in dict.fromkeys(self._aspects.tolist())
        }
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        (best, first), (_, second) = ranked[0], ranked[1]
        min_similarity = self._min_similarity - (RELAXED_SIMILARITY if relaxed else 0.0)
        min_lead = self._min_lead / 2 if relaxed else self._min_lead
        return best if first >= min_similarity and first - second >= min_lead else None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class AspectExtractor(ConfiguredComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # extra patterns per aspect, tried before the built-in ones: {aspect: regex}
            "patterns": {},
            # the mean cosine of the three closest questions of one aspect must reach this …
            "min_similarity": 0.9,
            # … and lead the next aspect by this much, for the embedding to decide
            "min_lead": 0.02,
        }

    @staticmethod
    def validate_config(config: Dict[str, Any]) -> None:
        unknown = set(config.get("patterns") or {}) - {aspect for aspect, _ in ASPECT_PATTERNS}
        if unknown:
            raise ValueError(f"AspectExtractor: unknown aspects {sorted(unknown)}")
        for key in ("min_similarity", "min_lead"):
            if not isinstance(config.get(key, 0.0), (int, float)) or not 0.0 <= config.get(key, 0.0) <= 1.0:
                raise ValueError(f"AspectExtractor: {key} must be a number from 0 to 1")
        for aspect, pattern in (config.get("patterns") or {}).items():
            try:
                re.compile(pattern)
            except re.error as err:
                raise ValueError(f"AspectExtractor: pattern of {aspect} is not a regex: {err}") from err

    def __init__(self, config: Dict[str, Any], neighbours: AspectNeighbours | None = None) -> None:
        self.validate_config(config)
        extra = list((config.get("patterns") or {}).items())
        self._compiled = compile_patterns(extra + ASPECT_PATTERNS)
        self._neighbours = neighbours

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> AspectExtractor:
        config = {**cls.get_default_config(), **config}
        if execution_context.is_finetuning or not ASPECT_EXAMPLES.exists():
            return cls(config)
        return cls(
            config, AspectNeighbours.load(settings_batch_embedder(), config["min_similarity"], config["min_lead"])
        )

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            vector = message.get(SENTENCE_EMBEDDING)
            neighbours = self._neighbours if vector is not None else None
            nearest = neighbours.nearest(vector) if neighbours else None
            named = detect_aspect(message.get(TEXT) or "", self._compiled)
            aspect = nearest or named
            if aspect is None and neighbours:
                nearest = aspect = neighbours.nearest(vector, relaxed=True)
            message.set(ASPECT_QUESTION, nearest is not None, add_to_output=True)
            message.set(ASPECT_NAMED, named is not None, add_to_output=True)
            if aspect:
                entity = {"entity": "aspect", "value": aspect, "start": 0, "end": 0, "confidence_entity": 1.0}
                message.set(
                    ENTITIES, [*message.get(ENTITIES, []), self.add_extractor_name([entity])[0]], add_to_output=True
                )
        return messages
