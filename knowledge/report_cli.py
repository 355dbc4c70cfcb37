"""Command line of the completeness report: all communes, or one commune's worklist as text or CSV.

`servicecenter kb report` calls `add_report_options` and `run_report` (servicecenter/cli.py); the module also
runs alone: `python -m knowledge.report_cli --commune Burgdorf --csv`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import List

from knowledge.commune_report import build_commune_report
from knowledge.report import build_report
from knowledge.store import KnowledgeBase, KnowledgeError, load_knowledge
from knowledge.translations import FIELDS, Translations, render_status, translation_status

DEFAULT_MAX_AGE_DAYS = 365


def add_report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-age-days", type=int, default=None, help="ab wie vielen Tagen ein Eintrag veraltet ist")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--commune", help="Arbeitsliste einer Kommune: je Top-100-Leistung Stelle, Kontakt, Zeiten")
    parser.add_argument("--csv", action="store_true", help="mit --commune: als CSV")
    parser.add_argument("--translations", action="store_true", help="jede veraltete oder fehlende Übersetzung nennen")


def run_report(args: argparse.Namespace, kb: KnowledgeBase, max_age_days: int, today: dt.date | None = None) -> str:
    day = today or dt.date.today()
    if args.commune:
        report = build_commune_report(kb, args.commune, day)
        if args.csv:
            return report.csv()
        if args.json:
            return json.dumps([row.as_dict() for row in report.rows], ensure_ascii=False, indent=2)
        return report.render()
    if args.csv:
        raise KnowledgeError("--csv needs --commune NAME")
    full = build_report(kb, args.max_age_days or max_age_days, day)
    statuses = translation_status(kb, Translations())
    if args.json:
        translated = {s.code: {"fresh": s.fresh, "stale": s.stale, "missing": s.missing} for s in statuses}
        return json.dumps({**full.as_dict(), "translations": translated}, ensure_ascii=False, indent=2)
    total = len(kb.services) * len(FIELDS)
    return full.render() + "\n" + render_status(statuses, total, details=args.translations)


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge.report_cli", description="Vollständigkeitsbericht")
    add_report_options(parser)
    args = parser.parse_args(argv)
    try:
        print(run_report(args, load_knowledge(), DEFAULT_MAX_AGE_DAYS))
    except KnowledgeError as err:
        print(f"Fehler: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
