"""Text to speech behind a small interface, so a better engine can replace espeak-ng.

An engine turns one sentence into 16-bit mono PCM at 16 kHz; pjmedia converts it for G.711 calls (8 kHz). The
gateway synthesises sentence by sentence and starts playing the first while the rest is made.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from typing import Protocol

import numpy as np
from scipy.signal import resample_poly

RATE = 16000  # the gateway works wideband inside; pjmedia converts to 8 kHz for G.711 calls


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
