"""Turn segmentation on the caller's audio: where speech starts (barge-in) and where a turn ends.

An energy detector with an adaptive noise floor: cheap enough to run on every 20 ms frame of every
call, and steady background noise (traffic, a fan) raises the floor instead of counting as speech.
Frames of digital silence (before the first RTP packet, a gap in the jitter buffer) are no evidence of
the line's noise: had they set the floor, steady street noise would barge in on the greeting.
Whether a segment holds words at all is decided later by the recogniser's own voice-activity
filter (Silero), so a cough or a door slam becomes an empty turn, not a question.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import List

import numpy as np

RATE = 16000  # the gateway works wideband inside; pjmedia converts to 8 kHz for G.711 calls
FRAME_MS = 20
FRAME_SAMPLES = RATE * FRAME_MS // 1000
FRAME_BYTES = FRAME_SAMPLES * 2  # 16-bit mono PCM


def level_db(frame: bytes) -> float:
    """RMS level of 16-bit PCM in dB full scale (-100 for digital silence)."""
    samples = np.frombuffer(frame, dtype="<i2").astype(np.float32)
    if samples.size == 0:
        return -100.0
    rms = float(np.sqrt(np.mean(samples * samples))) / 32768.0
    return 20.0 * math.log10(rms) if rms > 1e-5 else -100.0


@dataclass
class VadConfig:
    end_of_turn_ms: int = 700  # pause that ends a turn (a pause between sentences is ~500 ms)
    min_speech_ms: int = 160  # loud frames in a row before speech counts as started (and barges in)
    preroll_ms: int = 400  # audio kept from before the start, so the first syllable is not cut
    max_turn_s: float = 15.0
    min_level_db: float = -42.0  # never speech below this, however quiet the line
    margin_db: float = 12.0  # speech is this much louder than the noise floor


class TurnDetector:
    """Feed 20 ms frames; `feed` returns "start" when speech begins and "end" when the turn is over."""

    CALIBRATION_FRAMES = 10  # the first 200 ms set the noise floor (the caller hears the greeting then)
    NO_SIGNAL_DB = -90.0  # digital silence: no frame of the caller's line yet, not a quiet line
    FALL = 0.3  # the floor follows quieter frames quickly but not at once: one quiet frame is not the line's floor

    def __init__(self, config: VadConfig | None = None) -> None:
        self.config = config or VadConfig()
        self.noise_db = 0.0
        self._calibration: List[float] = []
        self.reset()

    def reset(self) -> None:
        self.done = False
        self.in_speech = False
        self._loud = 0
        self._quiet = 0
        self._frames: List[bytes] = []
        self._speech_frames = 0
        self.last_speech_frame = -1  # index of the last loud frame within the turn audio

    def _threshold(self) -> float:
        return max(self.config.min_level_db, self.noise_db + self.config.margin_db)

    def _track_noise(self, db: float) -> None:
        # Falls fast to quieter levels, rises slowly: speech bursts barely move it, steady noise does.
        if db > self.NO_SIGNAL_DB:
            self.noise_db += (db - self.noise_db) * (self.FALL if db < self.noise_db else 0.05)

    def feed(self, frame: bytes) -> str | None:
        cfg = self.config
        if self.done:
            return None
        db = level_db(frame)
        if len(self._calibration) < self.CALIBRATION_FRAMES:
            self._calibration.append(db)
            # The median: a fade-in or a single quiet frame at the start would put the floor far too low.
            heard = [d for d in self._calibration if d > self.NO_SIGNAL_DB] or self._calibration
            self.noise_db = float(np.median(heard))
            self._frames.append(frame)
            del self._frames[: -max(1, cfg.preroll_ms // FRAME_MS)]
            return None
        loud = db > self._threshold()
        if not self.in_speech:
            self._track_noise(db)
            self._frames.append(frame)
            keep = max(1, cfg.preroll_ms // FRAME_MS) + self._loud + 1
            del self._frames[:-keep]
            self._loud = self._loud + 1 if loud else 0
            if self._loud * FRAME_MS >= cfg.min_speech_ms:
                self.in_speech, self._quiet = True, 0
                self.last_speech_frame = len(self._frames) - 1
                return "start"
            return None
        self._frames.append(frame)
        if loud:
            self._quiet = 0
            self.last_speech_frame = len(self._frames) - 1
        else:
            self._quiet += 1
            if db < self.noise_db + cfg.margin_db / 2:
                self._track_noise(db)
        too_long = len(self._frames) * FRAME_MS >= cfg.max_turn_s * 1000
        if self._quiet * FRAME_MS >= cfg.end_of_turn_ms or too_long:
            self.done = True
            return "end"
        return None

    def turn_audio(self) -> bytes:
        """The turn's audio: pre-roll, speech, and 300 ms after the last loud frame (soft final consonants)."""
        end = min(len(self._frames), self.last_speech_frame + 1 + 300 // FRAME_MS)
        return b"".join(self._frames[:end])

    def trailing_ms(self) -> int:
        """Milliseconds since the last loud frame (how long ago the caller stopped speaking)."""
        return (len(self._frames) - 1 - self.last_speech_frame) * FRAME_MS


def frames_of(pcm: bytes) -> List[bytes]:
    """Split PCM into whole 20 ms frames (the last one padded with silence)."""
    out = [pcm[i : i + FRAME_BYTES] for i in range(0, len(pcm), FRAME_BYTES)]
    if out and len(out[-1]) < FRAME_BYTES:
        out[-1] = out[-1].ljust(FRAME_BYTES, b"\0")
    return out
