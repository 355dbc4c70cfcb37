"""Speech to text with faster-whisper (Whisper-base, CTranslate2, int8 on the CPU), German or English.

The model is loaded on first use (never at import), once per process, and shared by all calls;
one transcription runs at a time (two cores: parallel ones would only slow each other down).
Pauses and noise are cut out by faster-whisper's Silero voice-activity filter, so noise and silence
give an empty text rather than Whisper's well-known hallucinations. A turn is short, so it is
encoded in a window of its own length plus padding instead of faster-whisper's fixed 30 s: that is
what makes recognition take a few hundred milliseconds instead of more than a second.

A call is heard in its language (German until the assistant answers in English). Whisper's language
detection is one decoder step on the encoder output already made (~10 ms), but on short words it guesses
("Ja" comes out as Japanese, "Hallo" as French): so it runs only while the call's language is not
settled or when the transcript in the call's language is poor, it counts only for a clear probability
over at least a second of speech, and the German domain prompt is given to German audio only.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Protocol, Sequence, Tuple

import numpy as np
from scipy.signal import resample_poly

log = logging.getLogger(__name__)

WHISPER_RATE = 16000
PAD_FRAMES = 500  # mel frames (10 ms each) of padding after the speech; see encoder_frames
MAX_FRAMES = 3000  # Whisper's 30-s window: a turn never needs more (voice_max_turn_seconds is 15)
MAX_NEW_TOKENS = 120
# Whisper keeps the last max_length // 2 - 1 = 223 tokens of a prompt: a longer one loses its head.
PROMPT_BUDGET = 223
# What Whisper "hears" in silence or noise after training on subtitled video; never a caller's question.
HALLUCINATIONS = re.compile(
    r"untertitel|amara\.org|vielen dank fürs zuschauen|danke fürs zuschauen|bis zum nächsten mal|swr|zdf"
    r"|thanks? (?:you )?for watching|subtitles by",
    re.IGNORECASE,
)
PROMPT_LANGUAGE = "de"  # the domain words of the prompt file are German: never a prompt for other audio
# Language detection (measured on Pico test callers over G.711): whole questions come out at 0.95-0.98 for
# their language, single words at 0.2-0.7 for a wrong one. Below these, the call's language stays.
CLEAR_LANGUAGE = 0.85
MIN_DETECT_SECONDS = 1.0
POOR_CONFIDENCE = 0.4  # a transcript in a settled call's language this poor: was it another language?


@dataclass(frozen=True)
class Transcript:
    text: str
    confidence: float  # 0..1, from the mean token log-probability
    language: str = PROMPT_LANGUAGE  # the language it was transcribed in (Whisper's code)
    detected: bool = False  # Whisper's detection found that language clearly


class SpeechToText(Protocol):
    def transcribe(self, pcm: bytes, rate: int = 16000, language: str = "de", settled: bool = True) -> Transcript: ...


def clear_language(detected: Sequence[Tuple[str, float]], seconds: float) -> str | None:
    """Whisper's first guess if it is clear over enough speech; None when the speech does not tell."""
    if not detected or seconds < MIN_DETECT_SECONDS:
        return None
    language, probability = max(detected, key=lambda pair: pair[1])
    return language if probability >= CLEAR_LANGUAGE else None


def detection_needed(settled: bool, confidence: float | None) -> bool:
    """Before transcribing (confidence None): only while the call's language is open; after: on a poor transcript."""
    if confidence is None:
        return not settled
    return settled and confidence < POOR_CONFIDENCE


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


def confidence_of(avg_logprob: float, no_speech_prob: float) -> float:
    """exp(mean token log-probability), lowered by the no-speech probability."""
    return round(max(0.0, min(1.0, math.exp(avg_logprob) * (1.0 - 0.5 * no_speech_prob))), 3)


def encoder_frames(speech_frames: int) -> int:
    """Mel frames given to the encoder: the speech plus a margin of padding, in steps of 100 (1 s).

    Whisper was trained on 30-s windows (3000 frames), so faster-whisper pads every turn to 30 s and
    the encoder alone takes ~1.3 s on two cores. The encoder accepts fewer frames. With under ~3 s
    of padding after the speech Whisper-base loses its place (repeats, merges words); with 5 s the word
    error rate on the bench's espeak-ng phrases stays within noise of the 30-s window's. The padding
    is faster-whisper's (zeros after the log-mel); padding the audio with silence was no better.
    """
    steps = math.ceil((speech_frames + PAD_FRAMES) / 100)
    return int(min(MAX_FRAMES, steps * 100))


def max_new_tokens(samples: int) -> int:
    """A bound on the tokens for this much speech (a caller says ~3 words, ~6 tokens, a second): stops loops early."""
    return min(MAX_NEW_TOKENS, 12 + math.ceil(8 * samples / WHISPER_RATE))


class WhisperSTT:
    def __init__(self, model_dir: Path, prompt: str = "", beam_size: int = 1, threads: int = 2) -> None:
        self.model_dir = Path(model_dir)
        self.prompt = prompt
        self.beam_size = beam_size
        self.threads = threads
        self._model: Any = None
        self._tokenizer: Any = None
        self._prompts: Dict[str, List[int]] = {}  # language -> the decoder's start tokens
        self.prompt_length = 0  # tokens of the domain words, once loaded
        self._suppress: Tuple[int, ...] = ()
        self._lock = threading.Lock()

    def load(self) -> None:
        with self._lock:
            if self._model is None:
                from faster_whisper import WhisperModel
                from faster_whisper.tokenizer import Tokenizer
                from faster_whisper.transcribe import get_suppressed_tokens

                model = WhisperModel(
                    str(self.model_dir), device="cpu", compute_type="int8", cpu_threads=self.threads, num_workers=1
                )
                tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language="de")
                # As faster-whisper builds it for an initial prompt: <|startofprev|> words <|startoftranscript|>…
                words = tokenizer.encode(" " + self.prompt.strip()) if self.prompt.strip() else []
                if len(words) > PROMPT_BUDGET:
                    log.warning("STT prompt: %d tokens, Whisper keeps the last %d", len(words), PROMPT_BUDGET)
                self.prompt_length = len(words)
                self._prompts[PROMPT_LANGUAGE] = model.get_prompt(tokenizer, words, without_timestamps=True)
                self._suppress = get_suppressed_tokens(tokenizer, [-1])
                self._tokenizer, self._model = tokenizer, model

    def _prompt(self, language: str) -> List[int]:
        """The decoder's start tokens for `language`: the domain words for German, none for other languages."""
        if language not in self._prompts:
            from faster_whisper.tokenizer import Tokenizer

            model = self._model
            tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language=language)
            self._prompts[language] = model.get_prompt(tokenizer, [], without_timestamps=True)
        return self._prompts[language]

    def transcribe(self, pcm: bytes, rate: int = 16000, language: str = "de", settled: bool = True) -> Transcript:
        """One caller turn (at most `voice_max_turn_seconds`): Silero VAD, then one short encoder window, greedy.

        `language` is the call's; unless `settled`, or when its transcript is poor, Whisper may find another.
        """
        audio = to_float16k(pcm, rate)
        if audio.size < WHISPER_RATE // 5:  # under 0.2 s: a click, not a word
            return Transcript("", 0.0, language)
        self.load()
        with self._lock:
            speech = self._speech(audio)
            if speech.size == 0:  # noise or silence: Whisper would make something up
                return Transcript("", 0.0, language)
            encoded = self._encode(speech)
            seconds = speech.size / WHISPER_RATE
            found = clear_language(self._detect(encoded), seconds) if detection_needed(settled, None) else None
            text, avg_logprob, no_speech = self._recognise(encoded, found or language, speech.size)
            if found is None and detection_needed(settled, confidence_of(avg_logprob, no_speech)):
                found = clear_language(self._detect(encoded), seconds)
                if found is not None and found != language:
                    text, avg_logprob, no_speech = self._recognise(encoded, found, speech.size)
        heard = found or language
        # faster-whisper's no-speech rule (0.6 unless the text is likely), and our stricter 0.8.
        if no_speech >= 0.8 or (no_speech > 0.6 and avg_logprob <= -1.0):
            return Transcript("", 0.0, heard)
        if not text or HALLUCINATIONS.search(text):
            return Transcript("", 0.0, heard)
        return Transcript(text, confidence_of(avg_logprob, no_speech), heard, found is not None)

    @staticmethod
    def _speech(audio: np.ndarray) -> np.ndarray:
        """The speech of the turn, pauses and noise cut out by faster-whisper's Silero VAD."""
        from faster_whisper.vad import VadOptions, collect_chunks, get_speech_timestamps

        spans = get_speech_timestamps(audio, VadOptions(min_silence_duration_ms=500, speech_pad_ms=200))
        if not spans:
            return audio[:0]
        return np.concatenate(collect_chunks(audio, spans)[0])

    def _encode(self, speech: np.ndarray) -> Any:
        """The encoder output of one short window (the speech plus padding)."""
        from faster_whisper.audio import pad_or_trim

        model = self._model
        features = model.feature_extractor(speech)[..., :-1]  # the last frame is the extractor's own padding
        return model.encode(pad_or_trim(features, encoder_frames(features.shape[-1])))

    def _detect(self, encoded: Any) -> List[Tuple[str, float]]:
        """Whisper's language probabilities, best first: one decoder step on the encoder output."""
        return [(token.strip("<|>"), float(p)) for token, p in self._model.model.detect_language(encoded)[0]]

    def _recognise(self, encoded: Any, language: str, samples: int) -> Tuple[str, float, float]:
        """Text, mean token log-probability and no-speech probability of one encoded window, in `language`."""
        model = self._model
        prompt = self._prompt(language)
        result = model.model.generate(
            encoded,
            [prompt],
            beam_size=self.beam_size,
            no_repeat_ngram_size=3,
            max_length=min(model.max_length, len(prompt) + max_new_tokens(samples)),
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=list(self._suppress),
        )[0]
        tokens = result.sequences_ids[0]
        # As faster-whisper recovers it: the score is the log-probability sum over the length (penalty 1).
        avg_logprob = result.scores[0] * len(tokens) / (len(tokens) + 1)
        return self._tokenizer.decode(tokens).strip(), avg_logprob, result.no_speech_prob

    def transcribe_long(self, pcm: bytes, rate: int = 16000, language: str = "de") -> str:
        """A whole recording (tests, bench): no prompt, with timestamps, so long pauses do not derail it."""
        self.load()
        with self._lock:
            segments, _info = self._model.transcribe(
                to_float16k(pcm, rate), language=language, beam_size=self.beam_size, temperature=0.0, vad_filter=True
            )
            return " ".join(s.text.strip() for s in segments).strip()
