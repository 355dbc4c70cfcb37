"""Retrieval with the real embedder and the real index (built once, reused while current)."""

import pytest

from knowledge.retriever import Retriever
from knowledge.runtime import open_embedder
from servicecenter.knowledge_index import build_knowledge_index
from settings import get_settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def retriever(kb):
    settings = get_settings()
    build_knowledge_index(settings)
    return Retriever.open(kb, settings.index_dir, open_embedder(settings))


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("Perso verloren was nun", "ausweis-verlust-melden"),
        ("reisepas beantragen kosten", "reisepass-beantragen"),
        ("ähm ja ich wollte mein gewerbe abmelden weil ich aufhöre", "gewerbe-abmelden"),
        ("Where can I apply for child benefit?", "kindergeld"),
        ("Meine Mutter ist gestorben, was muss ich beim Standesamt machen?", "sterbefall-anzeigen"),
    ],
)
def test_real_questions_find_their_service_first(retriever, text, service):
    assert retriever.search(text).matches[0].service_id == service


def test_clear_question_is_more_confident_than_gibberish(retriever):
    clear = retriever.search("Wo beantrage ich einen Reisepass?")
    gibberish = retriever.search("blubb frumpel quatsch")
    assert clear.confidence > 0.8 > gibberish.confidence


def test_a_huge_message_is_cut_and_still_answered(retriever):
    result = retriever.search("Hundesteuer " + "bla " * 5000)
    assert len(result.query) <= 600
    assert result.matches
