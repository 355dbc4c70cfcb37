"""A move home and its registration: which one the words of the message say.

Within the commune it is an Ummeldung, into another commune an Anmeldung (BMG § 17); a move into a commune of the
Region needs no Abmeldung (that is for moving abroad). The commune extractor reads the places and their roles; these
are the words the routing reads besides."""

from __future__ import annotations

import re

from knowledge.moving import ARRIVING, COMING, MOVING_HOME, NEWCOMER, ORIGIN

MOVE_SERVICE = {
    "across": {"wohnsitz-ummelden": "wohnsitz-anmelden", "wohnsitz-abmelden": "wohnsitz-anmelden"},
    "within": {"wohnsitz-anmelden": "wohnsitz-ummelden", "wohnsitz-abmelden": "wohnsitz-ummelden"},
}
MOVE_TARGET = {"across": "wohnsitz-anmelden", "within": "wohnsitz-ummelden"}
# the citizen moves home (not a business or a car, whose services the retrieval finds by their own words)
MOVING = re.compile(rf"\b({MOVING_HOME}|{COMING})\b", re.IGNORECASE)
_ARRIVING, _ORIGIN, _NEWCOMER = (re.compile(p, re.IGNORECASE) for p in (rf"\b({ARRIVING})", ORIGIN, NEWCOMER))
# leaving Germany, in the languages the assistant reads: only then is an Abmeldung needed
ABROAD = re.compile(
    r"\b(ausland|auswander\w*|abroad|emigrat\w*|leaving germany|yurt ?dışı\w*|за границ\w*|за кордон\w*|"
    r"эмигр\w*|емігр\w*)|الخارج|هجرة",
    re.IGNORECASE,
)
REGISTRATIONS_IN_THE_REGION = ("wohnsitz-anmelden", "wohnsitz-ummelden")


def arrives_from_elsewhere(text: str) -> bool:
    """ "Ich bin aus Köln hergezogen", "neu in Garbsen": a move into the commune, to be registered (Anmeldung)."""
    return bool((_ARRIVING.search(text) and _ORIGIN.search(text)) or _NEWCOMER.search(text))
