"""The fact bench's check: one of the expected spellings must be in a service answer."""

import pytest

from servicecenter.fact_set import FactResult, states_fact


def test_a_figure_is_found_whatever_space_babel_put_before_the_unit() -> None:
    assert states_fact("Gebühr: 37,00\u00a0€ ab 24 Jahren", ["37,00 €"])
    assert states_fact("Gebühr: 37,00\u202fEuro", ["37,00 euro"])


def test_a_different_figure_is_not_the_fact() -> None:
    assert not states_fact("Gebühr: 22,80 €", ["37,00 €", "37 Euro"])
    assert not states_fact("Gebühr: 37,00 €", ["", "  "])


def row(aspect: str = "kosten") -> dict:
    return {"id": "q1", "text": "was kostet das", "service": "reisepass", "aspect": aspect, "expect_any": ["70 €"]}


def test_only_a_service_answer_with_the_fact_counts() -> None:
    result = FactResult()
    result.add(row(), {"route": "answer", "service": "reisepass", "reply": "Kosten: 70 €"})
    result.add(row(), {"route": "clarify", "service": None, "reply": "Meinen Sie … 70 €"})
    result.add(row("frist"), {"route": "answer", "service": "reisepass", "reply": "Fragen Sie Ihr Bürgerbüro."})
    assert result.stated == {"kosten": 1, "frist": 0}
    assert result.routed == {"kosten": 1, "frist": 1}
    assert len(result.failures) == 2
    assert "alle              3    0.667              0.333 (1/3)" in result.render()


@pytest.mark.parametrize(
    "reply",
    ["Fee: €46 aged 24 and over", "Ücret: 46 € (24 yaş ve üzeri)", "Frais : 46,00 € à partir de 24 ans", "EUR 46.00"],
)
def test_an_amount_counts_in_any_locale_format(reply):
    assert states_fact(reply, ["46,00", "46 Euro"], "amount")
    assert not states_fact(reply, ["37,00 €", "37 Euro"], "amount")


def test_an_amount_is_compared_only_for_amount_questions_and_never_a_bare_number():
    assert not states_fact("Fee: €46", ["46 Euro"], "office")
    assert not states_fact("Sie haben 46 Tage Zeit", ["46 €"], "amount")  # a number without a currency
    assert states_fact("Insgesamt 1.000 € für beide", ["1000"], "amount")
