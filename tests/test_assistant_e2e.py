"""The assistant end to end: trained model, Rasa server and action server, over the REST channel.

The servers come from the session fixture `assistant` in conftest.py (one model load per session).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import update

from actions.handoff_store import HandoffStore, handoffs
from bot.training import CONFIG, DOMAIN, training_files
from servicecenter.predict import Client, predict_row
from settings import PROJECT_ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def settings(assistant):
    return assistant.settings


@pytest.fixture(scope="module")
def model(assistant):
    return assistant.model


@pytest.fixture(scope="module")
def client(assistant):
    return Client(assistant.servers.rasa_url, assistant.servers.token)


def talk(client, *texts):
    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    return predict_row(client, {"id": sender, "turns": [{"user": t} for t in texts]})["turns"]


def test_service_question_with_commune_and_follow_up(client):
    first, second = talk(client, "Ich wohne in Sehnde und brauche einen neuen Reisepass", "Und was kostet das?")
    assert (first["route"], first["service"], first["kommune"]) == ("answer", "reisepass-beantragen", "Sehnde")
    assert "Quelle:" in first["reply"] and "Stand" in first["reply"]
    assert (second["service"], second["aspect"], second["kommune"]) == ("reisepass-beantragen", "kosten", "Sehnde")


def test_small_talk_and_emergency_in_the_middle(client):
    greet, emergency, thanks = talk(client, "Hallo!", "Hilfe, bei uns im Treppenhaus brennt es!", "danke")
    assert greet["intent"] == "greet"
    assert emergency["emergency"] and emergency["reply"].startswith("Rufen Sie sofort 112 an")
    assert thanks["intent"] == "thank"


def test_request_for_a_person_is_handed_off_and_the_assistant_helps_while_the_case_waits(client, settings):
    turns = talk(
        client,
        "Was kostet die Hundesteuer in Wunstorf?",
        "Ich möchte mit einem Mitarbeiter sprechen",
        "Hallo, ist da jemand?",
        "Und wie melde ich den Hund wieder ab, wenn wir wegziehen?",
    )
    assert turns[1]["handoff"] and "115" in turns[1]["reply"]
    # the case waits (nobody in the console): the greeting gets the queue note, the question its answer
    assert turns[2]["handoff"] and turns[2]["reply"].startswith("Ihr Anliegen ist bereits an das Servicecenter")
    assert turns[3]["route"] == "answer" and turns[3]["service"] == "hundesteuer-abmelden"
    records = HandoffStore(settings.handoff_db_url).waiting()
    record = next(r for r in records if r.service == "hundesteuer-anmelden")
    assert record.kommune == "Wunstorf" and record.reason == "request_human"
    assert record.transcript[0]["text"] == "Was kostet die Hundesteuer in Wunstorf?"


def test_an_emergency_while_an_agent_holds_the_conversation_still_gets_the_notice(client, settings):
    sender = f"e2e-paused-{uuid.uuid4().hex[:8]}"
    asked, _ = client.send(sender, "Bitte verbinden Sie mich mit jemandem aus dem Rathaus.")
    case = next(r["custom"]["handoff"]["id"] for r in asked if "handoff" in (r.get("custom") or {}))
    store = HandoffStore(settings.handoff_db_url)
    with store._engine.begin() as conn:  # as the console's claim does
        conn.execute(update(handoffs).where(handoffs.c.id == case).values(status="claimed"))
    held, _ = client.send(sender, "Hallo? Ist da wer?")
    assert held == []  # the agent answers, not the assistant
    danger, _ = client.send(sender, "aus der steckdose im flur sprühen funken und es riecht verbrannt")
    assert any("112" in (r.get("text") or "") for r in danger)
    assert HandoffStore(settings.handoff_db_url).alerts(sender) == ["112"]
    assert client.tracker(sender)["paused"]  # the agent still holds the conversation


def test_a_move_from_one_commune_to_another_counts_the_destination(client):
    (turn,) = talk(client, "Wir ziehen im Mai von Lehrte nach Sehnde, was muss ich beim Amt erledigen?")
    assert turn["kommune"] == "Sehnde"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "x" * 10_000, "🙂🙂🙂", "<script>alert('x')</script>", "\x00\x01\x02\xff\xfe", "asdf qwer zxcv"],
)
def test_bad_input_gets_a_reply_and_the_conversation_goes_on(client, text):
    bad, good = talk(client, text, "Wie melde ich Sperrmüll an?")
    assert bad["reply"]
    assert "<script>" not in bad["reply"]
    assert (good["route"], good["service"]) == ("answer", "sperrmuell")


def test_predict_command_writes_turn_lines(client, tmp_path):
    source = tmp_path / "rows.jsonl"
    source.write_text(json.dumps({"id": "r1", "text": "Wo kann ich mein Gewerbe anmelden?"}) + "\n", encoding="utf-8")
    target = tmp_path / "pred.jsonl"
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "servicecenter.cli",
            "predict",
            "--input",
            str(source),
            "--output",
            str(target),
            "--url",
            client.url,
            "--token",
            client.token,
        ],
        check=True,
        env=env,
        cwd=PROJECT_ROOT,
    )
    row = json.loads(target.read_text(encoding="utf-8"))
    turn = row["turns"][0]
    assert row["id"] == "r1" and turn["service"] == "gewerbe-anmelden" and turn["latency_ms"] > 0
    assert set(turn) >= {
        "service",
        "aspect",
        "kommune",
        "intent",
        "handoff",
        "clarify",
        "out_of_scope",
        "emergency",
        "reply",
        "latency_ms",
    }


def test_rasa_conversation_tests_pass(settings, model, tmp_path):
    """`rasa test` on the conversation stories; every predicted intent and action must match."""
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "test",
            "core",
            "--model",
            str(model),
            "--stories",
            str(Path(__file__).parent / "conversations"),
            "--out",
            str(tmp_path),
            "--fail-on-prediction-errors",
        ],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    failed = tmp_path / "failed_test_stories.yml"
    assert result.returncode == 0, failed.read_text() if failed.exists() else result.stdout[-3000:]


def test_rasa_data_validate_is_clean(settings):
    data = [str(p) for p in training_files(settings)]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "data",
            "validate",
            "--fail-on-warnings",
            "--domain",
            str(DOMAIN),
            "--config",
            str(CONFIG),
            "--data",
            *data,
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
