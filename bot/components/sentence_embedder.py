"""Dense sentence features from the multilingual e5 model that retrieval already loads.

Count vectors only know the words seen in training; "kein bot bitte", "operator" or a Ukrainian
request for a person share no word with them. The e5 sentence embedding does carry the meaning,
so DIET gets it as a dense sentence feature (as with Rasa's LanguageModelFeaturizer). The vector is
also kept on the message as `sentence_embedding`, so the ServiceClassifier and the EmergencyDetector
reuse it: one embedding per message.
"""

from __future__ import annotations

from typing import Any, Dict, List

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.base import settings_batch_embedder, settings_embedder
from knowledge.embedders import Embedder
from knowledge.query import clean_query, embedding_text

SENTENCE_EMBEDDING = "sentence_embedding"


def message_embedding_text(text: str) -> str:
    """Exactly what the retriever embeds for a query, so the vector can be shared with it."""
    return embedding_text(clean_query(text))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # messages embedded in one call while training (the model runs on one core)
            "batch_size": 64,
        }

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        size = config.get("batch_size")
        if not isinstance(size, int) or not 1 <= size <= 1024:
            raise ValueError("SentenceEmbeddingFeaturizer: batch_size must be an integer from 1 to 1024")

    def __init__(
        self, config: Dict[str, Any], name: str, embedder: Embedder, batch_embedder: Embedder | None = None
    ) -> None:
        super().__init__(name, config)
        self._embedder = embedder
        # the training examples are our own texts: their vectors may come from the on-disk cache
        self._batch_embedder = batch_embedder or embedder
        self._batch = int(config["batch_size"])

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddingFeaturizer:
        config = {**cls.get_default_config(), **config}
        return cls(config, execution_context.node_name, settings_embedder(), settings_batch_embedder())

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize([m for m in training_data.training_examples if m.get(TEXT)], self._batch_embedder)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        return self._featurize(messages, self._embedder)

    def _featurize(self, messages: List[Message], embedder: Embedder) -> List[Message]:
        for start in range(0, len(messages), self._batch):
            batch = messages[start : start + self._batch]
            vectors = embedder.embed_queries([message_embedding_text(m.get(TEXT) or "") for m in batch])
            for message, vector in zip(batch, vectors, strict=True):
                self.add_to_message(message, vector)
        return messages

    def add_to_message(self, message: Message, vector: np.ndarray) -> None:
        vector = np.asarray(vector, dtype=np.float32)
        message.set(SENTENCE_EMBEDDING, vector)
        self.add_features_to_message(sequence=None, sentence=vector.reshape(1, -1), attribute=TEXT, message=message)
