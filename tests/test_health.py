"""One health endpoint: every component's status as JSON, 503 as soon as one is down."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request

from servicecenter.cli import main
from servicecenter.console_process import console_process
from servicecenter.health import health_server
from settings import get_settings


def fetch(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def statuses(report: dict) -> dict:
    return {name: component["status"] for name, component in report["components"].items()}


def test_the_health_endpoint_answers_for_every_component_and_503_when_the_console_is_down(assistant):
    settings = assistant.settings
    with health_server(settings) as url:
        with console_process(settings, settings.work_dir / "console.log"):
            up_code, up = fetch(url)
        down_code, down = fetch(url)
    everything = ["rasa", "actions", "console", "tracker_store", "handoff_db", "index", "model"]
    assert (up_code, up["status"], statuses(up)) == (200, "ok", dict.fromkeys(everything, "ok"))
    assert up["components"]["index"]["passages"] > 0
    assert up["components"]["model"]["model"] == assistant.model.name
    assert (down_code, down["status"]) == (503, "down")
    assert statuses(down) == {**dict.fromkeys(everything, "ok"), "console": "down"}
    assert down["components"]["console"]["error"] == "ConnectionRefusedError"


def test_servicecenter_health_fails_and_names_each_missing_part(monkeypatch, tmp_path, capsys):
    base = int(os.environ.get("SC_TEST_PORT_BASE", "5100"))
    for key, value in {
        "SC_WORK_DIR": tmp_path,
        "SC_INDEX_DIR": tmp_path / "index",
        "SC_MODELS_DIR": tmp_path / "models",
        "SC_HANDOFF_DB_URL": f"sqlite:///{tmp_path / 'handoff.db'}",
        "SC_RASA_PORT": base + 91,
        "SC_ACTION_PORT": base + 92,
        "SC_CONSOLE_PORT": base + 93,
        "SC_REDIS_URL": "redis://127.0.0.1:6379/9",
    }.items():
        monkeypatch.setenv(key, str(value))
    get_settings.cache_clear()
    try:
        assert main(["health"]) == 1
    finally:
        get_settings.cache_clear()
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "down"
    assert report["components"] == {
        "rasa": {"status": "down", "error": "ConnectionRefusedError"},
        "actions": {"status": "down", "error": "ConnectionRefusedError"},
        "console": {"status": "down", "error": "ConnectionRefusedError"},
        "tracker_store": {"status": "down", "error": "SQLite-Datei fehlt"},
        "handoff_db": {"status": "down", "error": "SQLite-Datei fehlt"},
        "index": {"status": "down", "error": "kein Index (servicecenter kb build)"},
        "model": {"status": "down", "error": "kein Modell (servicecenter train)"},
        "redis": {"status": "ok"},
    }
    assert not (tmp_path / "handoff.db").exists()  # the check created no empty database
