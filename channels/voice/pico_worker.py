"""Pico speaks in a process of its own.

py-nanotts holds the GIL while it synthesises. In the gateway's process that stalls every other Python
thread, among them pjmedia's clock thread, which hands each call's audio to us every 20 ms. Measured with a
thread that sleeps 20 ms in a loop, while three sessions synthesise ten sentences each and two busy processes
load both cores: it woke up to 109 ms late with Pico in the process, 4 ms late with this worker. In the phone
tests under such load the jitter buffer of every call discarded 1.5 s of what the callers said.
A worker process keeps the GIL free; a sentence costs a pickle of its PCM.

This module imports nothing heavy: the spawned worker loads only py-nanotts.
"""

from __future__ import annotations

import multiprocessing
import threading
import weakref
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any

# The worker process's engine, made at its first sentence (only ever set inside the worker).
_engine: Any = None


def speak_in_worker(text: str, voice: str, speed: float, pitch: float, volume: float) -> bytes:
    global _engine
    if _engine is None:
        from py_nanotts import NanoTTS

        _engine = NanoTTS()
    return bytes(_engine.speak(text, voice=voice, speed=speed, pitch=pitch, volume=volume))


class PicoWorkerError(RuntimeError):
    pass


class PicoProcess:
    """One worker process for one voice; started at the first sentence, started again if it died."""

    def __init__(self, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def speak(self, text: str, voice: str, speed: float, pitch: float, volume: float) -> bytes:
        """The sentence's PCM; a worker that died is replaced once, so the caller still hears this sentence."""
        for attempt in (1, 2):
            pool = self._running()
            try:
                future: Future[bytes] = pool.submit(speak_in_worker, text, voice, speed, pitch, volume)
                return future.result(self.timeout)
            except BrokenProcessPool as err:
                self._forget(pool)
                if attempt == 2:
                    raise PicoWorkerError("the Pico worker process ended twice in a row") from err
            except FutureTimeout as err:
                self._forget(pool)
                raise PicoWorkerError(f"Pico took longer than {self.timeout:.0f} s for one sentence") from err
        raise AssertionError("unreachable")

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def _running(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawn: a fork would copy the gateway's pjsua threads and locks into the child
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
                weakref.finalize(self, self._pool.shutdown, wait=False, cancel_futures=True)
            return self._pool

    def _forget(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)
