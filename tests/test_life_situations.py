"""Life situations: the catalogue, the matcher, the detector's configuration and the routing of a situation told."""

from typing import ClassVar, Dict

import numpy as np
import pytest

from actions.clarification import options_offered, situation_options
from actions.readings import tells_a_life_situation
from actions.routing import RouteKind, decide
from actions.signals import asks_what_it_takes
from actions.state import Candidate, Turn
from bot.components.life_situation_detector import LifeSituationDetector
from knowledge.life_situations import LifeSituation, LifeSituationMatcher, load_life_situations
from knowledge.store import KnowledgeError, load_knowledge

BIRTH = ["geburt-anzeigen", "elterngeld", "kindergeld", "vaterschaftsanerkennung", "sorgeerklaerung"]


def test_the_catalogue_names_only_known_services_and_covers_the_common_situations():
    kb = load_knowledge()
    situations = {s.id: s for s in load_life_situations(kb.services)}
    assert {"geburt", "todesfall", "umzug", "heirat", "arbeitslos", "rente", "bauen"} <= set(situations)
    assert all(len(s.services) >= 2 and s.descriptions for s in situations.values())


def test_an_unknown_service_in_the_catalogue_is_refused(tmp_path):
    path = tmp_path / "situations.yaml"
    path.write_text(
        "situations:\n  a:\n    services: [x, y]\n    descriptions: [eins]\n"
        "  b:\n    services: [x, z]\n    descriptions: [zwei]\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError, match="unknown services"):
        load_life_situations({"x", "y"}, path)


class AxisEmbedder:
    """A description's vector is the axis of its first word: 'baby …' and 'umzug …' point apart."""

    axes: ClassVar[Dict[str, int]] = {"baby": 0, "kind": 0, "umzug": 1, "wohnung": 1, "hund": 2}

    def embed_queries(self, texts):
        vectors = np.zeros((len(texts), 3), dtype=np.float32)
        for row, text in enumerate(texts):
            vectors[row, self.axes[text.split()[0].lower()]] = 1.0
        return vectors


def test_the_matcher_takes_the_situation_whose_closest_descriptions_are_closest():
    situations = [
        LifeSituation("geburt", "Geburt", ["geburt-anzeigen", "elterngeld"], ["Baby da", "Kind geboren"]),
        LifeSituation("umzug", "Umzug", ["wohnsitz-anmelden", "halteverbot-umzug"], ["Umzug bald", "Wohnung neu"]),
        LifeSituation("hund", "Hund", ["hundesteuer-anmelden", "hunderegister"], ["Hund neu"]),
    ]
    matcher = LifeSituationMatcher.load(AxisEmbedder(), situations)
    match = matcher.best(np.array([0.2, 0.9, 0.1], dtype=np.float32))
    assert match.situation.id == "umzug"
    assert match.score == pytest.approx(0.9)
    assert match.lead == pytest.approx(0.7)
    # between two situations about as close, the one whose services the retrieval ranks first wins
    torn = np.array([0.6, 0.62, 0.0], dtype=np.float32)
    assert matcher.best(torn).situation.id == "umzug"
    assert matcher.best(torn, ["elterngeld", "kita-platz"], bonus=0.05).situation.id == "geburt"


@pytest.mark.parametrize(
    "config",
    [{"min_score": 1.5}, {"min_lead": -0.1}, {"min_score": "hoch"}, {"retrieved": 30}, {"retrieval_bonus": -1}],
)
def test_the_detector_configuration_is_checked(config):
    with pytest.raises(ValueError, match="LifeSituationDetector"):
        LifeSituationDetector({**LifeSituationDetector.get_default_config(), **config})


@pytest.mark.parametrize(
    "text",
    [
        "wir kriegen nachwuchs, was müssen wir jetzt alles machen",
        "Meine Frau ist gestorben. Was nun?",
        "welche Unterstützung bekomme ich als Rentnerin",
        "what should we take care of after the wedding",
        "babamız öldü, ne yapmamız gerekiyor",
        "сын родился, что нам нужно оформить",
        "ми переїхали, що нам треба зробити",
    ],
)
def test_general_questions_for_what_it_takes(text):
    assert asks_what_it_takes(text)


@pytest.mark.parametrize(
    "text", ["Was kostet ein Reisepass?", "Wo melde ich meinen Hund an?", "Wie lange dauert die Ummeldung?"]
)
def test_questions_about_one_service_do_not_ask_what_it_takes(text):
    assert not asks_what_it_takes(text)


def situation_turn(text, candidates, named=0.3, **kw):
    return Turn(
        text=text,
        intent="ask_service",
        intent_confidence=0.9,
        retrieval_confidence=0.99,
        named=named,
        candidates=[Candidate(s, 0.9 - i / 100) for i, s in enumerate(candidates)],
        situation_services=BIRTH,
        **kw,
    )


def test_a_situation_told_and_asked_about_is_asked_back_with_its_services():
    turn = situation_turn(
        "Unser Sohn ist da, was müssen wir jetzt erledigen?", ["kindergeld", "kita-platz", "geburt-anzeigen"]
    )
    assert tells_a_life_situation(turn)
    route = decide(turn)
    assert route.kind == RouteKind.CLARIFY
    assert route.options == ["kindergeld", "geburt-anzeigen", "elterngeld", "vaterschaftsanerkennung"]


def test_the_retrieval_must_place_the_message_among_the_situations_services():
    turn = situation_turn("Unser Sohn ist da, was müssen wir jetzt erledigen?", ["kita-platz", "kindergeld", "bafoeg"])
    assert not tells_a_life_situation(turn)
    placed = situation_turn("Unser Sohn ist da, was müssen wir jetzt erledigen?", ["kindergeld", "kita-platz"])
    assert tells_a_life_situation(placed)


def test_a_service_named_whole_in_the_situation_is_answered():
    turn = situation_turn(
        "Unser Sohn ist da, was müssen wir für das Elterngeld machen?", ["elterngeld", "kindergeld"], named=1.0
    )
    assert not tells_a_life_situation(turn)
    assert decide(turn).kind == RouteKind.ANSWER


def test_a_situation_in_the_middle_of_a_conversation_is_no_opening():
    turn = situation_turn("und was müssen wir sonst noch machen?", ["kindergeld", "geburt-anzeigen"])
    assert tells_a_life_situation(turn)
    later = situation_turn(
        "und was müssen wir sonst noch machen?", ["kindergeld", "geburt-anzeigen"], current_service="elterngeld"
    )
    assert not tells_a_life_situation(later)


def test_situation_options_are_at_most_four_retrieved_first():
    turn = situation_turn("x", ["sorgeerklaerung", "bafoeg", "elterngeld"])
    assert situation_options(turn) == ["sorgeerklaerung", "elterngeld", "geburt-anzeigen", "kindergeld"]
    assert options_offered(turn) == ["sorgeerklaerung", "bafoeg", "elterngeld"]  # not told: the retrieval's own


@pytest.mark.parametrize("office", ["beim Standesamt", "im Bürgerbüro", "bei der Zulassungsstelle"])
def test_a_situation_asked_about_at_one_office_is_that_offices_matter(office):
    turn = situation_turn(
        f"Unser Sohn ist da, was müssen wir {office} erledigen?", ["kindergeld", "geburt-anzeigen", "elterngeld"]
    )
    assert not tells_a_life_situation(turn)
    generic = situation_turn(
        "Unser Sohn ist da, was müssen wir bei den Ämtern erledigen?", ["kindergeld", "geburt-anzeigen"]
    )
    assert tells_a_life_situation(generic)


def test_a_message_asked_back_anyway_offers_the_services_of_the_situation_it_tells():
    from actions.clarification import asked_back_in_a_situation

    told = situation_turn(
        "meine Frau hat gestern entbunden und wir sind völlig durcheinander", ["elterngeld", "bafoeg"]
    )
    assert not tells_a_life_situation(told)  # asks nothing
    assert asked_back_in_a_situation(told)
    assert options_offered(told) == ["elterngeld", "geburt-anzeigen", "kindergeld", "vaterschaftsanerkennung"]
    short = situation_turn("ich hab ne Frage wegen dem Elterngeld", ["elterngeld", "bafoeg"])
    assert not asked_back_in_a_situation(short)  # announces a topic, tells no situation
