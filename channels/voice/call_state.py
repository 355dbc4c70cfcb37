"""What the phone channel remembers of a call between two turns (and takes from the bot's language message), and
the caller's "ja"/"yes" or "nein"/"no" to a confirmation."""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass
from typing import Any, Dict, List, Protocol

from channels.voice.phone_texts import DEFAULT_LANGUAGE, phone_language

_YES = re.compile(r"\b(ja|jawohl|genau|richtig|stimmt|korrekt|jep|yes|yeah|yep|right|correct|exactly)\b", re.IGNORECASE)
_NO = re.compile(r"\b(nein|nee|falsch|nicht|no|nope|wrong|not)\b", re.IGNORECASE)


@dataclass
class CallState:
    """What the channel remembers between two turns of one call (memory only, bounded)."""

    silences: int = 0
    pending: str | None = None  # a low-confidence utterance waiting for "ja"
    language: str = DEFAULT_LANGUAGE  # the phone language, as the bot last announced it
    # The feedback question (channels.voice.feedback): the last answer's service and aspect, no text.
    service: str | None = None
    aspect: str | None = None
    feedback: str = ""  # "" not yet asked, "asked", "closed" (asked, or an emergency or handoff came first)
    more_offered: bool = False  # the last reply after an answer ended with "Möchten Sie noch etwas wissen?"


class CallStore(Protocol):
    def get(self, call_sid: str) -> CallState: ...
    def put(self, call_sid: str, state: CallState) -> None: ...
    def drop(self, call_sid: str) -> None: ...
    def __len__(self) -> int: ...


class CallStates:
    """CallSid -> CallState in this process, oldest dropped beyond `limit`; cleared when the call ends."""

    def __init__(self, limit: int = 10_000) -> None:
        self._states: OrderedDict[str, CallState] = OrderedDict()
        self._limit = limit
        self._lock = threading.Lock()

    def get(self, call_sid: str) -> CallState:
        with self._lock:
            state = self._states.pop(call_sid, None) or CallState()
            self._states[call_sid] = state
            while len(self._states) > self._limit:
                self._states.popitem(last=False)
            return state

    def put(self, call_sid: str, state: CallState) -> None:
        """After a turn: kept, unless the turn ended the call (dropped it)."""
        with self._lock:
            if call_sid in self._states:
                self._states[call_sid] = state

    def drop(self, call_sid: str) -> None:
        with self._lock:
            self._states.pop(call_sid, None)

    def __len__(self) -> int:
        return len(self._states)


class RedisCallStates:
    """CallSid -> CallState in Redis, for several Rasa replicas: each turn of a call may reach another one.

    A state expires `ttl` seconds after its last turn (a call whose end was never reported); a turn that ended
    the call does not bring it back (`put` only overwrites a state that exists).
    """

    def __init__(self, url: str, prefix: str, ttl: int = 4 * 3600, client: Any = None) -> None:
        import redis

        self._redis = client or redis.Redis.from_url(url, socket_timeout=2)
        self._prefix = f"{prefix}:call:"
        self._ttl = ttl

    def get(self, call_sid: str) -> CallState:
        raw = self._redis.get(self._prefix + call_sid)
        if raw is not None:
            return CallState(**json.loads(raw))
        state = CallState()
        self._redis.set(self._prefix + call_sid, json.dumps(asdict(state)), ex=self._ttl, nx=True)
        return state

    def put(self, call_sid: str, state: CallState) -> None:
        self._redis.set(self._prefix + call_sid, json.dumps(asdict(state)), ex=self._ttl, xx=True)

    def drop(self, call_sid: str) -> None:
        self._redis.delete(self._prefix + call_sid)

    def __len__(self) -> int:
        return sum(1 for _ in self._redis.scan_iter(match=self._prefix + "*", count=500))


def call_store(redis_url: str, prefix: str) -> CallStore:
    """In Redis when the settings name one (several replicas), else in this process."""
    return RedisCallStates(redis_url, prefix) if redis_url else CallStates()


def follow_language(messages: List[Dict[str, Any]], state: CallState) -> str | None:
    """Takes the bot's language message into the call's state; returns its code if the phone cannot speak it."""
    for message in messages:
        announced = (message.get("custom") or {}).get("language") if isinstance(message.get("custom"), dict) else None
        if isinstance(announced, dict):
            language = phone_language(announced.get("code"), announced.get("html_lang"))
            if language is None:
                return str(announced.get("code"))
            state.language = language
    return None


def speech_confidence(value: str | None) -> float:
    """Twilio's `Confidence` of a SpeechResult; 1.0 when there is none or it is unreadable (a key, a test)."""
    try:
        return float(value) if value not in (None, "") else 1.0
    except ValueError:
        return 1.0


def yes_or_no(text: str) -> bool | None:
    """True for "ja …", False for "nein …", None for anything else (then it is a new utterance)."""
    no, yes = _NO.search(text), _YES.search(text)
    if no and not yes:
        return False
    if yes and not no:
        return True
    return None
