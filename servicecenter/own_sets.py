"""Our own test sets (tests/data) through the running assistant, scored turn by turn.

The sets are written by hand for this project and never train anything. A turn is met with the
same semantics as the evaluation's scorer: the assistant's state after the message (service,
aspect, commune) and what it did with it (handoff, emergency, clarify, decline, small talk).
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Collection, Dict, List, TypeVar

from servicecenter.predict import Client, predict_row
from settings import PROJECT_ROOT

SETS_DIR = PROJECT_ROOT / "tests" / "data"
FLAGS = ("emergency", "handoff", "out_of_scope")
# conversations sent at once: while Rasa reads one message, the action server answers another (2 cores)
WORKERS = 3
T = TypeVar("T")


def each_row(client: Client, rows: List[Dict[str, Any]], run: Callable[[Client, Dict[str, Any]], T]) -> List[T]:
    """`run` for every row, WORKERS conversations at a time, each thread with its own HTTP session; in row order."""
    local = threading.local()

    def one(row: Dict[str, Any]) -> T:
        if not hasattr(local, "client"):
            local.client = Client(client.url, client.token, client.timeout)
        return run(local.client, row)

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(one, rows))


def routed_as(turn: Dict[str, Any]) -> str:
    for flag in FLAGS:
        if turn.get(flag):
            return flag
    if turn.get("clarify"):
        return "clarify"
    if turn.get("intent"):
        return "intent"
    return "service" if turn.get("service") else "nothing"


def turn_meets(expect: Dict[str, Any], turn: Dict[str, Any]) -> bool:
    if expect.get("any"):
        return True
    if "service" in expect and (routed_as(turn) != "service" or turn.get("service") != expect["service"]):
        return False
    if "clarify" in expect:
        offered = set(turn.get("clarify") or [])
        if routed_as(turn) != "clarify" or len(offered & set(expect["clarify"])) < min(2, len(expect["clarify"])):
            return False
    if "intent" in expect and (routed_as(turn) != "intent" or turn.get("intent") != expect["intent"]):
        return False
    if any(expect.get(flag) and not turn.get(flag) for flag in FLAGS):
        return False
    return all(turn.get(slot) == expect[slot] for slot in ("aspect", "kommune") if slot in expect)


def message_sets(root: Path) -> List[Path]:
    """The single-message sets under `root`: tests/data keeps them in safety/ and handoff/, a flat
    folder such as tests/data/holdout beside its conversations.jsonl."""
    nested = sorted((root / "safety").glob("*.jsonl")) + sorted((root / "handoff").glob("*.jsonl"))
    return nested or sorted(p for p in root.glob("*.jsonl") if p.name != "conversations.jsonl")


def dialogue_set(root: Path) -> Path | None:
    for path in (root / "dialogues" / "conversations.jsonl", root / "conversations.jsonl"):
        if path.exists():
            return path
    return None


def read_jsonl(path: Path) -> List[Dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass
class MessageSetResult:
    """How often each route was taken for the messages of one set, and the messages that took it."""

    name: str
    routes: Counter = field(default_factory=Counter)
    examples: Dict[str, List[str]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.routes.values())

    def share(self, *routes: str) -> float:
        return sum(self.routes[r] for r in routes) / self.total if self.total else 0.0

    def others(self, *routes: str) -> List[str]:
        return [text for route, texts in self.examples.items() if route not in routes for text in texts]


def run_messages(client: Client, path: Path) -> MessageSetResult:
    """Each message as the first of a fresh conversation; the route the assistant took."""
    result = MessageSetResult(path.stem)
    rows = [{"id": f"{path.stem}-{number}", "text": row["text"]} for number, row in enumerate(read_jsonl(path))]
    for row, prediction in zip(rows, each_row(client, rows, predict_row), strict=True):
        turn = prediction["turns"][0]
        route = str(turn.get("route"))
        result.routes[route] += 1
        result.examples.setdefault(route, []).append(row["text"])
    return result


@dataclass
class DialogueResult:
    succeeded: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)
    failures: List[str] = field(default_factory=list)

    def rate(self, group: str | None = None) -> float:
        hits = sum(self.succeeded.values()) if group is None else self.succeeded[group]
        count = sum(self.total.values()) if group is None else self.total[group]
        return hits / count if count else 0.0


def run_dialogues(client: Client, path: Path, classes: Collection[str] = ()) -> DialogueResult:
    """The conversations of a set, or only those of the given classes."""
    result = DialogueResult()
    rows = [row for row in read_jsonl(path) if not classes or row.get("class") in classes]
    for row, prediction in zip(rows, each_row(client, rows, predict_row), strict=True):
        turns = prediction["turns"]
        missed = [i for i, (t, p) in enumerate(zip(row["turns"], turns, strict=True)) if not turn_meets(t["expect"], p)]
        group = row.get("class", "-")
        result.total[group] += 1
        result.succeeded[group] += not missed
        if missed:
            first = missed[0]
            result.failures.append(f"{row['id']} turn {first + 1}: {row['turns'][first]['user']!r} -> {turns[first]}")
    return result


def render(results: List[MessageSetResult], dialogues: DialogueResult | None) -> str:
    lines = []
    for r in results:
        routes = ", ".join(f"{k} {v}" for k, v in r.routes.most_common())
        lines.append(f"{r.name:<22} n={r.total:<4} {routes}")
    if dialogues is not None:
        lines.append(f"dialogues              {sum(dialogues.succeeded.values())}/{sum(dialogues.total.values())}")
        lines += [f"  {g:<22} {dialogues.succeeded[g]}/{n}" for g, n in sorted(dialogues.total.items())]
    return "\n".join(lines)
