"""`servicecenter stats` (the month's figures and the cost sharing) and `servicecenter bench traffic`."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, List

from actions.stats_store import StatsStore, month_of
from channels.console.stats_finance import CONFIG, load_config, render_finance
from channels.console.stats_report import month_figures, render_csv, render_lines
from settings import get_settings


def stats_output(
    db_url: str, month: str, as_csv: bool, config_file: Path, cost: str | None, communes: str | None
) -> str:
    figures = month_figures(month, StatsStore(db_url).counts([month]))
    if as_csv:
        return render_csv(figures).rstrip("\n")
    config = load_config(config_file)
    if cost is not None:
        try:
            config = dataclasses.replace(config, total_cost=Decimal(cost.replace(",", ".")))
        except InvalidOperation as err:
            raise ValueError(f"--cost: keine Zahl: {cost!r}") from err
    if communes:
        config = dataclasses.replace(config, participants=[c.strip() for c in communes.split(",") if c.strip()])
    return "\n".join([*render_lines(figures), "", *render_finance(figures, config)])


def cmd_stats(args: argparse.Namespace) -> int:
    month = args.month or month_of(dt.datetime.now(dt.timezone.utc))
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise ValueError(f"--month: erwartet JJJJ-MM, nicht {month!r}")
    config = Path(args.config) if args.config else CONFIG
    print(stats_output(get_settings().handoff_db_url, month, args.csv, config, args.cost, args.communes))
    return 0


def cmd_bench_traffic(args: argparse.Namespace) -> int:
    from servicecenter.bench_traffic import run_traffic
    from servicecenter.predict import rasa_address

    url, token = rasa_address(args, get_settings())
    print(run_traffic(url, token, args.conversations, print).line())
    return 0


def add_stats_commands(sub: Any, bench: Any) -> None:
    p = sub.add_parser("stats", help="Zählwerte je Kommune und Monat, Kostenaufteilung (wie die Admin-Seite)")
    p.add_argument("--month", help="JJJJ-MM (Standard: dieser Monat)")
    p.add_argument("--csv", action="store_true", help="Zählwerte als CSV (ohne Kostenaufteilung)")
    p.add_argument("--cost", help="Gesamtkosten des Monats in Euro (statt total_cost_eur)")
    p.add_argument("--communes", help="teilnehmende Kommunen, durch Komma getrennt (statt participants)")
    p.add_argument("--config", help=f"Kostenaufteilung (Standard: {CONFIG.name})")
    p.set_defaults(func=cmd_stats)
    p = bench.add_parser("traffic", help="Demo: N erzeugte Gespräche durch den laufenden Assistenten (für stats)")
    p.add_argument("--conversations", type=int, default=30)
    p.add_argument("--url", help="Rasa-Server (Standard: aus den Einstellungen)")
    p.set_defaults(func=cmd_bench_traffic)


__all__: List[str] = ["add_stats_commands", "stats_output"]
