"""`servicecenter bench voice`: word error rate, NLU from transcripts, turn latency, two calls at once.

WER: the bench's phrases spoken by the four Pico test callers, with sox's pink noise mixed in at
several signal-to-noise ratios, after a G.711 (8 kHz mu-law) and a G.722 (16 kHz) round trip,
recognised with and without the domain prompt. NLU: whether the assistant finds the phrase's
service and aspect (labelled by hand) from the transcript, as from the typed text.
Latency: scripted callers talk to the production CallSession over a loopback call, in real time,
against the running Rasa voice channel; each turn is timed from the end of the caller's speech to
the first reply audio, split into end-of-turn detection (pause), STT, Rasa and TTS.
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
from typing import Any, Callable, Dict, List, Mapping, Sequence, Tuple

import numpy as np

from channels.voice.audio import VadConfig
from channels.voice.caller import script_audio
from channels.voice.loopback import LoopbackCall
from channels.voice.noise import mix_noise
from channels.voice.session import CallSession, SessionLog, TurnTiming
from channels.voice.stt import SpeechToText
from channels.voice.tts import TextToSpeech, resample
from channels.voice.twiml import TwimlClient
from servicecenter.percentiles import p50_p95


@dataclass(frozen=True)
class Phrase:
    text: str
    service: str | None  # None: not a service question (scored for the aspect only, if it has one)
    aspect: str | None  # None: no aspect asked


# Written for this bench (not taken from any evaluation set): how callers ask; labels set by hand.
PHRASES: List[Phrase] = [
    Phrase("Ich brauche einen neuen Personalausweis, was kostet das?", "personalausweis-beantragen", "kosten"),
    Phrase("Wie melde ich Sperrmüll an?", "sperrmuell", None),
    Phrase("Was kostet ein Reisepass?", "reisepass-beantragen", "kosten"),
    Phrase("Ich bin umgezogen und muss mich ummelden.", "wohnsitz-ummelden", None),
    Phrase("Wo beantrage ich Wohngeld?", "wohngeld", "zustaendigkeit"),
    Phrase("Ich möchte meinen Hund anmelden.", "hundesteuer-anmelden", None),
    Phrase("Ich brauche ein Führungszeugnis.", "fuehrungszeugnis", None),
    Phrase("Wie bekomme ich einen Termin im Bürgerbüro?", "buergerbuero-termin", None),
    Phrase("Ich will ein Gewerbe anmelden.", "gewerbe-anmelden", None),
    Phrase("Mein Auto muss zugelassen werden.", "fahrzeug-zulassen", None),
    Phrase("Welche Unterlagen brauche ich für den Reisepass?", "reisepass-beantragen", "unterlagen"),
    Phrase("Wie lange dauert ein neuer Personalausweis?", "personalausweis-beantragen", "dauer"),
    Phrase("Ich habe meinen Ausweis verloren.", "ausweis-verlust-melden", None),
    Phrase("Wo bekomme ich eine Geburtsurkunde?", "geburtsurkunde", "zustaendigkeit"),
    Phrase("Wie beantrage ich Elterngeld?", "elterngeld", None),
    Phrase("Ich brauche einen Kitaplatz für mein Kind.", "kita-platz", None),
    Phrase("Was muss ich für die Hundesteuer bezahlen?", "hundesteuer-anmelden", "kosten"),
    Phrase("Ich möchte ein Wunschkennzeichen reservieren.", "wunschkennzeichen", None),
    Phrase("Wie bekomme ich eine Meldebescheinigung?", "meldebescheinigung", None),
    Phrase("Ich möchte mit einem Mitarbeiter sprechen.", None, None),
    Phrase("Ich wohne in Burgdorf.", None, None),
    Phrase("Wann hat das Bürgerbüro in Garbsen geöffnet?", None, "oeffnungszeiten"),
]
# Signal-to-noise ratios (dB, pink noise from sox); None is the clean line.
NOISE_LEVELS: Tuple[float | None, ...] = (None, 30.0, 20.0, 10.0)


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


CODEC_PATHS: Dict[str, Callable[[bytes], bytes]] = {"G.711": g711, "G.722": g722}


@dataclass
class WerRow:
    phrase: Phrase
    codec: str
    snr: float | None
    prompt: bool
    heard: str
    wer: float


def measure_wer(
    recognisers: Mapping[bool, SpeechToText],
    voices: Sequence[TextToSpeech],
    phrases: Sequence[Phrase],
    levels: Sequence[float | None] = NOISE_LEVELS,
) -> List[WerRow]:
    """Every phrase (spoken by the callers in turn) at every noise level, codec and prompt setting."""
    rows = []
    for index, phrase in enumerate(phrases):
        clean = script_audio([0.3, phrase.text, 0.4], 16000, voices[index % len(voices)])
        for snr in levels:
            noisy = clean if snr is None else mix_noise(clean, 16000, snr)
            for codec, path in CODEC_PATHS.items():
                line = path(noisy)
                for prompt, stt in recognisers.items():
                    heard = stt.transcribe(line).text
                    rows.append(WerRow(phrase, codec, snr, prompt, heard, wer(phrase.text, heard)))
    return rows


def level_name(snr: float | None) -> str:
    return "clean" if snr is None else f"SNR {snr:.0f} dB"


def wer_table(rows: Sequence[WerRow]) -> str:
    """Mean WER per noise level (rows) and codec x prompt (columns)."""
    columns = [(codec, prompt) for codec in CODEC_PATHS for prompt in (True, False)]
    head = "".join(f"{codec + (' prompt' if prompt else ' no prompt'):>19}" for codec, prompt in columns)
    lines = [f"  {'noise':<14}{head}"]
    for snr in dict.fromkeys(r.snr for r in rows):
        cells = []
        for codec, prompt in columns:
            values = [r.wer for r in rows if r.snr == snr and r.codec == codec and r.prompt == prompt]
            cells.append(f"{statistics.mean(values):>19.2f}" if values else f"{'-':>19}")
        lines.append(f"  {level_name(snr):<14}{''.join(cells)}")
    return "\n".join(lines)


NluResult = Tuple[str, str]  # (service, aspect) the assistant found


def nlu_scores(found: Sequence[Tuple[Phrase, NluResult]]) -> Tuple[str, str]:
    """ "right/asked" for the service (service questions) and for the aspect (phrases with one)."""
    services = [(p.service, f[0]) for p, f in found if p.service]
    aspects = [(p.aspect, f[1]) for p, f in found if p.aspect]
    return (
        f"{sum(a == b for a, b in services)}/{len(services)}",
        f"{sum(a == b for a, b in aspects)}/{len(aspects)}",
    )


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
        "  TTS first sentence": lambda t: t.tts,
    }
    return {name: p50_p95([f(t) for t in timings]) for name, f in stages.items()}


def render(title: str, timings: Sequence[TurnTiming]) -> str:
    lines = [f"{title}: {len(timings)} turns"]
    for name, (p50, p95) in latency_table(timings).items():
        lines.append(f"  {name:<46} p50 {p50:5.2f} s   p95 {p95:5.2f} s")
    return "\n".join(lines)
