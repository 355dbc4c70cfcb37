"""Text to speech behind a small interface: SVOX Pico for the phone voice, espeak-ng as the fallback.

An engine turns one sentence into 16-bit mono PCM at 16 kHz; pjmedia converts it for G.711 calls (8 kHz). The
gateway synthesises sentence by sentence and starts playing the first while the rest is made.
Pico (py-nanotts, German lingware inside the wheel) sounds natural and Whisper understands it (WER 0.13 over
G.711 against espeak-ng's 1.00, see `servicecenter bench voice`); espeak-ng speaks when Pico fails and in the
languages Pico lacks. What the voice says (numbers, abbreviations) is settled before, in pronounce.py.
"""

from __future__ import annotations

import importlib.util
import logging
import re
import shutil
import struct
import subprocess
from typing import Protocol, Sequence

import numpy as np
from scipy.signal import resample_poly

from channels.voice.pico_worker import PicoProcess

log = logging.getLogger(__name__)

RATE = 16000  # the gateway works wideband inside; pjmedia converts to 8 kHz for G.711 calls
# Pico's voices by language (ISO 639-1); for other languages espeak-ng speaks.
PICO_VOICES = {"de": "de-DE", "en": "en-GB", "fr": "fr-FR", "es": "es-ES", "it": "it-IT"}


class TextToSpeech(Protocol):
    def synthesize(self, text: str) -> bytes:
        """16-bit little-endian mono PCM at 16000 Hz."""
        ...


class TTSError(RuntimeError):
    pass


def wav_to_pcm(data: bytes) -> tuple[bytes, int]:
    """PCM samples and rate of a 16-bit mono WAV; tolerates the unknown length espeak-ng writes to a pipe."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise TTSError("no WAV data")
    pos, rate = 12, 0
    while pos + 8 <= len(data):
        chunk, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        if chunk == b"fmt ":
            channels, rate, bits = (
                struct.unpack("<H", data[pos + 10 : pos + 12])[0],
                struct.unpack("<I", data[pos + 12 : pos + 16])[0],
                struct.unpack("<H", data[pos + 22 : pos + 24])[0],
            )
            if channels != 1 or bits != 16:
                raise TTSError(f"unsupported WAV format: {channels} channels, {bits} bit")
        elif chunk == b"data":
            pcm = data[pos + 8 : pos + 8 + size] if size < 0x7FFFFFF0 else data[pos + 8 :]
            return pcm[: len(pcm) // 2 * 2], rate
        pos += 8 + size + (size & 1)
    raise TTSError("WAV without data")


def resample(pcm: bytes, rate: int, target: int = RATE) -> bytes:
    if rate == target or not pcm:
        return pcm
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32)
    g = np.gcd(rate, target)
    out = resample_poly(samples, target // g, rate // g)
    return bytes(np.clip(out, -32768, 32767).astype("<i2").tobytes())


class EspeakTTS:
    """espeak-ng (Debian package `espeak-ng`), German voice; runs locally, ~20 ms per sentence."""

    def __init__(self, voice: str = "de", speed: int = 160, pitch: int = 40, binary: str = "espeak-ng") -> None:
        self.voice, self.speed, self.pitch = voice, speed, pitch
        self.binary = shutil.which(binary) or binary

    @property
    def name(self) -> str:
        return f"espeak-ng {self.voice}"

    def synthesize(self, text: str) -> bytes:
        if not text.strip():
            return b""
        cmd = [self.binary, "-v", self.voice, "-s", str(self.speed), "-p", str(self.pitch), "--stdout", "--stdin"]
        try:
            done = subprocess.run(cmd, input=text.encode("utf-8"), capture_output=True, timeout=30, check=True)
        except (OSError, subprocess.SubprocessError) as err:
            raise TTSError(f"espeak-ng failed: {type(err).__name__}") from err
        pcm, rate = wav_to_pcm(done.stdout)
        return resample(pcm, rate)


def trim_silence(pcm: bytes, lead_ms: int = 30, tail_ms: int = 250, floor: int = 300) -> bytes:
    """Cuts silence at both ends down to `lead_ms` and `tail_ms`: Pico ends every sentence with ~0.8 s of it,
    which would make the pause between two sentences (and the caller's wait) needlessly long."""
    samples = np.frombuffer(pcm, dtype="<i2")
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > floor)
    if loud.size == 0:
        return b""
    start = max(0, int(loud[0]) - RATE * lead_ms // 1000)
    end = min(samples.size, int(loud[-1]) + 1 + RATE * tail_ms // 1000)
    return samples[start:end].tobytes()


class PicoTTS:
    """SVOX Pico via py-nanotts: ~20-50 ms a sentence on one core, 16 kHz, no files, no network.

    Pico runs in a worker process of its own (pico_worker.py): in ours it would hold the GIL and stall the calls' audio.

    `volume` 0.5: at Pico's default (1.0) about 1 % of the samples clip. `speed` and `pitch` are factors
    (1.0 is Pico's own voice); the test callers vary them so the tests do not hear the assistant's voice.
    """

    def __init__(self, voice: str = "de-DE", speed: float = 1.0, pitch: float = 1.0, volume: float = 0.5) -> None:
        if voice not in PICO_VOICES.values():
            raise TTSError(f"Pico has no voice {voice!r}")
        if importlib.util.find_spec("py_nanotts") is None:  # the wheel is manylinux x86_64 only
            raise TTSError("py-nanotts is not installed")
        self.voice, self.speed, self.pitch, self.volume = voice, speed, pitch, volume
        self._worker = PicoProcess()

    def close(self) -> None:
        self._worker.close()

    @property
    def name(self) -> str:
        return f"Pico {self.voice}"

    def synthesize(self, text: str) -> bytes:
        text = re.sub(r"[<>]", " ", text)  # Pico reads markup in the text: none may come from an answer
        if not text.strip():
            return b""
        try:
            pcm = self._worker.speak(text, self.voice, self.speed, self.pitch, self.volume)
        except (RuntimeError, ValueError) as err:  # PicoWorkerError too
            raise TTSError(f"Pico failed: {err}") from err
        return trim_silence(bytes(pcm[: len(pcm) // 2 * 2]))


class FallbackTTS:
    """The first engine that speaks the text: Pico, then espeak-ng if Pico fails on it."""

    def __init__(self, engines: Sequence[TextToSpeech]) -> None:
        if not engines:
            raise ValueError("no TTS engine")
        self.engines = list(engines)

    @property
    def name(self) -> str:
        return engine_name(self.engines[0])

    def synthesize(self, text: str) -> bytes:
        error: TTSError | None = None
        for engine in self.engines:
            try:
                return engine.synthesize(text)
            except TTSError as err:
                log.warning("%s failed, next engine: %s", engine_name(engine), err)
                error = err
        assert error is not None
        raise error


def engine_name(tts: object) -> str:
    return str(getattr(tts, "name", type(tts).__name__))


def phone_voice(
    engine: str = "pico",
    language: str = "de",
    pico_speed: float = 1.0,
    pico_pitch: float = 1.0,
    pico_volume: float = 0.5,
    espeak_voice: str = "de",
    espeak_speed: int = 150,
    espeak_pitch: int = 40,
) -> TextToSpeech:
    """The assistant's voice for callers in `language`: Pico where it has the language, espeak-ng otherwise.

    `espeak_voice` is the German espeak-ng voice; for another language espeak-ng's voice of that name speaks.
    """
    language = language.split("-")[0].lower()
    espeak = EspeakTTS(espeak_voice if language == "de" else language, espeak_speed, espeak_pitch)
    if engine == "pico" and language in PICO_VOICES:
        try:
            return FallbackTTS([PicoTTS(PICO_VOICES[language], pico_speed, pico_pitch, pico_volume), espeak])
        except TTSError as err:
            log.warning("Pico unavailable, espeak-ng speaks: %s", err)
    elif engine not in ("pico", "espeak-ng"):
        raise ValueError(f"unknown TTS engine {engine!r} (pico or espeak-ng)")
    return espeak
