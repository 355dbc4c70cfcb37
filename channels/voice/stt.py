"""Speech to text with faster-whisper (Whisper-base, CTranslate2, int8 on the CPU), German only.

The model is loaded on first use (never at import), once per process, and shared by all calls;
one transcription runs at a time (two cores: parallel ones would only slow each other down).
Segments without speech are dropped by faster-whisper's Silero voice-activity filter, so noise and
silence give an empty text rather than Whisper's well-known hallucinations.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, List, Protocol

import numpy as np
from scipy.signal import resample_poly

WHISPER_RATE = 16000
# What Whisper "hears" in silence or noise after training on subtitled video; never a caller's question.
HALLUCINATIONS = re.compile(
    r"untertitel|amara\.org|vielen dank fürs zuschauen|danke fürs zuschauen|bis zum nächsten mal|swr|zdf",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Transcript:
    text: str
    confidence: float  # 0..1, from the mean token log-probability


class SpeechToText(Protocol):
    def transcribe(self, pcm: bytes, rate: int = 16000) -> Transcript: ...


def read_prompt(path: Path | None) -> str:
    """Domain words for the initial prompt: the file's lines, comments (#) left out."""
    if not path or not Path(path).is_file():
        return ""
    lines = [line.strip() for line in Path(path).read_text(encoding="utf-8").splitlines()]
    return ", ".join(line for line in lines if line and not line.startswith("#"))


def to_float16k(pcm: bytes, rate: int) -> np.ndarray:
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
    if rate == WHISPER_RATE:
        return samples
    g = math.gcd(rate, WHISPER_RATE)
    return resample_poly(samples, WHISPER_RATE // g, rate // g).astype(np.float32)


def confidence_of(segments: List[Any]) -> float:
    """exp(mean avg_logprob) weighted by segment length, lowered by the no-speech probability."""
    if not segments:
        return 0.0
    weights = [max(1, len(s.tokens)) for s in segments]
    logprob = sum(w * s.avg_logprob for w, s in zip(weights, segments, strict=True)) / sum(weights)
    no_speech = max(s.no_speech_prob for s in segments)
    return round(max(0.0, min(1.0, math.exp(logprob) * (1.0 - 0.5 * no_speech))), 3)


class WhisperSTT:
    def __init__(self, model_dir: Path, prompt: str = "", beam_size: int = 1, threads: int = 2) -> None:
        self.model_dir = Path(model_dir)
        self.prompt = prompt
        self.beam_size = beam_size
        self.threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        with self._lock:
            if self._model is None:
                from faster_whisper import WhisperModel

                self._model = WhisperModel(
                    str(self.model_dir), device="cpu", compute_type="int8", cpu_threads=self.threads, num_workers=1
                )

    def transcribe(self, pcm: bytes, rate: int = 16000) -> Transcript:
        audio = to_float16k(pcm, rate)
        if audio.size < WHISPER_RATE // 5:  # under 0.2 s: a click, not a word
            return Transcript("", 0.0)
        self.load()
        with self._lock:
            segments, _info = self._model.transcribe(
                audio,
                language="de",
                task="transcribe",
                beam_size=self.beam_size,
                temperature=0.0,
                initial_prompt=self.prompt or None,
                condition_on_previous_text=False,
                without_timestamps=True,
                vad_filter=True,
                vad_parameters={"min_silence_duration_ms": 500, "speech_pad_ms": 200},
                no_repeat_ngram_size=3,
                max_new_tokens=80,
            )
            kept = [s for s in segments if s.no_speech_prob < 0.8 and s.text.strip()]
        text = " ".join(s.text.strip() for s in kept).strip()
        if not text or HALLUCINATIONS.search(text):
            return Transcript("", 0.0)
        return Transcript(text, confidence_of(kept))

    def transcribe_long(self, pcm: bytes, rate: int = 16000) -> str:
        """A whole recording (tests, bench): no prompt, with timestamps, so long pauses do not derail it."""
        self.load()
        with self._lock:
            segments, _info = self._model.transcribe(
                to_float16k(pcm, rate), language="de", beam_size=self.beam_size, temperature=0.0, vad_filter=True
            )
            return " ".join(s.text.strip() for s in segments).strip()
