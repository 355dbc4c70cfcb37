"""The Rasa 3.6 fix in `bot.rasa_main`: same verdicts as Rasa, the schema checked only once."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot import rasa_main


@pytest.fixture
def action(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    rasa_main.patch_action_response_validation()
    return RemoteAction("action_process_turn", EndpointConfig("http://127.0.0.1:1/webhook"))


VALID = {
    "events": [{"event": "slot", "name": "route", "value": "answer"}],
    "responses": [{"text": "Hallo", "buttons": [{"title": "Kosten", "payload": "/inform"}]}],
}


def test_valid_reply_passes_and_schema_is_checked_once(action, monkeypatch):
    calls = []
    validator_class = type(rasa_main._response_validator())
    monkeypatch.setattr(validator_class, "check_schema", classmethod(lambda cls, schema: calls.append(schema)))
    for _ in range(5):
        assert action._validate_action_result(VALID) is True
    assert calls == []  # the compiled validator is reused, nothing re-checks the schema per turn


def test_invalid_reply_raises_rasas_error(action):
    with pytest.raises(ValidationError) as raised:
        action._validate_action_result({"events": [{"no_event_key": 1}], "responses": "not a list"})
    assert "Failed to validate Action server response from API" in raised.value.message


def test_patch_is_applied_once(action):
    patched = RemoteAction._validate_action_result
    rasa_main.patch_action_response_validation()
    assert RemoteAction._validate_action_result is patched
