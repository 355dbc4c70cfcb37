"""Preparing a message for the embedder: separable verbs joined, so "melde … ab" is no "anmelden"."""

import pytest

from knowledge.query import clean_query, join_separable_verbs


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("wie melde ich meinen hund in lehrte ab", "wie abmelden ich meinen hund in lehrte"),
        ("Wann holt die Stadt den Sperrmüll ab?", "Wann abholen die Stadt den Sperrmüll?"),
        ("Ich tausche meinen alten Führerschein um", "Ich umtauschen meinen alten Führerschein"),
        (
            "Wie schreibe ich das Auto auf mich um, wenn ich es kaufe?",
            "Wie umschreiben ich das Auto auf mich, wenn ich es kaufe?",
        ),
        ("wir ziehen nächste woche nach sehnde um", "wir umziehen nächste woche nach sehnde"),
        ("wie zeig ich eine geburt an", "wie anzeigen ich eine geburt"),
        ("ich hör zum jahresende mit dem laden auf", "ich aufhören zum jahresende mit dem laden"),
        ("Was brauche ich, um ein Gewerbe anzumelden?", "Was brauche ich, um ein Gewerbe anmelden?"),
    ],
)
def test_a_separated_particle_is_joined_to_its_verb(text, joined):
    assert join_separable_verbs(text) == joined


@pytest.mark.parametrize(
    "text",
    [
        "den Laden beim Gewerbeamt abmelden",  # already joined
        "ab wann muss ich das machen",  # a particle that is no verb's
        "ich melde mich bei ihnen",  # no particle at the clause's end
        "ich gebe den Antrag heute ein",  # "eingeben" is no verb we join
    ],
)
def test_other_messages_are_left_as_they_are(text):
    assert join_separable_verbs(text) == text


def test_clean_query_folds_whitespace_and_joins():
    assert clean_query("  melde   den Hund ab ") == "abmelden den Hund"
