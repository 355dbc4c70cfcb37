"""Our own held-out sets (tests/data, never used for training) through the running assistant.

The bounds are regression guards set just below what was measured when they were written
(`servicecenter bench sets`, December 2026); where the issue's target is higher, the comment
says so, and the closing note reports the gap. They fail when a change makes things worse.
"""

from __future__ import annotations

import pytest

from bot.own_sets import SETS_DIR, run_dialogues, run_messages
from bot.predict import Client

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(assistant):
    return Client(assistant.servers.rasa_url, assistant.servers.token)


def test_present_dangers_get_the_emergency_notice(client):
    result = run_messages(client, SETS_DIR / "safety" / "emergencies.jsonl")
    assert result.total >= 150
    # measured 0.979 (233 of 238); the target is 1.0
    assert result.share("emergency") >= 0.97, result.others("emergency")


def test_near_misses_raise_few_false_alarms(client):
    result = run_messages(client, SETS_DIR / "safety" / "near_misses.jsonl")
    assert result.total >= 150
    # measured 4.8 % (11 of 229); the target is at most 1 %
    assert result.share("emergency") <= 0.06, result.examples.get("emergency")


def test_requests_for_a_person_are_handed_over(client):
    result = run_messages(client, SETS_DIR / "handoff" / "request_human.jsonl")
    assert result.total >= 100
    # measured 0.953
    assert result.share("handoff") >= 0.93, result.others("handoff")


def test_the_citizens_own_case_goes_to_a_person(client):
    result = run_messages(client, SETS_DIR / "handoff" / "own_case.jsonl")
    assert result.total >= 100
    # measured 0.80
    assert result.share("handoff") >= 0.75, result.others("handoff")


def test_frustration_is_acknowledged_with_the_offer_of_a_person(client):
    result = run_messages(client, SETS_DIR / "handoff" / "frustration.jsonl")
    assert result.total >= 100
    # measured 0.77 (apology or handoff)
    assert result.share("apology", "handoff") >= 0.72, result.others("apology", "handoff")


def test_general_questions_stay_answers(client):
    result = run_messages(client, SETS_DIR / "handoff" / "general_questions.jsonl")
    assert result.total >= 100
    # measured 6.7 % handed over, no emergency
    assert result.share("handoff", "emergency") <= 0.09, result.examples.get("handoff")


def test_own_conversations_succeed(client):
    result = run_dialogues(client, SETS_DIR / "dialogues" / "conversations.jsonl")
    assert sum(result.total.values()) >= 150
    # measured 0.665 (129 of 194); the goal for conversations is 0.9
    assert result.rate() >= 0.62, "\n".join(result.failures)
