"""Phone calls over real SIP on loopback: baresip callers, our gateway (pjsua2), Rasa with the voice channel.

The callers speak with Pico at their own speed and pitch (channels.voice.caller), over G.711 as a
telephone system does. Three rounds of calls, each served side by side by one gateway:
1. a caller asks about a Top-100 service and hears the fee answer; a caller presses 0 during the
   greeting and is transferred (REFER) to an agent (sipp); a caller says nothing and is ended after
   the reprompt; a caller sends only noise and hangs up in the middle of the greeting;
2. a caller asks one question in two breaths (a short pause, shorter than the 700 ms end of turn);
   a caller talks over the greeting (barge-in); a caller asks with pink noise (sox) at 30 dB SNR over
   G.722 (a wideband mobile in the street; over G.711 Whisper-base garbles a word or two at 30 dB, and at
   20 dB about half of them, see `servicecenter bench voice`);
3. a caller speaks English after the German greeting: the answer, and the channel's reprompt after it, are
   heard in English (Pico's English voice; the recogniser found the caller's language by itself).

`pytest -m voice --voice-samples docs/voice` also writes the question call's sample recordings.
Run alone with `make voice-test` (pytest -m voice). About three minutes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Dict

import pytest

from actions.handoff_store import HandoffStore
from channels.voice.caller import CallResult, caller_voice, free_udp_port, place_call, read_wav, script_audio
from channels.voice.gateway import Gateway, GatewayConfig, default_stt, phone_voices
from channels.voice.noise import mix_noise
from channels.voice.phone_texts import ENGLISH
from channels.voice.rasa_channel import GREETING
from channels.voice.samples import FILES, write_samples
from channels.voice.sip import SipConfig
from channels.voice.speech import for_the_ear
from channels.voice.tts import resample
from settings import Settings
from tests.voice_helpers import bot_texts, fold, service_and_aspect, speech_regions, tracker, white_noise

pytestmark = [pytest.mark.voice, pytest.mark.slow]

# With a comma: Pico's full stop leaves 0.70-0.74 s of quiet, which the 700 ms end of turn splits in two.
QUESTION = "Ich brauche einen neuen Personalausweis, was kostet das?"
# Stems of the fee answer ("Die Gebühr ist bundesweit einheitlich festgelegt; wer jünger als 24 Jahre ist …").
FEE_STEMS = ("gebü", "bundesweit", "einheitlich", "festgelegt", "jünger", "zwanzig", "ausweis")
PERSONALAUSWEIS_FEE = ("personalausweis-beantragen", "kosten")
# 0.3 s of silence between the breaths: the turn detector hears ~0.5 s of quiet (word ends are quiet too), while
# a turn ends after 0.7 s. (A 0.5 s pause is heard as ~0.7 s and splits the turn for the slower callers.)
BREATHS = ("Ich brauche einen neuen Reisepass.", 0.3, "Was kostet der?")
BARGE_IN_AT = 3.0  # seconds into the greeting (about nine seconds long)
NOISY_QUESTION, NOISE_SNR_DB = "Ich möchte meinen Hund anmelden.", 30.0
ENGLISH_QUESTION = "How much does a passport cost?"


@pytest.fixture(scope="module")
def line(assistant, tmp_path_factory):
    """One gateway for every call of this module, with the caller's and the assistant's voices."""
    for tool in ("baresip", "sipp", "sox"):
        assert shutil.which(tool), f"{tool} fehlt: Debian-Pakete baresip, sip-tester, sox installieren"
    settings = Settings()
    voices, stt = phone_voices(settings), default_stt(settings)
    tts = voices["de"]
    port = free_udp_port()
    config = GatewayConfig(
        webhook_url=f"{assistant.servers.rasa_url}/webhooks/voice/webhook",
        sip=SipConfig("127.0.0.1", port, 30000 + 200 * (os.getpid() % 40), max_calls=4),
        keep_transcripts=True,
    )
    gateway = Gateway(config, stt, tts, voices).start()
    yield {
        "gateway": gateway,
        "target": f"sip:ivr@127.0.0.1:{port}",
        "work": tmp_path_factory.mktemp("voice"),
        "stt": stt,
        # the German greeting, then its English invitation in the English voice
        "greeting": (len(tts.synthesize(GREETING)) + len(voices.get("en", tts).synthesize(ENGLISH.invitation))) / 32000,
        "rasa_url": assistant.servers.rasa_url,
        "token": assistant.servers.token,
        "settings": assistant.settings,
    }
    gateway.stop()


def call_all(line: Dict[str, Any], scripts: Dict[str, Dict[str, Any]]) -> Dict[str, Any]:
    """Places the calls side by side (0.3 s apart); returns results, session logs, duration and idleness."""
    results: Dict[str, CallResult] = {}
    started = time.monotonic()

    def run(name: str) -> None:
        spec = scripts[name]
        results[name] = place_call(
            line["target"], spec["audio"], line["work"] / name, spec["codec"], spec.get("keys", ()), 100, name
        )

    threads = [threading.Thread(target=run, args=(name,)) for name in scripts]
    for thread in threads:
        thread.start()
        time.sleep(0.3)
    for thread in threads:
        thread.join(130)
    seconds = time.monotonic() - started
    idle = line["gateway"].wait_idle(20)
    logs = {log.caller.split("@")[0].split(":")[-1]: log for log in line["gateway"].sessions}
    return {"results": results, "logs": {n: logs[n] for n in scripts if n in logs}, "seconds": seconds, "idle": idle}


@pytest.fixture(scope="module")
def calls(line):
    """Round 1: the question, the key 0 with a transfer to a sipp agent, silence, and noise."""
    agent_port = int(line["settings"].voice_agent_uri.rsplit(":", 1)[1])
    agent = subprocess.Popen(
        ["sipp", "-sn", "uas", "-i", "127.0.0.1", "-p", str(agent_port), "-m", "1", "-timeout", "150s"],
        stdin=subprocess.DEVNULL,
        stdout=(line["work"] / "agent.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    question_at = line["greeting"] + 2.0
    scripts = {
        "question": dict(codec="g711", audio=script_audio([question_at, QUESTION, 40.0], 8000, caller_voice("bernd"))),
        "dtmf": dict(codec="g711", audio=script_audio([40.0], 8000), keys=[(4.0, "0")]),
        "silent": dict(codec="g711", audio=script_audio([75.0], 8000)),
        "noise": dict(codec="g711", audio=white_noise(6.0, 8000)),
    }
    done = call_all(line, scripts)
    try:
        agent.wait(20)
    except subprocess.TimeoutExpired:
        agent.terminate()
        agent.wait(5)
    return {**done, "agent_exit": agent.returncode, "question_at": question_at}


@pytest.fixture(scope="module")
def speech_calls(line):
    """Round 2: a question in two breaths, a caller talking over the greeting, a question in noise, and a caller who
    asks in English after the German greeting, then stays silent (the fee answer is long). Side by side, the round
    takes as long as its longest call."""
    start, english_at = line["greeting"] + 1.5, line["greeting"] + 2.0
    noisy = script_audio([start, NOISY_QUESTION, 30.0], 16000, caller_voice("clara"))
    scripts = {
        "breaths": dict(codec="g711", audio=script_audio([start, *BREATHS, 30.0], 8000, caller_voice("anna"))),
        "bargein": dict(codec="g711", audio=script_audio([BARGE_IN_AT, QUESTION, 30.0], 8000, caller_voice("dieter"))),
        "noisy": dict(codec="g722", audio=mix_noise(noisy, 16000, NOISE_SNR_DB)),
        "english": dict(
            codec="g711",
            audio=script_audio([english_at, ENGLISH_QUESTION, 70.0], 8000, caller_voice("bernd", "en")),
        ),
    }
    return {**call_all(line, scripts), "question_at": english_at}


@pytest.fixture(scope="module")
def english_call(speech_calls):
    """The English caller of round 2."""
    return speech_calls


def session(calls, name: str):
    assert name in calls["logs"], f"no session for {name}: {sorted(calls['logs'])}"
    return calls["logs"][name]


def heard_16k(calls, name: str) -> bytes:
    heard = calls["results"][name]
    return resample(heard.heard, heard.rate, 16000)


def test_question_about_a_service_is_answered_with_the_fee(calls, line, request):
    log = session(calls, "question")
    assert log.turns >= 1 and log.transcripts, log
    state = tracker(line["rasa_url"], line["token"], log.call_sid)
    assert service_and_aspect(state) == PERSONALAUSWEIS_FEE, (log.transcripts, state["slots"].get("route"))
    audio = heard_16k(calls, "question")
    # What the caller heard after the question: the greeting is the first stretch of sound, the answer the next.
    regions = [r for r in speech_regions(audio) if r[0] > calls["question_at"] * 32000]
    assert regions, "the caller heard no answer"
    start, end = regions[0]
    assert end - start > 32000 * 3, "the answer is too short"
    text = fold(line["stt"].transcribe_long(audio[start - 3200 : min(end, start + 25 * 32000) + 3200]))
    # The audio path: what the caller heard is what the assistant said (Pico over G.711, heard by Whisper-base).
    expected = [w for w in fold(for_the_ear([fold(" ".join(bot_texts(state)))])).split() if len(w) > 3][:25]
    heard_words = set(text.split())
    assert sum(w in heard_words for w in expected) >= 0.5 * len(expected), (text, expected)
    found = [stem for stem in FEE_STEMS if stem in text]
    assert len(found) >= 3, f"fee answer not heard: {text!r}"
    timing = log.timings[0]
    assert timing.stt > 0 and timing.rasa > 0 and timing.tts > 0
    # Sample recordings of both sides: the question and the first 15 s of the answer (about 20 s).
    out = Path(request.config.getoption("--voice-samples") or line["work"] / "samples")
    said, said_rate = read_wav(line["work"] / "question" / "say.wav")
    until = min(end, start + 15 * 32000) / 32000 + 0.5
    paths = write_samples(said, said_rate, audio, 16000, calls["question_at"] - 1.0, until, out)
    assert all(1000 < paths[side].stat().st_size < 100_000 for side in FILES)


def test_zero_transfers_to_an_agent_with_the_handoff_record(calls, line):
    log = session(calls, "dtmf")
    assert log.digits == 1 and log.transfers == [(line["settings"].voice_agent_uri, True)], log
    assert log.ended_by == "transfer"
    assert calls["agent_exit"] == 0, "the agent (sipp) did not receive the transferred call"
    records = [r for r in HandoffStore(line["settings"].handoff_db_url).waiting() if r.channel == "voice"]
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


def test_a_question_in_two_breaths_is_one_turn(speech_calls, line):
    log = session(speech_calls, "breaths")
    # One turn holding both breaths: split in two, the second would have been lost while the first was answered.
    assert log.turns == 1 and log.barge_ins == 0, log
    said = fold(log.transcripts[0])
    assert "reisepass" in said.replace(" ", "") and "kostet" in said, log.transcripts
    state = tracker(line["rasa_url"], line["token"], log.call_sid)
    assert service_and_aspect(state) == ("reisepass-beantragen", "kosten"), log.transcripts


def test_a_caller_talking_over_the_greeting_stops_it_and_is_answered(speech_calls, line):
    log = session(speech_calls, "bargein")
    assert log.barge_ins >= 1 and log.turns >= 1, log
    state = tracker(line["rasa_url"], line["token"], log.call_sid)
    assert service_and_aspect(state) == PERSONALAUSWEIS_FEE, log.transcripts
    # The greeting (about nine seconds) stopped within a second of the caller starting to speak.
    greeting = speech_regions(heard_16k(speech_calls, "bargein"), gap=1.0)[0]
    assert greeting[0] < BARGE_IN_AT * 32000 and greeting[1] < (BARGE_IN_AT + 1.0) * 32000, greeting
    assert line["greeting"] > BARGE_IN_AT + 4


def test_a_question_in_background_noise_is_understood(speech_calls, line):
    log = session(speech_calls, "noisy")
    # Steady noise neither interrupts the greeting nor counts as a question of its own.
    assert log.barge_ins == 0 and log.turns >= 1, log
    state = tracker(line["rasa_url"], line["token"], log.call_sid)
    assert service_and_aspect(state)[0] == "hundesteuer-anmelden", log.transcripts
    assert speech_calls["idle"] and set(speech_calls["logs"]) == {"breaths", "bargein", "noisy", "english"}


def test_an_english_caller_is_recognised_and_answered_in_english(english_call, line):
    log = session(english_call, "english")
    assert log.turns >= 1 and "passport" in log.transcripts[0].lower(), log
    state = tracker(line["rasa_url"], line["token"], log.call_sid)
    assert state["slots"].get("language") == "en", log.transcripts
    assert service_and_aspect(state) == ("reisepass-beantragen", "kosten"), (log.transcripts, state["slots"])
    audio = heard_16k(english_call, "english")
    # After the question: the answer, then (the caller stays silent) the reprompt, then the goodbye.
    regions = [r for r in speech_regions(audio) if r[0] > english_call["question_at"] * 32000]
    assert len(regions) >= 2, ([(round(a / 32000, 1), round(b / 32000, 1)) for a, b in regions], log.timings)
    start, end = regions[0]
    answer = line["stt"].transcribe_long(audio[start - 3200 : min(end, start + 25 * 32000) + 3200], language="en")
    said = answer.lower()
    assert ("seventy" in said or "70" in said) and "euro" in said, (answer, bot_texts(state))
    reprompt = line["stt"].transcribe_long(audio[regions[1][0] - 3200 : regions[1][1] + 3200], language="en")
    assert "hear" in reprompt.lower() and "question" in reprompt.lower(), reprompt
    assert log.silences >= 1, log


def test_eight_calls_share_the_lines_of_four(calls, speech_calls, line):
    # A bridge port is lent per call and taken back (freeing one while the bridge clock may still call it
    # crashed the process); two rounds of four must not leave eight.
    assert len(calls["logs"]) + len(speech_calls["logs"]) == 8
    assert line["gateway"].agent.ports_made() <= 4


def test_the_callers_sip_port_is_free_for_udp_and_tcp():
    import socket

    from channels.voice.caller import free_sip_port

    port = free_sip_port()
    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        with socket.socket(socket.AF_INET, kind) as sock:
            sock.bind(("127.0.0.1", port))  # raises if baresip could not listen there
