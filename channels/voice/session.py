"""One phone call: runs the TwiML the voice channel returns, turn by turn, over a CallIO.

The dialogue rules (greeting, reprompts, confirmation, handoff) are the channel's; this class does
what Twilio would do with them: speak, listen with barge-in and DTMF, transcribe, transfer, hang up.
It never raises into the SIP layer: any failure ends the call politely and frees it. It logs counts
and timings only, never what was said.

Language follows the TwiML: a <Say> or <Gather> with language="en-GB" is spoken with the English voice
and the caller is heard in English. The recogniser may find the caller speaking another language until
the call's language is settled (one clear detection); what it heard is posted as `SpeechLanguage`.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Protocol, Tuple

from channels.voice.audio import FRAME_MS, TurnDetector, VadConfig
from channels.voice.speech import sentences
from channels.voice.stt import SpeechToText
from channels.voice.tts import TextToSpeech
from channels.voice.twiml import TwimlClient, Verb

log = logging.getLogger(__name__)

Event = Tuple[str, object]  # ("frame", bytes) | ("dtmf", "0") | ("closed", None)
APOLOGY = (
    "Entschuldigung, es gibt gerade eine technische Störung. Bitte rufen Sie die Behördennummer eins eins fünf an."
)


class CallIO(Protocol):
    """What a session needs from a call; the SIP layer implements it, tests fake it."""

    events: queue.Queue[Event]
    closed: threading.Event

    def play(self, pcm: bytes) -> None: ...
    def stop_playback(self) -> None: ...
    def playing(self) -> bool: ...
    def hangup(self) -> None: ...
    def transfer(self, target: str, timeout: float) -> bool: ...


@dataclass
class TurnTiming:
    """End of the caller's speech -> first reply audio, split by stage (seconds)."""

    endpoint: float  # VAD: last speech frame until the turn was declared over
    stt: float
    rasa: float
    tts: float  # first sentence synthesised and queued

    @property
    def total(self) -> float:
        return self.endpoint + self.stt + self.rasa + self.tts


@dataclass
class SessionLog:
    """What happened in a call, without content: for tests, the bench and the operator."""

    call_sid: str = ""  # the conversation id in Rasa
    caller: str = ""  # kept in memory for the operator's view and tests; never logged
    turns: int = 0
    silences: int = 0
    barge_ins: int = 0
    digits: int = 0
    transfers: List[Tuple[str, bool]] = field(default_factory=list)
    timings: List[TurnTiming] = field(default_factory=list)
    ended_by: str = ""
    transcripts: List[str] = field(default_factory=list)  # filled only when keep_transcripts (tests/bench)


class CallSession:
    def __init__(
        self,
        call: CallIO,
        call_sid: str,
        caller: str,
        client: TwimlClient,
        stt: SpeechToText,
        tts: TextToSpeech,
        vad: VadConfig,
        keep_transcripts: bool = False,
        voices: Mapping[str, TextToSpeech] | None = None,
    ) -> None:
        self.call, self.call_sid, self.caller = call, call_sid, caller
        self.client, self.stt, self.tts, self.vad = client, stt, tts, vad
        self.voices = dict(voices or {})  # language -> voice; `tts` speaks any other (German)
        self.settled: str | None = None  # the language the recogniser found clearly in this call
        self.log = SessionLog(call_sid=call_sid, caller=caller)
        self.keep_transcripts = keep_transcripts
        self._pending: Tuple[float, float, float] | None = None  # endpoint, stt, rasa of the current turn

    def _form(self, **extra: str) -> Dict[str, str]:
        return {"CallSid": self.call_sid, "From": self.caller, "To": "servicecenter", **extra}

    def run(self) -> None:
        try:
            verbs = self.client.post(self._form(CallStatus="ringing"))
            while verbs and not self.call.closed.is_set():
                verbs = self._execute(verbs)
            if not self.log.ended_by:
                self.log.ended_by = "caller" if self.call.closed.is_set() else "end_of_twiml"
        except Exception as err:  # a failed Rasa request or a broken audio path: apologise, end the call
            log.error("call %s failed: %s", self.call_sid[-6:], type(err).__name__)
            self.log.ended_by = "error"
            self._say_safely(APOLOGY)
        finally:
            self._finish()

    def _finish(self) -> None:
        if not self.call.closed.is_set():
            self._wait_playback()
            self.call.hangup()
        with contextlib.suppress(Exception):  # the channel frees its state on the next start anyway
            self.client.post(self._form(CallStatus="completed"))

    def _execute(self, verbs: List[Verb]) -> List[Verb]:
        """Runs verbs until one needs the channel again; returns the channel's next verbs (or [])."""
        for verb in verbs:
            if self.call.closed.is_set():
                return []
            if verb.kind == "say":
                self._speak(verb.text, barge_in=False, language=language_of(verb))
            elif verb.kind == "pause":
                self._sleep(verb.number("length", 1))
            elif verb.kind == "gather":
                form = self._gather(verb)
                if self.call.closed.is_set():
                    return []
                started = time.monotonic()
                following = self.client.post(self._form(CallStatus="in-progress", **form), verb.attrs.get("action"))
                if self._pending is not None:
                    self._pending = (self._pending[0], self._pending[1], time.monotonic() - started)
                return following
            elif verb.kind == "dial":
                self._wait_playback()
                ok = self.call.transfer(verb.text, verb.number("timeout", 30))
                self.log.transfers.append((verb.text, ok))
                if ok:
                    self.log.ended_by = "transfer"
                    return []
            elif verb.kind == "hangup":
                self.log.ended_by = "hangup"
                return []
        return []

    # speaking --------------------------------------------------------------------------------

    def _speak(
        self, text: str, barge_in: bool, detector: TurnDetector | None = None, language: str = "de"
    ) -> str | None:
        """Speaks sentence by sentence. With barge-in, returns "speech" or "dtmf:<d>" if the caller interrupts."""
        voice = self.voices.get(language, self.tts)
        # Each sentence is queued as soon as it is synthesised, so the next one is made while this one plays.
        for i, sentence in enumerate(sentences(text) or [text]):
            started = time.monotonic()
            pcm = voice.synthesize(sentence)
            if i == 0 and self._pending is not None:
                endpoint, stt, rasa = self._pending
                self.log.timings.append(TurnTiming(endpoint, stt, rasa, time.monotonic() - started))
                self._pending = None
            self.call.play(pcm)
            interrupted = self._barge_in(detector if barge_in else None, wait=False)
            if interrupted:
                return interrupted
        return self._barge_in(detector if barge_in else None, wait=True)

    def _barge_in(self, detector: TurnDetector | None, wait: bool) -> str | None:
        """Watches for barge-in (speech or a key): until the queued audio is played, or only what has arrived."""
        while self.call.playing() and not self.call.closed.is_set():
            kind, value = self._next_event(0.1) if wait else self._next_event_nowait()
            if not wait and kind is None:
                return None
            if detector is None or kind is None:
                continue
            if kind == "dtmf":
                self.call.stop_playback()
                return f"dtmf:{value}"
            if kind == "frame" and detector.feed(value) == "start":  # type: ignore[arg-type]
                self.call.stop_playback()
                self.log.barge_ins += 1
                return "speech"
        return None

    def _wait_playback(self) -> None:
        deadline = time.monotonic() + 120
        while self.call.playing() and not self.call.closed.is_set() and time.monotonic() < deadline:
            self._next_event(0.1)

    def _say_safely(self, text: str) -> None:
        try:
            if not self.call.closed.is_set():
                self._speak(text, barge_in=False)
        except Exception:
            pass

    # listening -------------------------------------------------------------------------------

    def _gather(self, verb: Verb) -> Dict[str, str]:
        """Speaks the prompts, then listens; returns the form fields for the channel."""
        detector = TurnDetector(self.vad)
        self._drain()
        language = language_of(verb)
        interrupted: str | None = None
        own = verb.say_languages + [""] * (len(verb.says) - len(verb.say_languages))
        for text, said_in in zip(verb.says, own, strict=False):
            spoken = said_in.split("-")[0].lower() or language
            interrupted = self._speak(text, barge_in=True, detector=detector, language=spoken)
            if interrupted:
                break
        if interrupted and interrupted.startswith("dtmf:"):
            self.log.digits += 1
            return {"Digits": interrupted[5:]}
        timeout = verb.number("timeout", 6)
        heard = self._listen(detector, timeout, already_speaking=interrupted == "speech")
        if isinstance(heard, str):
            self.log.digits += 1
            return {"Digits": heard}
        if heard is None:
            self.log.silences += 1
            return {"SpeechResult": ""}
        audio, endpoint = heard
        started = time.monotonic()
        result = self.stt.transcribe(audio, language=language, settled=self.settled == language)
        stt_seconds = time.monotonic() - started
        if not result.text:
            self.log.silences += 1
            return {"SpeechResult": ""}
        if result.detected:
            self.settled = result.language
        self.log.turns += 1
        if self.keep_transcripts:
            self.log.transcripts.append(result.text)
        self._pending = (endpoint, stt_seconds, 0.0)
        return {
            "SpeechResult": result.text,
            "Confidence": f"{result.confidence:.3f}",
            "SpeechLanguage": result.language,
        }

    def _listen(
        self, detector: TurnDetector, timeout: float, already_speaking: bool
    ) -> Tuple[bytes, float] | str | None:
        """(audio, seconds since the speech ended), a key pressed, or None for silence."""
        deadline = time.monotonic() + timeout
        speaking = already_speaking
        turn_deadline = time.monotonic() + self.vad.max_turn_s + 1
        while not self.call.closed.is_set():
            now = time.monotonic()
            if not speaking and now > deadline:
                return None
            if speaking and now > turn_deadline:
                break
            kind, value = self._next_event(0.2)
            if kind == "dtmf":
                return str(value)
            if kind != "frame":
                continue
            state = detector.feed(value)  # type: ignore[arg-type]
            if state == "start":
                speaking = True
                turn_deadline = time.monotonic() + self.vad.max_turn_s + 1
            elif state == "end":
                break
        if self.call.closed.is_set():
            return None
        return detector.turn_audio(), detector.trailing_ms() / 1000.0

    def _next_event(self, timeout: float) -> Tuple[str | None, object]:
        try:
            kind, value = self.call.events.get(timeout=timeout)
        except queue.Empty:
            return None, None
        return kind, value

    def _next_event_nowait(self) -> Tuple[str | None, object]:
        try:
            kind, value = self.call.events.get_nowait()
        except queue.Empty:
            return None, None
        return kind, value

    def _drain(self) -> None:
        """Audio that arrived while the channel was thinking is dropped (it is not an answer to the prompt)."""
        while True:
            try:
                kind, value = self.call.events.get_nowait()
            except queue.Empty:
                return
            if kind == "dtmf":  # a key pressed meanwhile still counts
                self.call.events.put((kind, value))
                return

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + min(seconds, 30)
        while time.monotonic() < deadline and not self.call.closed.is_set():
            self._next_event(FRAME_MS / 1000)


def language_of(verb: Verb) -> str:
    """The language code of a <Say> or <Gather> ("en" for en-GB); German when it names none."""
    return (verb.attrs.get("language") or "de").split("-")[0].lower()
