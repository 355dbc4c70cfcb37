"""Sample recordings of a test call, both sides, small enough to keep in the repository (docs/voice/).

The phone test (`pytest -m voice --voice-samples docs/voice`) writes them from its question call: what
the test caller said (the WAV baresip played into the call) and what the caller heard from the
assistant (baresip's recording), the same stretch of both so they line up, and a mix of both, as
Ogg Vorbis made by sox.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import Dict

import numpy as np

from channels.voice.noise import raw_format, sox_binary
from channels.voice.tts import resample

RATE = 8000  # a telephone line: the samples sound as a G.711 caller hears them
FILES = {"citizen": "anrufer.ogg", "assistant": "assistent.ogg", "both": "gespraech.ogg"}


def _to_ogg(pcm: bytes, target: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="samples-") as tmp:
        raw = Path(tmp) / "in.raw"
        raw.write_bytes(pcm)
        # Vorbis quality 1 at 8 kHz mono: ~20 kbit/s, speech stays clear
        cmd = [sox_binary(), "-D", *raw_format(RATE), str(raw), "-C", "1", str(target)]
        subprocess.run(cmd, check=True, timeout=60)


def write_samples(
    said: bytes, said_rate: int, heard: bytes, heard_rate: int, start: float, end: float, out_dir: Path
) -> Dict[str, Path]:
    """Both sides of a call (16-bit mono PCM from the call's start), `start` to `end` seconds, as Ogg files."""
    first, length = int(start * RATE) * 2, int((end - start) * RATE) * 2
    citizen = resample(said, said_rate, RATE)[first : first + length].ljust(length, b"\0")
    assistant = resample(heard, heard_rate, RATE)[first : first + length].ljust(length, b"\0")
    both = np.frombuffer(citizen, "<i2").astype(np.int32) + np.frombuffer(assistant, "<i2")
    mixed = np.clip(both, -32768, 32767).astype("<i2").tobytes()
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {side: out_dir / name for side, name in FILES.items()}
    for side, pcm in (("citizen", citizen), ("assistant", assistant), ("both", mixed)):
        _to_ogg(pcm, paths[side])
    return paths
