"""Phone calls over real SIP on loopback: baresip callers, our gateway (pjsua2), Rasa with the voice channel.

Four calls run at the same time (the gateway must serve them side by side):
- a caller asks about a Top-100 service; what the caller hears is transcribed back;
- a caller presses 0 during the greeting and is transferred (REFER) to an agent (sipp as the agent);
- a caller says nothing and is ended after the reprompt;
- a caller sends only noise and hangs up in the middle of the greeting.

The question call uses G.722: the espeak-ng test voice is not intelligible to Whisper-base after
the 8 kHz band limit of G.711 (word error rate ~0.8, see `servicecenter bench voice`). The other
calls use G.711, as a telephone system does.

Run alone with `make voice-test` (pytest -m voice). About two minutes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
from typing import Dict

import numpy as np
import pytest
import requests

from actions.handoff_store import HandoffStore
from bot.settings import Settings
from channels.voice.audio import level_db
from channels.voice.caller import CallResult, free_udp_port, place_call, script_audio
from channels.voice.gateway import Gateway, GatewayConfig, default_stt, default_tts
from channels.voice.rasa_channel import GREETING
from channels.voice.session import SessionLog
from channels.voice.sip import SipConfig
from channels.voice.speech import for_the_ear
from channels.voice.tts import resample

pytestmark = [pytest.mark.voice, pytest.mark.slow]

# The question; the full stop (instead of a comma) gives espeak-ng a pause that Whisper needs.
QUESTION = "Ich brauche einen neuen Personalausweis. Was kostet das?"
# Stems of the fee answer ("Die Gebühr ist bundesweit einheitlich festgelegt; wer jünger als 24 Jahre ist …").
FEE_STEMS = ("gebü", "bundesweit", "einheitlich", "festgelegt", "jünger", "zwanzig", "ausweis")


def fold(text: str) -> str:
    return re.sub(r"[^a-zäöüß ]", " ", text.lower())


@pytest.fixture(scope="module")
def calls(assistant, tmp_path_factory):
    """Runs the four calls at once against one gateway; returns results, session logs and the agent's exit."""
    for tool in ("baresip", "sipp", "espeak-ng"):
        assert shutil.which(tool), f"{tool} fehlt: Debian-Pakete baresip, sip-tester, espeak-ng installieren"
    work = tmp_path_factory.mktemp("voice")
    settings = Settings()
    tts, stt = default_tts(settings), default_stt(settings)
    port = free_udp_port()
    config = GatewayConfig(
        webhook_url=f"{assistant.servers.rasa_url}/webhooks/voice/webhook",
        sip=SipConfig("127.0.0.1", port, 30000 + 200 * (os.getpid() % 40), max_calls=4),
        keep_transcripts=True,
    )
    gateway = Gateway(config, stt, tts).start()
    # The session's Rasa transfers to this URI (set by the fixture `assistant`): a sipp agent listens there.
    agent_port = int(assistant.settings.voice_agent_uri.rsplit(":", 1)[1])
    agent = subprocess.Popen(
        ["sipp", "-sn", "uas", "-i", "127.0.0.1", "-p", str(agent_port), "-m", "1", "-timeout", "150s"],
        stdin=subprocess.DEVNULL,
        stdout=(work / "agent.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    greeting = len(tts.synthesize(GREETING)) / 32000
    target = f"sip:ivr@127.0.0.1:{port}"
    scripts = {
        "question": dict(codec="g722", audio=script_audio([greeting + 2.0, QUESTION, 40.0], 16000)),
        "dtmf": dict(codec="g711", audio=script_audio([40.0], 8000), keys=[(4.0, "0")]),
        "silent": dict(codec="g711", audio=script_audio([75.0], 8000)),
        "noise": dict(codec="g711", audio=noise(6.0, 8000)),
    }
    results: Dict[str, CallResult] = {}
    started = time.monotonic()

    def run(name: str) -> None:
        spec = scripts[name]
        results[name] = place_call(
            target,
            spec["audio"],
            work / name,
            codec=spec["codec"],
            keys=spec.get("keys", ()),
            max_seconds=100,
            user=name,
        )

    threads = [threading.Thread(target=run, args=(name,)) for name in scripts]
    for thread in threads:
        thread.start()
        time.sleep(0.3)
    for thread in threads:
        thread.join(130)
    seconds = time.monotonic() - started
    idle = gateway.wait_idle(20)
    try:
        agent.wait(20)
    except subprocess.TimeoutExpired:
        agent.terminate()
        agent.wait(5)
    logs = {log.caller.split("@")[0].split(":")[-1]: log for log in gateway.sessions}
    gateway.stop()
    yield {
        "results": results,
        "logs": logs,
        "idle": idle,
        "agent_exit": agent.returncode,
        "seconds": seconds,
        "stt": stt,
        "question_at": greeting + 2.0,
        "rasa_url": assistant.servers.rasa_url,
        "token": assistant.servers.token,
        "greeting": greeting,
        "settings": assistant.settings,
    }


def noise(seconds: float, rate: int) -> bytes:
    samples = np.random.default_rng(7).normal(0, 3000, int(seconds * rate))
    return bytes(np.clip(samples, -32768, 32767).astype("<i2").tobytes())


def speech_regions(pcm: bytes, gap: float = 1.5) -> list:
    """(start, end) byte offsets of stretches of sound separated by at least `gap` seconds of silence."""
    regions, start, quiet = [], None, 0
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


def session(calls, name: str) -> SessionLog:
    assert name in calls["logs"], f"no session for {name}: {sorted(calls['logs'])}"
    return calls["logs"][name]


def test_question_about_a_service_is_answered_with_the_fee(calls):
    log = session(calls, "question")
    assert log.turns >= 1 and log.transcripts, log
    heard = calls["results"]["question"]
    audio = resample(heard.heard, heard.rate, 16000)
    # What the caller heard after the question: the greeting is the first stretch of sound, the answer the next.
    regions = [r for r in speech_regions(audio) if r[0] > calls["question_at"] * 32000]
    assert regions, "the caller heard no answer"
    start, end = regions[0]
    assert end - start > 32000 * 3, "the answer is too short"
    text = fold(calls["stt"].transcribe_long(audio[start - 3200 : min(end, start + 25 * 32000) + 3200]))
    # The audio path: what the caller heard is what the assistant said. Whisper-base on espeak-ng is rough
    # (about half the words come back), so a fifth of the longer words must match.
    tracker = requests.get(
        f"{calls['rasa_url']}/conversations/{log.call_sid}/tracker", params={"token": calls["token"]}, timeout=30
    ).json()
    slots = tracker["slots"]
    if (slots.get("service"), slots.get("aspect")) != ("personalausweis-beantragen", "kosten"):
        # Recognition of the synthetic voice, not the gateway: reported, and measured by `servicecenter bench voice`.
        # (An emergency notice is spoken in the voice channel's own words, so the comparison below would not hold.)
        pytest.xfail(f"espeak-ng question recognised as {log.transcripts}: answered {slots.get('route')}")
    said = fold(" ".join(e["text"] for e in tracker["events"] if e["event"] == "bot" and e.get("text")))
    expected = [w for w in fold(for_the_ear([said])).split() if len(w) > 3][:25]
    heard_words = set(text.split())
    assert sum(w in heard_words for w in expected) >= 0.15 * len(expected), (text, expected)
    found = [stem for stem in FEE_STEMS if stem in text]
    assert len(found) >= 2, f"fee answer not heard: {text!r}"
    timing = log.timings[0]
    assert timing.stt > 0 and timing.rasa > 0 and timing.tts > 0


def test_zero_transfers_to_an_agent_with_the_handoff_record(calls):
    log = session(calls, "dtmf")
    assert log.digits == 1 and log.transfers == [(calls["settings"].voice_agent_uri, True)], log
    assert log.ended_by == "transfer"
    assert calls["agent_exit"] == 0, "the agent (sipp) did not receive the transferred call"
    records = [r for r in HandoffStore(calls["settings"].handoff_db_url).waiting() if r.channel == "voice"]
    assert any(r.reason == "request_human" for r in records)


def test_silent_caller_is_reprompted_then_ended(calls):
    log = session(calls, "silent")
    assert (log.silences, log.turns, log.ended_by) == (2, 0, "hangup"), log
    assert calls["results"]["silent"].seconds < 70, "the gateway did not end the silent call"


def test_noise_and_hanging_up_mid_greeting_leave_nothing_behind(calls):
    log = session(calls, "noise")
    assert log.turns == 0 and log.ended_by == "caller", log
    assert calls["idle"], "a call or session was still open after all callers were gone"


def test_calls_were_served_side_by_side(calls):
    assert set(calls["logs"]) == {"question", "dtmf", "silent", "noise"}
    assert calls["seconds"] < 110


def test_the_callers_sip_port_is_free_for_udp_and_tcp():
    import socket

    from channels.voice.caller import free_sip_port

    port = free_sip_port()
    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        with socket.socket(socket.AF_INET, kind) as sock:
            sock.bind(("127.0.0.1", port))  # raises if baresip could not listen there
