"""The baseline of `servicecenter bench`: a plain Rasa NLU model with one intent per service.

Trained on the same example questions (all of them, each under its service id), and asked the
same messages in-process, like our own model, so accuracy and NLU latency stand side by side.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List

from knowledge.store import EXAMPLES_DIR, load_examples_file
from servicecenter.percentiles import p50_p95
from settings import PROJECT_ROOT, Settings

BASELINE_CONFIG = PROJECT_ROOT / "bot" / "baseline" / "config.yml"


@dataclass
class NluRun:
    name: str
    accuracy: float
    n: int
    latencies_ms: List[float]

    def line(self) -> str:
        p50, p95 = p50_p95(self.latencies_ms)
        return (
            f"{self.name:<44} service top-1 {self.accuracy:.3f} (n={self.n})  NLU p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"
        )


def baseline_nlu_yaml() -> str:
    lines = ['version: "3.1"', "nlu:"]
    for path in sorted(EXAMPLES_DIR.glob("*.yml")):
        for sid, texts in load_examples_file(path).items():
            lines += [f"- intent: {sid}", "  examples: |", *[f"    - {' '.join(t.split())}" for t in texts]]
    return "\n".join(lines) + "\n"


def train_baseline(settings: Settings) -> Path:
    data = settings.work_dir / "train" / "baseline_nlu.yml"
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text(baseline_nlu_yaml(), encoding="utf-8")
    digest = hashlib.sha256(BASELINE_CONFIG.read_bytes() + data.read_bytes())
    name = f"baseline-{digest.hexdigest()[:16]}"
    model = settings.models_dir / f"{name}.tar.gz"
    if not model.exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "rasa",
                "train",
                "nlu",
                "--config",
                str(BASELINE_CONFIG),
                "--nlu",
                str(data),
                "--out",
                str(settings.models_dir),
                "--fixed-model-name",
                name,
            ],
            check=True,
            cwd=PROJECT_ROOT,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        )
    return model


def measure(
    name: str, model: Path, rows: List[Dict[str, Any]], service_of: Callable[[Dict[str, Any]], str | None]
) -> NluRun:
    """Parse every row's text with the model in this process; compare to the expected service."""
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # Rasa's debug log would print every citizen message
    logging.getLogger("rasa").setLevel(logging.WARNING)
    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()
    try:
        for row in rows[:5]:
            loop.run_until_complete(agent.parse_message(row["text"]))
        hits, latencies = 0, []
        for row in rows:
            started = time.perf_counter()
            parsed = loop.run_until_complete(agent.parse_message(row["text"]))
            latencies.append((time.perf_counter() - started) * 1000)
            hits += int(service_of(parsed) == row["expect"]["service"])
    finally:
        loop.close()
    return NluRun(name, hits / max(len(rows), 1), len(rows), latencies)


def baseline_service(parsed: Dict[str, Any]) -> str | None:
    intent = parsed.get("intent") or {}
    name = intent.get("name")
    return str(name) if name else None


def our_service(parsed: Dict[str, Any]) -> str | None:
    retrieval = parsed.get("service_retrieval") or {}
    candidates = retrieval.get("candidates") or []
    return str(candidates[0]["service"]) if candidates else None
