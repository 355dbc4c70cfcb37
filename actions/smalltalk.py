"""Greeting, thanks, goodbye, and the honest answer to "are you a bot?"."""

from __future__ import annotations

from typing import Any, Dict

from actions.texts import Texts

SMALL_TALK = ("greet", "thank", "goodbye", "bot_challenge")


def small_talk_text(texts: Texts, intent: str) -> str:
    return texts.say(f"utter_{intent if intent in SMALL_TALK else 'greet'}")


def human_button(texts: Texts) -> Dict[str, Any]:
    return texts.button("utter_button_human", "/request_human")
