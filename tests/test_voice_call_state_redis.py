"""Call state in Redis (scaled configuration): each turn of a call may reach another Rasa replica.

Against the local Redis (127.0.0.1:6379), under a key prefix of this test session's own.
"""

from __future__ import annotations

import os
import uuid

import pytest
import redis

from channels.voice.call_state import CallState, RedisCallStates
from channels.voice.rasa_channel import GOODBYE, REPROMPT, VoiceInput
from tests.test_voice_channel import AGENT, HEAD, FakeRasa, gathered, say, turn

URL = "redis://127.0.0.1:6379/0"
PREFIX = f"calltest{os.environ.get('SC_TEST_PORT_BASE', '5100')}{uuid.uuid4().hex[:6]}"


@pytest.fixture
def replicas():
    """Two voice channels, as on two replicas, sharing the call state in Redis."""
    client = redis.Redis.from_url(URL)
    yield [
        VoiceInput(agent_number=AGENT, confidence_threshold=0.45, states=RedisCallStates(URL, PREFIX)) for _ in range(2)
    ]
    for key in client.scan_iter(match=f"{PREFIX}:*"):
        client.delete(key)


def test_a_confirmation_asked_on_one_replica_is_answered_on_the_other(replicas):
    first, second = replicas
    rasa = FakeRasa()
    assert turn(first, rasa, SpeechResult="Ich brauche einen Reisepass.", Confidence="0.2") == gathered(
        "Habe ich richtig verstanden: Ich brauche einen Reisepass?"
    )
    assert second.states.get("CA1") == CallState(silences=0, pending="Ich brauche einen Reisepass.", language="de")
    turn(second, rasa, SpeechResult="Ja, genau.", Confidence="0.3")
    assert [(text, meta["confirmed"]) for text, _, _, meta in rasa.received] == [("Ich brauche einen Reisepass.", True)]
    assert first.states.get("CA1") == CallState(silences=0, pending=None, language="de")


def test_silences_count_across_replicas_and_the_hangup_clears_the_call(replicas):
    first, second = replicas
    rasa = FakeRasa()
    assert turn(first, rasa, SpeechResult="") == gathered(REPROMPT)  # silence 1 of 2
    assert turn(second, rasa) == f"{HEAD}{say(GOODBYE)}<Hangup /></Response>"  # silence 2 of 2
    assert len(first.states) == 0  # the turn that ended the call did not write it back
    assert redis.Redis.from_url(URL).ttl(f"{PREFIX}:call:CA1") == -2  # no such key


def test_a_call_state_expires_after_its_last_turn(replicas):
    first, _ = replicas
    first.states.get("CA9")
    assert 4 * 3600 - 5 <= redis.Redis.from_url(URL).ttl(f"{PREFIX}:call:CA9") <= 4 * 3600
