"""The phone voice (channels.voice.tts): Pico by default, espeak-ng when Pico fails or lacks the language."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal

import numpy as np
import pytest

from channels.voice.caller import CALLER_VOICES, caller_voice
from channels.voice.gateway import default_tts
from channels.voice.tts import (
    RATE,
    EspeakTTS,
    FallbackTTS,
    PicoTTS,
    TTSError,
    engine_name,
    phone_voice,
    trim_silence,
)
from settings import Settings


def samples(pcm: bytes) -> np.ndarray:
    return np.frombuffer(pcm, dtype="<i2").astype(np.int32)


def test_pico_speaks_german_at_16_khz_without_clipping():
    pcm = PicoTTS().synthesize("Die Gebühr beträgt siebenunddreißig Euro. Möchten Sie noch etwas wissen?")
    audio = samples(pcm)
    assert 2.0 < audio.size / RATE < 6.0
    assert 8000 < np.abs(audio).max() < 32767  # loud enough for the phone, and nothing clips at volume 0.5
    # Pico's ~0.8 s of silence after a sentence is cut to a short pause (250 ms)
    assert audio.size - np.flatnonzero(np.abs(audio) > 300)[-1] <= RATE // 4 + 1


def test_pico_speaks_in_a_worker_process_that_is_replaced_when_it_dies():
    """Pico holds the GIL while it speaks, so it must not speak in the gateway's process (pico_worker.py)."""
    tts = PicoTTS()
    before = {p.pid for p in multiprocessing.active_children()}
    first = tts.synthesize("Guten Tag.")
    workers = [p for p in multiprocessing.active_children() if p.pid not in before]
    assert len(workers) == 1 and workers[0].pid != os.getpid() and len(first) > RATE // 4
    os.kill(workers[0].pid, signal.SIGKILL)
    workers[0].join(10)
    # the next sentence is still spoken by Pico, in a new worker
    assert tts.synthesize("Guten Tag.") == first
    replaced = [p for p in multiprocessing.active_children() if p.pid not in before]
    assert len(replaced) == 1 and replaced[0].pid != workers[0].pid
    tts.close()


def test_silence_is_trimmed_at_both_ends():
    tone = (np.sin(np.arange(RATE) / 5) * 8000).astype("<i2")
    padded = np.concatenate([np.zeros(RATE, "<i2"), tone, np.zeros(RATE, "<i2")]).tobytes()
    trimmed = samples(trim_silence(padded))
    assert abs(trimmed.size - (RATE + RATE * 30 // 1000 + RATE * 250 // 1000)) < 20
    assert trim_silence(b"\0\0" * RATE) == b""


def test_markup_and_empty_text():
    tts = PicoTTS()
    assert tts.synthesize("  ") == b""
    assert len(tts.synthesize("a <volume level='500'> b")) > RATE  # read as text, not as Pico markup


def test_the_test_callers_do_not_sound_like_the_assistant():
    assistant = samples(PicoTTS().synthesize("Ich möchte meinen Hund anmelden."))
    for name in CALLER_VOICES:
        caller = samples(caller_voice(name).synthesize("Ich möchte meinen Hund anmelden."))
        assert caller.size != assistant.size or not np.array_equal(caller, assistant), name
    speeds = {speed for speed, _pitch in CALLER_VOICES.values()}
    pitches = {pitch for _speed, pitch in CALLER_VOICES.values()}
    assert 1.0 not in pitches and len(speeds) == len(pitches) == len(CALLER_VOICES)


class Broken:
    name = "broken"

    def synthesize(self, text: str) -> bytes:
        raise TTSError("no voice")


class Fixed:
    def __init__(self, pcm: bytes) -> None:
        self.pcm = pcm

    def synthesize(self, text: str) -> bytes:
        return self.pcm


def test_the_fallback_speaks_when_the_first_engine_fails():
    assert FallbackTTS([Broken(), Fixed(b"\1\0")]).synthesize("Hallo") == b"\1\0"
    with pytest.raises(TTSError):
        FallbackTTS([Broken(), Broken()]).synthesize("Hallo")
    assert engine_name(FallbackTTS([Broken(), Fixed(b"")])) == "broken"


def test_pico_speaks_the_languages_it_has_and_espeak_the_others():
    assert engine_name(phone_voice("pico", "de")) == "Pico de-DE"
    assert engine_name(phone_voice("pico", "en")) == "Pico en-GB"
    assert engine_name(phone_voice("pico", "fr-FR")) == "Pico fr-FR"
    assert engine_name(phone_voice("pico", "tr")) == "espeak-ng tr"
    assert engine_name(phone_voice("espeak-ng", "de", espeak_voice="de")) == "espeak-ng de"
    with pytest.raises(ValueError):
        phone_voice("festival", "de")
    with pytest.raises(TTSError):
        PicoTTS("tr-TR")
    assert engine_name(default_tts(Settings())) == "Pico de-DE"


def test_espeak_still_speaks():
    assert shutil.which("espeak-ng"), "espeak-ng fehlt: Debian-Paket espeak-ng installieren (make system-packages)"
    assert len(EspeakTTS().synthesize("Guten Tag.")) > RATE // 2
