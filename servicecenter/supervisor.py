"""`servicecenter run` keeps its servers alive: a child that stops is restarted with backoff.

Before, a crashed action server took the whole assistant down without a word. Now the operator reads
which child stopped, its exit code and the last lines of its log, on the terminal and in
var/run/runner.log, and that it was started again. Only Ctrl-C or SIGTERM stops everything.
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List

LOG_LINES = 15  # of the stopped child's log, for the report


@dataclass
class Child:
    name: str
    argv: List[str]
    env: Dict[str, str]
    cwd: Path
    log: Path
    process: subprocess.Popen = field(init=False)

    @property
    def started(self) -> bool:
        return hasattr(self, "process")

    def start(self) -> None:
        with self.log.open("ab") as out:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(self.argv, env=self.env, cwd=self.cwd, stdout=out, stderr=subprocess.STDOUT)


@dataclass
class _Watch:
    delay: float
    started: float = 0.0
    due: float | None = None  # when a stopped child is started again
    restarts: int = 0


class Supervisor:
    def __init__(
        self,
        children: List[Child],
        report: Callable[[str], None],
        clock: Callable[[], float] = time.monotonic,
        first_delay: float = 1.0,
        max_delay: float = 60.0,
        stable_after: float = 300.0,
    ) -> None:
        self.children = children
        self._report = report
        self._clock = clock
        self._first_delay = first_delay
        self._max_delay = max_delay
        self._stable_after = stable_after  # running this long, a child's backoff starts afresh
        self._watch = {c.name: _Watch(first_delay, clock()) for c in children}

    def check(self) -> None:
        """Called about once a second: notice a stopped child, start it again when its delay is over."""
        now = self._clock()
        for child in self.children:
            watch = self._watch[child.name]
            if child.process.poll() is None:
                if now - watch.started >= self._stable_after:
                    watch.delay = self._first_delay
                continue
            if watch.due is None:
                watch.due = now + watch.delay
                code = child.process.returncode
                how = f"Signal {-code}" if code < 0 else f"Exit-Code {code}"
                self._report(
                    f"{child.name} ist beendet ({how}); Neustart in "
                    f"{watch.delay:.0f} s. Letzte Zeilen aus {child.log}:\n{last_lines(child.log)}"
                )
            elif now >= watch.due:
                child.start()
                watch.restarts += 1
                watch.started, watch.due = now, None
                watch.delay = min(watch.delay * 2, self._max_delay)
                self._report(f"{child.name} neu gestartet ({watch.restarts}. Neustart).")

    def restarts(self, name: str) -> int:
        return self._watch[name].restarts


def last_lines(log: Path, count: int = LOG_LINES) -> str:
    if not log.exists():
        return "(kein Log)"
    with log.open("rb") as fh:
        fh.seek(max(0, log.stat().st_size - 8192))
        lines = fh.read().decode("utf-8", "replace").splitlines()[-count:]
    return "\n".join("  " + line for line in lines) or "(Log leer)"
