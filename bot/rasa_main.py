"""Rasa's own command line (`python -m bot.rasa_main run …`), with two changes to Rasa 3.6 applied first.

1. A paused conversation (handed over) still runs the assistant's action once for each new message:
   Rasa 3.6 only lets `/restart` through a pause. A citizen who writes "es brennt" to a busy agent must
   hear "112" at once, and while the case still waits in the queue the assistant goes on helping
   (actions/waiting.py). Once an agent has claimed the case, the action answers nothing but emergencies.
2. Reply validation, below.
3. When the action server cannot answer, the citizen reads that there is a technical fault
   (bot/action_server_down.py) instead of getting no answer at all.
4. Outages of PostgreSQL and Redis (scaled configuration): after a restart of either, the first turn on
   each replica failed on a dead pooled connection. The tracker store's engine now pings a connection
   before use, and the Redis lock store retries a command on a new connection, with a short backoff.
5. At most `SC_CONCURRENT_TURNS` messages are worked on at once (bot/turn_gate.py), so that socket
   handshakes and pings are not starved under load.

Rasa 3.6 validates every reply of the action server with `jsonschema.validate`, which checks the
response schema itself against the JSON Schema meta-schema on every call: measured with py-spy on
`servicecenter run`, that was about a third of the Rasa server's time per message. The fix checks the
schema once and reuses the compiled validator. A reply that does not validate still goes through
Rasa's own method, so the error and its message are Rasa's.
"""

from __future__ import annotations

import functools
from typing import Any, Dict

from bot.action_server_down import patch_action_server_down
from bot.turn_gate import patch_turn_gate
from settings import get_settings


@functools.lru_cache(maxsize=1)
def _response_validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def patch_action_response_validation() -> None:
    from rasa.core.actions.action import RemoteAction

    rasa_validate = RemoteAction._validate_action_result
    if getattr(rasa_validate, "compiled_schema", False):
        return

    @functools.wraps(rasa_validate)
    def validate(self: RemoteAction, result: Dict[str, Any]) -> bool:
        if _response_validator().is_valid(result):
            return True
        return rasa_validate(self, result)  # raises Rasa's ValidationError with its message

    validate.compiled_schema = True  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = validate


def _unanswered_message(tracker: Any) -> bool:
    """No action of ours has run since the latest message (one answer, not a loop)."""
    from rasa.shared.core.constants import ACTION_EXTRACT_SLOTS, ACTION_LISTEN_NAME
    from rasa.shared.core.events import ActionExecuted, UserUttered

    if tracker.latest_message is None:
        return False
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return True
        if isinstance(event, ActionExecuted) and event.action_name not in (ACTION_LISTEN_NAME, ACTION_EXTRACT_SLOTS):
            return False
    return False


def patch_messages_through_pause() -> None:
    from rasa.core.processor import MessageProcessor

    rasa_check = MessageProcessor._should_handle_message
    if getattr(rasa_check, "messages_through_pause", False):
        return

    def should_handle(tracker: Any) -> bool:
        return bool(rasa_check(tracker)) or _unanswered_message(tracker)

    should_handle.messages_through_pause = True  # type: ignore[attr-defined]
    MessageProcessor._should_handle_message = staticmethod(should_handle)


def patch_store_reconnects() -> None:
    import rasa.core.tracker_store as tracker_store
    from rasa.core.lock_store import RedisLockStore
    from redis.backoff import ExponentialBackoff
    from redis.exceptions import ConnectionError, TimeoutError
    from redis.retry import Retry

    rasa_kwargs = tracker_store.create_engine_kwargs
    if getattr(rasa_kwargs, "pre_ping", False):
        return

    def engine_kwargs(url: Any) -> Dict[str, Any]:
        return {**rasa_kwargs(url), "pool_pre_ping": True}

    engine_kwargs.pre_ping = True  # type: ignore[attr-defined]
    tracker_store.create_engine_kwargs = engine_kwargs

    rasa_init = RedisLockStore.__init__

    @functools.wraps(rasa_init)
    def init(self: RedisLockStore, *args: Any, **kwargs: Any) -> None:
        rasa_init(self, *args, **kwargs)
        # about 5 s of retries: a Redis restart, not a lasting outage, which then fails the turn as before
        retry = Retry(ExponentialBackoff(cap=1.0, base=0.05), 8, supported_errors=(ConnectionError, TimeoutError))
        self.red.connection_pool.connection_kwargs.update(retry=retry, retry_on_error=[ConnectionError, TimeoutError])

    RedisLockStore.__init__ = init


def main() -> None:
    patch_action_response_validation()
    patch_messages_through_pause()
    patch_action_server_down()
    patch_store_reconnects()
    patch_turn_gate(get_settings().concurrent_turns)
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
