"""Background noise for test callers and `servicecenter bench voice`: made and mixed in with sox at a stated SNR.

The signal-to-noise ratio is that of the speech while it is spoken: its level is the RMS of the 20 ms
frames above -45 dBFS (pauses left out, as ITU-T P.56 measures active speech), the noise's level the RMS
of the whole noise. sox runs in repeatable mode (-R), so a test hears the same noise every time.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

# sox's noise generators: pink is close to street and office noise, brown to traffic and rumble.
KINDS = ("pinknoise", "brownnoise", "whitenoise")
ACTIVE_DB = -45.0


class NoiseError(RuntimeError):
    pass


def sox_binary() -> str:
    binary = shutil.which("sox")
    if not binary:
        raise NoiseError("sox fehlt: Debian-Paket sox installieren (make system-packages)")
    return binary


def raw_format(rate: int) -> list[str]:
    """sox's arguments for 16-bit mono PCM at `rate` without a header."""
    return ["-t", "raw", "-r", str(rate), "-c", "1", "-b", "16", "-e", "signed-integer"]


def make_noise(seconds: float, rate: int, kind: str = "pinknoise") -> bytes:
    """`seconds` of noise at `rate` (16-bit mono PCM), the same every time."""
    if kind not in KINDS:
        raise ValueError(f"unknown noise {kind!r}: one of {', '.join(KINDS)}")
    samples = int(seconds * rate)
    cmd = [
        sox_binary(),
        "-R",
        "-D",
        "-r",
        str(rate),
        "-c",
        "1",
        "-n",
        *raw_format(rate),
        "-",
        "synth",
        f"{samples}s",
        kind,
    ]
    done = subprocess.run(cmd, capture_output=True, timeout=60, check=True)
    return done.stdout[: samples * 2]


def active_rms(pcm: bytes, rate: int) -> float:
    """RMS of the frames that carry speech (above -45 dBFS), in sample units; 0.0 for silence."""
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    size = rate // 50
    frames = samples[: samples.size // size * size].reshape(-1, size)
    if frames.size == 0:
        return 0.0
    power = np.mean(frames * frames, axis=1)
    active = power[power > (32768.0 * 10 ** (ACTIVE_DB / 20)) ** 2]
    return float(math.sqrt(active.mean())) if active.size else 0.0


def noise_gain(speech: bytes, noise: bytes, rate: int, snr_db: float) -> float:
    """The factor that puts `noise` `snr_db` below the active speech level of `speech`."""
    speech_rms = active_rms(speech, rate)
    samples = np.frombuffer(noise, dtype="<i2").astype(np.float64)
    noise_rms = float(np.sqrt(np.mean(samples * samples))) if samples.size else 0.0
    if speech_rms == 0.0 or noise_rms == 0.0:
        raise NoiseError("no speech or no noise to measure")
    return speech_rms / (noise_rms * 10 ** (snr_db / 20))


def mix_noise(pcm: bytes, rate: int, snr_db: float, kind: str = "pinknoise") -> bytes:
    """`pcm` (16-bit mono at `rate`) with noise mixed in by sox at `snr_db`, over its whole length."""
    noise = make_noise(len(pcm) / 2 / rate, rate, kind)
    gain = noise_gain(pcm, noise, rate, snr_db)
    with tempfile.TemporaryDirectory(prefix="noise-") as tmp:
        speech_file, noise_file = Path(tmp) / "speech.raw", Path(tmp) / "noise.raw"
        speech_file.write_bytes(pcm)
        noise_file.write_bytes(noise)
        cmd = [sox_binary(), "-R", "-D", "-m", "-v", "1", *raw_format(rate), str(speech_file)]
        cmd += ["-v", f"{gain:.6f}", *raw_format(rate), str(noise_file), *raw_format(rate), "-"]
        done = subprocess.run(cmd, capture_output=True, timeout=60, check=True)
    return done.stdout[: len(pcm)]
