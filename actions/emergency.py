"""Emergencies first: the number to call, before anything else."""

from __future__ import annotations

from actions.texts import Texts

NUMBERS = ("112", "110")


def emergency_text(texts: Texts, number: str) -> str:
    return texts.say(f"utter_emergency_{number if number in NUMBERS else '112'}")
