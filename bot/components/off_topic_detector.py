"""Off-topic messages are declined, not answered as a service or a follow-up: a second opinion beside DIET.

DIET, trained mostly on service questions, is often sure that "Wer gewinnt heute, 96 oder St. Pauli?"
asks for a service. The sentence embedding is compared with the off-topic examples of the training
data (weather, football, recipes, opinions …) and with all others: a logistic regression and the
margin between the closest of each. Both must agree, so a service question with a stray everyday word
stays a service question. The result sets `off_topic` and the readings behind it; the routing decides
what to do with it (a message that names a service surely is answered all the same).
"""

from __future__ import annotations

from typing import Any, Dict, List

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.intent_readings import IntentReadings
from bot.components.sentence_embedder import SENTENCE_EMBEDDING

OUT_OF_SCOPE = "out_of_scope"
OFF_TOPIC = "off_topic"
OFF_TOPIC_READINGS = "off_topic_readings"  # probability and margin, for bench and tuning


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class OffTopicDetector(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # off-topic when the logistic regression gives at least this probability …
            "min_probability": 0.5,
            # … and the closest off-topic examples are this much closer than the closest others
            "min_margin": 0.0,
            # inverse regularisation strength of the logistic regression
            "regularisation": 4.0,
        }

    @staticmethod
    def validate_config(config: Dict[str, Any]) -> None:
        probability = config.get("min_probability")
        if not isinstance(probability, (int, float)) or not 0.0 <= probability <= 1.0:
            raise ValueError("OffTopicDetector: min_probability must be a number from 0 to 1")
        margin = config.get("min_margin")
        if not isinstance(margin, (int, float)) or not -1.0 <= margin <= 1.0:
            raise ValueError("OffTopicDetector: min_margin must be a number from -1 to 1")
        if not isinstance(config.get("regularisation"), (int, float)) or config["regularisation"] <= 0:
            raise ValueError("OffTopicDetector: regularisation must be a positive number")

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: IntentReadings | None = None,
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
    ) -> OffTopicDetector:
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(SENTENCE_EMBEDDING) is not None]
        labels = np.array([m.get(INTENT) == OUT_OF_SCOPE for m in examples])
        if not labels.any() or labels.all():
            raise ValueError("OffTopicDetector needs examples of the intent 'out_of_scope' and of other intents")
        vectors = np.stack([m.get(SENTENCE_EMBEDDING) for m in examples])
        self._model = IntentReadings.fit(vectors, labels, float(self._config["regularisation"]))
        with self._storage.write_to(self._resource) as directory:
            self._model.save(str(directory / "off_topic.npz"))
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> OffTopicDetector:
        with model_storage.read_from(resource) as directory:
            model = IntentReadings.load(str(directory / "off_topic.npz"))
        return cls({**cls.get_default_config(), **config}, model_storage, resource, model)

    def decide(self, vector: np.ndarray | None) -> tuple[bool, Dict[str, float]]:
        if self._model is None or vector is None:
            return False, {"probability": 0.0, "margin": -1.0}
        probability, margin = self._model.probability(vector), self._model.margin(vector)
        off_topic = probability >= self._config["min_probability"] and margin > self._config["min_margin"]
        return off_topic, {"probability": round(probability, 4), "margin": round(margin, 4)}

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            off_topic, readings = self.decide(message.get(SENTENCE_EMBEDDING))
            message.set(OFF_TOPIC, off_topic, add_to_output=True)
            message.set(OFF_TOPIC_READINGS, readings, add_to_output=True)
        return messages
