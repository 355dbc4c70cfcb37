"""deploy/systemd: one unit per component, restarted on failure, unprivileged, with commands the CLI has."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

from servicecenter.cli import build_parser
from servicecenter.serve_cli import COMPONENTS
from settings import PROJECT_ROOT

UNITS = PROJECT_ROOT / "deploy" / "systemd"
COMMAND = "/opt/servicecenter/.venv/bin/servicecenter"
LONG_RUNNING = {"actions", "rasa", "console", "health", "voice"}


def read_unit(path: Path) -> Dict[str, Dict[str, List[str]]]:
    sections: Dict[str, Dict[str, List[str]]] = {}
    current: Dict[str, List[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key, []).append(value)
    return sections


def test_each_component_has_a_unit_that_restarts_it_unprivileged_with_a_command_of_the_cli():
    services = {p.stem.removeprefix("servicecenter-"): read_unit(p) for p in UNITS.glob("*.service")}
    assert set(services) == LONG_RUNNING | {"purge"}
    served = set()
    for name, unit in services.items():
        service = unit["Service"]
        assert unit["Unit"]["Description"], name
        assert service["User"] == ["servicecenter"] and service["EnvironmentFile"] == [
            "/etc/servicecenter/servicecenter.env"
        ]
        assert service["NoNewPrivileges"] == ["yes"] and service["ProtectSystem"] == ["strict"], name
        assert service["CapabilityBoundingSet"] == [""] and service["StateDirectory"] == ["servicecenter"], name
        [start] = service["ExecStart"]
        program, *args = shlex.split(start)
        assert program == COMMAND, name
        parsed = build_parser().parse_args(args)  # exits (fails the test) when the CLI lacks the command
        if parsed.group == "serve":
            served.add(parsed.component)
        if name in LONG_RUNNING:
            assert service["Restart"] == ["on-failure"] and unit["Install"]["WantedBy"] == ["multi-user.target"]
    assert served == set(COMPONENTS)
    assert read_unit(UNITS / "servicecenter-purge.timer")["Timer"]["OnCalendar"] == ["hourly"]


def test_systemd_accepts_the_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:  # the structural test above still runs
        return
    console_script = Path(sys.executable).parent / "servicecenter"  # the installed command, where it is here
    for unit in UNITS.iterdir():
        (tmp_path / unit.name).write_text(unit.read_text(encoding="utf-8").replace(COMMAND, str(console_script)))
    result = subprocess.run(
        [analyze, "verify", "--man=no", *sorted(str(p) for p in tmp_path.iterdir())], capture_output=True, text=True
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")
