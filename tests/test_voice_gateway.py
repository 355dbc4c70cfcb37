"""The gateway without SIP: turn detection, TwiML parsing, and the call session over a loopback call."""

from __future__ import annotations

import threading
import time
from typing import Dict, List

import numpy as np
import pytest

from channels.voice.audio import FRAME_BYTES, TurnDetector, VadConfig, frames_of, level_db
from channels.voice.loopback import LoopbackCall
from channels.voice.models import MODEL_SIZE, model_ok
from channels.voice.session import CallSession
from channels.voice.stt import Transcript, read_prompt
from channels.voice.tts import wav_to_pcm
from channels.voice.twiml import TwimlError, Verb, parse_twiml
from settings import Settings

RATE = 16000


def tone(seconds: float, amplitude: float = 8000.0) -> bytes:
    t = np.arange(int(seconds * RATE)) / RATE
    return bytes((np.sin(2 * np.pi * 300 * t) * amplitude).astype("<i2").tobytes())


def silence(seconds: float) -> bytes:
    return b"\0\0" * int(seconds * RATE)


def noise(seconds: float, level: float) -> bytes:
    samples = np.random.default_rng(3).normal(0, level, int(seconds * RATE))
    return bytes(samples.astype("<i2").tobytes())


def events(detector: TurnDetector, pcm: bytes) -> List[tuple]:
    out = []
    for i, frame in enumerate(frames_of(pcm)):
        event = detector.feed(frame)
        if event:
            out.append((event, i))
    return out


def test_a_turn_starts_with_speech_and_ends_after_the_pause():
    detector = TurnDetector(VadConfig(end_of_turn_ms=600, min_speech_ms=160))
    found = events(detector, silence(1.0) + tone(1.0) + silence(1.0))
    assert found == [("start", 57), ("end", 129)]  # 1.0 s + 160 ms; 2.0 s + 600 ms
    audio = detector.turn_audio()
    assert 1.6 * RATE * 2 <= len(audio) <= 1.8 * RATE * 2  # pre-roll 400 ms + speech + 300 ms
    assert detector.trailing_ms() == 600


def test_a_pause_between_two_sentences_does_not_end_the_turn():
    """The default end of turn (700 ms) waits out a sentence pause (~500 ms; espeak-ng's full stop is 520 ms)."""
    vad = VadConfig(end_of_turn_ms=Settings().voice_end_of_turn_ms)
    assert 600 <= vad.end_of_turn_ms <= 800 and VadConfig().end_of_turn_ms == vad.end_of_turn_ms
    found = events(TurnDetector(vad), silence(1.0) + tone(1.5) + silence(0.56) + tone(1.0) + silence(1.0))
    assert found == [("start", 57), ("end", round((1.0 + 1.5 + 0.56 + 1.0) * 50) + vad.end_of_turn_ms // 20 - 1)]


def test_clicks_do_not_start_a_turn_and_steady_noise_raises_the_floor():
    detector = TurnDetector()
    assert events(detector, silence(0.5) + tone(0.06) + silence(0.5)) == []
    detector = TurnDetector()
    assert events(detector, noise(4.0, 600)) == []  # about -35 dBFS of hiss: the floor follows it
    assert detector.noise_db > -45
    assert [e for e, _ in events(detector, tone(1.0, 12000) + noise(1.0, 600))] == ["start", "end"]


def test_digital_silence_before_the_first_packet_does_not_set_the_floor_below_the_line_noise():
    """Street noise at about -39 dBFS (a G.722 line at 30 dB SNR) after 60 ms of nothing: no barge-in."""
    detector = TurnDetector()
    assert events(detector, silence(0.06) + noise(3.0, 370)) == []
    assert -42 < detector.noise_db < -36
    assert [e for e, _ in events(detector, tone(1.0, 8000) + noise(1.0, 370))] == ["start", "end"]


def test_a_turn_is_cut_at_the_maximum_length():
    detector = TurnDetector(VadConfig(max_turn_s=2.0))
    assert [e for e, _ in events(detector, silence(0.3) + tone(5.0))] == ["start", "end"]


def test_levels():
    assert level_db(silence(0.02)) == -100.0
    assert -10 < level_db(tone(0.02, 16000)) < -8
    assert len(frames_of(b"\1" * (FRAME_BYTES + 2))) == 2


def test_twiml_is_parsed_into_verbs():
    verbs = parse_twiml(
        '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hallo</Say><Pause length="2"/>'
        '<Gather action="/next" timeout="4"><Say>Frage?</Say></Gather><Dial timeout="20"><Sip>sip:a@b</Sip></Dial>'
        "<Dial>+4951100</Dial><Play>x.mp3</Play><Hangup/></Response>"
    )
    assert [(v.kind, v.text, v.says) for v in verbs] == [
        ("say", "Hallo", []),
        ("pause", "", []),
        ("gather", "", ["Frage?"]),
        ("dial", "sip:a@b", []),
        ("dial", "+4951100", []),
        ("hangup", "", []),
    ]
    assert verbs[2].number("timeout", 6) == 4 and verbs[1].number("length", 1) == 2
    with pytest.raises(TwimlError):
        parse_twiml("<Nope/>")
    with pytest.raises(TwimlError):
        parse_twiml("<Response>")


def test_wav_reading_tolerates_a_streamed_header():
    header = b"RIFF\xff\xff\xff\x7fWAVEfmt " + (16).to_bytes(4, "little")
    header += (1).to_bytes(2, "little") + (1).to_bytes(2, "little") + (22050).to_bytes(4, "little")
    header += (44100).to_bytes(4, "little") + (2).to_bytes(2, "little") + (16).to_bytes(2, "little")
    pcm, rate = wav_to_pcm(header + b"data\xff\xff\xff\x7f" + b"\1\0\2\0\3")
    assert (pcm, rate) == (b"\1\0\2\0", 22050)


def test_prompt_file_and_model_check(tmp_path):
    prompt = tmp_path / "p.txt"
    prompt.write_text("# comment\nPersonalausweis, Reisepass\n\nBurgdorf\n", encoding="utf-8")
    assert read_prompt(prompt) == "Personalausweis, Reisepass, Burgdorf"
    assert read_prompt(tmp_path / "missing.txt") == ""
    (tmp_path / "model.bin").write_bytes(b"x" * 10)
    assert not model_ok(tmp_path) and MODEL_SIZE > 100_000_000


# --- call sessions over a loopback call, with a scripted channel ---------------------------------


class ScriptedChannel:
    """Stands in for the Rasa voice channel: returns prepared TwiML, records the posted forms."""

    def __init__(self, replies: List[str]) -> None:
        self.replies = replies
        self.forms: List[Dict[str, str]] = []

    def post(self, form: Dict[str, str], action: str | None = None) -> List[Verb]:
        self.forms.append(dict(form))
        if form.get("CallStatus") == "completed":
            return []
        reply = self.replies.pop(0) if self.replies else "<Response><Hangup/></Response>"
        return parse_twiml(reply)


class FakeSTT:
    def __init__(self, text: str = "Ich brauche einen Reisepass", fail: bool = False, heard: Transcript | None = None):
        self.text, self.fail, self.calls, self.heard = text, fail, 0, heard
        self.asked: List[tuple] = []  # (language, settled) of each call

    def transcribe(self, pcm: bytes, rate: int = 16000, language: str = "de", settled: bool = True) -> Transcript:
        self.calls += 1
        self.asked.append((language, settled))
        if self.fail:
            raise RuntimeError("model broken")
        return self.heard or Transcript(self.text, 0.8)


class FakeTTS:
    def __init__(self) -> None:
        self.spoken: List[str] = []

    def synthesize(self, text: str) -> bytes:
        self.spoken.append(text)
        return silence(0.05 * len(text.split()))


def gather(text: str, timeout: int = 1) -> str:
    return (
        f'<Response><Gather action="/webhooks/voice/webhook" timeout="{timeout}"><Say>{text}</Say></Gather></Response>'
    )


def run_session(channel: ScriptedChannel, stt: FakeSTT, caller) -> tuple:  # type: ignore[no-untyped-def]
    call = LoopbackCall()
    session = CallSession(call, "CA1", "+49511", channel, stt, FakeTTS(), VadConfig(end_of_turn_ms=300))  # type: ignore[arg-type]
    worker = threading.Thread(target=session.run)
    worker.start()
    caller(call)
    worker.join(20)
    assert not worker.is_alive(), "the session did not end"
    call.leave()
    return session.log, call


def test_a_question_is_transcribed_and_posted_then_the_call_ends_on_hangup():
    channel = ScriptedChannel(
        [gather("Guten Tag. Was möchten Sie?"), "<Response><Say>Tschüss</Say><Hangup/></Response>"]
    )
    stt = FakeSTT()
    log, call = run_session(channel, stt, lambda c: (time.sleep(0.8), c.say(tone(1.0))))
    assert channel.forms[0]["CallStatus"] == "ringing"
    assert (channel.forms[1]["SpeechResult"], channel.forms[1]["Confidence"], channel.forms[1]["SpeechLanguage"]) == (
        "Ich brauche einen Reisepass",
        "0.800",
        "de",
    )
    assert channel.forms[-1]["CallStatus"] == "completed"
    assert (log.turns, log.ended_by, stt.calls) == (1, "hangup", 1)
    assert call.closed.is_set() and len(log.timings) == 1 and log.timings[0].endpoint >= 0.3


def test_silence_posts_an_empty_result_and_a_key_barges_in():
    channel = ScriptedChannel([gather("Hallo"), gather("Sind Sie noch da? " * 20, timeout=5)])
    log, _ = run_session(channel, FakeSTT(), lambda c: (time.sleep(2.0), c.press("0")))
    assert channel.forms[1]["SpeechResult"] == "" and channel.forms[2]["Digits"] == "0"
    assert (log.silences, log.digits) == (1, 1)


def test_speech_during_a_prompt_stops_it():
    channel = ScriptedChannel([gather("Ein sehr langer Begrüßungstext. " * 30, timeout=5)])
    started = time.monotonic()
    log, _ = run_session(channel, FakeSTT(), lambda c: (time.sleep(0.5), c.say(tone(0.8))))
    assert log.barge_ins == 1 and log.turns == 1
    assert time.monotonic() - started < 8  # the prompt alone lasts 15 s


def test_dial_transfers_and_a_failed_transfer_goes_on_with_the_next_verbs():
    transfer = (
        "<Response><Say>Moment</Say><Dial><Sip>sip:agent@x</Sip></Dial><Say>Leider nicht</Say><Hangup/></Response>"
    )
    log, call = run_session(ScriptedChannel([transfer]), FakeSTT(), lambda c: None)
    assert (log.transfers, log.ended_by, call.transfers) == ([("sip:agent@x", True)], "transfer", ["sip:agent@x"])

    def refuse(c: LoopbackCall) -> None:
        c.transfer_ok = False

    channel = ScriptedChannel([transfer])
    call = LoopbackCall()
    call.transfer_ok = False
    session = CallSession(call, "CA2", "x", channel, FakeSTT(), FakeTTS(), VadConfig())  # type: ignore[arg-type]
    session.run()
    assert session.log.transfers == [("sip:agent@x", False)] and session.log.ended_by == "hangup"


def test_a_failing_recogniser_ends_the_call_politely():
    log, call = run_session(
        ScriptedChannel([gather("Hallo", timeout=5)]), FakeSTT(fail=True), lambda c: (time.sleep(0.5), c.say(tone(0.8)))
    )
    assert log.ended_by == "error" and call.closed.is_set()


def test_a_caller_who_hangs_up_mid_sentence_ends_the_session():
    channel = ScriptedChannel([gather("Bla. " * 200, timeout=5)])
    log, _ = run_session(channel, FakeSTT(), lambda c: (time.sleep(0.5), c.leave()))
    assert log.ended_by == "caller" and channel.forms[-1]["CallStatus"] == "completed"


def english_gather(text: str) -> str:
    return (
        '<Response><Gather action="/webhooks/voice/webhook" language="en-GB" timeout="1">'
        f'<Say language="en-GB">{text}</Say></Gather></Response>'
    )


def bilingual_session(channel: ScriptedChannel, stt: FakeSTT) -> tuple:  # type: ignore[type-arg]
    """A session with a German and an English voice, each recording what it said."""
    german, english = FakeTTS(), FakeTTS()
    call = LoopbackCall()
    voices = {"en": english}
    session = CallSession(call, "CA3", "x", channel, stt, german, VadConfig(end_of_turn_ms=300), voices=voices)  # type: ignore[arg-type]
    return call, session, german, english


def test_the_call_is_spoken_and_heard_in_the_language_of_the_twiml():
    """German until the channel says en-GB; then the English voice speaks and the caller is heard in English."""
    channel = ScriptedChannel([gather("Guten Tag."), english_gather("A passport costs 70 euros."), gather("x")])
    stt = FakeSTT(heard=Transcript("How much does a passport cost?", 0.9, "en", detected=True))
    call, session, german, english = bilingual_session(channel, stt)
    worker = threading.Thread(target=session.run)
    worker.start()
    time.sleep(0.8)
    call.say(tone(1.0))  # the question, heard while the call is still German
    time.sleep(1.5)
    call.say(tone(1.0))  # a second question, after the English answer
    worker.join(20)
    call.leave()
    assert (german.spoken, english.spoken) == (["Guten Tag.", "x"], ["A passport costs 70 euros."])
    # The first turn may be any language; once English was found clearly, English is settled.
    assert stt.asked == [("de", False), ("en", True)]
    assert [f.get("SpeechLanguage") for f in channel.forms[1:3]] == ["en", "en"]


def test_each_prompt_of_a_gather_is_spoken_in_its_own_language():
    """The greeting is German and then invites English in the English voice; the call stays German."""
    greeting = (
        '<?xml version="1.0" encoding="UTF-8"?><Response><Gather action="/next" timeout="1" language="de-DE">'
        '<Say language="de-DE">Guten Tag.</Say><Say language="en-GB">You can also speak English.</Say>'
        "</Gather><Hangup/></Response>"
    )
    channel = ScriptedChannel([greeting])
    call, session, german, english = bilingual_session(channel, FakeSTT())
    worker = threading.Thread(target=session.run)
    worker.start()
    worker.join(20)
    call.leave()
    assert (german.spoken, english.spoken) == (["Guten Tag."], ["You can also speak English."])
    assert parse_twiml(greeting)[0].say_languages == ["de-DE", "en-GB"]
