"""Emergencies must never be missed: patterns and a classifier over the sentence embedding.

Patterns catch the plain words ("es brennt", "atmet nicht"); the classifier, trained on the
self-written present dangers of `nlu_data/safety/` against every other example (near misses
included: a past illness, a bill, "Notfalltermin", an address block against a stalker), catches
the wordings no pattern foresaw and in other languages ("da ist jemand unten im Keller", a child
gone under in the lake). A pattern only counts when the classifier does not find the message
clearly harmless, so look-alike words stop raising false alarms. Short conversational messages
("Grüß Gott", "bis bald") sit close to short cries for help in the embedding space; when DIET is
sure of such an intent, the classifier alone needs more certainty. The result sets `emergency`
("112" or "110") and the intent `emergency`, whatever DIET said.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.sentence_embedder import SENTENCE_EMBEDDING

EMERGENCY = "emergency"
EMERGENCY_SCORE = "emergency_score"
# intents that carry no content of their own: a sure one of these needs a surer classifier
CONVERSATIONAL = frozenset({"greet", "thank", "goodbye", "bot_challenge", "affirm", "deny", "inform"})

# 110: police matters (violence, threat, burglary or an intruder now); 112: everything else.
POLICE_PATTERN = (
    r"schlägt mich|schlägt uns|schlagen mich|verprügel|bedroht mich|bedroht uns|bedrohen mich|angegriffen|"
    r"(mit|hat) (einem|einer|ein|eine|nem|ner) (messer|pistole|waffe|axt|baseballschläger)|(messer|pistole|waffe) .{0,30}(bedroh|angriff|sticht|schießt|schiesst|absticht)|"
    r"überfall|einbrecher|einbruch .{0,20}(gerade|jetzt|im haus)|bricht .{0,20}(tür|fenster) auf|"
    r"jemand (ist|steigt|läuft|schleicht) .{0,30}(im haus|in (der|die|unserer|meiner) wohnung|im keller|im garten)|"
    r"prügeln sich|schlägerei|messerstecherei|vergewaltig|entführ|häusliche gewalt|gewalt .{0,20}(jetzt|gerade|zu hause)|"
    r"beats? me|threaten|knife|burglar|break(ing)? in|intruder|someone is in (my|our) (house|flat|home)|gun\b|assault|"
    r"бьет|б'є|нож|погроз|угрож|грабіжник|грабитель|вломил|dövüyor|bıçak|hırsız|يضربني|سكين|يهددني|لص|مسدس"
)
MEDICAL_FIRE_PATTERN = (
    r"\bes brennt|\bbrennt\b|\bfeuer (im|in|auf|bei)\b|feuer ausgebrochen|hilfe,? feuer|\bfeuer!|es ist feuer|rauch (kommt|steigt|überall)|"
    r"qualm|explosion|explodier|gas ?geruch|riecht .{0,20}nach gas|gasleck|gas (tritt|strömt) aus|"
    r"bewusstlos|ohnmächtig|atmet nicht|keine luft|kriegt keine luft|erstick|herzinfarkt|herzstillstand|"
    r"schlaganfall|krampfanfall|blutet (stark|sehr)|viel blut|verblute|notarzt|krankenwagen|rettungswagen|"
    r"vergiftet|gift geschluckt|überdosis|ertrinkt|ertrunken|ins wasser gefallen|untergegangen|"
    r"(tablette|pille|medikament|gift|putzmittel|reiniger|chemikalie|batterie|spülmaschinentab)\w* .{0,40}(geschluckt|getrunken|gegessen|verschluckt)|"
    r"bewegt sich nicht|reagiert nicht|nicht ansprechbar|atmet kaum|blau angelaufen|krampft|zusammengebrochen|umgekippt und|"
    r"stromschlag|funken .{0,30}(kabel|steckdose|leitung)|(kabel|leitung) .{0,30}funken|"
    r"(schwer(er|en)?|schlimme[rn]?) unfall|unfall .{0,40}(verletzt|blutet|bewusstlos|eingeklemmt)|verletzte .{0,20}unfall|"
    r"suizid|selbstmord|umbringen|nicht mehr leben|mir das leben nehmen|"
    r"hilfe,? hilfe|notfall|lebensgefahr|"
    r"\bfire\b|burning|smoke|gas leak|smell of gas|heart attack|unconscious|not breathing|can'?t breathe|bleeding|overdose|drowning|emergency|"
    r"yangın|imdat|bayıldı|nefes alamıyor|kalp krizi|gaz kokusu|boğuluyor|"
    r"пожар|горит|помогите|без сознания|не дышит|инфаркт|тонет|запах газа|пожежа|горить|допоможіть|не дихає|тоне|запах газу|"
    r"حريق|نار|النجدة|ساعدوني|فاقد الوعي|لا يتنفس|نوبة قلبية|يغرق|رائحة غاز"
)

# service questions that share words with emergencies
NOT_EMERGENCY_PATTERN = (
    r"osterfeuer|brauchtumsfeuer|lagerfeuer .{0,20}(anmeld|erlaub|genehmig)|feuerwerk|feuerwehr ?(gebühr|einsatz ?kosten|rechnung)|"
    r"feuerstätte|rauchmelder|schornstein|unfallwagen|unfallauto|unfall ?(bericht|gutachten|versicherung)|"
    r"notfallausweis|notfallreisepass|notfallpass|notfalltermin|notfall-?termin|im notfall|für den notfall|"
    r"wasserschaden|rohrbruch .{0,20}(straße|gehweg)|brennholz|kerze brennt"
)


def pattern_number(text: str) -> str | None:
    """'110' or '112' when an emergency pattern matches (service look-alikes left out), None otherwise."""
    lowered = text.casefold()
    if re.search(POLICE_PATTERN, lowered):
        return "110"
    if re.search(MEDICAL_FIRE_PATTERN, re.sub(NOT_EMERGENCY_PATTERN, " ", lowered)):
        return "112"
    return None


class EmergencyModel:
    """Logistic regression over the sentence embedding: the probability of a present danger."""

    def __init__(self, weights: np.ndarray, bias: float) -> None:
        self.weights = np.asarray(weights, dtype=np.float32)
        self.bias = float(bias)

    @classmethod
    def fit(cls, vectors: np.ndarray, labels: np.ndarray, regularisation: float) -> EmergencyModel:
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=regularisation, class_weight="balanced", max_iter=2000)
        model.fit(vectors, labels)
        return cls(model.coef_[0], float(model.intercept_[0]))

    def probability(self, vector: np.ndarray) -> float:
        return float(1.0 / (1.0 + np.exp(-(float(np.dot(self.weights, vector)) + self.bias))))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class EmergencyDetector(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # the classifier alone raises the alarm from this probability on
            "alarm_probability": 0.5,
            # a pattern raises it unless the classifier puts the message below this (clearly harmless)
            "pattern_veto_probability": 0.02,
            # DIET's emergency intent from this confidence on counts when the classifier agrees a little
            "intent_confidence": 0.5,
            "intent_agreement_probability": 0.1,
            # DIET sure (this confidence) of greet, thanks, yes/no …: the classifier alone then needs
            "conversational_confidence": 0.9,
            "conversational_alarm_probability": 0.95,
            # inverse regularisation strength of the logistic regression
            "regularisation": 4.0,
        }

    @staticmethod
    def validate_config(config: Dict[str, Any]) -> None:
        keys = (
            "alarm_probability",
            "pattern_veto_probability",
            "intent_confidence",
            "intent_agreement_probability",
            "conversational_confidence",
            "conversational_alarm_probability",
        )
        for key in keys:
            value = config.get(key)
            if not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
                raise ValueError(f"EmergencyDetector: {key} must be a number from 0 to 1")
        if config["pattern_veto_probability"] > config["alarm_probability"]:
            raise ValueError("EmergencyDetector: pattern_veto_probability must not exceed alarm_probability")
        if not isinstance(config.get("regularisation"), (int, float)) or config["regularisation"] <= 0:
            raise ValueError("EmergencyDetector: regularisation must be a positive number")

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: EmergencyModel | None = None,
    ) -> None:
        self.validate_config(config)
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EmergencyDetector:
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(SENTENCE_EMBEDDING) is not None]
        labels = np.array([m.get(INTENT) == EMERGENCY for m in examples])
        if not labels.any() or labels.all():
            raise ValueError("EmergencyDetector needs examples of the intent 'emergency' and of other intents")
        vectors = np.stack([m.get(SENTENCE_EMBEDDING) for m in examples])
        self._model = EmergencyModel.fit(vectors, labels, float(self._config["regularisation"]))
        with self._storage.write_to(self._resource) as directory:
            np.savez(directory / "emergency.npz", weights=self._model.weights, bias=np.array([self._model.bias]))
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> EmergencyDetector:
        with model_storage.read_from(resource) as directory:
            data = np.load(directory / "emergency.npz")
            model = EmergencyModel(data["weights"], float(data["bias"][0]))
        return cls({**cls.get_default_config(), **config}, model_storage, resource, model)

    def decide(
        self, text: str, vector: np.ndarray | None, intent: str | None = None, confidence: float = 0.0
    ) -> tuple[str | None, float]:
        """The number to call (or None) and the classifier's probability; `intent` is DIET's."""
        config = self._config
        probability = self._model.probability(vector) if self._model is not None and vector is not None else 0.0
        number = pattern_number(text)
        if number and probability >= config["pattern_veto_probability"]:
            return number, probability
        diet_agrees = intent == EMERGENCY and confidence >= config["intent_confidence"]
        if diet_agrees and probability >= config["intent_agreement_probability"]:
            return number or "112", probability
        alarm = config["alarm_probability"]
        if intent in CONVERSATIONAL and confidence >= config["conversational_confidence"]:
            alarm = config["conversational_alarm_probability"]
        if probability >= alarm:
            return number or "112", probability
        return None, probability

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            number, probability = self.decide(
                message.get(TEXT) or "",
                message.get(SENTENCE_EMBEDDING),
                intent.get(INTENT_NAME_KEY),
                float(intent.get("confidence") or 0.0),
            )
            message.set(EMERGENCY, number, add_to_output=True)
            message.set(EMERGENCY_SCORE, round(probability, 4), add_to_output=True)
            if number:
                forced = {INTENT_NAME_KEY: EMERGENCY, "confidence": 1.0}
                message.set(INTENT, forced, add_to_output=True)
                ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != EMERGENCY]
                message.set(INTENT_RANKING_KEY, [forced, *ranking], add_to_output=True)
        return messages
