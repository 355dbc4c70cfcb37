"""The operator's commands, run as the console script would run them."""

import pytest

from servicecenter.cli import main
from tests.conftest import FIXTURES


def test_kb_report_prints_the_summary(capsys):
    assert main(["kb", "report"]) == 0
    out = capsys.readouterr().out
    assert "Leistungen: 100; mit allen acht Aspekten: 100" in out
    assert "Neustadt am Rübenberge" in out


def test_import_of_a_broken_file_fails_with_a_message(capsys, tmp_path):
    bad = tmp_path / "x.xml"
    bad.write_bytes(b"\x00\xff not xml")
    assert main(["kb", "import-xzufi", str(bad), "--dry-run"]) == 1
    assert "Fehler: not well-formed XML" in capsys.readouterr().err


def test_bench_retrieval_prints_accuracy_and_latency(capsys):
    assert main(["bench", "retrieval", "--input", str(FIXTURES / "retrieval_questions.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "(10 rows that expect a service)" in out
    assert "top-1" in out and "p95" in out


def test_bench_with_missing_file_says_so(capsys, tmp_path):
    assert main(["bench", "retrieval", "--input", str(tmp_path / "nope.jsonl")]) == 1
    assert "nope.jsonl" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("service_hours", "Montag 8-18", "Servicezeiten nicht lesbar"),
        ("service_timezone", "Berlin", "unbekannte Zeitzone"),
        ("rasa_port", 70000, "nicht zwischen 1 und 65535"),
        ("redis_url", "127.0.0.1:6379", "keine Redis-URL"),
        ("tracker_store_url", "postgres//127.0.0.1/rasa", "keine Datenbank-URL"),
        ("voice_webhook_url", "localhost:5005/webhooks/voice", "keine http(s)-URL"),
    ],
)
def test_a_bad_setting_stops_the_start_with_its_name_and_what_to_do(field, value, words):
    from pydantic import ValidationError

    from servicecenter.cli import settings_problem
    from settings import Settings

    with pytest.raises(ValidationError) as caught:
        Settings(**{field: value})
    text = settings_problem(caught.value)
    assert f"SC_{field.upper()}" in text and words in text and "erneut starten" in text


def test_the_default_and_scaled_settings_are_valid():
    from settings import Settings

    Settings(
        service_hours="Mo-Fr 08:00-18:00; Sa 09:00-12:00",
        tracker_store_url="postgresql://postgres@127.0.0.1:5432/rasa",
        redis_url="redis://127.0.0.1:6379/0",
    )
    Settings(service_hours="immer")


def test_the_settings_reach_a_child_unchanged(monkeypatch, tmp_path):
    """Settings -> SC_* environment -> Settings (as in the child) gives the same object, every field set."""
    import os

    from settings import Settings, child_environment

    for key in [k for k in os.environ if k.startswith("SC_")]:
        monkeypatch.delenv(key)
    changed = Settings(
        work_dir=tmp_path,
        rasa_port=5605,
        rasa_token="geheim",
        redis_url="redis://127.0.0.1:6379/3",
        console_secure_cookie=True,
        console_poll_seconds=0.1,
        service_hours="immer",
        voice_confidence_threshold=0.05,
        voice_tts_engine="espeak-ng",
        trusted_proxies=["10.0.0.0/8", "::1"],
        webchat_origins=["https://www.lehrte.de", "http://localhost:5183"],
    )
    env = child_environment(changed)
    assert env["SC_WORK_DIR"] == str(tmp_path) and env["SC_CONSOLE_SECURE_COOKIE"] == "true"
    assert set(env) == {f"SC_{name.upper()}" for name in Settings.__fields__}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert Settings() == changed and changed != Settings(rasa_port=5005)


def test_a_command_talks_to_its_url_and_token_else_to_this_installation(tmp_path):
    from argparse import Namespace

    from servicecenter.predict import client_from, rasa_address
    from settings import Settings

    settings = Settings(work_dir=tmp_path, host="127.0.0.1", rasa_port=5605, rasa_token="hier")
    assert rasa_address(Namespace(url=None), settings) == ("http://127.0.0.1:5605", "hier")
    client = client_from(Namespace(url="https://chat.example.de/", token="dort"), settings)
    assert (client.url, client.token) == ("https://chat.example.de", "dort")
    assert client_from(Namespace(url=None, token=None), settings).token == "hier"
