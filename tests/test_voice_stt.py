"""Speech recognition of one caller turn with the real Whisper-base model (channels.voice.stt).

A turn is encoded in a short window (its speech plus padding), not in Whisper's 30 s; silence never
reaches the model; a test caller's German sentence (Pico) comes out with its words. About ten seconds.
"""

from __future__ import annotations

from typing import List

import numpy as np
import pytest
from rapidfuzz import fuzz

from channels.voice.caller import caller_voice, script_audio
from channels.voice.gateway import default_stt
from channels.voice.stt import MAX_FRAMES, PAD_FRAMES, PROMPT_BUDGET, WhisperSTT, encoder_frames, max_new_tokens
from channels.voice.tts import PicoTTS
from settings import Settings
from tests.voice_helpers import fold


def test_the_encoder_window_follows_the_speech():
    assert encoder_frames(300) == 300 + PAD_FRAMES
    assert encoder_frames(301) == 400 + PAD_FRAMES
    assert encoder_frames(1500) < MAX_FRAMES  # a turn of the maximum length (15 s) still saves time
    assert encoder_frames(2900) == MAX_FRAMES
    assert max_new_tokens(3 * 16000) == 36 and max_new_tokens(60 * 16000) == 120


@pytest.fixture(scope="module")
def stt() -> WhisperSTT:
    recogniser = default_stt(Settings())
    recogniser.load()
    return recogniser


@pytest.fixture()
def encoded(stt: WhisperSTT, monkeypatch: pytest.MonkeyPatch) -> List[int]:
    """Records the number of mel frames of every window the model encodes."""
    frames: List[int] = []
    model = stt._model
    real = model.encode

    def spy(features: np.ndarray):  # type: ignore[no-untyped-def]
        frames.append(int(features.shape[-1]))
        return real(features)

    monkeypatch.setattr(model, "encode", spy)
    return frames


@pytest.fixture(scope="module")
def caller() -> PicoTTS:
    return caller_voice("anna")


def test_the_domain_prompt_fits_whisper_s_budget(stt):
    # Counted with the model's own tokenizer; over the budget Whisper would silently drop the first words.
    assert 150 <= stt.prompt_length <= PROMPT_BUDGET
    assert "Wunstorf" in stt.prompt and "Personalausweis" in stt.prompt


def test_a_short_question_is_encoded_in_a_short_window_and_recognised(stt, encoded, caller):
    pcm = script_audio([0.3, "Ich bin umgezogen und muss mich ummelden.", 0.5], 16000, caller)
    assert 2.5 < len(pcm) / 32000 < 4.5
    heard = stt.transcribe(pcm)
    assert len(encoded) == 1 and encoded[0] <= 1000, encoded  # not the 3000 frames (30 s) faster-whisper pads to
    assert {"muss", "mich", "ummelden"} <= set(heard.text.lower().strip(".").split()), heard
    assert 0.3 < heard.confidence <= 1.0


def test_silence_and_steady_noise_are_empty_without_running_the_model(stt, encoded):
    noise = np.random.default_rng(7).normal(0, 60, 3 * 16000).astype("<i2").tobytes()
    for pcm in (b"\0\0" * 3 * 16000, noise):
        assert (stt.transcribe(pcm).text, stt.transcribe(pcm).confidence) == ("", 0.0)
    assert encoded == []  # Silero found no speech, so Whisper had no chance to hallucinate


def test_a_telephone_line_at_8_khz_is_resampled(stt, caller):
    pcm16 = script_audio([0.3, "Ich möchte meinen Hund anmelden.", 0.5], 16000, caller)
    pcm8 = np.frombuffer(pcm16, dtype="<i2")[::2].tobytes()
    heard = stt.transcribe(pcm8, rate=8000).text.lower()
    assert fuzz.partial_ratio("hund anmelden", heard) >= 80, heard


def test_an_english_question_is_found_and_heard_in_english_and_a_german_one_stays_german(stt, caller):
    english = script_audio([0.3, "How much does a passport cost?", 0.5], 16000, PicoTTS("en-GB", 1.05, 0.9))
    heard = stt.transcribe(english, language="de", settled=False)
    assert (heard.language, heard.detected) == ("en", True), heard
    assert {"how", "much", "passport"} <= set(fold(heard.text).split()), heard
    german = stt.transcribe(script_audio([0.3, "Ich möchte meinen Hund anmelden.", 0.5], 16000, caller), settled=False)
    assert (german.language, german.detected) == ("de", True) and "hund" in fold(german.text), german
