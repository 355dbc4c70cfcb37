"""`servicecenter serve rasa|actions|console`: one component in the foreground, for one systemd unit each.

The process becomes the server itself (exec), with the same command line and environment that
`servicecenter run` gives its child, so systemd's Restart=on-failure sees the server's own exit code
and its stop signal reaches the server directly. Output goes to the journal.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from settings import Settings, get_settings

COMPONENTS = ("rasa", "actions", "console")


def _model(settings: Settings) -> Any:
    from bot.training import model_hash

    model = settings.models_dir / f"servicecenter-{model_hash(settings)}.tar.gz"
    if not model.exists():
        raise RuntimeError(
            f"kein Modell für die aktuellen Trainingsdaten ({model}); bitte zuerst 'servicecenter kb build' "
            "und 'servicecenter train' als Dienstbenutzer ausführen"
        )
    return model


def cmd_serve(args: argparse.Namespace) -> int:
    from servicecenter.runner import action_server, child_env, console_server, rasa_server

    settings = get_settings()
    env = child_env(settings)
    log_dir = settings.work_dir / "run"  # only named here: an exec'd server writes to stdout (the journal)
    log_dir.mkdir(parents=True, exist_ok=True)
    if args.component == "rasa":
        ready = rasa_server(settings, _model(settings), env, log_dir, settings.rasa_port)
    elif args.component == "actions":
        ready = action_server(settings, env, log_dir, settings.action_port)
    else:
        ready = console_server(settings, env, log_dir / "console.log")
    child = ready.child
    os.chdir(child.cwd)
    os.execve(child.argv[0], child.argv, child.env)


def add_serve_command(sub: Any) -> None:
    p = sub.add_parser("serve", help="eine Komponente im Vordergrund (je eine systemd-Unit, siehe deploy/)")
    p.add_argument("component", choices=COMPONENTS)
    p.set_defaults(func=cmd_serve)
