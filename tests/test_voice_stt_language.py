"""Which language a caller turn is heard in (channels.voice.stt), with a stand-in for Whisper: no model, fast.

The fake model answers language detection from a script and "transcribes" according to the language of
the prompt it is given, so the tests see which prompt (German with the domain words, or English) was used.
"""

from __future__ import annotations

import math
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Dict, List, Tuple

import numpy as np
import pytest

from channels.voice.stt import CLEAR_LANGUAGE, Transcript, WhisperSTT, clear_language, detection_needed

PROMPTS = {"de": [1], "en": [2], "fr": [3]}  # the first token names the prompt's language
SAID = {1: "Wie viel kostet ein Pass", 2: "How much does a passport cost?", 3: "Combien coûte un passeport ?"}


class FakeWhisper:
    """faster-whisper's WhisperModel as WhisperSTT uses it (the CTranslate2 model is its `.model`)."""

    max_length = 448

    def __init__(self, detected: List[Tuple[str, float]], confidence: Dict[str, float]) -> None:
        self.detected, self.confidence = detected, confidence
        self.detections = 0
        self.decoded: List[str] = []  # the language of each prompt given to the decoder
        self.model = self

    def feature_extractor(self, speech: np.ndarray) -> np.ndarray:
        return np.zeros((80, speech.size // 160 + 1), dtype=np.float32)

    def encode(self, features: np.ndarray) -> np.ndarray:
        return features

    def detect_language(self, encoded: Any) -> List[List[Tuple[str, float]]]:
        self.detections += 1
        return [[(f"<|{code}|>", p) for code, p in self.detected]]

    def generate(self, encoded: Any, prompts: List[List[int]], **options: Any) -> List[SimpleNamespace]:
        language = next(code for code, tokens in PROMPTS.items() if tokens == prompts[0])
        self.decoded.append(language)
        # WhisperSTT takes score * n / (n + 1) as the mean log-probability; one token: score / 2.
        score = 2 * math.log(self.confidence.get(language, 0.8))
        return [SimpleNamespace(sequences_ids=[prompts[0][:1]], scores=[score], no_speech_prob=0.0)]


class FakeTokenizer:
    def decode(self, tokens: List[int]) -> str:
        return SAID[tokens[0]]


def recogniser(monkeypatch: pytest.MonkeyPatch, detected: List[Tuple[str, float]], **confidence: float) -> WhisperSTT:
    stt = WhisperSTT(Path("no-model"))
    stt._model, stt._tokenizer, stt._prompts = FakeWhisper(detected, confidence), FakeTokenizer(), dict(PROMPTS)
    monkeypatch.setattr(WhisperSTT, "_speech", staticmethod(lambda audio: audio))  # all of it is speech
    return stt


def speech(seconds: float) -> bytes:
    return (np.full(int(seconds * 16000), 3000, dtype="<i2")).tobytes()


def test_an_english_caller_is_found_while_the_language_is_open_and_heard_without_the_german_prompt(monkeypatch):
    stt = recogniser(monkeypatch, [("en", 0.96), ("de", 0.02)], en=0.9)
    heard = stt.transcribe(speech(2.0), language="de", settled=False)
    assert heard == Transcript("How much does a passport cost?", 0.9, "en", detected=True)
    assert (stt._model.detections, stt._model.decoded) == (1, ["en"])


def test_a_german_caller_is_confirmed_once_and_then_not_detected_again(monkeypatch):
    stt = recogniser(monkeypatch, [("de", 0.95), ("en", 0.02)], de=0.7)
    assert stt.transcribe(speech(2.0), language="de", settled=False) == Transcript(
        "Wie viel kostet ein Pass", 0.7, "de", detected=True
    )
    assert stt.transcribe(speech(2.0), language="de", settled=True) == Transcript("Wie viel kostet ein Pass", 0.7)
    assert (stt._model.detections, stt._model.decoded) == (1, ["de", "de"])


@pytest.mark.parametrize(
    "detected, seconds",
    [
        ([("ja", 0.69), ("en", 0.06)], 2.0),  # "Ja." as Whisper-base guesses it: not clear
        ([("en", 0.6), ("de", 0.3)], 2.0),  # English, but not clearly
        ([("en", 0.97), ("de", 0.01)], 0.6),  # clear, but too short to count ("Yes.")
    ],
)
def test_an_unclear_or_short_turn_stays_in_the_call_s_language(monkeypatch, detected, seconds):
    stt = recogniser(monkeypatch, detected, de=0.8)
    assert stt.transcribe(speech(seconds), language="de", settled=False) == Transcript(
        "Wie viel kostet ein Pass", 0.8, "de", detected=False
    )
    assert stt._model.decoded == ["de"]


def test_a_poor_german_transcript_in_a_settled_call_looks_at_the_language_again(monkeypatch):
    stt = recogniser(monkeypatch, [("en", 0.93), ("de", 0.04)], de=0.2, en=0.85)
    heard = stt.transcribe(speech(2.0), language="de", settled=True)
    assert heard == Transcript("How much does a passport cost?", 0.85, "en", detected=True)
    assert (stt._model.detections, stt._model.decoded) == (1, ["de", "en"])


def test_a_poor_transcript_of_the_call_s_own_language_is_kept(monkeypatch):
    stt = recogniser(monkeypatch, [("de", 0.9), ("en", 0.05)], de=0.2)
    assert stt.transcribe(speech(2.0), language="de", settled=True) == Transcript(
        "Wie viel kostet ein Pass", 0.2, "de", detected=True
    )
    assert stt._model.decoded == ["de"]


def test_another_language_is_named_for_the_channel(monkeypatch):
    stt = recogniser(monkeypatch, [("fr", 0.95), ("en", 0.01)], fr=0.8)
    heard = stt.transcribe(speech(2.5), language="de", settled=False)
    assert (heard.language, heard.detected, stt._model.decoded) == ("fr", True, ["fr"])


def test_the_decision_rules():
    assert clear_language([("de", 0.1), ("en", CLEAR_LANGUAGE)], 1.0) == "en"
    assert clear_language([("en", CLEAR_LANGUAGE - 0.01)], 3.0) is None
    assert clear_language([], 3.0) is None
    assert [detection_needed(False, None), detection_needed(True, None)] == [True, False]
    assert [detection_needed(True, 0.39), detection_needed(True, 0.41), detection_needed(False, 0.1)] == [
        True,
        False,
        False,
    ]
