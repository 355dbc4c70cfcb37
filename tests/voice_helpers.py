"""Helpers of the phone tests (tests/test_voice_sip.py): what a caller heard, and what Rasa made of the call."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Tuple

import numpy as np
import requests

from channels.voice.audio import level_db


def fold(text: str) -> str:
    return re.sub(r"[^a-zäöüß ]", " ", text.lower())


def white_noise(seconds: float, rate: int) -> bytes:
    samples = np.random.default_rng(7).normal(0, 3000, int(seconds * rate))
    return bytes(np.clip(samples, -32768, 32767).astype("<i2").tobytes())


def speech_regions(pcm: bytes, gap: float = 1.5) -> List[Tuple[int, int]]:
    """(start, end) byte offsets (16 kHz) of stretches of sound separated by at least `gap` seconds of silence."""
    regions: List[Tuple[int, int]] = []
    start, quiet = None, 0
    for offset in range(0, len(pcm) - 640, 640):
        if level_db(pcm[offset : offset + 640]) > -40:
            start = offset if start is None else start
            quiet = 0
        elif start is not None:
            quiet += 1
            if quiet * 0.02 >= gap:
                regions.append((start, offset - quiet * 640))
                start, quiet = None, 0
    if start is not None:
        regions.append((start, len(pcm)))
    return regions


def tracker(rasa_url: str, token: str, conversation: str) -> Dict[str, Any]:
    response = requests.get(f"{rasa_url}/conversations/{conversation}/tracker", params={"token": token}, timeout=30)
    response.raise_for_status()
    result: Dict[str, Any] = response.json()
    return result


def service_and_aspect(state: Dict[str, Any]) -> Tuple[Any, Any]:
    slots = state["slots"]
    return slots.get("service"), slots.get("aspect")


def bot_texts(state: Dict[str, Any]) -> List[str]:
    return [e["text"] for e in state["events"] if e["event"] == "bot" and e.get("text")]
