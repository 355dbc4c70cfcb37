"""Polite answers when there is nothing to answer: bad input, off-topic, not understood."""

from __future__ import annotations

from actions.texts import Texts

BAD_INPUT_RESPONSES = {"empty": "utter_input_empty", "no_words": "utter_input_no_words"}


def bad_input_text(texts: Texts, kind: str | None) -> str:
    return texts.say(BAD_INPUT_RESPONSES.get(kind or "", "utter_fallback"))
