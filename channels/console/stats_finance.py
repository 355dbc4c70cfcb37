"""Each participating commune's share of the month's cost under configurable variants (cost_sharing.yaml).

Shares are in cents and add up to the total exactly (largest remainder). A variant whose figures are missing
for a participant (no inhabitants known, no conversation counted at all) says so and computes no shares:
a wrong invoice is worse than none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any, Dict, List, Mapping

import yaml

from channels.console.stats_report import MonthFigures
from knowledge.store import COMMUNES_FILE

CONFIG = Path(__file__).parent / "cost_sharing.yaml"
BASES = {"einwohner": "Einwohner", "gespraeche": "Gespräche", "uebergaben": "übergebene Fälle"}


@dataclass(frozen=True)
class Variant:
    name: str
    weights: Dict[str, Decimal]  # basis -> weight, summing to 1


@dataclass(frozen=True)
class CostConfig:
    total_cost: Decimal | None
    participants: List[str]
    inhabitants: Dict[str, int]
    inhabitant_sources: Dict[str, str]
    variants: List[Variant]


@dataclass
class VariantResult:
    variant: Variant
    inputs: Dict[str, Dict[str, int | None]]  # basis -> commune -> figure
    shares: Dict[str, Decimal] = field(default_factory=dict)  # commune -> euros; empty when not computable
    problems: List[str] = field(default_factory=list)


def load_config(path: Path = CONFIG, communes_file: Path | None = None) -> CostConfig:
    raw: Dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    communes = _communes(communes_file or COMMUNES_FILE)
    inhabitants: Dict[str, int] = {}
    sources: Dict[str, str] = {}
    for name, entry in (raw.get("inhabitants") or {}).items():
        if entry and entry.get("count") and entry.get("source"):
            inhabitants[name], sources[name] = int(entry["count"]), str(entry["source"])
    for c in communes:  # knowledge/communes.yaml wins where it has the figure
        if c.get("inhabitants"):
            inhabitants[c["name"]], sources[c["name"]] = int(c["inhabitants"]), "knowledge/communes.yaml"
    participants = list(raw.get("participants") or [c["name"] for c in communes if c.get("servicecenter_pilot")])
    cost = raw.get("total_cost_eur")
    return CostConfig(
        Decimal(str(cost)) if cost is not None else None,
        participants,
        inhabitants,
        sources,
        [_variant(v) for v in raw.get("variants") or []],
    )


def _communes(path: Path) -> List[Dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list(data.get("communes") or [])


def _variant(raw: Mapping[str, Any]) -> Variant:
    basis = raw["basis"]
    weights = {basis: Decimal(1)} if isinstance(basis, str) else {k: Decimal(str(w)) for k, w in basis.items()}
    unknown = set(weights) - set(BASES)
    if unknown or sum(weights.values()) != 1:
        raise ValueError(f"Kostenvariante '{raw['name']}': Grundlage {sorted(unknown) or weights} ungültig")
    return Variant(str(raw["name"]), weights)


def figures_for(basis: str, figures: MonthFigures, config: CostConfig, commune: str) -> int | None:
    if basis == "einwohner":
        return config.inhabitants.get(commune)
    f = figures.communes.get(commune)
    metric = "conversations" if basis == "gespraeche" else "handoffs"
    return f.counts[metric] if f else 0


def share(figures: MonthFigures, config: CostConfig, total: Decimal) -> List[VariantResult]:
    results = []
    for variant in config.variants:
        inputs = {b: {c: figures_for(b, figures, config, c) for c in config.participants} for b in variant.weights}
        result = VariantResult(variant, inputs)
        for basis, values in inputs.items():
            missing = [c for c, v in values.items() if v is None]
            if missing:
                result.problems.append(f"{BASES[basis]} fehlen für: {', '.join(missing)}")
            elif not sum(v or 0 for v in values.values()):
                result.problems.append(f"{BASES[basis]}: Summe 0, kein Schlüssel möglich")
        if not result.problems and config.participants:
            exact = {
                c: sum(
                    (total * w * Decimal(inputs[b][c] or 0) / Decimal(sum(v or 0 for v in inputs[b].values()))
                     for b, w in variant.weights.items()),
                    Decimal(0),
                )
                for c in config.participants
            }  # fmt: skip
            result.shares = _round_to_cents(exact, total)
        results.append(result)
    return results


def _round_to_cents(exact: Dict[str, Decimal], total: Decimal) -> Dict[str, Decimal]:
    """Cents rounded down, then the cents left over go to the largest remainders (ties: alphabetical)."""
    cents = {c: (v * 100).to_integral_value(ROUND_FLOOR) for c, v in exact.items()}
    left = int(total * 100 - sum(cents.values()))
    order = sorted(exact, key=lambda c: (-(exact[c] * 100 - cents[c]), c))
    for c in order[:left]:
        cents[c] += 1
    return {c: (cents[c] / 100).quantize(Decimal("0.01")) for c in exact}


def render_finance(figures: MonthFigures, config: CostConfig) -> List[str]:
    lines = [f"Kostenaufteilung {figures.month}"]
    if not config.participants:
        return [
            *lines,
            "  Keine teilnehmende Kommune: in knowledge/communes.yaml ist keine mit servicecenter_pilot: true; "
            "Teilnehmer mit participants: in channels/console/cost_sharing.yaml oder --communes festlegen.",
        ]
    if config.total_cost is None:
        return [*lines, "  Gesamtkosten nicht eingestellt (total_cost_eur in cost_sharing.yaml oder --cost EUR)."]
    lines.append(f"  Gesamtkosten {_euro(config.total_cost)} · Teilnehmer: {', '.join(config.participants)}")
    for result in share(figures, config, config.total_cost):
        weights = " + ".join(f"{w * 100:.0f} % {BASES[b]}" for b, w in result.variant.weights.items())
        lines.append(f"  Variante „{result.variant.name}“ ({weights}):")
        for basis, values in result.inputs.items():
            given = ", ".join(f"{c} {'fehlt' if v is None else v}" for c, v in values.items())
            source = ""
            if basis == "einwohner":
                known = sorted({config.inhabitant_sources[c] for c in values if c in config.inhabitant_sources})
                source = f" (Quelle: {'; '.join(known)})" if known else ""
            lines.append(f"    Eingabe {BASES[basis]}: {given}{source}")
        lines += [f"    nicht berechnet: {p}" for p in result.problems]
        lines += [f"    {c}: {_euro(v)}" for c, v in result.shares.items()]
    return lines


def _euro(value: Decimal) -> str:
    text = f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{text} €"
