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


@pytest.fixture
def fault_run(monkeypatch):
    """RemoteAction.run as bot.rasa_main patches it, for an action server that is not there."""
    from bot.action_server_down import patch_action_server_down

    monkeypatch.setattr(RemoteAction, "run", RemoteAction.run)  # restored after the test
    patch_action_server_down()
    return RemoteAction("action_process_turn", EndpointConfig("http://127.0.0.1:1/webhook")).run


@pytest.fixture(scope="module")
def domain():
    from rasa.shared.core.domain import Domain

    from bot.training import DOMAIN

    return Domain.from_path(str(DOMAIN))


def _fault_reply(run, nlg, domain, language):
    import asyncio

    from rasa.core.channels.channel import CollectingOutputChannel
    from rasa.shared.core.events import BotUttered, FollowupAction, SlotSet
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker.from_events("fault", [SlotSet("language", language)], slots=domain.slots)
    events = asyncio.run(run(CollectingOutputChannel(), nlg, tracker, domain))
    assert isinstance(events[0], BotUttered) and events[1] == FollowupAction("action_listen")
    return events[0].text


def test_an_unreachable_action_server_gives_the_fault_response_in_the_citizens_language(fault_run, domain):
    from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator

    from actions.texts import domain_responses
    from bot.action_server_down import FALLBACK_TEXT, RESPONSE

    nlg = TemplatedNaturalLanguageGenerator(domain.responses)
    texts = {(v.get("condition") or [{"value": "de"}])[0]["value"]: v["text"] for v in domain_responses()[RESPONSE]}
    assert texts["de"] == FALLBACK_TEXT
    for language in ("de", "en", "ar"):
        assert _fault_reply(fault_run, nlg, domain, language) == texts[language]


def test_without_the_response_or_with_a_failing_nlg_the_citizen_reads_the_german_text(fault_run, domain):
    from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator

    from bot.action_server_down import FALLBACK_TEXT

    class Failing:
        async def generate(self, *args, **kwargs):
            raise RuntimeError("kaputt")

    older_model = TemplatedNaturalLanguageGenerator({})  # trained before the response existed
    assert _fault_reply(fault_run, older_model, domain, "en") == FALLBACK_TEXT
    assert _fault_reply(fault_run, Failing(), domain, "en") == FALLBACK_TEXT


def _paused_tracker(*after_pause):
    from rasa.shared.core.events import ActionExecuted, ConversationPaused, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    events = [
        ActionExecuted("action_listen"),
        UserUttered("Ich will einen Menschen", {"name": "request_human", "confidence": 0.97}),
        ActionExecuted("action_process_turn"),
        ConversationPaused(),
        ActionExecuted("action_listen"),
    ]
    events += [UserUttered(text, {"name": "ask_service", "confidence": 0.9}) for text in after_pause]
    return DialogueStateTracker.from_events("paused-citizen", events)


def test_a_paused_conversation_runs_the_action_once_per_new_message():
    from rasa.shared.core.events import ActionExecuted

    tracker = _paused_tracker()
    assert tracker.is_paused() and not rasa_main._unanswered_message(tracker)  # nothing new: no action
    tracker = _paused_tracker("Wie teuer ist so ein Führungszeugnis eigentlich?")
    assert rasa_main._unanswered_message(tracker)  # a new message: the action runs
    tracker.update(ActionExecuted("action_process_turn"))
    assert not rasa_main._unanswered_message(tracker)  # answered once: no loop
