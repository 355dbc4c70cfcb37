"""Greeting, thanks, goodbye, and the honest answer to "are you a bot?"."""

from __future__ import annotations

from typing import Dict

SMALL_TALK_TEXTS: Dict[str, str] = {
    "greet": (
        "Guten Tag! Ich bin der digitale Assistent des Servicecenters der Region Hannover. "
        "Fragen Sie mich zu Leistungen Ihrer Stadt oder Gemeinde, zum Beispiel Personalausweis, "
        "Ummeldung, Wohngeld oder Sperrmüll."
    ),
    "thank": "Gern geschehen! Kann ich noch etwas für Sie tun?",
    "goodbye": "Auf Wiedersehen und alles Gute!",
    "bot_challenge": (
        "Ich bin ein digitaler Assistent, kein Mensch. Wenn Sie lieber mit einer Mitarbeiterin oder "
        "einem Mitarbeiter sprechen möchten, schreiben Sie „Mitarbeiter“."
    ),
}
HUMAN_BUTTON = {"title": "Mit einem Menschen sprechen", "payload": "/request_human"}


def small_talk_text(intent: str) -> str:
    return SMALL_TALK_TEXTS[intent]
