"""The voice gateway: SIP calls in, one session thread per call, Rasa's voice channel for the dialogue.

`servicecenter voice run` starts it. The recogniser is loaded (and warmed up) before the first
call is accepted, so a caller never waits for a model load.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Dict, List

from channels.voice.audio import VadConfig
from channels.voice.models import ensure_whisper_model
from channels.voice.phone_texts import PHONE_TEXTS
from channels.voice.session import CallSession, SessionLog
from channels.voice.sip import GatewayCall, SipAgent, SipConfig
from channels.voice.stt import SpeechToText, WhisperSTT, read_prompt
from channels.voice.tts import TextToSpeech, phone_voice
from channels.voice.twiml import TwimlClient
from settings import Settings

log = logging.getLogger(__name__)


@dataclass
class GatewayConfig:
    webhook_url: str
    sip: SipConfig
    vad: VadConfig = field(default_factory=VadConfig)
    keep_transcripts: bool = False  # tests and the bench only; never in production

    @classmethod
    def from_settings(cls, settings: Settings) -> GatewayConfig:
        return cls(
            webhook_url=settings.voice_webhook_url,
            sip=SipConfig(
                settings.voice_sip_host, settings.voice_sip_port, settings.voice_rtp_port, settings.voice_max_calls
            ),
            vad=VadConfig(end_of_turn_ms=settings.voice_end_of_turn_ms, max_turn_s=settings.voice_max_turn_seconds),
        )


def default_stt(settings: Settings) -> WhisperSTT:
    model_dir = ensure_whisper_model(settings.voice_whisper_dir)
    return WhisperSTT(
        model_dir, read_prompt(settings.voice_stt_prompt_file), settings.voice_stt_beam_size, settings.voice_stt_threads
    )


def default_tts(settings: Settings, language: str = "de") -> TextToSpeech:
    """The assistant's phone voice: Pico, with espeak-ng as the fallback (and for languages Pico lacks)."""
    return phone_voice(
        settings.voice_tts_engine,
        language,
        settings.voice_pico_speed,
        settings.voice_pico_pitch,
        settings.voice_pico_volume,
        settings.voice_tts_voice,
        settings.voice_tts_speed,
        settings.voice_tts_pitch,
    )


def phone_voices(settings: Settings) -> Dict[str, TextToSpeech]:
    """The assistant's voice in each language calls are answered in (German and English)."""
    return {language: default_tts(settings, language) for language in PHONE_TEXTS}


class Gateway:
    def __init__(
        self,
        config: GatewayConfig,
        stt: SpeechToText,
        tts: TextToSpeech,
        voices: Dict[str, TextToSpeech] | None = None,
    ) -> None:
        self.config = config
        self.stt = stt
        self.tts = tts  # German, and any language without a voice of its own
        self.voices = voices or {}
        self.sessions: List[SessionLog] = []
        self._threads: List[threading.Thread] = []
        self._lock = threading.Lock()
        self.agent = SipAgent(config.sip, self._on_call)

    def start(self) -> Gateway:
        warm = getattr(self.stt, "load", None)
        if callable(warm):
            warm()
            # The first inference (and language detection) is slow: not on a caller.
            self.stt.transcribe(self.tts.synthesize("Guten Tag, ich habe eine Frage."), settled=False)
        self.agent.start()
        log.info("voice gateway on sip:%s:%d", self.config.sip.host, self.config.sip.port)
        return self

    def _on_call(self, call: GatewayCall) -> None:
        thread = threading.Thread(target=self._serve, args=(call,), name=f"call-{call.sid[-6:]}", daemon=True)
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
        thread.start()

    def _serve(self, call: GatewayCall) -> None:
        client = TwimlClient(self.config.webhook_url)
        session = CallSession(
            call, call.sid, call.caller, client, self.stt, self.tts, self.config.vad, self.config.keep_transcripts,
            self.voices,
        )  # fmt: skip
        try:
            call.media_ready.wait(5)
            session.run()
        finally:
            client.close()
            deadline = time.monotonic() + 10
            while not call.closed.is_set() and time.monotonic() < deadline:
                time.sleep(0.05)
            self.agent.release(call)
            with self._lock:
                self.sessions.append(session.log)
            log.info(
                "call %s ended (%s): %d turns, %d silences", call.sid[-6:], session.log.ended_by,
                session.log.turns, session.log.silences,
            )  # fmt: skip

    def active_calls(self) -> int:
        return self.agent.active()

    def wait_idle(self, timeout: float) -> bool:
        """True when every session has finished and every call object is freed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                busy = any(t.is_alive() for t in self._threads)
            if not busy and not self.agent.calls:
                return True
            time.sleep(0.1)
        return False

    def stop(self) -> None:
        self.agent.stop()


def run_gateway(settings: Settings, stop: threading.Event | None = None) -> None:
    """Blocks until `stop` is set (or Ctrl-C)."""
    voices = phone_voices(settings)
    gateway = Gateway(GatewayConfig.from_settings(settings), default_stt(settings), voices["de"], voices).start()
    stop = stop or threading.Event()
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        gateway.stop()
