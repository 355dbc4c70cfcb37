"""Which words the knowledge base has never heard of (knowledge.vocabulary)."""

from __future__ import annotations

import pytest

from knowledge.vocabulary import Vocabulary, stem

TEXTS = [
    "Hundesteuer: Wer einen Hund hält, meldet ihn bei der Gemeinde an.",
    "Personalausweis beantragen. Der Bescheid kommt per Post.",
    "Sperrmüll anmelden: Möbel und Schränke werden abgeholt.",
]


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary.of(TEXTS)


@pytest.mark.parametrize(
    "word",
    [
        "Hundesteuer",  # as written
        "hunde",  # an inflection of "Hund"
        "Personalausweises",
        "personalausweiß",  # ß spelled as in the text after folding
        "Hundesteuerbescheid",  # a compound of two known words
        "Hundesteuerbescheides",
        "Persnalausweis",  # one letter left out
        "Personalausweiss",  # one letter too many
        "MÖBEL",
    ],
)
def test_known_words(vocabulary: Vocabulary, word: str) -> None:
    assert vocabulary.knows(word)


@pytest.mark.parametrize("word", ["Drohne", "Amsel", "Wespennest", "Vogelgrippe", "Hundedrohne"])
def test_unknown_words(vocabulary: Vocabulary, word: str) -> None:
    assert not vocabulary.knows(word)


def test_a_changed_letter_is_no_typo_of_a_known_word() -> None:
    """'Drohne' is 'drohen' with two letters swapped: reading it as a typo would hide a new topic."""
    assert not Vocabulary.of(["Sie drohen mit einem Bußgeld."]).knows("Drohne")


def test_unknown_lists_only_content_words_in_order(vocabulary: Vocabulary) -> None:
    assert vocabulary.unknown(["Darf ich die Drohne über dem Hund fliegen lassen?"]) == [
        "darf",
        "drohne",
        "ueber",
        "fliegen",
        "lassen",
    ]
    assert vocabulary.unknown(["", "123 4567", "ab zu"]) == []


def test_stem_keeps_at_least_four_letters() -> None:
    assert stem("hunden") == "hund"
    assert stem("hunde") == "hund"
    assert stem("amt") == "amt"
    assert stem("ende") == "ende"
