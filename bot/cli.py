"""`servicecenter`: the operator's command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable, List

from bot.bench import bench_retrieval, load_service_rows
from bot.runtime import open_embedder, open_knowledge, open_retriever
from bot.settings import get_settings
from knowledge.build import build_index
from knowledge.report import build_report
from knowledge.store import SERVICES_DIR, KnowledgeError
from knowledge.xzufi import import_xzufi


def cmd_kb_build(args: argparse.Namespace) -> int:
    settings = get_settings()
    result = build_index(open_knowledge(), open_embedder(settings), settings.index_dir, force=args.force)
    m = result.manifest
    if not result.built:
        print(f"Index ist aktuell ({m.passages} Passagen, {m.embedder_id}, Wissensstand {m.knowledge_hash}).")
        return 0
    print(
        f"Index gebaut ({result.reason}): {m.passages} Passagen, {m.embedder_id}, dim {m.dim}, "
        f"{m.build_seconds} s -> {settings.index_dir}"
    )
    print("Kalibrierung (Beispielfragen, leave-one-out): " + json.dumps(m.calibration_report, ensure_ascii=False))
    return 0


def cmd_kb_report(args: argparse.Namespace) -> int:
    report = build_report(open_knowledge(), args.max_age_days or get_settings().stale_after_days)
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) if args.json else report.render())
    return 0


def cmd_kb_import(args: argparse.Namespace) -> int:
    results = import_xzufi(Path(args.file), open_knowledge(), SERVICES_DIR, args.service, args.dry_run)
    for r in results:
        target = r.service_id or "-"
        print(f"Leistung {r.leika} '{r.name}' -> {target}")
        print(f"  übernommen: {', '.join(r.updated) or '-'}")
        print(f"  unverändert (nicht in der Datei): {', '.join(r.kept) or '-'}")
        print(f"  nicht abgebildet: {', '.join(r.unmapped) or '-'}")
    print("Probelauf: nichts geschrieben." if args.dry_run else "Geschrieben; danach 'servicecenter kb build'.")
    return 0


def cmd_kb_search(args: argparse.Namespace) -> int:
    retriever = open_retriever(get_settings())
    queries = [" ".join(args.text)] if args.text else _prompt_lines()
    for query in queries:
        result = retriever.search(query)
        print(f"Konfidenz {result.confidence:.2f}")
        for m in result.matches:
            print(f"  {m.score:.3f}  {m.service_id:<34} {m.passages[0].text[:70] if m.passages else ''}")
    return 0


def _prompt_lines() -> List[str]:
    lines = []
    print("Frage eingeben (leere Zeile beendet):")
    for line in sys.stdin:
        if not line.strip():
            break
        lines.append(line)
    return lines


def cmd_bench_retrieval(args: argparse.Namespace) -> int:
    settings = get_settings()
    source = Path(args.input) if args.input else settings.eval_dir / "dev.jsonl"
    rows = load_service_rows(source)
    if not rows:
        print(f"{source}: no rows that expect a service", file=sys.stderr)
        return 2
    print(bench_retrieval(open_retriever(settings), rows).render(source))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="servicecenter", description="Servicecenter-Assistent Region Hannover")
    sub = parser.add_subparsers(dest="group", required=True)
    kb = sub.add_parser("kb", help="Wissensbasis").add_subparsers(dest="command", required=True)
    p = kb.add_parser("build", help="Vektorindex bauen (nur wenn sich das Wissen geändert hat)")
    p.add_argument("--force", action="store_true", help="auch bauen, wenn der Index aktuell ist")
    p.set_defaults(func=cmd_kb_build)
    p = kb.add_parser("report", help="Vollständigkeitsbericht je Leistung und Kommune")
    p.add_argument("--max-age-days", type=int, default=None, help="ab wie vielen Tagen ein Eintrag veraltet ist")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_kb_report)
    p = kb.add_parser("import-xzufi", help="Texte aus einer XZuFi-2.x-Datei übernehmen")
    p.add_argument("file")
    p.add_argument("--service", help="Top-100-ID, wenn die Datei genau eine Leistung enthält")
    p.add_argument("--dry-run", action="store_true", help="nur berichten, nichts schreiben")
    p.set_defaults(func=cmd_kb_import)
    p = kb.add_parser("search", help="Leistungen zu einer Frage suchen")
    p.add_argument("text", nargs="*")
    p.set_defaults(func=cmd_kb_search)
    bench = sub.add_parser("bench", help="Messungen").add_subparsers(dest="command", required=True)
    p = bench.add_parser("retrieval", help="Treffergenauigkeit und Zeit je Anfrage der Suche")
    p.add_argument("--input", help="JSONL mit text/expect/style (Standard: ../shared/eval/dev.jsonl)")
    p.set_defaults(func=cmd_bench_retrieval)
    return parser


def main(argv: List[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.func
    try:
        return handler(args)
    except (KnowledgeError, OSError, ValueError) as err:
        print(f"Fehler: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
