"""A message that names only an office of several services is asked back (actions/office_named.py)."""

import pytest

from actions.office_named import names_only_an_office
from actions.routing import decide
from actions.state import Candidate, Turn

# Our own wordings: an office, and at most words that leave the matter open.
ONLY_AN_OFFICE = [
    ("Zulassungsstelle", None),
    ("fuehrerscheinstelle", None),
    ("Strassenverkehrsamt Hannover", "Hannover"),
    ("ich hab ne frage ans jugendamt", None),
    ("Anliegen beim Standesamt", None),
    ("muss da was beim Gewerbeamt einreichen", None),
    ("Ich brauche etwas von der Ausländerbehörde.", None),
    ("Bauamt Sehnde", "Sehnde"),
    ("Ich will beim Bürgerbüro was beantragen.", None),
    ("eine Sache fürs Rathaus in Uetze", "Uetze"),
    ("Kurze Frage an die Stadt", None),
]
# The office and the matter, or an office that stands for one thing.
OFFICE_AND_MATTER = [
    ("Zulassungsstelle Auto abmelden", None),
    ("Beim Standesamt die Geburt unserer Tochter anzeigen", None),
    ("Wann hat das Jugendamt offen?", None),
    ("Wo ist das Bürgerbüro in Laatzen?", "Laatzen"),
    ("Bürgerbüro Gehrden", "Gehrden"),
    ("Rathaus Wunstorf", "Wunstorf"),
    ("Termin im Bürgeramt", None),
    ("Fundbüro", None),
    ("Jobcenter", None),
    ("Ich habe Post vom Steueramt wegen der Hundesteuer", None),
]


@pytest.mark.parametrize("text,kommune", ONLY_AN_OFFICE)
def test_only_an_office(text, kommune):
    assert names_only_an_office(text, kommune)


@pytest.mark.parametrize("text,kommune", OFFICE_AND_MATTER)
def test_an_office_with_its_matter(text, kommune):
    assert not names_only_an_office(text, kommune)


def sure_turn(text: str) -> Turn:
    cands = [("fahrzeug-zulassen", 0.88), ("umweltplakette", 0.82), ("wunschkennzeichen", 0.81)]
    return Turn(
        text=text,
        intent="ask_service",
        intent_confidence=1.0,
        retrieval_confidence=0.95,
        candidates=[Candidate(s, sc) for s, sc in cands],
        margin=0.06,
    )


def test_the_office_alone_is_asked_back_even_when_the_retrieval_is_sure():
    assert decide(sure_turn("Zulassungsstelle")).kind == "clarify"
    assert decide(sure_turn("Zulassungsstelle: ich will mein neues Auto zulassen")).kind == "answer"
