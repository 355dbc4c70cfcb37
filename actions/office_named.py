"""A message that names an office and nothing it wants there ("Zulassungsstelle", "ich muss was beim Bauamt
klären") is vague: the office handles several services, and the retriever's sure top is only the one whose
text uses the office's name most.

Offices that handle one service (Fundbüro, Wohngeldstelle) are not listed: naming them names the service.
"""

from __future__ import annotations

import re

from knowledge.lexical import fold
from knowledge.query import clean_query, embedding_text

# Offices of nearly everything: named alone ("Rathaus Lehrte", "Bürgerbüro") they ask where the office is, which
# the Bürgerbüro's own service answers; only with "was", "eine Frage", "erledigen" … is the matter left open.
CITIZENS_OFFICES = frozenset("bürgerbüro bürgeramt bürgerservice bürgerbüros".split())
GENERAL_OFFICES = CITIZENS_OFFICES | frozenset(
    "rathaus stadtverwaltung gemeindeverwaltung verwaltung stadt gemeinde amt ämter behörde behörden".split()
)
# What a citizen says around the office without saying what the matter is.
GENERIC_WORDS = frozenset(
    """
    was etwas wat irgendwas frage fragen anfrage anliegen sache sachen ding dinge angelegenheit angelegenheiten
    erledigen klären beantragen antrag anträge melden mitteilen anzeigen abgeben einreichen vorbeikommen
    vorbeigehen hin hingehen dahin gehen hinmuss wegen bezüglich betreffend brauche brauch benötige brauchen
    müssen möchten wollen würde gern gerne kurz kurze kleine paar heute morgen nochmal wieder hallo ans ins fürs
    in hab ne nen
    """.split()
)
_WORD = re.compile(r"[\wäöüß]+(?:-[\wäöüß]+)*")
# The kind of office behind the words citizens and the data use for it: "Zulassungsbehörde" in a question and
# "Region Hannover – Zulassungsstelle" in the data are the same office.
OFFICE_KINDS = {
    "zulassung": "zulassungsstelle kfz-zulassungsstelle kfz-stelle zulassungsbehörde straßenverkehrsamt verkehrsamt",
    "fahrerlaubnis": "führerscheinstelle fahrerlaubnisbehörde führerscheinbehörde",
    "standesamt": "standesamt",
    "meldebehörde": "meldeamt einwohnermeldeamt meldebehörde meldestelle",
    "sozialamt": "sozialamt",
    "ordnungsamt": "ordnungsamt",
    "jugendamt": "jugendamt",
    "bauaufsicht": "bauamt bauaufsicht bauordnungsamt",
    "gewerbeamt": "gewerbeamt",
    "steueramt": "steueramt kämmerei",
    "ausländerbehörde": "ausländerbehörde ausländeramt",
    "familienkasse": "familienkasse",
    "abfallwirtschaft": "abfallwirtschaft",
}
_KIND_OF_WORD = {fold(word): kind for kind, words in OFFICE_KINDS.items() for word in words.split()}
# The words citizens use for an office with several of the Top 100, folded as the retriever's lexical scorer folds
# ("strassenverkehrsamt", "fuehrerscheinstelle" match too)
_SPECIALISED = frozenset(_KIND_OF_WORD)


_OFFICES = _SPECIALISED | frozenset(map(fold, GENERAL_OFFICES))


def names_only_an_office(text: str, kommune: str | None = None) -> bool:
    """True when the message's content words are an office of several services and words that say nothing
    about the matter (the commune's name aside); a general office ("Rathaus") counts only with such words."""
    place = {w.casefold() for w in _WORD.findall(kommune or "")}
    words = [w.casefold() for w in _WORD.findall(embedding_text(clean_query(text)))]
    words = [w for w in words if w not in place]
    offices = [folded for folded in map(fold, words) if folded in _OFFICES]
    generic = [w for w in words if w in GENERIC_WORDS]
    if not offices or len(offices) + len(generic) < len(words):
        return False
    return bool(generic) or any(o in _SPECIALISED for o in offices)


def office_kinds(text: str) -> frozenset[str]:
    """The kinds of office a text names ("Standesamt Garbsen Sprechzeiten?" -> {"standesamt"})."""
    words = (fold(w.casefold()) for w in _WORD.findall(text))
    return frozenset(_KIND_OF_WORD[w] for w in words if w in _KIND_OF_WORD)


_PARTICULAR_OFFICES = _SPECIALISED | frozenset(map(fold, CITIZENS_OFFICES))


def names_a_particular_office(text: str) -> bool:
    """An office with tasks of its own ("beim Standesamt", "im Bürgerbüro"), not "bei den Ämtern" or "der Stadt"."""
    return any(fold(w.casefold()) in _PARTICULAR_OFFICES for w in _WORD.findall(text))


_CITIZENS_OFFICE_WORDS = frozenset(map(fold, CITIZENS_OFFICES | {"rathaus"}))
# the same offices in the other languages the assistant reads
_CITIZENS_OFFICE_ABROAD = re.compile(
    r"citizens'? office|town hall|belediye|vatandaş|мэри|бюргербюро|бюргерамт|مكتب (خدمة )?المواطن", re.IGNORECASE
)


def names_a_citizens_office(text: str) -> bool:
    """The Bürgerbüro or the town hall named ("einen Termin im Bürgerbüro"): where the citizen goes, not what for."""
    words = (fold(w.casefold()) for w in _WORD.findall(text))
    return any(w in _CITIZENS_OFFICE_WORDS for w in words) or bool(_CITIZENS_OFFICE_ABROAD.search(text))
