"""`servicecenter run` restarts a stopped server with backoff and says which one, why and what it logged."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from servicecenter.runner import stop_on_signals
from servicecenter.supervisor import Child, Supervisor


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def child(tmp_path, name: str, code: str) -> Child:
    started = Child(name, [sys.executable, "-c", code], {}, tmp_path, tmp_path / f"{name}.log")
    started.start()
    return started


def test_a_stopped_child_is_reported_with_its_exit_code_and_log_and_started_again_with_growing_delays(tmp_path):
    crashing = child(tmp_path, "Action-Server", "print('Verbindung zur Datenbank verloren'); raise SystemExit(3)")
    steady = child(tmp_path, "Rasa-Server", "import time; time.sleep(30)")
    said: list[str] = []
    clock = Clock()
    supervisor = Supervisor([crashing, steady], said.append, clock=clock, first_delay=1.0, max_delay=4.0)
    crashing.process.wait(timeout=10)

    supervisor.check()
    assert len(said) == 1
    assert "Action-Server ist beendet (Exit-Code 3); Neustart in 1 s" in said[0]
    assert "Verbindung zur Datenbank verloren" in said[0]
    supervisor.check()  # the delay is not over yet
    assert supervisor.restarts("Action-Server") == 0

    clock.now = 1.0
    supervisor.check()
    assert supervisor.restarts("Action-Server") == 1 and said[-1] == "Action-Server neu gestartet (1. Neustart)."
    crashing.process.wait(timeout=10)
    supervisor.check()
    assert "Neustart in 2 s" in said[-1]  # the delay doubles …
    for _ in range(4):
        clock.now += 10
        supervisor.check()
        crashing.process.wait(timeout=10)
        supervisor.check()
    assert "Neustart in 4 s" in said[-1]  # … up to its limit
    assert supervisor.restarts("Rasa-Server") == 0 and steady.process.poll() is None
    steady.process.kill()
    steady.process.wait()


def test_the_first_stop_signal_interrupts_and_a_second_does_not_cut_the_shutdown_short():
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        stop_on_signals()
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)  # the handler runs here
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_IGN
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
        os.kill(os.getpid(), signal.SIGTERM)  # ignored: the shutdown goes on
    finally:
        signal.signal(signal.SIGTERM, before[0])
        signal.signal(signal.SIGINT, before[1])
