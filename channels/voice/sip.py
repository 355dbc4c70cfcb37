"""The SIP user agent (pjsua2): answers calls, moves audio frames, sends DTMF events, transfers with REFER.

pjsip must only be called from threads it knows. So one thread owns the endpoint and runs its event
loop; sessions (their own Python threads) hand it work with `call_soon`. Audio does not need that
thread: the conference bridge's clock thread pulls and pushes 20 ms frames through a port whose
buffers are plain Python objects. No sound card: the null audio device drives the clock.
Calls are G.711 (PCMA/PCMU, 8 kHz) as telephone systems offer them; G.722 (16 kHz) is accepted
when a caller offers only that. The bridge runs at 16 kHz and converts.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any, Callable, List

import pjsua2 as pj

from channels.voice.audio import FRAME_BYTES, RATE

log = logging.getLogger(__name__)
CODEC_PRIORITY = {"PCMA/8000": 250, "PCMU/8000": 249, "G722/16000": 200, "telephone-event": 0}


@dataclass
class SipConfig:
    host: str = "127.0.0.1"
    port: int = 5070
    rtp_port: int = 40000
    max_calls: int = 4


class PlayBuffer:
    """Audio waiting to be sent to the caller; the bridge thread takes 20 ms at a time."""

    def __init__(self) -> None:
        self._data = bytearray()
        self._lock = threading.Lock()

    def add(self, pcm: bytes) -> None:
        with self._lock:
            self._data.extend(pcm)

    def take(self, size: int) -> bytes:
        with self._lock:
            chunk = bytes(self._data[:size])
            del self._data[:size]
            return chunk

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


class _MediaPort(pj.AudioMediaPort):
    """A conference-bridge port that carries one call's audio at a time.

    The bridge removes ports asynchronously (pjsip >= 2.15.1): after `unregisterMediaPort` its clock
    thread may still call this object for a tick, and a Python object freed by then crashes the
    process. So ports are never freed while the endpoint runs; `SipAgent` lends them to calls and
    takes them back, and a port without a call does nothing.
    """

    def __init__(self) -> None:
        super().__init__()
        self.call: GatewayCall | None = None
        self.idle_since = 0.0
        self.frames_in = 0
        self.frames_out = 0

    def onFrameRequested(self, frame: Any) -> None:
        call = self.call
        if call is None:
            return
        try:
            chunk = call.out.take(frame.size)
            if chunk:
                self.frames_out += 1
                frame.type = pj.PJMEDIA_FRAME_TYPE_AUDIO
                frame.buf = pj.ByteVector(chunk.ljust(frame.size, b"\0"))
                frame.size = len(frame.buf)
        except Exception:  # an exception must not reach the bridge thread
            log.exception("frame out")

    def onFrameReceived(self, frame: Any) -> None:
        call = self.call
        if call is None:
            return
        try:
            self.frames_in += 1
            call.put_event("frame", bytes(frame.buf))
        except Exception:
            log.exception("frame in")


class GatewayCall(pj.Call):
    """One call; implements channels.voice.session.CallIO."""

    def __init__(self, agent: SipAgent, account: Any, call_id: int) -> None:
        super().__init__(account, call_id)
        self.agent = agent
        self.sid = "CA" + uuid.uuid4().hex
        self.caller = "unknown"
        self.events: queue.Queue[tuple[str, object]] = queue.Queue(maxsize=3000)
        self.closed = threading.Event()
        self.media_ready = threading.Event()
        self.out = PlayBuffer()
        self.port: _MediaPort | None = None
        self.rejected = False
        self._transfer_done = threading.Event()
        self._transfer_code = 0

    def put_event(self, kind: str, value: object) -> None:
        with contextlib.suppress(queue.Full):  # nobody listening (the session is thinking): old audio is worthless
            self.events.put_nowait((kind, value))

    # pjsua2 callbacks (endpoint thread) -------------------------------------------------------

    def onCallState(self, prm: Any) -> None:
        try:
            if self.getInfo().state == pj.PJSIP_INV_STATE_DISCONNECTED:
                self.closed.set()
                self.agent.take_back_port(self)
                self.out.clear()
                self.put_event("closed", None)
                self._transfer_done.set()
                self.agent.ended(self)
        except Exception:
            log.exception("call state")

    def onCallMediaState(self, prm: Any) -> None:
        try:
            call_info = self.getInfo()  # keep it: the media list points into it (SWIG)
            for info in call_info.media:
                if info.type == pj.PJMEDIA_TYPE_AUDIO and info.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                    media = self.getAudioMedia(info.index)
                    if self.port is None:
                        self.port = self.agent.lend_port(self)
                    media.startTransmit(self.port)
                    self.port.startTransmit(media)
                    self.media_ready.set()
        except Exception:
            log.exception("media state")

    def onDtmfDigit(self, prm: Any) -> None:
        self.put_event("dtmf", str(prm.digit))

    def onCallTransferStatus(self, prm: Any) -> None:
        self._transfer_code = int(prm.statusCode)
        if prm.finalNotify or prm.statusCode >= 200:
            prm.cont = False
            self._transfer_done.set()

    # CallIO (session thread) ------------------------------------------------------------------

    def play(self, pcm: bytes) -> None:
        self.out.add(pcm)

    def stop_playback(self) -> None:
        self.out.clear()

    def playing(self) -> bool:
        return len(self.out) >= FRAME_BYTES // 2

    def hangup(self) -> None:
        def do() -> None:
            if not self.closed.is_set():
                op = pj.CallOpParam()
                op.statusCode = pj.PJSIP_SC_OK
                super(GatewayCall, self).hangup(op)

        self.agent.call_soon(do)

    def transfer(self, target: str, timeout: float) -> bool:
        """Blind transfer (REFER). True when the caller reached the target (or left for it)."""
        self._transfer_done.clear()
        self._transfer_code = 0
        self.agent.call_soon(lambda: self.xfer(target, pj.CallOpParam(True)))
        self._transfer_done.wait(timeout)
        ok = 200 <= self._transfer_code < 300 or (self.closed.is_set() and self._transfer_code >= 100)
        if ok and not self.closed.is_set():
            self.hangup()
        return ok


class _Account(pj.Account):
    def __init__(self, agent: SipAgent) -> None:
        super().__init__()
        self.agent = agent

    def onIncomingCall(self, prm: Any) -> None:
        try:
            self.agent.incoming(GatewayCall(self.agent, self, prm.callId))
        except Exception:
            log.exception("incoming call")


class SipAgent:
    """Owns the pjsua2 endpoint in one thread; `on_call(call)` is called for every answered call."""

    def __init__(self, config: SipConfig, on_call: Callable[[GatewayCall], None]) -> None:
        self.config = config
        self.on_call = on_call
        self.calls: List[GatewayCall] = []  # answered or rejected, until their session is done
        self._commands: queue.Queue[Callable[[], None]] = queue.Queue()
        self._ports: List[_MediaPort] = []  # every port made; they live as long as the endpoint
        self._port_rest = 1.0  # seconds a port stays unused after a call, so late frames of it go nowhere
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="sip", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self._ready.wait(30)
        if self._error or not self._ready.is_set():
            raise RuntimeError(f"SIP endpoint did not start: {self._error!r}")

    def call_soon(self, command: Callable[[], None]) -> None:
        self._commands.put(command)

    def active(self) -> int:
        return sum(1 for c in self.calls if not c.closed.is_set() and not c.rejected)

    def incoming(self, call: GatewayCall) -> None:
        info = call.getInfo()
        call.caller = info.remoteUri
        op = pj.CallOpParam()
        self.calls.append(call)
        if self.active() > self.config.max_calls:
            call.rejected = True
            op.statusCode = pj.PJSIP_SC_BUSY_HERE
            call.answer(op)
            return
        op.statusCode = pj.PJSIP_SC_OK
        call.answer(op)
        self.on_call(call)

    def ended(self, call: GatewayCall) -> None:
        if call.rejected:
            self.release(call)

    def release(self, call: GatewayCall) -> None:
        """Forgets the call in the endpoint thread (after its session has finished)."""

        def do() -> None:
            self.take_back_port(call)
            if call in self.calls:
                self.calls.remove(call)

        self.call_soon(do)

    def lend_port(self, call: GatewayCall) -> _MediaPort:
        """A port that has rested since its last call, or a new one (endpoint thread)."""
        now = time.monotonic()
        port = next((p for p in self._ports if p.call is None and now - p.idle_since >= self._port_rest), None)
        if port is None:
            fmt = pj.MediaFormatAudio()
            fmt.type = pj.PJMEDIA_TYPE_AUDIO
            fmt.clockRate, fmt.channelCount, fmt.bitsPerSample = RATE, 1, 16
            fmt.frameTimeUsec = 20000
            port = _MediaPort()
            port.createPort(f"line{len(self._ports)}", fmt)
            self._ports.append(port)
        port.call = call
        return port

    def take_back_port(self, call: GatewayCall) -> None:
        port, call.port = call.port, None
        if port is not None and port.call is call:
            port.call = None
            port.idle_since = time.monotonic()

    def ports_made(self) -> int:
        return len(self._ports)

    def _run(self) -> None:
        ep = pj.Endpoint()
        try:
            ep.libCreate()
            cfg = pj.EpConfig()
            cfg.uaConfig.threadCnt = 0
            cfg.uaConfig.mainThreadOnly = False
            cfg.uaConfig.maxCalls = self.config.max_calls + 4
            cfg.uaConfig.userAgent = "Servicecenter-Voice"
            cfg.logConfig.level = 1
            cfg.logConfig.consoleLevel = 1
            cfg.logConfig.msgLogging = 0  # SIP messages carry phone numbers
            cfg.medConfig.clockRate = RATE
            cfg.medConfig.sndClockRate = RATE
            cfg.medConfig.channelCount = 1
            cfg.medConfig.noVad = True
            cfg.medConfig.ecTailLen = 0
            ep.libInit(cfg)
            transport = pj.TransportConfig()
            transport.port = self.config.port
            transport.boundAddress = self.config.host
            transport.publicAddress = self.config.host
            ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, transport)
            ep.libStart()
            ep.audDevManager().setNullDev()
            for codec in ep.codecEnum2():
                name = codec.codecId.split("/")[0] + "/" + codec.codecId.split("/")[1]
                ep.codecSetPriority(codec.codecId, CODEC_PRIORITY.get(name, 0))
            account_config = pj.AccountConfig()
            account_config.idUri = f"sip:ivr@{self.config.host}:{self.config.port}"
            account_config.mediaConfig.transportConfig.port = self.config.rtp_port
            account_config.mediaConfig.transportConfig.portRange = 200
            account_config.mediaConfig.transportConfig.boundAddress = self.config.host
            account = _Account(self)
            account.create(account_config)
        except BaseException as err:
            self._error = err
            self._ready.set()
            return
        self._ready.set()
        try:
            while not self._stop.is_set():
                ep.libHandleEvents(10)
                self._run_commands()
            ep.hangupAllCalls()
            for _ in range(50):
                ep.libHandleEvents(10)
                self._run_commands()
            for call in self.calls:
                self.take_back_port(call)
            self.calls.clear()
            account.shutdown()
        finally:
            del account
            ep.libDestroy()
            for port in self._ports:  # the bridge is gone: a port's destructor must not try to leave it
                port.__disown__()

    def _run_commands(self) -> None:
        while True:
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                return
            try:
                command()
            except Exception:
                log.exception("SIP command")

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(15)
