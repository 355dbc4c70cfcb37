"""Polite answers when there is nothing to answer: bad input, off-topic, not understood."""

from __future__ import annotations

from typing import Dict

BAD_INPUT_TEXTS: Dict[str, str] = {
    "empty": (
        "Ihre Nachricht ist leer angekommen. Schreiben Sie mir bitte Ihre Frage, "
        "zum Beispiel „Was kostet ein Reisepass?“."
    ),
    "no_words": (
        "Ihre Nachricht enthält keinen Text, den ich lesen kann. Schreiben Sie mir bitte Ihre Frage in Worten, "
        "zum Beispiel „Wie melde ich meinen Hund an?“."
    ),
}
TOO_LONG_NOTE = "Ihre Nachricht war sehr lang; ich habe nur den Anfang gelesen."
OUT_OF_SCOPE_TEXT = (
    "Dabei kann ich leider nicht helfen. Ich beantworte Fragen zu den häufigsten Leistungen der Städte und "
    "Gemeinden in der Region Hannover, zum Beispiel Ausweise, Ummeldung, Kfz-Zulassung, Wohngeld, Hundesteuer "
    "oder Sperrmüll."
)
FALLBACK_TEXT = (
    "Das habe ich leider nicht verstanden. Beschreiben Sie bitte in einem Satz, was Sie erledigen möchten, "
    "zum Beispiel „Ich ziehe nach Garbsen um“ – oder schreiben Sie „Mitarbeiter“, dann verbinde ich Sie."
)
# A first sign of frustration: own the mistake, offer a person, keep the topic (a second sign hands over).
APOLOGY_TEXT = (
    "Entschuldigung, da habe ich Sie wohl nicht richtig verstanden. Sagen Sie mir bitte in anderen Worten, "
    "was Sie wissen möchten – oder ich verbinde Sie mit einer Mitarbeiterin oder einem Mitarbeiter."
)
REDIRECT_TEXT = "Entschuldigung! Worum geht es Ihnen stattdessen? Nennen Sie mir bitte die Leistung oder Ihr Anliegen."


def bad_input_text(kind: str | None) -> str:
    return BAD_INPUT_TEXTS.get(kind or "", FALLBACK_TEXT)
