"""The phone's "War die Auskunft hilfreich?": asked once, when a call that had an answer ends normally.

The widget asks after every answer; on the phone that would lengthen every call, so the channel asks once,
when the caller ends it: the bot says goodbye, or the caller answers "Möchten Sie noch etwas wissen?" with a
bare "nein, danke" (channels.voice.yes_no). Not after an emergency (the caller must hang up and dial), not
after a handoff (the call is the agent's), not when the caller simply hangs up, never twice.

A "ja" or "nein" (spoken in any of the assistant's languages, or the keys 1 and 2) goes into the widget's
counters (channels.webchat.feedback) for the last answer's service and aspect, with the conversation's commune
and language and the channel "voice". No text and no caller number is stored, and a "nein" asks no
"Was hat gefehlt?": calls stay short. The rules are functions here; EndOfCall, a part of the voice channel
(channels.voice.rasa_channel.VoiceInput), speaks them.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from functools import lru_cache
from typing import Any, Awaitable, Callable, Dict, FrozenSet, List, Mapping, Protocol, Tuple

from rasa.core.channels.channel import UserMessage

from actions.editor_queue import editor_queue
from actions.stats_store import open_stats
from actions.texts import domain_responses
from channels.voice.call_state import CallState, CallStore, speech_confidence
from channels.voice.phone_texts import PHONE_TEXTS, PhoneTexts, texts_for
from channels.voice.speech import for_the_ear, sentences
from channels.voice.twiml import parse_twiml
from channels.voice.yes_no import declines_more, feedback_answer
from channels.webchat.feedback import commune_names, count_feedback, language_codes, parse_feedback, service_ids
from settings import get_settings

log = logging.getLogger(__name__)

OPEN, ASKED, CLOSED = "", "asked", "closed"  # CallState.feedback
DIGITS = {"1": True, "2": False}  # as the question says
SlotReader = Callable[[str], Awaitable[Mapping[str, Any]]]  # conversation id -> its slots
OnMessage = Callable[[UserMessage], Awaitable[Any]]


def _customs(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]


def note_reply(messages: List[Dict[str, Any]], state: CallState) -> None:
    """What a bot reply means for the question: an answer names its service and aspect (the custom `feedback`
    message the widget asks with); an emergency or a handoff closes it for the call, and so does an empty reply
    (a handed-over conversation: the channel transfers)."""
    if not messages:
        state.feedback = CLOSED
    for custom in _customs(messages):
        if "emergency" in custom or "handoff" in custom:
            state.feedback = CLOSED
        answered = custom.get("feedback")
        if isinstance(answered, dict) and isinstance(answered.get("service"), str):
            state.service, state.aspect = answered["service"], answered.get("aspect") or None


def due(state: CallState) -> bool:
    """Not asked yet, nothing urgent so far, and at least one answer about a service."""
    return state.feedback == OPEN and bool(state.service)


def urgent(messages: List[Dict[str, Any]]) -> bool:
    """An emergency notice or a handoff: the channel must act on it, whatever else the call was doing."""
    return any("emergency" in c or "handoff" in c for c in _customs(messages))


@lru_cache(maxsize=1)
def _goodbyes() -> FrozenSet[str]:
    return frozenset(str(v["text"]).strip() for v in domain_responses().get("utter_goodbye") or [])


@lru_cache(maxsize=1)
def _anything_else() -> Tuple[str, ...]:
    """The questions that offer more: the channel's follow-up and the end of the bot's "Gern geschehen! …?"."""
    thanks = [sentences(str(v["text"]))[-1] for v in domain_responses().get("utter_thank") or []]
    return tuple({*(phone.follow_up for phone in PHONE_TEXTS.values()), *thanks})


def says_goodbye(messages: List[Dict[str, Any]]) -> bool:
    """The bot's reply ends with its goodbye (utter_goodbye of bot/domain.yml, in any language)."""
    texts = [str(m["text"]).strip() for m in messages if m.get("text")]
    return bool(texts) and texts[-1] in _goodbyes()


def offers_more(twiml: str) -> bool:
    """The reply listens after asking whether the caller wants anything else."""
    verbs = parse_twiml(twiml)
    last = verbs[-1] if verbs else None
    return last is not None and last.kind == "gather" and " ".join(last.says).endswith(_anything_else())


def answer_of(speech: str, digits: str, confident: bool) -> bool | None:
    """The caller's "ja" (True) or "nein" (False), by key or by voice; None when unclear or not heard surely."""
    if digits:
        return DIGITS.get(digits[:1])
    return feedback_answer(speech) if confident else None


async def count(state: CallState, helpful: bool, conversation_id: str, slots: SlotReader | None) -> None:
    """Into the widget's counters; a failure is logged by its type and never costs the caller the goodbye."""
    try:
        values = dict(await slots(conversation_id)) if slots is not None else {}
        body = {
            "service": state.service,
            "aspect": state.aspect,
            "helpful": helpful,
            "commune": values.get("kommune"),
            "language": values.get("language") or state.language,
        }
        found = replace(parse_feedback(body, service_ids(), commune_names(), language_codes()), channel="voice")
        url = get_settings().handoff_db_url
        await asyncio.to_thread(count_feedback, found, editor_queue(url), open_stats(url))
    except Exception as err:
        log.warning("Rückmeldung am Telefon nicht gezählt: %s", type(err).__name__)


def tracker_slots(agent: Any) -> SlotReader | None:
    """Reads a conversation's slots (commune, language) from Rasa's tracker store, for the statistics."""
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return None

    async def read(conversation_id: str) -> Mapping[str, Any]:
        tracker = await store.retrieve(conversation_id)
        return tracker.current_slot_values() if tracker is not None else {}

    return read


class Channel(Protocol):
    """What EndOfCall uses of the voice channel."""

    states: CallStore
    confidence_threshold: float

    def gather(self, text: str, phone: PhoneTexts = ...) -> str: ...
    def hangup(self, text: str, phone: PhoneTexts = ...) -> str: ...
    def reply(self, messages: List[Dict[str, Any]], phone: PhoneTexts = ...) -> str: ...
    def _end(self, call_sid: str, state: CallState, phone: PhoneTexts, said: List[str]) -> str: ...
    async def _send(
        self, on_new_message: OnMessage, call_sid: str, text: str, metadata: Dict[str, Any]
    ) -> List[Dict[str, Any]]: ...


class EndOfCall:
    """The voice channel's turns at the end of a call (a mixin of VoiceInput): the question, its answer."""

    def _reply_or_end(self: Channel, call_sid: str, messages: List[Dict[str, Any]], state: CallState) -> str:
        """The TwiML for a bot reply; the bot's goodbye ends the call (with the question, when it is due)."""
        phone = texts_for(state.language)
        note_reply(messages, state)
        if says_goodbye(messages):
            return self._end(call_sid, state, phone, [str(m["text"]) for m in messages if m.get("text")])
        twiml = self.reply(messages, phone)
        state.more_offered = due(state) and offers_more(twiml)
        return twiml

    def _declined_more(self: Channel, call_sid: str, state: CallState, speech: str) -> str | None:
        """ "Nein, danke" to "Möchten Sie noch etwas wissen?" after an answer: the question (None: not that)."""
        offered, state.more_offered = state.more_offered, False
        if offered and due(state) and declines_more(speech):
            return self._end(call_sid, state, texts_for(state.language), [])
        return None

    def _end(self: Channel, call_sid: str, state: CallState, phone: PhoneTexts, said: List[str]) -> str:
        """The normal end of a call: the question when it is due, else what the bot said, and hang up."""
        if due(state):
            state.feedback = ASKED
            return self.gather(phone.feedback_question, phone)
        self.states.drop(call_sid)
        return self.hangup(for_the_ear(said, follow_up="", language=state.language) or phone.farewell, phone)

    async def _feedback_answer(
        self: Channel,
        on_new_message: OnMessage,
        call_sid: str,
        state: CallState,
        form: Dict[str, str],
        slots: SlotReader | None,
    ) -> str:
        """The turn after the question: a yes or no is counted, and the call ends. Anything else counts nothing
        and ends the call too, unless Rasa hears an emergency or a request for a person in it: that is answered."""
        phone, speech, digits = texts_for(state.language), form.get("SpeechResult", "").strip(), form.get("Digits", "")
        state.feedback = CLOSED
        confidence = speech_confidence(form.get("Confidence"))
        digits = digits.strip()
        helpful = answer_of(speech, digits, confidence >= self.confidence_threshold)
        if helpful is None and speech and not digits:
            metadata = {"call_status": form.get("CallStatus", ""), "confidence": confidence}
            messages = await self._send(on_new_message, call_sid, speech, metadata)
            if urgent(messages):
                return self.reply(messages, phone)
        self.states.drop(call_sid)
        if helpful is None:
            return self.hangup(phone.farewell, phone)
        await count(state, helpful, call_sid, slots)
        return self.hangup(phone.feedback_thanks, phone)
