"""A scripted caller for tests and `servicecenter bench voice`: baresip (Debian) over real SIP on loopback.

baresip plays a WAV into the call (module aufile) and records what it hears (module sndfile); keys
typed on its standard input are sent as DTMF (RFC 4733). When the WAV ends, baresip hangs up: the
WAV's length is the longest the call can last. Test callers speak with Pico, each slower or faster and
lower or higher than the assistant's voice (Pico at 1.0/1.0), so a test never hears its own voice back.
"""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import List, Sequence, Tuple, Union

from channels.voice.tts import PICO_VOICES, PicoTTS, TextToSpeech, resample, trim_silence, wav_to_pcm

Part = Union[str, float]  # text to speak, or seconds of silence
CODECS = {"g711": ("g711.so", 8000), "g722": ("g722.so", 16000)}
# Pico (speed, pitch) of the test callers; the assistant speaks at (1.0, 1.0).
CALLER_VOICES = {
    "anna": (0.95, 1.15),
    "bernd": (1.05, 0.85),
    "clara": (0.9, 1.08),
    "dieter": (1.1, 0.92),
}


def caller_voice(name: str = "bernd", language: str = "de") -> PicoTTS:
    """A test caller's voice: Pico in the caller's language (German unless told) at the caller's own speed and pitch."""
    speed, pitch = CALLER_VOICES[name]
    return PicoTTS(PICO_VOICES[language], speed=speed, pitch=pitch, volume=0.5)


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def free_sip_port(attempts: int = 20) -> int:
    """A port free for UDP and TCP alike: baresip listens on both, and a busy TCP port stops it."""
    for _ in range(attempts):
        port = free_udp_port()
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    raise RuntimeError("no port free for both UDP and TCP on 127.0.0.1")


def write_wav(path: Path, pcm: bytes, rate: int) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm)
    return path


def read_wav(path: Path) -> Tuple[bytes, int]:
    return wav_to_pcm(path.read_bytes())


def script_audio(parts: Sequence[Part], rate: int, tts: TextToSpeech | None = None) -> bytes:
    """PCM at `rate` for a caller's script: texts spoken (by default by the caller "bernd"), numbers as silence.

    The engine's own silence around a text is cut, so a number is the real pause (a breath of 0.5 s stays one turn).
    """
    tts = tts or caller_voice()
    pcm = bytearray()
    for part in parts:
        if isinstance(part, str):
            pcm.extend(resample(trim_silence(tts.synthesize(part), lead_ms=0, tail_ms=20), 16000, rate))
        else:
            pcm.extend(b"\0\0" * int(part * rate))
    return bytes(pcm)


@dataclass
class CallResult:
    heard: bytes  # what the caller heard (16-bit PCM)
    rate: int
    log: str
    seconds: float

    @property
    def heard_seconds(self) -> float:
        return len(self.heard) / 2 / self.rate if self.rate else 0.0


def baresip_available() -> bool:
    return shutil.which("baresip") is not None


def place_call(
    target: str,
    audio: bytes,
    workdir: Path,
    codec: str = "g711",
    keys: Sequence[Tuple[float, str]] = (),
    max_seconds: float = 120.0,
    user: str = "caller",
) -> CallResult:
    """Calls `target`, plays `audio` (PCM at the codec's rate), presses `keys` at (seconds after answer,
    key), and returns what was heard once the call has ended (either side hung up)."""
    module, rate = CODECS[codec]
    workdir.mkdir(parents=True, exist_ok=True)
    record_dir = workdir / "rec"
    record_dir.mkdir(exist_ok=True)
    source = write_wav(workdir / "say.wav", audio, rate)
    rtp = random.randrange(20000, 30000, 2)
    (workdir / "config").write_text(
        "\n".join(
            [
                "poll_method epoll",
                "sip_listen 127.0.0.1:{port}",
                "audio_player alsa,null",
                "audio_alert alsa,null",
                f"audio_source aufile,{source}",
                f"audio_srate {rate}",
                "audio_channels 1",
                f"rtp_ports {rtp}-{rtp + 20}",
                "module_path /usr/lib/baresip/modules",
                "module stdio.so",
                f"module {module}",
                "module aufile.so",
                "module sndfile.so",
                "module alsa.so",
                "module_app account.so",
                "module_app menu.so",
                f"snd_path {record_dir}",
                "",
            ]
        ),
        encoding="utf-8",
    )
    (workdir / "accounts").write_text(f"<sip:{user}@127.0.0.1>;regint=0\n", encoding="utf-8")
    config_template = (workdir / "config").read_text(encoding="utf-8")
    log_path = workdir / "baresip.log"
    started = time.monotonic()
    for _ in range(START_ATTEMPTS):
        (workdir / "config").write_text(config_template.replace("{port}", str(free_sip_port())), encoding="utf-8")
        _run_baresip(workdir, target, log_path, keys, max_seconds)
        if PORT_TAKEN not in log_path.read_text(encoding="utf-8", errors="replace"):
            break  # another process may take the port between our check and baresip's bind: try another
    text = log_path.read_text(encoding="utf-8", errors="replace")
    dumps = sorted(record_dir.glob("*-dec.wav"))
    heard, heard_rate = read_wav(dumps[-1]) if dumps else (b"", rate)
    return CallResult(heard, heard_rate, text, time.monotonic() - started)


START_ATTEMPTS = 3
PORT_TAKEN = "init failed (Address already in use)"


def _run_baresip(
    workdir: Path, target: str, log_path: Path, keys: Sequence[Tuple[float, str]], max_seconds: float
) -> None:
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            ["baresip", "-f", str(workdir), "-e", f"/dial {target}"],
            stdin=subprocess.PIPE,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            _drive(process, log_path, list(keys), max_seconds)
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(5)


def _drive(process: subprocess.Popen, log_path: Path, keys: List[Tuple[float, str]], max_seconds: float) -> None:
    """Presses keys after the call is established; returns when the call is over."""
    deadline = time.monotonic() + max_seconds
    answered: float | None = None
    while time.monotonic() < deadline and process.poll() is None:
        text = log_path.read_text(encoding="utf-8", errors="replace")
        if answered is None and "Call established" in text:
            answered = time.monotonic()
        if "terminated" in text or "Call failed" in text or "closed" in text.split("Call established")[-1]:
            return
        if answered is not None:
            while keys and time.monotonic() - answered >= keys[0][0]:
                _, key = keys.pop(0)
                assert process.stdin is not None
                process.stdin.write(key.encode())
                process.stdin.flush()
        time.sleep(0.1)
