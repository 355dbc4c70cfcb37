"""`servicecenter kb audit`: the fact audit's measure, repeated by machine over all 100 services and 21 communes.

The audit of December 2026 read the answers to the four aspects citizens ask most about (costs, opening hours,
responsibility, online) and sorted each into concrete, deferring ("ask your Bürgerbüro / 115") or wrong. Here
every answer is composed exactly as the assistant composes it, and sorted by what it states:

  concrete     the fact of the aspect is there: an amount or "kostenlos"; opening times; the office responsible
               for the commune, confirmed by a current source; an online service's address or a plain
               "nur persönlich"
  unconfirmed  the fact is there, but only from old or unconfirmed data, and the answer says so
  defers       no such fact, and the citizen is sent elsewhere to ask (115, "fragen Sie", "erkundigen Sie sich")
  general      neither: a description without the fact, and no referral

Whether a stated fact is *right* is not judged here: every amount and office rests on a source that the table
tests check (tests/test_knowledge_records.py, tests/test_responsibility.py). The source line is left out of the
sorting, as its address and date would look like a fact.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Dict, List, Sequence

from actions.answer import compose_answer
from knowledge.store import KnowledgeBase

AUDITED_ASPECTS = ("kosten", "oeffnungszeiten", "zustaendigkeit", "online")
_AMOUNT = r"\d[\d.]*(,\d{1,2})?\s*(€|euro\b)"
FACT = {
    "kosten": re.compile(
        rf"{_AMOUNT}|kostenlos|kostenfrei|gebührenfrei|keine gebühr|keine kosten|kostet nichts|nichts kosten",
        re.IGNORECASE,
    ),
    "oeffnungszeiten": re.compile(r"\b\d{1,2}([:.]\d{2})?\s*(bis|–|-)\s*\d{1,2}([:.]\d{2})?\s*uhr\b", re.IGNORECASE),
    # the office line names who is responsible for the citizen's commune
    "zustaendigkeit": re.compile(r"zuständig für [^:.]{2,40}: |– zuständig: ", re.IGNORECASE),
    # an online service's address, or a plain yes or no in the aspect's text
    "online": re.compile(
        r"^online: .*https?://|\bja\b|\bnein\b|nur persönlich|nicht online|kein(en)? online|"
        r"online (ist|geht) (\w+ ){0,3}nicht\b|"
        r"(beantragen|melden|stellen) sie persönlich|können sie online|online-antrag an\b|"
        r"online (über|beim|bei der|im|unter|auf)\b|"
        r"online (stellen|beantragen|anmelden|abmelden|melden|buchen|einreichen|bestellen)\b",
        re.IGNORECASE | re.MULTILINE,
    ),
}
DEFERS = re.compile(
    r"\b115\b|fragen sie|erfragen|erkundigen sie|wenden sie sich|ist hier nicht bestätigt|"
    r"ob das bei|was bei ihrer|wie es bei ihnen|"
    r"steht (auf|im|in) (der|dem|deren|dessen|ihrer)? ?(website|internetseite|internetauftritt|seite)",
    re.IGNORECASE,
)
# old or unconfirmed data is marked as such in the answer ("veraltet", "nicht bestätigt"); an undated page
# of the commune itself is current, only not confirmed by it ("nicht von der Kommune bestätigt")
UNCONFIRMED = re.compile(r"veraltet|(?<!von der kommune )nicht bestätigt", re.IGNORECASE)
SOURCE_LINE = re.compile(r"^(Quelle|Source)\b")


def sort_answer(aspect: str, text: str) -> str:
    """concrete, unconfirmed, defers or general (see the module's docstring)."""
    lines = [line for line in text.splitlines() if not SOURCE_LINE.match(line)]
    if aspect == "zustaendigkeit" and DEFERS.search(lines[0] if lines else ""):
        return "defers"  # "Wer für Uetze zuständig ist, ist hier nicht bestätigt …"
    if aspect == "online":  # the office lines' websites and phone numbers say nothing about online
        lines = [line for line in lines[:1] + [line for line in lines if line.startswith("Online: ")]]
        if not any(line.startswith("Online: ") for line in lines) and DEFERS.search("\n".join(lines)):
            return "defers"  # "Ob das bei Ihrer Kommune geht, steht auf deren Internetseite."
    stating = [line for line in lines if FACT[aspect].search(line)]
    if stating:
        return "unconfirmed" if all(UNCONFIRMED.search(line) for line in stating) else "concrete"
    return "defers" if DEFERS.search("\n".join(lines)) else "general"


@dataclass
class AuditResult:
    day: dt.date
    communes: int  # how many were asked about
    counts: Dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # aspect -> kind -> n
    # aspect -> service -> communes whose answer is not concrete
    open_items: Dict[str, Dict[str, List[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))

    def share(self, aspect: str | None = None) -> float:
        counts = [self.counts[aspect]] if aspect else list(self.counts.values())
        total = sum(sum(c.values()) for c in counts)
        return sum(c["concrete"] for c in counts) / total if total else 0.0

    def render(self, details: bool = False) -> str:
        lines = [
            f"Antworten nach Aspekt, Stand {self.day:%d.%m.%Y} (konkret / unbestätigt oder veraltet / verweist / "
            "allgemein):"
        ]
        for aspect in AUDITED_ASPECTS:
            c = self.counts[aspect]
            total = sum(c.values())
            lines.append(
                f"  {aspect:<16} {c['concrete']:>5} / {c['unconfirmed']:>5} / {c['defers']:>5} / {c['general']:>5} "
                f"von {total:>5}"
                f"  konkret {self.share(aspect):.1%}"
            )
        lines.append(f"  {'alle':<16} konkret {self.share():.1%}")
        if details:
            for aspect in AUDITED_ASPECTS:
                items = self.open_items.get(aspect, {})
                lines.append(f"\nNicht konkret bei {aspect}: {len(items)} Leistungen")
                for service, communes in sorted(items.items(), key=lambda item: -len(item[1])):
                    where = "alle Kommunen" if len(communes) == self.communes else ", ".join(communes)
                    lines.append(f"  {service}: {where}")
        return "\n".join(lines)


def audit_answers(
    kb: KnowledgeBase, day: dt.date, services: Sequence[str] | None = None, communes: Sequence[str] | None = None
) -> AuditResult:
    """Every answer of the four aspects for the services and communes given (all of them by default)."""
    names = list(communes or sorted(kb.communes))
    result = AuditResult(day, len(names))
    for service_id in services or sorted(kb.services):
        for aspect in AUDITED_ASPECTS:
            for commune in names:
                text = compose_answer(kb, service_id, aspect, commune, today=day).text
                kind = sort_answer(aspect, text)
                result.counts[aspect][kind] += 1
                if kind != "concrete":
                    result.open_items[aspect][service_id].append(commune)
    return result
