"""Emergencies must never be missed: patterns and two readings of the sentence embedding.

Patterns catch the plain words ("es brennt", "atmet nicht"). The embedding is compared with the
self-written present dangers of `nlu_data/safety/` and with every other training example, near
misses included (a past illness, a bill, "Notfalltermin", an address block against a stalker):
the margin between the closest of each, and a logistic regression over the same vectors, catch the
wordings no pattern foresaw and other languages ("da ist jemand unten im Keller", a child gone
under in the lake). A pattern that names a danger raises the alarm alone, unless the message speaks
of the past, of paperwork or of a case that might happen without a word for "now" (emergency_patterns.py).
Otherwise the readings vote: a call for help that names no danger, the margin, the regression and
DIET's own confidence for `emergency`; two votes raise the alarm, unless no pattern or call for help
speaks and the closest examples are clearly harmless, or the message itself says the danger is over or
only imagined, is a figure of speech, or corrects what was understood (then the readings alone raise
nothing). A word for "now" ("gerade", "sofort") is a vote of its own. The result sets `emergency` ("112" or "110") and the intent
`emergency`, whatever DIET said.
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

from bot.components.base import settings_embedder
from bot.components.emergency_patterns import (
    acute,
    calls_for_help,
    complains,
    corrects_understanding,
    figurative,
    pattern_counts,
    pattern_number,
    settled,
    urgent,
)
from bot.components.intent_readings import IntentReadings
from bot.components.sentence_embedder import SENTENCE_EMBEDDING, message_embedding_text
from knowledge.embedders import Embedder
from knowledge.query import MAX_EMBED_WORDS

# the end of a long message read on its own: the last clause, short enough to cost little (~1 ms a token)
TAIL_WORDS = 12
# where a message turns from its first subject to another: "ich wollte nach X fragen, aber …", "egal, …"
_TURN_WORD = r"\b(?:aber|doch|egal|jedenfalls|übrigens|oh gott|moment|warte|but|anyway|ama|но|але|لكن)\b"
_TURN = re.compile(rf"[.!?;]+\s+|,?\s+{_TURN_WORD}(?:[,:]?\s+{_TURN_WORD})*[,:]?\s*", re.IGNORECASE)
MIN_PART_WORDS = 3
MAX_PARTS = 3


def later_parts(text: str) -> List[str]:
    """What follows a turn in the message, and the end of a long one: read alone, a danger named after a
    service question is not drowned by it."""
    pieces = [p.strip() for p in _TURN.split(text) if p and p.strip()]
    parts = [p for p in pieces[1:] if len(p.split()) >= MIN_PART_WORDS][-MAX_PARTS:]
    if len(message_embedding_text(text).split()) >= MAX_EMBED_WORDS:
        tail = " ".join(text.split()[-TAIL_WORDS:])
        if tail not in parts:
            parts.append(tail)
    return parts


EMERGENCY = "emergency"
EMERGENCY_READINGS = "emergency_readings"  # probability, margin and DIET's confidence, for bench and tuning


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class EmergencyDetector(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # A pattern that names a danger now ("es brennt", "bewusstlos", "mit einem Messer") raises the
            # alarm, unless the message has no word for "now" and the readings find it clearly harmless:
            # margin at most this, probability at most this, DIET below vote_diet ("Mir brennt die Zeit
            # unter den Nägeln", "Are smoke detectors mandatory?").
            "pattern_margin_floor": -0.03,
            "pattern_probability_floor": 0.3,
            # Otherwise four readings vote, and this many votes raise it: a call for help
            # ("Notfall!", "Hilfe") that names no danger, the neighbour margin, the logistic regression,
            # and DIET's confidence for the intent `emergency`. Each reading alone errs both ways on
            # our own sets (README, "Safety"); two that agree rarely do.
            "votes_needed": 2,
            # the neighbour margin votes above this …
            "vote_margin": 0.003,
            # … (above this when the margin and the regression are the only votes: they read the same
            # vector, so their agreement alone is weaker evidence than two independent readings) …
            "embedding_only_margin": 0.01,
            # … the logistic regression from this probability …
            "vote_probability": 0.6,
            # … and DIET from this confidence. When DIET and the regression are the only votes, the
            # closest examples must not be clearly harmless: a margin at or below this overrules them
            # ("put me through to someone who can help": DIET and the regression read the register)
            "vote_diet": 0.5,
            "neighbours_overrule_margin": -0.02,
            # A probability from this, with a margin above strong_margin, is a sure reading: "bringt nix" then
            # does not make the message a complaint ("Münze verschluckt, Klopfen bringt nix"). It does not count
            # as two votes: short service questions reach it on their own
            "strong_probability": 0.75,
            "strong_margin": 0.008,
            # A probability from this, with the closest example a danger (margin above 0), is the regression
            # being certain: the vector then votes twice even below embedding_only_margin. DIET is retrained with
            # every change of the data and its vote comes and goes on the same sentence ("a crash, a woman trapped
            # and bleeding" in Arabic); a certain regression must not depend on it
            "certain_probability": 0.97,
            # inverse regularisation strength of the logistic regression
            "regularisation": 4.0,
        }

    @staticmethod
    def validate_config(config: Dict[str, Any]) -> None:
        for key in ("vote_probability", "vote_diet", "strong_probability", "certain_probability"):
            value = config.get(key)
            if not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
                raise ValueError(f"EmergencyDetector: {key} must be a number from 0 to 1")
        for key in (
            "vote_margin",
            "embedding_only_margin",
            "pattern_margin_floor",
            "neighbours_overrule_margin",
            "strong_margin",
        ):
            value = config.get(key)
            if not isinstance(value, (int, float)) or not -1.0 <= value <= 1.0:
                raise ValueError(f"EmergencyDetector: {key} must be a number from -1 to 1")
        floor = config.get("pattern_probability_floor")
        if not isinstance(floor, (int, float)) or not 0.0 <= floor <= 1.0:
            raise ValueError("EmergencyDetector: pattern_probability_floor must be a number from 0 to 1")
        if config.get("votes_needed") not in (1, 2, 3, 4):
            raise ValueError("EmergencyDetector: votes_needed must be 1, 2, 3 or 4")
        if not isinstance(config.get("regularisation"), (int, float)) or config["regularisation"] <= 0:
            raise ValueError("EmergencyDetector: regularisation must be a positive number")

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: IntentReadings | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.validate_config(config)
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._model = model
        self._embedder = embedder  # for the end of long messages; None while training

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
        self._model = IntentReadings.fit(vectors, labels, float(self._config["regularisation"]))
        with self._storage.write_to(self._resource) as directory:
            self._model.save(str(directory / "emergency.npz"))
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
            model = IntentReadings.load(str(directory / "emergency.npz"))
        embedder = settings_embedder()
        return cls({**cls.get_default_config(), **config}, model_storage, resource, model, embedder)

    def decide(self, text: str, vector: np.ndarray | None, diet: float = 0.0) -> tuple[str | None, Dict[str, float]]:
        """The number to call (or None) and the readings behind it; `diet` is DIET's confidence for `emergency`."""
        config = self._config
        probability, margin = self._readings(text, vector)
        readings = {"probability": round(probability, 4), "margin": round(margin, 4), "diet": round(diet, 4)}
        number = pattern_number(text)
        counts = pattern_counts(text)
        plausible = (
            margin > config["pattern_margin_floor"]
            or probability > config["pattern_probability_floor"]
            or diet >= config["vote_diet"]
        )
        if number and counts and (plausible or urgent(text) or acute(text)):
            return number, readings
        spoken = bool(number or calls_for_help(text))  # a pattern or a call for help, not only the readings
        strong = probability >= config["strong_probability"] and margin > config["strong_margin"]
        if not spoken and complains(text, strong) and not urgent(text):
            return None, readings  # a complaint about what happened, with no danger named and nothing "now"
        # "die schrauben grad die Räder vom Auto ab": a word for "now" says it is happening, whatever its topic
        now = not spoken and urgent(text)
        independent = int(spoken and counts) + int(diet >= config["vote_diet"]) + int(now)
        embedding = int(margin > config["vote_margin"]) + int(probability >= config["vote_probability"])
        certain = probability >= config["certain_probability"] and margin > 0
        if not independent and margin <= config["embedding_only_margin"] and not certain:
            embedding = min(embedding, 1)  # the margin and the regression read one vector: alone, they need more
        if not spoken and margin <= config["neighbours_overrule_margin"]:
            return None, readings
        told_as_over = settled(text, strong) or figurative(text)
        if not spoken and (told_as_over or corrects_understanding(text)):
            # "letzte Nacht ist ein Baum umgestürzt, verletzt ist keiner", "nur so gefragt: wen rufe ich an, wenn es
            # mal brennt?", "nein, ich meinte die Hundesteuer": the message says the danger is over
            # or imagined, or corrects what was understood, and no pattern names a danger. The readings find the
            # topic of a danger, not its presence: they need one vote more and the vector counts once, so at the
            # default of two votes the readings alone do not raise the alarm
            embedding = min(embedding, 1)
            return "112" if independent + embedding > config["votes_needed"] else None, readings
        return (number or "112") if independent + embedding >= config["votes_needed"] else None, readings

    def _readings(self, text: str, vector: np.ndarray | None) -> tuple[float, float]:
        """Probability and margin; a long message is also read from its end, where the danger often is
        ("eigentlich wollte ich nach dem Ausweis fragen, aber gerade brennt es nebenan")."""
        if self._model is None or vector is None:
            return 0.0, -1.0
        vectors = [vector]
        parts = later_parts(text) if self._embedder is not None else []
        if self._embedder is not None and parts:
            vectors += list(self._embedder.embed_queries(parts))
        model = self._model
        return max(model.probability(v) for v in vectors), max(model.margin(v) for v in vectors)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            ranking = message.get(INTENT_RANKING_KEY) or []
            diet = next(
                (float(r.get("confidence") or 0.0) for r in ranking if r.get(INTENT_NAME_KEY) == EMERGENCY), 0.0
            )
            number, readings = self.decide(message.get(TEXT) or "", message.get(SENTENCE_EMBEDDING), diet)
            message.set(EMERGENCY, number, add_to_output=True)
            message.set(EMERGENCY_READINGS, readings, add_to_output=True)
            if number:
                forced = {INTENT_NAME_KEY: EMERGENCY, "confidence": 1.0}
                message.set(INTENT, forced, add_to_output=True)
                ranking = [r for r in ranking if r.get(INTENT_NAME_KEY) != EMERGENCY]
                message.set(INTENT_RANKING_KEY, [forced, *ranking], add_to_output=True)
        return messages
