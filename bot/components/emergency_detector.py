"""Emergencies must never be missed: patterns catch what a classifier might not.

A message about fire, a medical emergency, violence, an accident with injured people or acute
danger sets `emergency` ("112" or "110") and the intent `emergency`, whatever DIET said. Words that
look alike but are services ("Osterfeuer anmelden", "Feuerwerk", "Unfallwagen abgeschleppt") do not.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.base import ConfiguredComponent
from bot.components.service_classifier import SERVICE_RETRIEVAL

EMERGENCY = "emergency"

# 110: police matters (violence, threat, burglary in progress); 112: fire, medical, accidents.
POLICE_PATTERN = (
    r"schlägt mich|schlägt uns|schlagen mich|geschlagen|verprügel|bedroht|bedrohen|angegriffen|"
    r"(mit|hat) (einem|einer|ein|eine) (messer|pistole|waffe)|(messer|pistole|waffe) .{0,30}(bedroh|angriff|sticht|schießt|schiesst)|"
    r"überfall|einbrecher|einbruch .{0,20}(gerade|jetzt|im haus)|jemand (ist|steigt) .{0,20}(im haus|in (der|die) wohnung)|"
    r"prügeln sich|schlägerei|messerstecherei|vergewaltig|entführ|häusliche gewalt|gewalt .{0,20}(jetzt|gerade|zu hause)|stalk|"
    r"beats? me|threaten|knife|burglar|assault|"
    r"бьет|б'є|нож|погроз|угрож|dövüyor|bıçak|يضربني|سكين|يهددني"
)
MEDICAL_FIRE_PATTERN = (
    r"\bes brennt|\bbrennt\b|\bfeuer (im|in|auf|bei)\b|feuer ausgebrochen|hilfe,? feuer|\bfeuer!|es ist feuer|rauch (kommt|steigt|überall)|"
    r"qualm|explosion|explodier|gas ?geruch|riecht nach gas|gasleck|"
    r"bewusstlos|ohnmächtig|atmet nicht|keine luft|kriegt keine luft|erstick|herzinfarkt|herzstillstand|"
    r"schlaganfall|krampfanfall|blutet (stark|sehr)|viel blut|verblute|notarzt|krankenwagen|rettungswagen|"
    r"vergiftet|gift geschluckt|überdosis|ertrinkt|ertrunken|"
    r"(tablette|pille|medikament|gift|putzmittel|reiniger|chemikalie|batterie|spülmaschinentab)\w* .{0,40}(geschluckt|getrunken|gegessen|verschluckt)|"
    r"bewegt sich nicht|reagiert nicht|nicht ansprechbar|atmet kaum|blau angelaufen|krampft|zusammengebrochen|umgekippt und|"
    r"(schwer(er|en)?|schlimme[rn]?) unfall|unfall .{0,40}(verletzt|blutet|bewusstlos|eingeklemmt)|verletzte .{0,20}unfall|"
    r"suizid|selbstmord|umbringen|nicht mehr leben|mir das leben nehmen|"
    r"hilfe,? hilfe|notfall|lebensgefahr|"
    r"\bfire\b|burning|heart attack|unconscious|not breathing|can'?t breathe|bleeding|overdose|emergency|"
    r"yangın|imdat|bayıldı|nefes alamıyor|kalp krizi|"
    r"пожар|горит|помогите|без сознания|не дышит|инфаркт|пожежа|горить|допоможіть|не дихає|"
    r"حريق|نار|النجدة|ساعدوني|فاقد الوعي|لا يتنفس|نوبة قلبية"
)
# service questions that share words with emergencies
NOT_EMERGENCY_PATTERN = (
    r"osterfeuer|brauchtumsfeuer|lagerfeuer .{0,20}(anmeld|erlaub|genehmig)|feuerwerk|feuerwehr ?(gebühr|einsatz ?kosten|rechnung)|"
    r"feuerstätte|rauchmelder|schornstein|unfallwagen|unfallauto|unfall ?(bericht|gutachten|versicherung)|"
    r"notfallausweis|notfallreisepass|notfallpass|notfalltermin|notfall-?termin|im notfall|für den notfall|"
    r"wasserschaden|rohrbruch .{0,20}(straße|gehweg)|brennholz|kerze brennt"
)


def classify_emergency(text: str) -> str | None:
    """'110' for police matters, '112' for fire, medical and accidents, None otherwise."""
    lowered = text.casefold()
    if re.search(POLICE_PATTERN, lowered):
        return "110"
    if re.search(MEDICAL_FIRE_PATTERN, lowered) and not _only_lookalikes(lowered):
        return "112"
    return None


def _only_lookalikes(text: str) -> bool:
    """True when every emergency word in the text belongs to a service look-alike."""
    if not re.search(NOT_EMERGENCY_PATTERN, text):
        return False
    stripped = re.sub(NOT_EMERGENCY_PATTERN, " ", text)
    return not re.search(MEDICAL_FIRE_PATTERN, stripped)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EmergencyDetector(ConfiguredComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # DIET's emergency intent also counts from this confidence on, when no service fits well
            "intent_threshold": 0.97,
        }

    @staticmethod
    def validate_config(config: Dict[str, Any]) -> None:
        value = config.get("intent_threshold")
        if not isinstance(value, (int, float)) or not 0.0 < value <= 1.0:
            raise ValueError("EmergencyDetector: intent_threshold must be in (0, 1]")

    def __init__(self, config: Dict[str, Any]) -> None:
        self.validate_config(config)
        self._threshold = float(config["intent_threshold"])

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            number = classify_emergency(message.get(TEXT) or "")
            intent = message.get(INTENT) or {}
            retrieval = message.get(SERVICE_RETRIEVAL) or {}
            service_fits = float(retrieval.get("confidence") or 0.0) >= 0.5
            if number is None and intent.get(INTENT_NAME_KEY) == EMERGENCY and not service_fits:
                number = "112" if intent.get("confidence", 0.0) >= self._threshold else None
            message.set(EMERGENCY, number, add_to_output=True)
            if number:
                forced = {INTENT_NAME_KEY: EMERGENCY, "confidence": 1.0}
                message.set(INTENT, forced, add_to_output=True)
                ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != EMERGENCY]
                message.set(INTENT_RANKING_KEY, [forced, *ranking], add_to_output=True)
        return messages
