"""Rasa input channel for telephone calls: Twilio Voice's protocol, German, with the phone dialogue.

Our SIP gateway (channels.voice.gateway) and a hosted Twilio number speak the same protocol: a form
POST per caller turn (CallSid, From, CallStatus, SpeechResult, Confidence, Digits) answered with
TwiML. So the phone dialogue lives here, not in the gateway: greeting, reprompt after silence and
goodbye after the second, "0" for a person, "Habe ich richtig verstanden …?" on low speech
confidence, handoff as <Dial>, emergency as "Legen Sie auf und wählen Sie 112" and <Hangup>.

Registered in bot/credentials.yml as `channels.voice.rasa_channel.VoiceInput`. The webhook is
/webhooks/voice/webhook. The conversation id is the CallSid: one conversation per call, and the
caller's number is not stored as the conversation id.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.twilio_voice import TwilioVoiceInput
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.twiml.voice_response import Gather, VoiceResponse

from channels.voice.speech import for_the_ear, options_question

logger = logging.getLogger(__name__)

GREETING = (
    "Guten Tag, hier ist der automatische Sprachassistent des Servicecenters der Region Hannover. "
    "Fragen Sie mich zum Beispiel nach Personalausweis, Ummeldung oder Sperrmüll. "
    "Wenn Sie mit einem Menschen sprechen möchten, drücken Sie jederzeit die Null."
)
REPROMPT = "Ich habe nichts gehört. Bitte stellen Sie Ihre Frage, oder drücken Sie die Null für einen Menschen."
GOODBYE = "Ich höre leider nichts. Rufen Sie gern noch einmal an. Auf Wiederhören."
CONFIRM = "Habe ich richtig verstanden: {text}?"
REPEAT = "Bitte sagen Sie es noch einmal, gern mit anderen Worten."
OTHER_DIGIT = "Bitte sprechen Sie Ihre Frage. Für einen Menschen drücken Sie die Null."
TRANSFER = "Ich verbinde Sie jetzt. Bitte bleiben Sie in der Leitung."
TRANSFER_FAILED = (
    "Leider ist gerade niemand erreichbar. Sie erreichen uns auch über die Behördennummer eins eins fünf. "
    "Auf Wiederhören."
)
EMERGENCY = "Legen Sie auf und wählen Sie {spoken}."
ERROR = "Entschuldigung, das hat nicht geklappt. Bitte rufen Sie die Behördennummer eins eins fünf an."
SPOKEN_NUMBERS = {"112": "eins eins zwei", "110": "eins eins null"}
REQUEST_HUMAN = "/request_human"
HUMAN_DIGIT = "0"

_YES = re.compile(r"\b(ja|jawohl|genau|richtig|stimmt|korrekt|jep|yes)\b", re.IGNORECASE)
_NO = re.compile(r"\b(nein|nee|falsch|nicht|no)\b", re.IGNORECASE)


@dataclass
class CallState:
    """What the channel remembers between two turns of one call (memory only, bounded)."""

    silences: int = 0
    pending: str | None = None  # a low-confidence utterance waiting for "ja"


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


class VoiceInput(TwilioVoiceInput):
    """Twilio Voice channel for German calls, with DTMF, speech confidence and the phone dialogue."""

    @classmethod
    def name(cls) -> str:
        return "voice"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        from bot.settings import get_settings

        credentials = credentials or {}
        settings = get_settings()
        return cls(
            agent_number=str(credentials.get("agent_number") or settings.voice_agent_uri),
            assistant_voice=str(credentials.get("assistant_voice", "Polly.Vicki")),
            language=str(credentials.get("language", "de-DE")),
            confidence_threshold=float(credentials.get("confidence_threshold", settings.voice_confidence_threshold)),
            silence_timeout=int(credentials.get("silence_timeout", settings.voice_silence_timeout)),
            max_silences=int(credentials.get("max_silences", settings.voice_max_silences)),
            speech_timeout=str(credentials.get("speech_timeout", "2")),
            speech_model=str(credentials.get("speech_model", "phone_call")),
        )

    def __init__(
        self,
        agent_number: str,
        assistant_voice: str = "Polly.Vicki",
        language: str = "de-DE",
        confidence_threshold: float = 0.5,
        silence_timeout: int = 6,
        max_silences: int = 2,
        speech_timeout: str = "2",
        speech_model: str = "phone_call",
    ) -> None:
        self.agent_number = agent_number
        self.language = language
        self.confidence_threshold = confidence_threshold
        self.silence_timeout = silence_timeout
        self.max_silences = max_silences
        self.states = CallStates()
        super().__init__(GREETING, REPROMPT, assistant_voice, speech_timeout, speech_model, "false")

    def _validate_configuration(self) -> None:
        super()._validate_configuration()
        if not re.fullmatch(r"(sips?:\S+@\S+|tel:\+?\d+|\+?\d{3,})", self.agent_number):
            raise InvalidConfigException(
                f"agent_number '{self.agent_number}' is neither a SIP URI (sip:user@host) nor a phone number."
            )
        if not re.fullmatch(r"[a-z]{2}-[A-Z]{2}", self.language):
            raise InvalidConfigException(f"language '{self.language}' is not a BCP-47 tag such as de-DE.")
        if not 0.0 <= self.confidence_threshold <= 1.0:
            raise InvalidConfigException("confidence_threshold must be between 0 and 1.")
        if self.silence_timeout < 1 or self.max_silences < 1:
            raise InvalidConfigException("silence_timeout and max_silences must be at least 1.")

    # TwiML ------------------------------------------------------------------------------------

    def _say(self, parent: Any, text: str) -> None:
        parent.say(text, voice=self.assistant_voice, language=self.language)

    def gather(self, text: str) -> str:
        """Speak `text` and listen for speech or one key."""
        voice_response = VoiceResponse()
        gather = Gather(
            input="speech dtmf",
            action=f"/webhooks/{self.name()}/webhook",
            actionOnEmptyResult=True,
            language=self.language,
            numDigits=1,
            timeout=self.silence_timeout,
            speechTimeout=self.speech_timeout,
            speechModel=self.speech_model,
        )
        self._say(gather, text)
        voice_response.append(gather)
        return str(voice_response)

    def hangup(self, text: str) -> str:
        voice_response = VoiceResponse()
        self._say(voice_response, text)
        voice_response.hangup()
        return str(voice_response)

    def transfer(self, text: str) -> str:
        """Say `text`, transfer to the agents; should the transfer fail, say so and end the call."""
        voice_response = VoiceResponse()
        self._say(voice_response, text)
        dial = voice_response.dial(timeout=30)
        if self.agent_number.startswith(("sip:", "sips:")):
            dial.sip(self.agent_number)
        else:
            dial.number(self.agent_number.removeprefix("tel:"))
        self._say(voice_response, TRANSFER_FAILED)
        voice_response.hangup()
        return str(voice_response)

    def reply(self, messages: List[Dict[str, Any]]) -> str:
        """TwiML for the bot messages of one turn: emergency, handoff, or a short spoken answer."""
        custom = [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]
        emergency = next((c["emergency"] for c in custom if "emergency" in c), None)
        if emergency:
            number = str(emergency)
            return self.hangup(EMERGENCY.format(spoken=SPOKEN_NUMBERS.get(number, SPOKEN_NUMBERS["112"])))
        texts: List[str] = []
        for message in messages:
            text = str(message.get("text") or "")
            if not text:
                continue
            texts.append(text)
            titles = [str(b.get("title", "")) for b in message.get("buttons") or []]
            if titles and text.rstrip().endswith("?"):
                texts.append(options_question(titles))  # a clarifying question: offer its options
        if any("handoff" in c for c in custom):
            first = for_the_ear(texts[:1], follow_up="", max_sentences=1) if texts else ""
            return self.transfer(f"{first} {TRANSFER}".strip())
        if not texts:  # a paused conversation (handed off) gets no bot reply: keep sending to a person
            return self.transfer(TRANSFER)
        return self.gather(for_the_ear(texts))

    # Webhook ----------------------------------------------------------------------------------

    async def _ask(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        call_sid: str,
        text: str,
        metadata: Dict[str, Any],
    ) -> str:
        collector = CollectingOutputChannel()
        await on_new_message(UserMessage(text, collector, call_sid, input_channel=self.name(), metadata=metadata))
        return self.reply(collector.messages)

    async def turn(self, form: Dict[str, str], on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> str:
        """One webhook request -> TwiML. Public for tests and for the gateway's in-process use."""
        call_sid = form.get("CallSid") or form.get("From") or "unknown"
        status = form.get("CallStatus", "")
        if status in ("completed", "canceled", "failed", "busy", "no-answer"):
            self.states.drop(call_sid)
            return str(VoiceResponse())
        if status == "ringing":
            self.states.drop(call_sid)
            self.states.get(call_sid)
            return self.gather(GREETING)
        state = self.states.get(call_sid)
        metadata: Dict[str, Any] = {"call_status": status}
        digits = (form.get("Digits") or "").strip()
        speech = (form.get("SpeechResult") or "").strip()
        if digits:
            state.silences, state.pending = 0, None
            if digits.startswith(HUMAN_DIGIT):
                return await self._ask(on_new_message, call_sid, REQUEST_HUMAN, {**metadata, "dtmf": digits})
            return self.gather(OTHER_DIGIT)
        if not speech:
            state.silences += 1
            if state.silences >= self.max_silences:
                self.states.drop(call_sid)
                return self.hangup(GOODBYE)
            return self.gather(REPROMPT)
        state.silences = 0
        confidence = _float(form.get("Confidence"), default=1.0)
        metadata["confidence"] = confidence
        if state.pending is not None:
            pending, state.pending = state.pending, None
            answer = yes_or_no(speech)
            if answer is True:
                return await self._ask(on_new_message, call_sid, pending, {**metadata, "confirmed": True})
            if answer is False:
                return self.gather(REPEAT)
        if confidence < self.confidence_threshold:
            state.pending = speech
            return self.gather(CONFIRM.format(text=speech.rstrip(".?! ")))
        return await self._ask(on_new_message, call_sid, speech, metadata)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        voice_webhook = Blueprint("voice_webhook", __name__)

        @voice_webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @voice_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            form = {key: str(request.form.get(key) or "") for key in request.form}
            try:
                twiml = await self.turn(form, on_new_message)
            except Exception as err:  # never leave a caller in silence: apologise and end the call
                logger.error("voice turn failed: %s", type(err).__name__)  # no message text: privacy
                twiml = self.hangup(ERROR)
            return response.text(twiml, content_type="text/xml; charset=utf-8")

        return voice_webhook


def _float(value: str | None, default: float) -> float:
    try:
        return float(value) if value not in (None, "") else default
    except ValueError:
        return default
