"""`servicecenter bench`: latency, throughput and memory of the running assistant over REST."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Sequence

from servicecenter.percentiles import p50_p95
from servicecenter.predict import Client


@dataclass
class LatencyRun:
    label: str
    latencies_ms: List[float]
    seconds: float

    def line(self) -> str:
        p50, p95 = p50_p95(self.latencies_ms)
        return (
            f"{self.label:<34} n={len(self.latencies_ms):>4}  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
            f"{len(self.latencies_ms) / self.seconds:6.1f} turns/s"
        )


def sequential(client: Client, texts: Sequence[str], turns: int) -> LatencyRun:
    """One conversation after another, three turns each, until `turns` turns were sent."""
    latencies: List[float] = []
    started = time.perf_counter()
    sender = ""
    for i in range(turns):
        if i % 3 == 0:
            sender = f"bench-{uuid.uuid4().hex[:10]}"
        _, ms = client.send(sender, texts[i % len(texts)])
        latencies.append(ms)
    return LatencyRun("sequential", latencies, time.perf_counter() - started)


def concurrent(
    client_factory: Callable[[], Client], texts: Sequence[str], conversations: int, turns_each: int
) -> LatencyRun:
    def one(index: int) -> List[float]:
        client = client_factory()
        sender = f"bench-c{index}-{uuid.uuid4().hex[:8]}"
        return [client.send(sender, texts[(index * 7 + t) % len(texts)])[1] for t in range(turns_each)]

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=conversations) as pool:
        results = list(pool.map(one, range(conversations)))
    return LatencyRun(
        f"{conversations} concurrent conversations", [ms for r in results for ms in r], time.perf_counter() - started
    )


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (MB), from /proc."""
    total = 0
    for candidate in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{candidate}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def _children(pid: int) -> List[int]:
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    found = [int(k) for k in kids]
    for kid in list(found):
        found.extend(_children(kid))
    return found


def summary(values: Dict[str, str]) -> str:
    width = max(len(k) for k in values)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in values.items())
