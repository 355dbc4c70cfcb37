"""`servicecenter bench …`: the whole assistant over REST (bare `bench`), handoff, load, own sets, languages, facts,
retrieval and voice; `bench traffic` is in stats_cli."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from bot.training import train
from knowledge.runtime import open_retriever
from servicecenter.baseline_compare import baseline_service, measure, our_service, train_baseline
from servicecenter.bench import bench_retrieval, load_service_rows
from servicecenter.bench_assistant import concurrent, rss_mb, sequential, summary
from servicecenter.knowledge_index import build_knowledge_index
from servicecenter.predict import Client, client_from
from servicecenter.runner import running
from settings import get_settings


def cmd_bench(args: argparse.Namespace) -> int:
    settings = get_settings()
    source = Path(args.input) if args.input else settings.eval_dir / "dev.jsonl"
    rows = load_service_rows(source)
    texts = [
        json.loads(line)["text"]
        for line in source.read_text(encoding="utf-8").splitlines()
        if line.strip() and "text" in json.loads(line)
    ]
    build_knowledge_index(settings)
    trained = train(settings)
    figures = {
        "training (Rasa model)": f"{trained.seconds:.0f} s"
        if trained.trained
        else f"unchanged model reused ({trained.model.name})"
    }
    started = time.perf_counter()
    with running(settings, trained.model) as servers:
        figures["model load (both servers up)"] = f"{time.perf_counter() - started:.1f} s"
        client = Client(servers.rasa_url, servers.token)
        runs = [
            sequential(client, texts, args.turns),
            concurrent(lambda: Client(servers.rasa_url, servers.token), texts, 20, 5),
        ]
        figures["RSS Rasa server"] = f"{rss_mb(servers.processes[1].pid):.0f} MB"
        figures["RSS action server"] = f"{rss_mb(servers.processes[0].pid):.0f} MB"
    print(f"Assistant over REST with the action server ({source.name}, {len(texts)} distinct messages)")
    for run in runs:
        print("  " + run.line())
    print(summary(figures))
    if not args.no_baseline and rows:
        print("\nNLU in-process on the rows that expect a service (same messages, same machine):")
        print("  " + measure("ours (DIET + retriever + extractors)", trained.model, rows, our_service).line())
        baseline = train_baseline(settings)
        print(
            "  "
            + measure("baseline (CountVectors + DIET, intent per service)", baseline, rows, baseline_service).line()
        )
    return 0


def cmd_bench_handoff(args: argparse.Namespace) -> int:
    from servicecenter.bench_handoff import bench_handoff

    print(bench_handoff(args.rounds))
    return 0


def cmd_bench_load(args: argparse.Namespace) -> int:
    from servicecenter.bench_load import bench_load

    print(f"Last über socket.io: {args.conversations} Gespräche × {args.turns} Züge, Bedenkzeit {args.think_time} s")
    bench_load(args.conversations, args.turns, args.think_time, args.scaled_replicas, args.max_seconds, args.ramp_up)
    return 0


def cmd_bench_sets(args: argparse.Namespace) -> int:
    from servicecenter.own_sets import SETS_DIR, dialogue_set, message_sets, render, run_dialogues, run_messages

    settings = get_settings()
    client = client_from(args, settings)
    root = Path(args.dir) if args.dir else SETS_DIR
    results = [run_messages(client, path) for path in message_sets(root)]
    conversations = dialogue_set(root)
    dialogues = run_dialogues(client, conversations) if conversations else None
    print(render(results, dialogues))
    if args.failures and dialogues is not None:
        print("\n".join(dialogues.failures))
    return 0


def cmd_bench_languages(args: argparse.Namespace) -> int:
    from servicecenter.multilingual_set import run_languages

    settings = get_settings()
    client = client_from(args, settings)
    result = run_languages(client)
    print(result.render())
    if args.failures:
        print("\n".join(result.failures))
    return 0


def cmd_bench_facts(args: argparse.Namespace) -> int:
    from servicecenter.fact_set import FACTS_FILE, run_facts

    settings = get_settings()
    source = Path(args.file) if args.file else FACTS_FILE
    if not source.exists():
        print(f"{source}: Datei fehlt", file=sys.stderr)
        return 2
    result = run_facts(client_from(args, settings), source)
    print(result.render())
    if args.failures:
        print("\n".join(result.failures))
    return 0


def cmd_bench_retrieval(args: argparse.Namespace) -> int:
    settings = get_settings()
    source = Path(args.input) if args.input else settings.eval_dir / "dev.jsonl"
    rows = load_service_rows(source)
    if not rows:
        print(f"{source}: no rows that expect a service", file=sys.stderr)
        return 2
    print(bench_retrieval(open_retriever(settings), rows).render(source))
    return 0


def cmd_bench_voice(args: argparse.Namespace) -> int:
    from servicecenter.voice_cli import bench_voice

    return bench_voice(get_settings(), args.turns, args.url)


def add_bench_commands(sub: Any) -> Any:
    """`bench` and its subcommands up to retrieval; returns the subcommands' action for `bench traffic` and
    `bench voice`, which the caller adds after them (the order of `servicecenter bench --help`)."""
    bench_parser = sub.add_parser("bench", help="Messungen: ohne Unterbefehl der ganze Assistent über REST")
    bench_parser.add_argument("--input", help="JSONL mit text/expect (Standard: ../shared/eval/dev.jsonl)")
    bench_parser.add_argument("--turns", type=int, default=300, help="Anzahl sequenzieller Nachrichten")
    bench_parser.add_argument("--no-baseline", action="store_true", help="ohne Vergleich mit der Rasa-Basislinie")
    bench_parser.set_defaults(func=cmd_bench)
    bench = bench_parser.add_subparsers(dest="command")
    p = bench.add_parser("handoff", help="Übergabe im Web-Chat bis zum Fall in der Agentenkonsole (p50/p95)")
    p.add_argument("--rounds", type=int, default=50)
    p.set_defaults(func=cmd_bench_handoff)
    p = bench.add_parser("load", help="Web-Chat-Last über socket.io: ein Prozess und skaliert (verloren, p50/p95)")
    p.add_argument("--conversations", type=int, default=200)
    p.add_argument("--turns", type=int, default=20)
    p.add_argument("--think-time", type=float, default=3.0, help="Sekunden zwischen Antwort und nächstem Zug (±50 %%)")
    p.add_argument("--ramp-up", type=float, default=10.0, help="Sekunden, über die die Gespräche beginnen")
    p.add_argument("--scaled-replicas", type=int, default=2, help="Rasa-Replikate des skalierten Laufs (1: keiner)")
    p.add_argument("--max-seconds", type=float, default=1800.0, help="Zeitlimit je Lauf")
    p.set_defaults(func=cmd_bench_load)
    p = bench.add_parser("sets", help="eigene Testmengen (tests/data) durch den laufenden Assistenten")
    p.add_argument("--url")
    p.add_argument("--token")
    p.add_argument("--failures", action="store_true", help="misslungene Dialoge zeigen")
    p.add_argument("--dir", help="Ordner der Testmengen (Standard: tests/data; z. B. tests/data/holdout)")
    p.set_defaults(func=cmd_bench_sets)
    p = bench.add_parser("languages", help="tests/data/multilingual: Routing und Antwortsprache je Sprache")
    p.add_argument("--url")
    p.add_argument("--token")
    p.add_argument("--failures", action="store_true", help="Fehlgriffe zeigen")
    p.set_defaults(func=cmd_bench_languages)
    p = bench.add_parser(
        "facts", help="Sachfragen mit belegten Fakten: nennt die Antwort den Betrag, die Frist, die Stelle?"
    )
    p.add_argument("--file", help="JSONL mit text/commune/service/aspect/expect_any (Standard: tests/data/facts)")
    p.add_argument("--url")
    p.add_argument("--token")
    p.add_argument("--failures", action="store_true", help="Antworten ohne den Fakt zeigen")
    p.set_defaults(func=cmd_bench_facts)
    p = bench.add_parser("retrieval", help="Treffergenauigkeit und Zeit je Anfrage der Suche")
    p.add_argument("--input", help="JSONL mit text/expect/style (Standard: ../shared/eval/dev.jsonl)")
    p.set_defaults(func=cmd_bench_retrieval)
    return bench


def add_bench_voice_command(bench: Any) -> None:
    p = bench.add_parser("voice", help="Telefon: Latenz je Zug (p50/p95), Wortfehlerrate, zwei Anrufe zugleich")
    p.add_argument("--turns", type=int, default=20, help="Züge je Messung (mindestens 20)")
    p.add_argument("--url", help="laufender Rasa-Server (sonst werden Rasa und Action-Server gestartet)")
    p.set_defaults(func=cmd_bench_voice)
