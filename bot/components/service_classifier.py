"""Recognises which Top-100 service a message is about, through the knowledge retriever.

DIET classifies the conversational intent; this component adds the ranked services with their
calibrated confidence as `service_retrieval`, which the dialogue uses to answer, ask back or
hand over. The retriever (embedder and FAISS index) is opened when the model is loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.input_guard import INPUT_PROBLEM
from bot.components.sentence_embedder import SENTENCE_EMBEDDING
from knowledge.retriever import Retriever

SERVICE_RETRIEVAL = "service_retrieval"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ServiceClassifier(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # ranked services passed to the dialogue: a clarifying question offers up to 4, and the
            # answer to it is matched against all of them
            "candidates": 4,
            # index directory; None takes SC_INDEX_DIR / the project default
            "index_dir": None,
        }

    @staticmethod
    def validate_config(config: Dict[str, Any]) -> None:
        if not isinstance(config.get("candidates"), int) or not 1 <= config["candidates"] <= 100:
            raise ValueError("ServiceClassifier: candidates must be an integer from 1 to 100")

    def __init__(self, config: Dict[str, Any], retriever: Retriever) -> None:
        self.validate_config(config)
        self._k = int(config["candidates"])
        self._retriever = retriever

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ServiceClassifier:
        from knowledge.runtime import open_retriever
        from settings import get_settings

        config = {**cls.get_default_config(), **config}
        settings = get_settings()
        if config["index_dir"]:
            settings = settings.copy(update={"index_dir": Path(config["index_dir"])})
        return cls(config, open_retriever(settings))

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            message.set(SERVICE_RETRIEVAL, self.classify(message), add_to_output=True)
        return messages

    def classify(self, message: Message) -> Dict[str, Any] | None:
        if message.get(INPUT_PROBLEM) in ("empty", "no_words"):
            return None
        result = self._retriever.search(
            message.get(TEXT) or "", k=self._k, query_vector=message.get(SENTENCE_EMBEDDING)
        )
        if not result.matches:
            return None
        return {
            "confidence": round(result.confidence, 4),
            "margin": round(result.margin, 4),
            "named": result.named,
            "candidates": [{"service": m.service_id, "score": m.score} for m in result.matches],
        }
