"""`servicecenter kb …`: build the index, report, translation skeletons, XZuFi import, search."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, List

from knowledge.report_cli import add_report_options, run_report
from knowledge.runtime import open_batch_embedder, open_knowledge, open_retriever
from knowledge.store import SERVICES_DIR
from knowledge.xzufi import import_xzufi
from servicecenter.knowledge_index import build_knowledge_index
from settings import get_settings


def cmd_kb_build(args: argparse.Namespace) -> int:
    settings = get_settings()
    embedder = open_batch_embedder(settings)
    result = build_knowledge_index(settings, force=args.force, embedder=embedder)
    m = result.manifest
    if not result.built:
        print(f"Index ist aktuell ({m.passages} Passagen, {m.embedder_id}, Wissensstand {m.knowledge_hash}).")
        return 0
    print(
        f"Index gebaut ({result.reason}): {m.passages} Passagen, {m.embedder_id}, dim {m.dim}, "
        f"{m.build_seconds} s -> {settings.index_dir}"
    )
    print(f"Einbettungen: {embedder.hits} aus dem Cache ({embedder.path}), {embedder.misses} neu berechnet.")
    print("Kalibrierung (Beispielfragen, leave-one-out): " + json.dumps(m.calibration_report, ensure_ascii=False))
    return 0


def cmd_kb_report(args: argparse.Namespace) -> int:
    print(run_report(args, open_knowledge(), get_settings().stale_after_days))
    return 0


def cmd_kb_translations_skeleton(args: argparse.Namespace) -> int:
    from knowledge.translations import Translations, write_skeleton

    if args.code not in Translations().languages:
        print(
            f"'{args.code}' steht nicht in knowledge/languages.yaml; dort zuerst die Sprache eintragen.",
            file=sys.stderr,
        )
        return 2
    written = write_skeleton(open_knowledge(), args.code)
    print(f"{len(written)} Dateien angelegt; vorhandene bleiben, wie sie sind. Danach die text:-Felder füllen.")
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


def cmd_kb_audit(args: argparse.Namespace) -> int:
    import datetime as dt

    from servicecenter.answer_audit import audit_answers

    day = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    result = audit_answers(open_knowledge(), day, args.service or None, args.commune or None)
    print(result.render(details=args.details))
    return 0


def _prompt_lines() -> List[str]:
    lines = []
    print("Frage eingeben (leere Zeile beendet):")
    for line in sys.stdin:
        if not line.strip():
            break
        lines.append(line)
    return lines


def add_kb_commands(sub: Any) -> None:
    kb = sub.add_parser("kb", help="Wissensbasis").add_subparsers(dest="command", required=True)
    p = kb.add_parser("build", help="Vektorindex bauen (nur wenn sich das Wissen geändert hat)")
    p.add_argument("--force", action="store_true", help="auch bauen, wenn der Index aktuell ist")
    p.set_defaults(func=cmd_kb_build)
    p = kb.add_parser("report", help="Vollständigkeitsbericht je Leistung und Kommune (--commune: Arbeitsliste)")
    add_report_options(p)
    p.set_defaults(func=cmd_kb_report)
    p = kb.add_parser("translations-skeleton", help="Übersetzungsdateien einer Sprache mit den Hashes anlegen")
    p.add_argument("code", help="Sprachcode aus knowledge/languages.yaml")
    p.set_defaults(func=cmd_kb_translations_skeleton)
    p = kb.add_parser("import-xzufi", help="Texte aus einer XZuFi-2.x-Datei übernehmen")
    p.add_argument("file")
    p.add_argument("--service", help="Top-100-ID, wenn die Datei genau eine Leistung enthält")
    p.add_argument("--dry-run", action="store_true", help="nur berichten, nichts schreiben")
    p.set_defaults(func=cmd_kb_import)
    p = kb.add_parser("audit", help="Antworten zu Kosten, Zeiten, Zuständigkeit, online: konkret oder verweisend?")
    p.add_argument("--service", action="append", help="nur diese Leistung (mehrfach möglich)")
    p.add_argument("--commune", action="append", help="nur diese Kommune (mehrfach möglich)")
    p.add_argument("--date", help="Stichtag JJJJ-MM-TT (Standard: heute)")
    p.add_argument("--details", action="store_true", help="jede nicht konkrete Antwort nach Leistung nennen")
    p.set_defaults(func=cmd_kb_audit)
    p = kb.add_parser("search", help="Leistungen zu einer Frage suchen")
    p.add_argument("text", nargs="*")
    p.set_defaults(func=cmd_kb_search)
