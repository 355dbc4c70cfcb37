"""Which life situation a message tells ("wir bekommen ein Kind", "mir wurde gekündigt"), from its embedding and
the services the retrieval ranks first.

The catalogue (knowledge/life_situations.yaml) lists each situation's services; the routing offers them when
a first message tells a situation and asks in general what it takes. This component only reads: the closest
situation, its score and its lead, and the situation's services, as `life_situation`.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message

from bot.components.base import ConfiguredComponent, settings_batch_embedder
from bot.components.sentence_embedder import SENTENCE_EMBEDDING
from bot.components.service_classifier import SERVICE_RETRIEVAL
from knowledge.life_situations import LifeSituationMatcher, load_life_situations
from knowledge.store import read_top100

LIFE_SITUATION = "life_situation"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LifeSituationDetector(ConfiguredComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # a situation is reported when the mean cosine of its two closest descriptions reaches this …
            "min_score": 0.84,
            # … and leads the next situation by at least this much
            "min_lead": 0.0,
            # each of the situation's services among the retrieval's first `retrieved` adds this to its score (the
            # first alone: counting the first four favoured situations with many services, a move over emigrating)
            "retrieval_bonus": 0.02,
            "retrieved": 1,
        }

    @staticmethod
    def validate_config(config: Dict[str, Any]) -> None:
        retrieved = config.get("retrieved")
        if not isinstance(retrieved, int) or not 0 <= retrieved <= 25:
            raise ValueError("LifeSituationDetector: retrieved must be an integer from 0 to 25")
        for key in ("min_score", "min_lead", "retrieval_bonus"):
            value = config.get(key)
            if not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
                raise ValueError(f"LifeSituationDetector: {key} must be a number from 0 to 1")

    def __init__(self, config: Dict[str, Any], matcher: LifeSituationMatcher | None = None) -> None:
        self.validate_config(config)
        self._min_score = float(config["min_score"])
        self._min_lead = float(config["min_lead"])
        self._bonus = float(config["retrieval_bonus"])
        self._retrieved = int(config["retrieved"])
        self._matcher = matcher

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LifeSituationDetector:
        config = {**cls.get_default_config(), **config}
        situations = load_life_situations(service.id for service in read_top100())
        return cls(config, LifeSituationMatcher.load(settings_batch_embedder(), situations))

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            message.set(LIFE_SITUATION, self.read(message), add_to_output=True)
        return messages

    def read(self, message: Message) -> Dict[str, Any] | None:
        vector = message.get(SENTENCE_EMBEDDING)
        if self._matcher is None or vector is None:
            return None
        retrieval = message.get(SERVICE_RETRIEVAL) or {}
        retrieved = [c["service"] for c in (retrieval.get("candidates") or [])[: self._retrieved]]
        match = self._matcher.best(vector, retrieved, self._bonus)
        if match.score < self._min_score or match.lead < self._min_lead:
            return None
        return {
            "id": match.situation.id,
            "score": round(match.score, 4),
            "lead": round(match.lead, 4),
            "services": match.situation.services,
        }
