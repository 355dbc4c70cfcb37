"""The month's figures per commune, from the counters (actions/stats_store.py): one computation for the admin
page, `servicecenter stats` and its CSV, so all three show the same numbers."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Dict, List

from actions.stats_store import UNKNOWN, Count

TOP = 5


@dataclass
class CommuneFigures:
    kommune: str
    counts: Counter[str] = field(default_factory=Counter)  # metric -> n
    conversations_by_channel: Counter[str] = field(default_factory=Counter)
    messages_by_channel: Counter[str] = field(default_factory=Counter)
    conversations_by_language: Counter[str] = field(default_factory=Counter)
    messages_by_language: Counter[str] = field(default_factory=Counter)
    services: Counter[str] = field(default_factory=Counter)
    aspects: Counter[str] = field(default_factory=Counter)

    @property
    def contained(self) -> int:
        """Conversations that ended without a handoff (a conversation's commune may become known only after
        its first message, so a commune's handoffs can outnumber its conversations: never below 0)."""
        return max(self.counts["conversations"] - self.counts["handed_over"], 0)

    @property
    def containment(self) -> float | None:
        n = self.counts["conversations"]
        return self.contained / n if n else None


@dataclass
class MonthFigures:
    month: str
    communes: Dict[str, CommuneFigures]
    feedback_counted: bool  # whether any feedback counter exists (the feedback feature writes them)

    @property
    def total(self) -> CommuneFigures:
        total = CommuneFigures("Gesamt")
        for c in self.communes.values():
            for name in ("counts", "conversations_by_channel", "messages_by_channel", "conversations_by_language"):
                getattr(total, name).update(getattr(c, name))
            for name in ("messages_by_language", "services", "aspects"):
                getattr(total, name).update(getattr(c, name))
        return total


def month_figures(month: str, counts: List[Count]) -> MonthFigures:
    communes: Dict[str, CommuneFigures] = defaultdict(lambda: CommuneFigures(""))
    feedback = False
    for c in counts:
        if c.month != month:
            continue
        f = communes[c.kommune]
        f.kommune = c.kommune
        if c.metric == "service":
            f.services[c.key] += c.count
        elif c.metric == "aspect":
            f.aspects[c.key] += c.count
        else:
            f.counts[c.metric] += c.count
            feedback = feedback or c.metric.startswith("feedback_")
        if c.metric == "conversations":
            f.conversations_by_channel[c.channel] += c.count
            f.conversations_by_language[c.language] += c.count
        if c.metric == "messages":
            f.messages_by_channel[c.channel] += c.count
            f.messages_by_language[c.language] += c.count
    ordered = sorted(communes, key=lambda k: (k == UNKNOWN, k))
    return MonthFigures(month, {k: communes[k] for k in ordered}, feedback)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def _split(counter: Counter[str]) -> str:
    return ", ".join(f"{k} {n}" for k, n in sorted(counter.items(), key=lambda i: (-i[1], i[0]))) or "–"


def _top(counter: Counter[str]) -> str:
    return _split(Counter(dict(sorted(counter.items(), key=lambda i: (-i[1], i[0]))[:TOP])))


def render_lines(figures: MonthFigures) -> List[str]:
    lines = [f"Statistik {figures.month} (nur Zählwerte, keine Texte, keine Absender)"]
    for f in [*figures.communes.values(), figures.total] if figures.communes else []:
        n = f.counts
        lines += [
            f"{f.kommune}:",
            f"  Gespräche {n['conversations']} (Kanal: {_split(f.conversations_by_channel)}; "
            f"Sprache: {_split(f.conversations_by_language)})",
            f"  Nachrichten {n['messages']} (Kanal: {_split(f.messages_by_channel)}; "
            f"Sprache: {_split(f.messages_by_language)})",
            f"  beantwortet {n['answered']} · Rückfrage {n['clarified']} · übergeben {n['handoffs']} · "
            f"Notfall {n['emergencies']} · nicht verstanden {n['fallbacks']}",
            f"  ohne Übergabe beendet {f.contained} von {n['conversations']} ({_pct(f.containment)})",
            f"  häufigste Leistungen: {_top(f.services)}",
            f"  häufigste Aspekte: {_top(f.aspects)}",
            f"  Rückmeldung hilfreich ja {n['feedback_yes']} · nein {n['feedback_no']}",
        ]
    if not figures.communes:
        lines.append("Keine Zählwerte für diesen Monat.")
    if not figures.feedback_counted:
        lines.append("In diesem Monat gab es keine Rückmeldung (ja/nein) im Web-Chat oder am Telefon.")
    return lines


CSV_COLUMNS = [
    "monat", "kommune", "gespraeche", "nachrichten", "beantwortet", "rueckfrage", "uebergeben", "notfall",
    "nicht_verstanden", "gespraeche_uebergeben", "ohne_uebergabe", "rueckmeldung_ja", "rueckmeldung_nein",
]  # fmt: skip
METRIC_COLUMNS = [
    "conversations", "messages", "answered", "clarified", "handoffs", "emergencies", "fallbacks", "handed_over",
]  # fmt: skip


def render_csv(figures: MonthFigures) -> str:
    """One row per commune, then channel, language, service and aspect rows (`art`, `wert`, `anzahl`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in figures.communes.values():
        n = f.counts
        writer.writerow(
            [
                figures.month,
                f.kommune,
                *(n[m] for m in METRIC_COLUMNS),
                f.contained,
                n["feedback_yes"],
                n["feedback_no"],
            ]
        )
    writer.writerow([])
    writer.writerow(["monat", "kommune", "art", "wert", "anzahl"])
    for f in figures.communes.values():
        for kind, counter in (
            ("gespraeche_kanal", f.conversations_by_channel),
            ("nachrichten_kanal", f.messages_by_channel),
            ("gespraeche_sprache", f.conversations_by_language),
            ("nachrichten_sprache", f.messages_by_language),
            ("leistung", f.services),
            ("aspekt", f.aspects),
        ):
            for value, count in sorted(counter.items(), key=lambda i: (-i[1], i[0])):
                writer.writerow([figures.month, f.kommune, kind, value, count])
    return out.getvalue()
