"""A second opinion beside DIET for one family of intents, from the sentence embedding alone.

DIET, trained mostly on service questions, is often sure that a message is one ("Wer gewinnt heute?",
"Meine Tonne wurde wieder nicht geleert"). The embedding is compared with the training examples of
the family and with all others: a logistic regression and the margin between the closest of each.
Both must agree. Subclasses name the family, the output key and the file of the fitted readings; the
routing decides what the opinion means.
"""

from __future__ import annotations

from typing import Any, ClassVar, Dict, List, Tuple, TypeVar

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.intent_readings import IntentReadings
from bot.components.sentence_embedder import SENTENCE_EMBEDDING

T = TypeVar("T", bound="SecondOpinion")


class SecondOpinion(GraphComponent):
    INTENTS: ClassVar[Tuple[str, ...]] = ()
    OUTPUT: ClassVar[str] = ""  # the flag set on the message; its readings go to f"{OUTPUT}_readings"

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # the family when the logistic regression gives at least this probability …
            "min_probability": 0.5,
            # … and the closest examples of the family are this much closer than the closest others
            "min_margin": 0.0,
            # inverse regularisation strength of the logistic regression
            "regularisation": 4.0,
        }

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        name = cls.__name__
        probability = config.get("min_probability")
        if not isinstance(probability, (int, float)) or not 0.0 <= probability <= 1.0:
            raise ValueError(f"{name}: min_probability must be a number from 0 to 1")
        margin = config.get("min_margin")
        if not isinstance(margin, (int, float)) or not -1.0 <= margin <= 1.0:
            raise ValueError(f"{name}: min_margin must be a number from -1 to 1")
        if not isinstance(config.get("regularisation"), (int, float)) or config["regularisation"] <= 0:
            raise ValueError(f"{name}: regularisation must be a positive number")

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
        cls: type[T],
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> T:
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    def in_family(self, example: Message) -> bool:
        return example.get(INTENT) in self.INTENTS

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(SENTENCE_EMBEDDING) is not None]
        labels = np.array([self.in_family(m) for m in examples])
        if not labels.any() or labels.all():
            raise ValueError(f"{type(self).__name__} needs examples of its family and others")
        vectors = np.stack([m.get(SENTENCE_EMBEDDING) for m in examples])
        self._model = IntentReadings.fit(vectors, labels, float(self._config["regularisation"]))
        with self._storage.write_to(self._resource) as directory:
            self._model.save(str(directory / f"{self.OUTPUT}.npz"))
        return self._resource

    @classmethod
    def load(
        cls: type[T],
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> T:
        with model_storage.read_from(resource) as directory:
            model = IntentReadings.load(str(directory / f"{cls.OUTPUT}.npz"))
        return cls({**cls.get_default_config(), **config}, model_storage, resource, model)

    def decide(self, vector: np.ndarray | None) -> tuple[bool, Dict[str, float]]:
        if self._model is None or vector is None:
            return False, {"probability": 0.0, "margin": -1.0}
        probability, margin = self._model.probability(vector), self._model.margin(vector)
        found = probability >= self._config["min_probability"] and margin > self._config["min_margin"]
        return found, {"probability": round(probability, 4), "margin": round(margin, 4)}

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            found, readings = self.decide(message.get(SENTENCE_EMBEDDING))
            message.set(self.OUTPUT, found, add_to_output=True)
            message.set(f"{self.OUTPUT}_readings", readings, add_to_output=True)
        return messages
