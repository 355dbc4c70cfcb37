"""The follow-up-or-move rule: its fit on synthetic cases, and the committed rule on our own multi-turn data."""

from __future__ import annotations

import json

import pytest

from actions.context import RULE_FILE, ContextRule, FitCase, Reading, accuracy, fit, refers_back


def case(current, target, alone_top, confidence, gap, context_top, named=1.0):
    return FitCase(current, target, Reading(alone_top, confidence, gap, named), Reading(context_top, 0.9, 0.0))


def test_the_fit_separates_sure_moves_from_weak_readings():
    cases = [
        case("geburt-anzeigen", "kindergeld", "kindergeld", 0.95, 0.2, "kindergeld"),
        case("geburt-anzeigen", "elterngeld", "elterngeld", 0.9, 0.15, "elterngeld"),
        case("wohngeld", "wohngeld", "abfallkalender", 0.3, 0.3, "wohngeld"),
        case(
            "reisepass-beantragen",
            "reisepass-beantragen",
            "kinderreisepass-beantragen",
            0.6,
            0.02,
            "reisepass-beantragen",
        ),
    ]
    rule, score = fit(cases)
    assert score == 1.0
    assert rule.moves("geburt-anzeigen", cases[0].alone, cases[0].with_context)
    assert not rule.moves("wohngeld", cases[2].alone, cases[2].with_context)


def test_staying_is_preferred_when_moving_gains_nothing():
    cases = [case("wohngeld", "wohngeld", "wohngeld", 0.9, 0.0, "wohngeld")]
    rule, _ = fit(cases)
    assert rule == ContextRule(1.0, 0.1, 1.0, 1.0, 1.0, 0.1)  # the most cautious of the equally good rules


def test_a_sibling_named_in_its_own_words_moves_with_a_smaller_gap():
    # "Hundesteuer anmelden" – "und die Registrierung im Hunderegister?": the register is named, the scores are close
    rule = ContextRule(0.6, 0.04, 0.6, 0.8, 0.6, 0.03)
    named = Reading("hunderegister", 0.75, 0.033, named=0.81, new_words=1)
    unnamed = Reading("hunderegister", 0.75, 0.033, named=0.4, new_words=1)
    context = Reading("hundesteuer-abmelden", 0.99, 0.0)
    assert rule.moves("hundesteuer-abmelden", named, context)
    assert not rule.moves("hundesteuer-abmelden", unnamed, context)
    assert not rule.moves("hundesteuer-abmelden", Reading("hunderegister", 0.75, 0.02, named=0.81), context)
    # a term of the sibling made only of words the current service uses too ("Kind anmelden" after the Kita place)
    # is no name of something new
    shared = Reading("hunderegister", 0.75, 0.033, named=0.81, new_words=0)
    assert not rule.moves("hundesteuer-abmelden", shared, context)


def test_a_word_only_the_other_services_texts_use_moves_a_less_sure_reading():
    # "Kennzeichen selbst aussuchen" after the Zulassung: close scores, and "aussuchen" is the Wunschkennzeichen's
    rule = ContextRule(0.7, 0.04, 0.7, 0.8, 0.7, 0.03, new_word_confidence=0.6, new_word_gap=0.01)
    new_word = Reading("wunschkennzeichen", 0.65, 0.02, named=0.5, new_words=1)
    context = Reading("fahrzeug-zulassen", 0.99, 0.0)
    assert rule.moves("fahrzeug-zulassen", new_word, context)
    assert not rule.moves("fahrzeug-zulassen", Reading("wunschkennzeichen", 0.65, 0.02, named=0.5), context)
    assert not rule.moves("fahrzeug-zulassen", Reading("wunschkennzeichen", 0.5, 0.02, new_words=2), context)
    assert not rule.moves("fahrzeug-zulassen", Reading("wunschkennzeichen", 0.65, 0.005, new_words=2), context)
    assert not ContextRule().moves("fahrzeug-zulassen", new_word, context)  # never, unless fitted


def test_the_fit_finds_the_move_by_new_words_when_the_cases_need_it():
    def with_words(current, target, top, confidence, words):
        return FitCase(current, target, Reading(top, confidence, 0.01, 0.3, words), Reading(current, 0.99, 0.0))

    cases = [with_words("fahrzeug-zulassen", "wunschkennzeichen", "wunschkennzeichen", 0.66, 1)] * 3 + [
        with_words("fahrzeug-zulassen", "fahrzeug-zulassen", "wunschkennzeichen", 0.66, 0),
        with_words("hundesteuer-anmelden", "hundesteuer-anmelden", "hunderegister", 0.45, 1),
    ]
    rule, score = fit(cases)
    assert score == 1.0
    assert (rule.new_word_confidence, rule.new_word_gap) == (0.65, 0.01)  # the most cautious that holds


def test_pointing_back_is_recognised():
    assert refers_back("und bis wann muss ich das machen?")
    assert refers_back("Was kostet dafür die Gebühr")
    assert not refers_back("Wo beantrage ich Kindergeld?")


@pytest.mark.slow
def test_the_committed_rule_holds_on_our_multi_turn_data():
    from knowledge.runtime import open_retriever
    from servicecenter.context_fit import fit_cases
    from settings import get_settings

    cases = fit_cases(open_retriever(get_settings()))
    stored = json.loads(RULE_FILE.read_text(encoding="utf-8"))
    staying = sum(c.current == c.target for c in cases) / len(cases)
    score = accuracy(ContextRule.load(), cases)
    assert len(cases) == stored["fit_cases"] >= 300
    assert score >= 0.85 and score - staying >= 0.3
