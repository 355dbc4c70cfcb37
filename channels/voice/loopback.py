"""A call without SIP: the caller's audio is fed in real time, what the gateway plays is collected.

Used by `servicecenter bench voice` and fast session tests: the session code is the production one;
only the RTP transport (about 20-60 ms of jitter buffer on a real call) is left out.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import List, Tuple

from channels.voice.audio import FRAME_BYTES, FRAME_MS, frames_of


class LoopbackCall:
    """CallIO for one scripted caller. Frames of silence flow whenever the caller says nothing."""

    def __init__(self, realtime: bool = True) -> None:
        self.events: queue.Queue[Tuple[str, object]] = queue.Queue()
        self.closed = threading.Event()
        self.realtime = realtime
        self.played: List[Tuple[float, int]] = []  # (time, bytes) of every play() call
        self.transfers: List[str] = []
        self.transfer_ok = True
        self._out = 0  # bytes still "playing"
        self._out_until = 0.0
        self._lock = threading.Lock()
        self._script: queue.Queue[bytes | None] = queue.Queue()
        self._feeder = threading.Thread(target=self._feed, daemon=True)
        self._feeder.start()

    # the caller's side ------------------------------------------------------------------------

    def say(self, pcm: bytes) -> None:
        """Queues the caller's audio (16 kHz PCM); it is sent frame by frame in real time."""
        self._script.put(pcm)

    def press(self, digit: str) -> None:
        self.events.put(("dtmf", digit))

    def leave(self) -> None:
        self.closed.set()
        self.events.put(("closed", None))

    def first_play_after(self, moment: float) -> float | None:
        return next((t for t, _ in self.played if t >= moment), None)

    def _feed(self) -> None:
        silence = b"\0" * FRAME_BYTES
        next_at = time.monotonic()
        while not self.closed.is_set():
            try:
                pcm = self._script.get_nowait()
            except queue.Empty:
                pcm = None
            for frame in frames_of(pcm) if pcm else [silence]:
                if self.closed.is_set():
                    return
                self.events.put(("frame", frame))
                if self.realtime:
                    next_at += FRAME_MS / 1000
                    time.sleep(max(0.0, next_at - time.monotonic()))

    # CallIO -----------------------------------------------------------------------------------

    def play(self, pcm: bytes) -> None:
        now = time.monotonic()
        with self._lock:
            self.played.append((now, len(pcm)))
            start = max(now, self._out_until)
            self._out_until = start + len(pcm) / (2 * 16000)

    def stop_playback(self) -> None:
        with self._lock:
            self._out_until = time.monotonic()

    def playing(self) -> bool:
        with self._lock:
            return time.monotonic() < self._out_until

    def hangup(self) -> None:
        self.closed.set()
        self.events.put(("closed", None))

    def transfer(self, target: str, timeout: float) -> bool:
        self.transfers.append(target)
        if self.transfer_ok:
            self.hangup()
        return self.transfer_ok
