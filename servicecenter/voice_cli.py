"""`servicecenter bench voice`: prints the voice figures (see servicecenter.bench_voice for the method)."""

from __future__ import annotations

import contextlib
import functools
import os
import threading
import time
import uuid
from typing import Any, Iterator, List

from channels.voice.audio import VadConfig
from channels.voice.caller import CALLER_VOICES, caller_voice
from channels.voice.gateway import default_stt, default_tts
from channels.voice.session import SessionLog
from channels.voice.stt import WhisperSTT
from channels.voice.tts import engine_name
from servicecenter.bench_voice import (
    CODEC_PATHS,
    PHRASES,
    NluResult,
    WerRow,
    g711,
    level_name,
    measure_wer,
    nlu_scores,
    render,
    run_caller,
    wer_table,
)
from settings import Settings


@contextlib.contextmanager
def _rasa(settings: Settings, url: str | None) -> Iterator[tuple[str, str]]:
    from servicecenter.runner import running
    from settings import api_token

    if url:
        yield url.rstrip("/"), api_token(settings)
        return
    from bot.training import train
    from servicecenter.knowledge_index import build_knowledge_index

    build_knowledge_index(settings)
    with running(settings, train(settings).model) as servers:
        yield servers.rasa_url, servers.token


def bench_voice(settings: Settings, turns: int, url: str | None) -> int:
    from servicecenter.predict import Client

    turns = max(20, turns)
    # Every turn goes to the Rasa started here: "Habe ich richtig verstanden?" would skip Rasa on a low score.
    own_rasa = not url and "SC_VOICE_CONFIDENCE_THRESHOLD" not in os.environ
    rasa_settings = settings.copy(update={"voice_confidence_threshold": 0.05}) if own_rasa else settings
    stt, tts = default_stt(settings), default_tts(settings)
    bare = WhisperSTT(stt.model_dir, "", stt.beam_size, stt.threads)  # the same model without the domain prompt
    voices = [caller_voice(name) for name in CALLER_VOICES]
    for recogniser in (stt, bare):
        recogniser.load()
        recogniser.transcribe(tts.synthesize("Guten Tag."))
    vad = VadConfig(end_of_turn_ms=settings.voice_end_of_turn_ms, max_turn_s=settings.voice_max_turn_seconds)
    with _rasa(rasa_settings, url) as (rasa_url, token):
        webhook = f"{rasa_url}/webhooks/voice/webhook"
        print(
            f"Voice bench: {len(PHRASES)} phrases, test callers Pico ({', '.join(CALLER_VOICES)}), "
            f"assistant {engine_name(tts)}, Whisper-base int8 (prompt {stt.prompt_length} tokens), {rasa_url}"
        )
        started = time.monotonic()
        rows = measure_wer({True: stt, False: bare}, voices, PHRASES)
        seconds = time.monotonic() - started
        print(f"Word error rate, mean over the phrases (pink noise, SNR of active speech; {seconds:.0f} s):")
        print(wer_table(rows))
        _print_nlu(Client(rasa_url, token), rows)
        for row in rows:
            if row.prompt and row.snr is None:
                print(f"    {row.codec} WER {row.wer:4.2f}  {row.phrase.text!r} -> {row.heard!r}")
        # Questions only (a request for a person ends the call with a transfer), repeated until enough turns.
        questions = [p.text for p in PHRASES if "Mitarbeiter" not in p.text]
        script = [questions[i % len(questions)] for i in range(turns)]
        started = time.monotonic()
        single = _calls(webhook, stt, tts, voices[0], script, vad, turns)
        title = f"Turn latency over G.711, one call at a time ({time.monotonic() - started:.0f} s)"
        print(render(title, [t for log in single for t in log.timings]))
        for log in single:
            print(f"  {_counts(log)}")
        results: List[List[SessionLog]] = [[], []]

        def call(index: int) -> None:
            results[index] = _calls(webhook, stt, tts, voices[index + 1], script[index::2], vad, turns // 2)

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


def _print_nlu(client: Any, rows: List[WerRow]) -> None:
    """Service and aspect the assistant finds from the typed phrase and from each transcript (with the prompt)."""

    @functools.cache
    def found(text: str) -> NluResult:  # the same transcript is asked once
        return _nlu(client, text)

    typed = [(p, found(p.text)) for p in PHRASES]
    service, aspect = nlu_scores(typed)
    print("NLU from transcripts (with the prompt): right service / right aspect")
    print(f"  {'typed text':<14}{service + ' / ' + aspect:>19}")
    header = "".join(f"{codec:>19}" for codec in CODEC_PATHS)
    print(f"  {'noise':<14}{header}")
    for snr in dict.fromkeys(r.snr for r in rows):
        cells = []
        for codec in CODEC_PATHS:
            heard = [(r.phrase, found(r.heard)) for r in rows if r.prompt and r.snr == snr and r.codec == codec]
            service, aspect = nlu_scores(heard)
            cells.append(f"{service + ' / ' + aspect:>19}")
        print(f"  {level_name(snr):<14}{''.join(cells)}")


def _calls(
    webhook: str, stt: Any, tts: Any, caller_tts: Any, script: List[str], vad: VadConfig, wanted: int
) -> List[SessionLog]:
    """Calls again (at most three times) while fewer than `wanted` turns were timed, e.g. after a handoff."""
    logs: List[SessionLog] = []
    while sum(len(log.timings) for log in logs) < wanted and len(logs) < 3:
        logs.append(run_caller(webhook, stt, tts, caller_tts, script, g711, vad))
    return logs


def _counts(log: SessionLog) -> str:
    return f"{log.turns} turns answered, {log.silences} empty, {log.barge_ins} barge-ins, ended by {log.ended_by}"


def _nlu(client: Any, text: str) -> NluResult:
    """Service and aspect after one message in a new conversation ("" when none)."""
    from servicecenter.predict import predict_row

    if not text.strip():
        return "", ""
    row = predict_row(client, {"id": f"bench-{uuid.uuid4().hex[:8]}", "turns": [{"user": text}]})
    turn = row["turns"][0]
    return str(turn.get("service") or ""), str(turn.get("aspect") or "")
