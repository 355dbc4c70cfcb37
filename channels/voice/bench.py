"""`servicecenter bench voice`: turn latency, word error rate, and two calls at once.

Latency: scripted callers (espeak-ng) talk to the production CallSession over a loopback call, in
real time, against the running Rasa voice channel; each turn is timed from the end of the caller's
speech to the first reply audio, split into end-of-turn detection, STT, Rasa and TTS.
WER: the same phrases, recognised after a G.711 (8 kHz mu-law) and a G.722 (16 kHz) round trip;
and whether the assistant still picked the service the clean sentence gets (NLU absorbs errors).
"""

from __future__ import annotations

import audioop
import io
import re
import statistics
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Sequence, Tuple

import numpy as np

from channels.voice.audio import VadConfig
from channels.voice.caller import script_audio
from channels.voice.loopback import LoopbackCall
from channels.voice.session import CallSession, SessionLog, TurnTiming
from channels.voice.stt import SpeechToText
from channels.voice.tts import TextToSpeech, resample
from channels.voice.twiml import TwimlClient

# Written for this bench (not taken from any evaluation set): how callers ask.
PHRASES: List[str] = [
    "Ich brauche einen neuen Personalausweis, was kostet das?",
    "Wie melde ich Sperrmüll an?",
    "Was kostet ein Reisepass?",
    "Ich bin umgezogen und muss mich ummelden.",
    "Wo beantrage ich Wohngeld?",
    "Ich möchte meinen Hund anmelden.",
    "Ich brauche ein Führungszeugnis.",
    "Wie bekomme ich einen Termin im Bürgerbüro?",
    "Ich will ein Gewerbe anmelden.",
    "Mein Auto muss zugelassen werden.",
    "Welche Unterlagen brauche ich für den Reisepass?",
    "Wie lange dauert ein neuer Personalausweis?",
    "Ich habe meinen Ausweis verloren.",
    "Wo bekomme ich eine Geburtsurkunde?",
    "Wie beantrage ich Elterngeld?",
    "Ich brauche einen Kitaplatz für mein Kind.",
    "Was muss ich für die Hundesteuer bezahlen?",
    "Ich möchte einen Wunschkennzeichen reservieren.",
    "Wie bekomme ich eine Meldebescheinigung?",
    "Ich möchte mit einem Mitarbeiter sprechen.",
    "Ich wohne in Burgdorf.",
    "Wann hat das Bürgerbüro in Garbsen geöffnet?",
]


def words(text: str) -> List[str]:
    return re.sub(r"[^a-zäöüß0-9 ]", " ", text.lower().replace("-", " ")).split()


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate: word-level edit distance over the reference length."""
    ref, hyp = words(reference), words(hypothesis)
    row = list(range(len(hyp) + 1))
    for i in range(1, len(ref) + 1):
        diagonal, row[0] = row[0], i
        for j in range(1, len(hyp) + 1):
            diagonal, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, diagonal + (ref[i - 1] != hyp[j - 1]))
    return row[len(hyp)] / max(1, len(ref))


def g711(pcm16k: bytes) -> bytes:
    """Telephone path: 8 kHz mu-law and back, returned at 16 kHz."""
    narrow = resample(pcm16k, 16000, 8000)
    return resample(audioop.ulaw2lin(audioop.lin2ulaw(narrow, 2), 2), 8000, 16000)


def g722(pcm16k: bytes) -> bytes:
    """Wideband path: G.722 encode and decode with libavcodec (PyAV)."""
    import av

    samples = np.frombuffer(pcm16k, dtype="<i2").reshape(1, -1)
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="g722") as out:
        stream: Any = out.add_stream("g722", rate=16000)
        stream.layout = "mono"
        frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
        frame.sample_rate = 16000
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    buffer.seek(0)
    with av.open(buffer, "r", format="g722") as decoded:
        parts = [f.to_ndarray().astype("<i2").reshape(-1) for f in decoded.decode(audio=0)]
    return np.concatenate(parts).tobytes() if parts else b""


@dataclass
class WerRow:
    phrase: str
    codec: str
    heard: str
    wer: float


def measure_wer(stt: SpeechToText, tts: TextToSpeech, phrases: Sequence[str]) -> List[WerRow]:
    rows = []
    for phrase in phrases:
        clean = script_audio([0.3, phrase, 0.4], 16000, tts)
        for codec, path in (("G.711", g711), ("G.722", g722)):
            heard = stt.transcribe(path(clean)).text
            rows.append(WerRow(phrase, codec, heard, wer(phrase, heard)))
    return rows


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def run_caller(
    webhook_url: str,
    stt: SpeechToText,
    tts: TextToSpeech,
    caller_tts: TextToSpeech,
    phrases: Sequence[str],
    codec: Callable[[bytes], bytes],
    vad: VadConfig,
) -> SessionLog:
    """One loopback call that asks `phrases` one after another; returns the session's log (with timings)."""
    call = LoopbackCall()
    client = TwimlClient(webhook_url)
    session = CallSession(call, f"CA{uuid.uuid4().hex}", "bench", client, stt, tts, vad)
    worker = threading.Thread(target=session.run, daemon=True)
    worker.start()
    audio = [codec(script_audio([0.2, p, 0.2], 16000, caller_tts)) for p in phrases]
    _wait_for_play(call, 0.0, 30)  # the greeting
    time.sleep(1.0)
    for pcm in audio:
        asked = time.monotonic()
        call.say(pcm)
        _wait_for_play(call, asked + len(pcm) / 32000, 30)
        deadline = time.monotonic() + 6.0  # the caller listens to the answer, at most 6 s, then barges in
        while call.playing() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
    call.leave()
    worker.join(30)
    client.close()
    return session.log


def _wait_for_play(call: LoopbackCall, after: float, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and call.first_play_after(after) is None and not call.closed.is_set():
        time.sleep(0.05)


def latency_table(timings: Sequence[TurnTiming]) -> Dict[str, Tuple[float, float]]:
    stages: Dict[str, Callable[[TurnTiming], float]] = {
        "total (end of speech -> first reply audio)": lambda t: t.total,
        "  end-of-turn detection (pause)": lambda t: t.endpoint,
        "  STT (faster-whisper base, int8)": lambda t: t.stt,
        "  Rasa (voice channel, NLU, actions)": lambda t: t.rasa,
        "  TTS first sentence (espeak-ng)": lambda t: t.tts,
    }
    return {
        name: (percentile([f(t) for t in timings], 50), percentile([f(t) for t in timings], 95))
        for name, f in stages.items()
    }


def render(title: str, timings: Sequence[TurnTiming]) -> str:
    lines = [f"{title}: {len(timings)} turns"]
    for name, (p50, p95) in latency_table(timings).items():
        lines.append(f"  {name:<46} p50 {p50:5.2f} s   p95 {p95:5.2f} s")
    return "\n".join(lines)


def summary_wer(rows: Sequence[WerRow]) -> str:
    lines = []
    for codec in ("G.711", "G.722"):
        values = [r.wer for r in rows if r.codec == codec]
        lines.append(f"  WER {codec}: mean {statistics.mean(values):.2f} over {len(values)} phrases")
    return "\n".join(lines)
