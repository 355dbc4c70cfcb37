"""`servicecenter bench voice`: prints the voice figures (see channels.voice.bench for the method)."""

from __future__ import annotations

import contextlib
import os
import threading
import time
import uuid
from typing import Any, Iterator, List

from bot.settings import Settings, environment
from channels.voice.audio import VadConfig
from channels.voice.bench import PHRASES, g722, measure_wer, render, run_caller, summary_wer
from channels.voice.gateway import default_stt, default_tts
from channels.voice.session import SessionLog
from channels.voice.tts import EspeakTTS


@contextlib.contextmanager
def _rasa(settings: Settings, url: str | None) -> Iterator[tuple[str, str]]:
    from bot.server import api_token, running

    if url:
        yield url.rstrip("/"), api_token(settings)
        return
    from bot.runtime import build_knowledge_index
    from bot.training import train

    build_knowledge_index(settings)
    with running(settings, train(settings).model) as servers:
        yield servers.rasa_url, servers.token


def bench_voice(settings: Settings, turns: int, url: str | None) -> int:
    from bot.predict import Client, predict_row

    turns = max(20, turns)
    # Every turn goes to the Rasa started here: espeak-ng scores low, and "Habe ich richtig verstanden?" skips Rasa.
    own_rasa = not url and "SC_VOICE_CONFIDENCE_THRESHOLD" not in os.environ
    threshold = {"SC_VOICE_CONFIDENCE_THRESHOLD": "0.05"} if own_rasa else {}
    stt, tts = default_stt(settings), default_tts(settings)
    caller_tts = EspeakTTS(speed=125, pitch=25)
    stt.load()
    stt.transcribe(tts.synthesize("Guten Tag."))
    phrases = [p for p in PHRASES]
    vad = VadConfig(end_of_turn_ms=settings.voice_end_of_turn_ms, max_turn_s=settings.voice_max_turn_seconds)
    with environment(threshold), _rasa(settings, url) as (rasa_url, token):
        webhook = f"{rasa_url}/webhooks/voice/webhook"
        print(f"Voice bench: {len(phrases)} phrases (espeak-ng, de, 125 wpm), Whisper-base int8, {rasa_url}")
        rows = measure_wer(stt, caller_tts, phrases)
        print("Recognition after the codec round trip:")
        print(summary_wer(rows))
        client = Client(rasa_url, token)
        same = 0
        compared = 0
        for phrase in phrases:
            heard = next(r.heard for r in rows if r.phrase == phrase and r.codec == "G.722")
            clean = _service(client, predict_row, phrase)
            if clean:
                compared += 1
                same += _service(client, predict_row, heard) == clean
        print(f"  NLU absorbs errors (G.722): same service as for the clean sentence in {same}/{compared} phrases")
        for row in rows:
            print(f"    {row.codec} WER {row.wer:4.2f}  {row.phrase!r} -> {row.heard!r}")
        # Questions only (a request for a person ends the call with a transfer), repeated until enough turns.
        questions = [p for p in phrases if "Mitarbeiter" not in p]
        script = [questions[i % len(questions)] for i in range(turns)]
        started = time.monotonic()
        single = _calls(webhook, stt, tts, caller_tts, script, vad, turns)
        print(
            render(
                f"One call at a time ({time.monotonic() - started:.0f} s)", [t for log in single for t in log.timings]
            )
        )
        for log in single:
            print(f"  {_counts(log)}")
        results: List[List[SessionLog]] = [[], []]

        def call(index: int) -> None:
            results[index] = _calls(webhook, stt, tts, caller_tts, script[index::2], vad, turns // 2)

        threads = [threading.Thread(target=call, args=(i,)) for i in range(2)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        both = [t for logs in results for log in logs for t in log.timings]
        print(render(f"Two calls at once ({time.monotonic() - started:.0f} s)", both))
        for index, logs in enumerate(results, 1):
            print(f"  line {index}: " + "; ".join(_counts(log) for log in logs))
    return 0


def _calls(
    webhook: str, stt: Any, tts: Any, caller_tts: Any, script: List[str], vad: VadConfig, wanted: int
) -> List[SessionLog]:
    """Calls again (at most three times) while fewer than `wanted` turns were timed, e.g. after a handoff."""
    logs: List[SessionLog] = []
    while sum(len(log.timings) for log in logs) < wanted and len(logs) < 3:
        logs.append(run_caller(webhook, stt, tts, caller_tts, script, g722, vad))
    return logs


def _counts(log: SessionLog) -> str:
    return f"{log.turns} turns answered, {log.silences} empty, {log.barge_ins} barge-ins, ended by {log.ended_by}"


def _service(client: Any, predict_row: Any, text: str) -> str:
    row = predict_row(client, {"id": f"bench-{uuid.uuid4().hex[:8]}", "turns": [{"user": text}]})
    return str(row["turns"][0].get("service") or "")
