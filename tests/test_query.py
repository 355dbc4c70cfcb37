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


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("den alten Corsa von meiner Mutter stilllegen", "den alten Corsa Auto von meiner Mutter stilllegen"),
        ("Haben einen Hyundai vom Händler, Kennzeichen?", "Haben einen Hyundai Auto vom Händler, Kennzeichen?"),
        ("unseren Polo auf mich umschreiben", "unseren Polo Auto auf mich umschreiben"),
    ],
)
def test_a_car_named_by_its_make_or_model_is_named_as_a_car(text, named):
    assert clean_query(text) == named


@pytest.mark.parametrize(
    "text",
    ["Golf spielen am Sonntag auf der Wiese", "Mein Auto, ein Fiat, wurde abgeschleppt", "Polo-Shirt gefunden"],
)
def test_everyday_words_and_messages_that_say_car_are_left_alone(text):
    assert clean_query(text) == text
