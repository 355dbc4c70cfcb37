"""Benchmarks that print figures: `servicecenter bench retrieval`."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

from knowledge.retriever import Retriever
from servicecenter.percentiles import p50_p95


@dataclass
class RetrievalBench:
    rows: int = 0
    top1: int = 0
    top3: int = 0
    by_style: Dict[str, List[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    latencies_ms: List[float] = field(default_factory=list)

    def render(self, source: Path) -> str:
        p50, p95 = p50_p95(self.latencies_ms)
        lines = [
            f"retrieval benchmark on {source} ({self.rows} rows that expect a service)",
            f"top-1 {self.top1 / max(self.rows, 1):.3f}   top-3 {self.top3 / max(self.rows, 1):.3f}",
            f"{'style':<16} {'n':>4} {'top-1':>6} {'top-3':>6}",
        ]
        for style in sorted(self.by_style):
            n, t1, t3 = self.by_style[style]
            lines.append(f"{style:<16} {n:>4} {t1 / n:>6.3f} {t3 / n:>6.3f}")
        lines.append(f"time per query: p50 {p50:.1f} ms  p95 {p95:.1f} ms  (n={len(self.latencies_ms)}, one thread)")
        return "\n".join(lines)


def load_service_rows(path: Path) -> List[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{number}: not JSON ({err.msg})") from err
            if isinstance(row.get("expect"), dict) and "service" in row["expect"] and "text" in row:
                rows.append(row)
    return rows


def bench_retrieval(retriever: Retriever, rows: List[dict], warmup: int = 5) -> RetrievalBench:
    for row in rows[:warmup]:
        retriever.search(row["text"])
    result = RetrievalBench()
    for row in rows:
        started = time.perf_counter()
        found = retriever.search(row["text"], k=3)
        result.latencies_ms.append((time.perf_counter() - started) * 1000)
        ids = [m.service_id for m in found.matches]
        want = row["expect"]["service"]
        hit1, hit3 = int(ids[:1] == [want]), int(want in ids)
        result.rows += 1
        result.top1 += hit1
        result.top3 += hit3
        stats = result.by_style[row.get("style", "-")]
        stats[0] += 1
        stats[1] += hit1
        stats[2] += hit3
    return result
