"""What the phone channel remembers of a call between two turns, and the caller's "ja"/"yes" or "nein"/"no"."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

from channels.voice.phone_texts import DEFAULT_LANGUAGE

_YES = re.compile(r"\b(ja|jawohl|genau|richtig|stimmt|korrekt|jep|yes|yeah|yep|right|correct|exactly)\b", re.IGNORECASE)
_NO = re.compile(r"\b(nein|nee|falsch|nicht|no|nope|wrong|not)\b", re.IGNORECASE)


@dataclass
class CallState:
    """What the channel remembers between two turns of one call (memory only, bounded)."""

    silences: int = 0
    pending: str | None = None  # a low-confidence utterance waiting for "ja"
    language: str = DEFAULT_LANGUAGE  # the phone language, as the bot last announced it


class CallStates:
    """CallSid -> CallState, oldest dropped beyond `limit`; cleared when the call ends."""

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

    def drop(self, call_sid: str) -> None:
        with self._lock:
            self._states.pop(call_sid, None)

    def __len__(self) -> int:
        return len(self._states)


def yes_or_no(text: str) -> bool | None:
    """True for "ja …", False for "nein …", None for anything else (then it is a new utterance)."""
    no, yes = _NO.search(text), _YES.search(text)
    if no and not yes:
        return False
    if yes and not no:
        return True
    return None
