"""Emergencies first: the number to call, before anything else."""

from __future__ import annotations

from typing import Dict

EMERGENCY_TEXTS: Dict[str, str] = {
    "112": (
        "Rufen Sie sofort 112 an (Feuerwehr und Rettungsdienst, kostenlos, rund um die Uhr). "
        "Dieser Chat kann keine Hilfe schicken."
    ),
    "110": (
        "Rufen Sie sofort 110 an (Polizei, kostenlos, rund um die Uhr). Bei Verletzten zusätzlich 112. "
        "Dieser Chat kann keine Hilfe schicken."
    ),
}


def emergency_text(number: str) -> str:
    return EMERGENCY_TEXTS.get(number, EMERGENCY_TEXTS["112"])
