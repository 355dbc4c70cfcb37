"""How the phone voice says things (channels.voice.pronounce): exact outputs, one place for all engines."""

from __future__ import annotations

import pytest

from channels.voice.pronounce import (
    expand_abbreviations,
    number_words,
    ordinal_words,
    phone_words,
    speak_numbers,
    spoken,
)


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "null"),
        (1, "eins"),
        (16, "sechzehn"),
        (21, "einundzwanzig"),
        (30, "dreißig"),
        (101, "einhunderteins"),
        (115, "einhundertfünfzehn"),
        (1000, "eintausend"),
        (2024, "zweitausendvierundzwanzig"),
        (37500, "siebenunddreißigtausendfünfhundert"),
        (2_000_001, "zwei Millionen eins"),
    ],
)
def test_number_words(n, words):
    assert number_words(n) == words


def test_ordinals():
    assert [ordinal_words(n) for n in (1, 2, 3, 7, 8, 19, 20, 31)] == [
        "ersten",
        "zweiten",
        "dritten",
        "siebten",
        "achten",
        "neunzehnten",
        "zwanzigsten",
        "einunddreißigsten",
    ]


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Die Gebühr beträgt 37,00 €.", "Die Gebühr beträgt siebenunddreißig Euro."),
        ("Sie kostet 22,80 EUR.", "Sie kostet zweiundzwanzig Euro achtzig."),
        ("ab dem 01.11.2024", "ab dem ersten November zweitausendvierundzwanzig"),
        ("Geöffnet 8:30 Uhr bis 13.00 Uhr", "Geöffnet acht Uhr dreißig bis dreizehn Uhr"),
        ("Das dauert 3-4 Wochen.", "Das dauert drei bis vier Wochen."),
        ("Rufen Sie 115 an, im Notfall 112.", "Rufen Sie eins eins fünf an, im Notfall eins eins zwei."),
        ("Telefon 0511 616-0", "Telefon null fünf eins eins, sechs sechzehn, null"),
        ("um 19 % erhöht", "um neunzehn Prozent erhöht"),
        ("1.500 Euro", "eintausendfünfhundert Euro"),
    ],
)
def test_numbers_dates_and_amounts_are_spoken(text, spoken):
    assert speak_numbers(text) == spoken


@pytest.mark.parametrize(
    ("number", "said"),
    [
        ("0511 616-0", "null fünf eins eins, sechs sechzehn, null"),
        ("05136 97 38 12", "null fünf eins drei sechs, siebenundneunzig, achtunddreißig, zwölf"),
        ("0511/12345", "null fünf eins eins, eins dreiundzwanzig fünfundvierzig"),
        ("0511 3005 02", "null fünf eins eins, dreißig null fünf, null zwei"),
        ("+49 511 616-0", "plus vier neun, fünf eins eins, sechs sechzehn, null"),
    ],
)
def test_phone_numbers_are_read_in_pairs_after_the_area_code(number, said):
    assert phone_words(number) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("die Kfz-Zulassung", "die Ka-eff-zett-Zulassung"),
        ("Ihr Pkw oder LKW", "Ihr Pe-ka-we oder El-ka-we"),
        ("Kosten in €", "Kosten in Euro"),
        ("nach § 5 SGB II", "nach Paragraf 5 Sozialgesetzbuch II"),
        ("z. B. Reisepass, ggf. Foto", "zum Beispiel Reisepass, gegebenenfalls Foto"),
        ("Kfzsteuer und Kfz.", "Kfzsteuer und Ka-eff-zett."),
    ],
)
def test_abbreviations_letter_words_and_symbols(text, said):
    assert expand_abbreviations(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("bis zum 31.12.", "bis zum einunddreißigsten Dezember"),
        ("ab 1. Januar 2025", "ab ersten Januar zweitausendfünfundzwanzig"),
        ("Pauschal 30,- €", "Pauschal dreißig Euro"),
        ("Sprechzeit 8:30 Uhr.", "Sprechzeit acht Uhr dreißig."),
    ],
)
def test_more_dates_and_amounts(text, said):
    assert speak_numbers(text) == said


def test_the_kfz_fee_and_a_number_to_call_as_the_voice_says_them():
    text = "Die Kfz-Zulassung kostet ca. 30,70 € (Tel. 0511 616-0, Mo. bis Fr.)."
    assert spoken(text) == (
        "Die Ka-eff-zett-Zulassung kostet circa dreißig Euro siebzig "
        "(Telefon null fünf eins eins, sechs sechzehn, null, Montag bis Freitag)."
    )
    assert spoken(spoken(text)) == spoken(text)


def test_english_answers_get_only_the_english_help_pico_needs():
    from channels.voice.pronounce import spoken_english

    assert spoken_english("It costs €37.50, e.g. for adults, since 07.02.2026; call 115.") == (
        "It costs 37 euros 50, for example for adults, since 7 February 2026; call one one five."
    )
    assert spoken_english("A passport costs 70.00 euros & 1,200 EUR.") == "A passport costs 70 euros and 1200 euros."
    assert spoken_english(spoken_english("€37.50")) == "37 euros 50"
