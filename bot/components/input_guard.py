"""Cleans a message before anything else reads it, and says what was wrong with it.

Citizens paste HTML, send emoji only, empty lines or megabytes; the rest of the pipeline sees
bounded plain text, and the dialogue sees `input_problem` to answer politely.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.base import ConfiguredComponent

INPUT_PROBLEM = "input_problem"
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]{0,500}>")


def clean_text(text: str, max_chars: int) -> tuple[str, str | None]:
    """Plain, bounded text and the problem found: empty, too_long, markup, no_words or None."""
    if text is None or not text.strip():
        return "", "empty"
    problem = None
    if len(text) > max_chars * 4:
        text, problem = text[: max_chars * 4], "too_long"
    if "<" in text and _TAG.search(text):
        text = _TAG.sub(" ", _SCRIPT.sub(" ", text))
        problem = problem or "markup"
    text = html.unescape(text)
    # control characters and unassigned code points (random bytes) out
    text = "".join(ch if unicodedata.category(ch)[0] != "C" or ch in "\n\t" else " " for ch in text)
    text = " ".join(text.split())
    if len(text) > max_chars:
        text, problem = text[:max_chars].rstrip(), "too_long"  # a cut between two words leaves no space
    if not any(ch.isalpha() for ch in text):
        return text, "no_words"
    return text, problem


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class InputGuard(ConfiguredComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # longer messages are cut; the question is in the first sentences
            "max_chars": 1000,
        }

    @staticmethod
    def validate_config(config: Dict[str, Any]) -> None:
        if not isinstance(config.get("max_chars"), int) or config["max_chars"] < 50:
            raise ValueError("InputGuard: max_chars must be an integer of at least 50")

    def __init__(self, config: Dict[str, Any]) -> None:
        self.validate_config(config)
        self._max_chars = int(config["max_chars"])

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text, problem = clean_text(message.get(TEXT) or "", self._max_chars)
            message.set(TEXT, text)
            message.set(INPUT_PROBLEM, problem, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
