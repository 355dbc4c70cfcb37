"""Rasa input channel for telephone calls: Twilio Voice's protocol, German or English, with the phone dialogue.

Our SIP gateway (channels.voice.gateway) and a hosted Twilio number speak the same protocol: a form
POST per caller turn (CallSid, From, CallStatus, SpeechResult, Confidence, Digits) answered with
TwiML. So the phone dialogue lives here, not in the gateway: greeting, reprompt after silence and
goodbye after the second, "0" for a person, "Habe ich richtig verstanden …?" on low speech
confidence, handoff as <Dial>, emergency as "Legen Sie auf und wählen Sie 112" and <Hangup>.

Registered in bot/credentials.yml as `channels.voice.rasa_channel.VoiceInput`. The webhook is
/webhooks/voice/webhook. The conversation id is the CallSid: one conversation per call, and the
caller's number is not stored as the conversation id.

A call starts in German. When the bot announces another language (its custom `language` message, sent
when it recognises English text), the call follows: from then on <Say>/<Gather> carry that language
(en-GB) and the channel's own texts come from its table in phone_texts. A language the phone does not
speak (announced by the bot, or heard by our gateway's recogniser as `SpeechLanguage`) goes to a person.

A call with an answer that ends normally asks once "War die Auskunft hilfreich?" (channels.voice.feedback).
"""

from __future__ import annotations

import logging
import re
from typing import Any, Awaitable, Callable, Dict, List, Sequence, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.twilio_voice import TwilioVoiceInput
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.twiml.voice_response import Gather, VoiceResponse

from channels.limits import MAX_BODY_BYTES, MAX_MESSAGE_CHARS, ChannelLimits, request_address
from channels.voice.call_state import (
    CallState,
    CallStates,
    CallStore,
    call_store,
    follow_language,
    speech_confidence,
    yes_or_no,
)
from channels.voice.feedback import ASKED, EndOfCall, OnMessage, SlotReader, tracker_slots
from channels.voice.phone_texts import (
    ENGLISH,
    GERMAN,
    PHONE_TEXTS,
    PhoneTexts,
    phone_language,
    texts_for,
)
from channels.voice.speech import for_the_ear, options_question
from knowledge.translations import load_languages

logger = logging.getLogger(__name__)

# The German texts under their old names (the greeting is always German: no caller has spoken yet).
GREETING, REPROMPT, GOODBYE = GERMAN.greeting, GERMAN.reprompt, GERMAN.goodbye
CONFIRM, REPEAT, OTHER_DIGIT, TRANSFER = GERMAN.confirm, GERMAN.repeat, GERMAN.other_digit, GERMAN.transfer
TRANSFER_FAILED, EMERGENCY, ERROR = GERMAN.transfer_failed, GERMAN.emergency, GERMAN.error
REQUEST_HUMAN = "/request_human"
TWIML = "text/xml; charset=utf-8"
TOO_LARGE = "Die Anfrage ist zu groß."
HUMAN_DIGIT = "0"


class VoiceInput(EndOfCall, TwilioVoiceInput):
    """Twilio Voice channel for German and English calls, with DTMF, speech confidence and the phone dialogue."""

    @classmethod
    def name(cls) -> str:
        return "voice"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        from settings import get_settings

        credentials = credentials or {}
        settings = get_settings()
        channel = cls(
            agent_number=str(credentials.get("agent_number") or settings.voice_agent_uri),
            assistant_voice=str(credentials.get("assistant_voice", "Polly.Vicki")),
            language=str(credentials.get("language", "de-DE")),
            confidence_threshold=float(credentials.get("confidence_threshold", settings.voice_confidence_threshold)),
            silence_timeout=int(credentials.get("silence_timeout", settings.voice_silence_timeout)),
            max_silences=int(credentials.get("max_silences", settings.voice_max_silences)),
            speech_timeout=str(credentials.get("speech_timeout", "2")),
            speech_model=str(credentials.get("speech_model", "phone_call")),
            states=call_store(settings.redis_url, settings.redis_prefix),
        )
        channel.limits = ChannelLimits.from_settings(settings)
        return channel

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
        states: CallStore | None = None,
    ) -> None:
        self.agent_number = agent_number
        self.language = language
        self.confidence_threshold = confidence_threshold
        self.silence_timeout = silence_timeout
        self.max_silences = max_silences
        self.states: CallStore = states if states is not None else CallStates()
        self.limits: ChannelLimits | None = None  # from the settings in from_credentials; None: no limits (tests)
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

    def _tag(self, phone: PhoneTexts) -> str:
        return self.language if phone is GERMAN else phone.tag  # German as configured (de-DE by default)

    def _say(self, parent: Any, text: str, phone: PhoneTexts = GERMAN) -> None:
        voice = self.assistant_voice if phone is GERMAN else phone.twilio_voice  # German as configured
        parent.say(text, voice=voice, language=self._tag(phone))

    def gather(self, text: str, phone: PhoneTexts = GERMAN, also: PhoneTexts | None = None) -> str:
        """Speak `text` and listen for speech or one key, both in the call's language; `also` adds its
        invitation in its own language (the greeting: "You can also speak English.")."""
        voice_response = VoiceResponse()
        gather = Gather(
            input="speech dtmf",
            action=f"/webhooks/{self.name()}/webhook",
            actionOnEmptyResult=True,
            language=self._tag(phone),
            numDigits=1,
            timeout=self.silence_timeout,
            speechTimeout=self.speech_timeout,
            speechModel=self.speech_model,
        )
        self._say(gather, text, phone)
        if also is not None and also.invitation:
            self._say(gather, also.invitation, also)
        voice_response.append(gather)
        return str(voice_response)

    def hangup(self, text: str, phone: PhoneTexts = GERMAN) -> str:
        voice_response = VoiceResponse()
        self._say(voice_response, text, phone)
        voice_response.hangup()
        return str(voice_response)

    def transfer(self, text: str, phone: PhoneTexts = GERMAN) -> str:
        """Say `text`, transfer to the agents; should the transfer fail, say so and end the call."""
        return self._transfer([(text, phone)], [phone])

    def _transfer(self, says: Sequence[Tuple[str, PhoneTexts]], failed_in: Sequence[PhoneTexts]) -> str:
        voice_response = VoiceResponse()
        for text, phone in says:
            self._say(voice_response, text, phone)
        dial = voice_response.dial(timeout=30)
        if self.agent_number.startswith(("sip:", "sips:")):
            dial.sip(self.agent_number)
        else:
            dial.number(self.agent_number.removeprefix("tel:"))
        for phone in failed_in:
            self._say(voice_response, phone.transfer_failed, phone)
        voice_response.hangup()
        return str(voice_response)

    def transfer_in_every_language(self) -> str:
        """For a caller we cannot answer: "I will connect you" in each phone language, each in its own voice."""
        phones = list(PHONE_TEXTS.values())
        return self._transfer([(phone.connect_other_language, phone) for phone in phones], phones)

    def reply(self, messages: List[Dict[str, Any]], phone: PhoneTexts = GERMAN) -> str:
        """TwiML for the bot messages of one turn: emergency, handoff, or a short spoken answer."""
        custom = [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]
        emergency = next((c["emergency"] for c in custom if "emergency" in c), None)
        if emergency:
            numbers = phone.spoken_numbers
            return self.hangup(phone.emergency.format(spoken=numbers.get(str(emergency), numbers["112"])), phone)
        code = phone.tag
        texts: List[str] = []
        for message in messages:
            text = str(message.get("text") or "")
            if not text:
                continue
            texts.append(text)
            titles = [str(b.get("title", "")) for b in message.get("buttons") or []]
            if titles and text.rstrip().endswith("?"):
                texts.append(options_question(titles, code))  # a clarifying question: offer its options
        if any("handoff" in c for c in custom):
            first = for_the_ear(texts[:1], follow_up="", max_sentences=1, language=code) if texts else ""
            return self.transfer(f"{first} {phone.transfer}".strip(), phone)
        if not texts:  # a paused conversation (handed off) gets no bot reply: keep sending to a person
            return self.transfer(phone.transfer, phone)
        return self.gather(for_the_ear(texts, language=code), phone)

    # Webhook ----------------------------------------------------------------------------------

    async def _ask(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        call_sid: str,
        text: str,
        metadata: Dict[str, Any],
        state: CallState | None = None,
    ) -> str:
        state = state or self.states.get(call_sid)
        messages = await self._send(on_new_message, call_sid, text, metadata)
        unspoken = follow_language(messages, state)
        if unspoken is not None:  # the bot now answers in a language we cannot speak: to a person
            return await self._other_language(on_new_message, call_sid, unspoken, metadata, switch=False)
        return self._reply_or_end(call_sid, messages, state)

    async def _send(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        call_sid: str,
        text: str,
        metadata: Dict[str, Any],
    ) -> List[Dict[str, Any]]:
        collector = CollectingOutputChannel()
        await on_new_message(UserMessage(text, collector, call_sid, input_channel=self.name(), metadata=metadata))
        return list(collector.messages)

    async def _other_language(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        call_sid: str,
        heard: str,
        metadata: Dict[str, Any],
        switch: bool = True,
    ) -> str:
        """A caller in a language not answered on the phone goes to a person, recorded as "0" is (request_human).

        If the assistant knows the language, the conversation is switched to it first, so the agent's
        queue shows which language the caller speaks.
        """
        metadata = {**metadata, "speech_language": heard}
        known = next((code for code, lang in load_languages().items() if heard in (code, lang.detect)), None)
        if switch and known is not None:
            await self._send(on_new_message, call_sid, f'/set_language{{"language":"{known}"}}', metadata)
        await self._send(on_new_message, call_sid, REQUEST_HUMAN, metadata)
        return self.transfer_in_every_language()

    async def turn(self, form: Dict[str, str], on_new_message: OnMessage, slots: SlotReader | None = None) -> str:
        """One webhook request -> TwiML. Public for tests and for the gateway's in-process use; `slots` gives the
        conversation's commune and language when feedback is counted."""
        call_sid = form.get("CallSid") or form.get("From") or "unknown"
        status = form.get("CallStatus", "")
        if status in ("completed", "canceled", "failed", "busy", "no-answer"):
            self.states.drop(call_sid)
            return str(VoiceResponse())
        if status == "ringing":
            self.states.drop(call_sid)
            self.states.get(call_sid)
            return self.gather(GREETING, also=ENGLISH)
        state = self.states.get(call_sid)
        if state.feedback == ASKED and not (form.get("Digits") or "").strip().startswith(HUMAN_DIGIT):
            answer = await self._feedback_answer(on_new_message, call_sid, state, form, slots)
        else:
            answer = await self._answer(form, on_new_message, call_sid, state)
        self.states.put(call_sid, state)  # kept for the next turn (in Redis: for any replica), unless it ended the call
        return answer

    async def _answer(
        self,
        form: Dict[str, str],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        call_sid: str,
        state: CallState,
    ) -> str:
        phone = texts_for(state.language)
        metadata: Dict[str, Any] = {"call_status": form.get("CallStatus", "")}
        digits = (form.get("Digits") or "").strip()
        speech = (form.get("SpeechResult") or "").strip()
        if digits:
            state.silences, state.pending = 0, None
            if digits.startswith(HUMAN_DIGIT):
                return await self._ask(on_new_message, call_sid, REQUEST_HUMAN, {**metadata, "dtmf": digits}, state)
            return self.gather(phone.other_digit, phone)
        # Our gateway's recogniser names the language it heard (Twilio does not send it).
        heard = (form.get("SpeechLanguage") or "").strip().lower()
        if heard and phone_language(heard) is None:
            self.states.drop(call_sid)  # the call is the agent's now
            return await self._other_language(on_new_message, call_sid, heard, metadata)
        if not speech:
            state.silences += 1
            if state.silences >= self.max_silences:
                self.states.drop(call_sid)
                return self.hangup(phone.goodbye, phone)
            return self.gather(phone.reprompt, phone)
        state.silences = 0
        confidence = speech_confidence(form.get("Confidence"))
        metadata["confidence"] = confidence
        if state.pending is not None:
            pending, state.pending = state.pending, None
            answer = yes_or_no(speech)
            if answer is True:
                return await self._ask(on_new_message, call_sid, pending, {**metadata, "confirmed": True}, state)
            if answer is False:
                return self.gather(phone.repeat, phone)
        if (ended := self._declined_more(call_sid, state, speech)) is not None:  # "nein, danke": the end
            return ended
        if confidence < self.confidence_threshold:
            state.pending = speech
            asked = texts_for(heard) if heard else phone  # in the language the caller just spoke
            return self.gather(asked.confirm.format(text=speech.rstrip(".?! ")), asked)
        return await self._ask(on_new_message, call_sid, speech, metadata, state)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        voice_webhook = Blueprint("voice_webhook", __name__)

        @voice_webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @voice_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if len(request.body or b"") > MAX_BODY_BYTES:
                return response.text(TOO_LARGE, status=413)
            form = {key: str(request.form.get(key) or "")[:MAX_MESSAGE_CHARS] for key in request.form}
            call_sid = form.get("CallSid") or form.get("From")
            if self.limits is not None:
                problem = self.limits.sender_error(call_sid, "CallSid")
                if problem is not None:
                    return response.text(problem, status=400)
                address = request_address(self.limits, request)
                asks = form.get("SpeechResult") or form.get("Digits")  # a turn that would reach the assistant
                if asks and not self.limits.allow(str(call_sid), address):
                    # not processed; the call goes on (Twilio would hang up on an HTTP error)
                    phone = texts_for(self.states.get(str(call_sid)).language)
                    return response.text(self.gather(phone.rate_limited, phone), content_type=TWIML)
            try:
                twiml = await self.turn(form, on_new_message, tracker_slots(getattr(request.app.ctx, "agent", None)))
            except Exception as err:  # never leave a caller in silence: apologise and end the call
                logger.error("voice turn failed: %s", type(err).__name__)  # no message text: privacy
                twiml = self.hangup(ERROR)  # the call's language may be gone with an error: German
            return response.text(twiml, content_type=TWIML)

        return voice_webhook
