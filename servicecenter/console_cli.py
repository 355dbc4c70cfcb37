"""`servicecenter console …`: create agents, run the console, purge old transcripts."""

from __future__ import annotations

import argparse
import getpass
import sys

from channels.console.store import ConsoleStore
from settings import get_settings


def cmd_create_agent(args: argparse.Namespace) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Passwort: ")
        if getpass.getpass("Passwort wiederholen: ") != password:
            print("Die Passwörter stimmen nicht überein.", file=sys.stderr)
            return 1
    store = ConsoleStore(get_settings().handoff_db_url)
    roles = None if not args.role else set(args.role) | ({"admin"} if args.admin else set())
    agent_id = store.create_agent(args.username, password, args.display_name or "", args.admin, roles=roles)
    print(f"Agent '{args.username.lower()}' angelegt (Nr. {agent_id}).")
    return 0


def cmd_console_run(args: argparse.Namespace) -> int:
    from channels.console.serve import serve

    settings = get_settings()
    print(f"Agentenkonsole: http://{settings.host}:{args.port or settings.console_port}/   –   Beenden mit Strg+C")
    serve(settings, args.port)
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    from servicecenter.retention import purge_all

    print(purge_all(get_settings(), args.days))
    return 0


def add_console_commands(sub: argparse._SubParsersAction) -> None:
    console = sub.add_parser("console", help="Agentenkonsole").add_subparsers(dest="command", required=True)
    p = console.add_parser("create-agent", help="einen Agenten anlegen (Passwort wird abgefragt)")
    p.add_argument("username")
    p.add_argument("--display-name", help="Anzeigename im Chat, z. B. 'Frau Meyer'")
    p.add_argument("--admin", action="store_true", help="ohne --role: Agent und Administration")
    p.add_argument(
        "--role", action="append", choices=("agent", "editor", "admin"), help="Rolle (mehrfach möglich); ohne: Agent"
    )
    p.add_argument("--password-stdin", action="store_true", help="Passwort aus der ersten Zeile von stdin lesen")
    p.set_defaults(func=cmd_create_agent)
    p = console.add_parser("run", help="nur die Konsole starten (Rasa läuft schon)")
    p.add_argument("--port", type=int, default=None)
    p.set_defaults(func=cmd_console_run)
    p = console.add_parser(
        "purge", help="abgeschlossene Übergaben und ruhende Gespräche nach ihrer Aufbewahrungsfrist löschen"
    )
    p.add_argument("--days", type=int, default=None)
    p.set_defaults(func=cmd_purge)
