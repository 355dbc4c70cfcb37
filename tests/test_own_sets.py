"""Our own held-out sets (tests/data, never used for training) through the running assistant.

Emergencies are never missed; near misses, general questions and requests for a person are each
held to the rate the issue asks for. The figures are printed with `servicecenter bench sets`.
"""

from __future__ import annotations

import pytest

from bot.own_sets import SETS_DIR, run_dialogues, run_messages
from bot.predict import Client

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(assistant):
    return Client(assistant.servers.rasa_url, assistant.servers.token)


def test_every_present_danger_gets_the_emergency_notice(client):
    result = run_messages(client, SETS_DIR / "safety" / "emergencies.jsonl")
    assert result.total >= 150
    assert result.others("emergency") == []


def test_near_misses_raise_at_most_one_percent_false_alarms(client):
    result = run_messages(client, SETS_DIR / "safety" / "near_misses.jsonl")
    assert result.total >= 150
    assert result.routes["emergency"] <= 0.01 * result.total, result.examples.get("emergency")


def test_requests_for_a_person_are_handed_over(client):
    result = run_messages(client, SETS_DIR / "handoff" / "request_human.jsonl")
    assert result.total >= 100
    assert result.share("handoff") >= 0.95, result.others("handoff")


def test_the_citizens_own_case_goes_to_a_person(client):
    result = run_messages(client, SETS_DIR / "handoff" / "own_case.jsonl")
    assert result.total >= 100
    assert result.share("handoff") >= 0.9, result.others("handoff")


def test_frustration_is_acknowledged_with_the_offer_of_a_person(client):
    result = run_messages(client, SETS_DIR / "handoff" / "frustration.jsonl")
    assert result.total >= 100
    assert result.share("apology", "handoff") >= 0.9, result.others("apology", "handoff")


def test_general_questions_stay_answers(client):
    result = run_messages(client, SETS_DIR / "handoff" / "general_questions.jsonl")
    assert result.total >= 100
    assert result.share("handoff", "emergency") <= 0.05, result.examples.get("handoff")


def test_own_conversations_succeed(client):
    result = run_dialogues(client, SETS_DIR / "dialogues" / "conversations.jsonl")
    assert sum(result.total.values()) >= 150
    assert result.rate() >= 0.85, "\n".join(result.failures)
