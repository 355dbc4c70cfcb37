"""`servicecenter bench facts`: factual questions through the running assistant, checked for the fact itself.

Each question is the first message of a fresh conversation, sent as the widget on its commune's website
sends it (metadata `commune`). It counts as answered when the reply is a service answer and contains one
of the expected spellings of the fact (an amount, a deadline, an office). The expected facts were taken
from official pages by whoever wrote the set, not from our knowledge base, so a miss shows a fact that is
missing, worded differently, or wrong.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List

from servicecenter.own_sets import SETS_DIR, each_row, read_jsonl
from servicecenter.predict import Client, turn_record

FACTS_FILE = SETS_DIR / "facts" / "questions.jsonl"
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


def normalised(text: str) -> str:
    """Case and the kinds of space Babel writes between a figure and its unit do not matter."""
    return _SPACES.sub(" ", text.casefold())


_CURRENCY = r"(?:€|eur\b|euro\b|euros\b|avro\b|євро|евро|يورو)"
_NUMBER = r"(\d{1,3}(?:[.\u00a0\u202f ]\d{3})+|\d+)(?:[.,](\d{1,2}))?"
_AMOUNT = re.compile(rf"{_CURRENCY}\s?{_NUMBER}|{_NUMBER}\s?{_CURRENCY}", re.IGNORECASE)
_BARE_AMOUNT = re.compile(rf"^\s*{_NUMBER}\s*$")


def _value(whole: str, cents: str | None) -> Decimal:
    return Decimal(re.sub(r"\D", "", whole)) + Decimal(f"0.{cents or '0'}")


def amounts(text: str) -> set[Decimal]:
    """The amounts of money a text names, whatever the locale writes: "46 €", "€46", "46,00 Euro", "EUR 46.00"."""
    found = set()
    for match in _AMOUNT.finditer(text):
        whole, cents = (match[1], match[2]) if match[1] else (match[3], match[4])
        found.add(_value(whole, cents))
    return found


def states_fact(reply: str, expected: List[str], kind: str = "") -> bool:
    """The reply names one of the expected spellings; for an amount, also the same amount in another locale's
    format (a French reply writes "46,00 €", an English one "€46")."""
    said = normalised(reply)
    if any(normalised(fact) in said for fact in expected if fact.strip()):
        return True
    if kind != "amount":
        return False
    wanted = set().union(*(amounts(fact) for fact in expected))
    wanted |= {_value(m[1], m[2]) for fact in expected if (m := _BARE_AMOUNT.match(fact))}
    return bool(wanted & amounts(reply))


def ask(client: Client, row: Dict[str, Any]) -> Dict[str, Any]:
    """The turn record of one question asked from the commune's website."""
    sender = f"predict-facts-{row.get('id', 'x')}-{uuid.uuid4().hex[:10]}"
    replies, latency = client.send(sender, row["text"], {"commune": row["commune"]} if row.get("commune") else None)
    return turn_record(client.tracker(sender), replies, latency)


@dataclass
class FactResult:
    total: Counter = field(default_factory=Counter)
    stated: Counter = field(default_factory=Counter)
    routed: Counter = field(default_factory=Counter)
    failures: List[str] = field(default_factory=list)

    def add(self, row: Dict[str, Any], turn: Dict[str, Any]) -> None:
        aspect = str(row.get("aspect") or "-")
        answered = turn.get("route") == "answer"
        right_service = answered and turn.get("service") == row.get("service")
        expected, kind = list(row.get("expect_any") or []), str(row.get("expect_kind") or "")
        found = answered and states_fact(str(turn.get("reply") or ""), expected, kind)
        self.total[aspect] += 1
        self.routed[aspect] += right_service
        self.stated[aspect] += found
        if not found:
            first = str(turn.get("reply") or "").strip().splitlines()[:2]
            self.failures.append(
                f"{row.get('id')} [{row.get('service')}/{aspect}, {row.get('commune')}] {row['text']!r}\n"
                f"    erwartet eines von {row.get('expect_any')}\n"
                f"    route={turn.get('route')} service={turn.get('service')} aspect={turn.get('aspect')}: "
                f"{' / '.join(first)[:300]}"
            )

    def render(self) -> str:
        lines = ["Aspekt            n    richtiger Dienst   Fakt genannt"]
        for aspect, n in sorted(self.total.items()):
            lines.append(
                f"{aspect:<17} {n:<4} {self.routed[aspect] / n:.3f}              {self.stated[aspect] / n:.3f}"
            )
        n = sum(self.total.values())
        if n:
            routed, stated = sum(self.routed.values()), sum(self.stated.values())
            lines.append(f"{'alle':<17} {n:<4} {routed / n:.3f}              {stated / n:.3f} ({stated}/{n})")
        return "\n".join(lines)


def run_facts(client: Client, path: Path = FACTS_FILE) -> FactResult:
    rows = read_jsonl(path)
    result = FactResult()
    for row, turn in zip(rows, each_row(client, rows, ask), strict=True):
        result.add(row, turn)
    return result
