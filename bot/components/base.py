"""Shared by the components that are configured but never trained."""

from __future__ import annotations

from typing import Any, Dict, TypeVar

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

from knowledge.embedders import Embedder

T = TypeVar("T", bound="ConfiguredComponent")


class ConfiguredComponent(GraphComponent):
    """`create` merges the component's defaults with the pipeline config; `__init__` validates it."""

    @classmethod
    def create(
        cls: type[T],
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> T:
        return cls({**cls.get_default_config(), **config})


def settings_embedder() -> Embedder:
    """The process's one embedder, as configured: the featurizer, the retriever and the detectors share it."""
    from knowledge.runtime import open_embedder
    from settings import get_settings

    return open_embedder(get_settings())


def settings_batch_embedder() -> Embedder:
    """The same model, with our own texts' vectors kept on disk (training data, aspect questions)."""
    from knowledge.runtime import open_batch_embedder
    from settings import get_settings

    return open_batch_embedder(get_settings())
