"""The agent console's API without Rasa (a fake records what it is asked): login, CSRF, claims, restart."""

from __future__ import annotations

import os
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from starlette.websockets import WebSocketDisconnect

from actions.handoff_store import HandoffStore
from channels.console.app import create_app
from channels.console.security import hash_password, verify_password
from tests.console_helpers import PASSWORD, FakeRasa, add_agent, console_settings, until, wait_for_queue

SCRIPT = "<script>alert(1)</script>"


POSTGRES = os.environ.get("SC_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def fresh_postgres() -> str:
    """An empty database of our own on the local PostgreSQL (skips when there is none)."""
    name = f"sc_console_test_{os.environ.get('SC_TEST_PORT_BASE', '5100')}"
    try:
        admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except OperationalError:
        pytest.skip("no PostgreSQL at " + POSTGRES)
    return POSTGRES.rsplit("/", 1)[0] + "/" + name


@pytest.fixture
def settings(tmp_path):
    return console_settings(tmp_path)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_settings(request, settings):
    if request.param == "sqlite":
        return settings
    return settings.copy(update={"handoff_db_url": fresh_postgres()})


@pytest.fixture
def fake():
    return FakeRasa()


def client_for(settings, fake):
    return TestClient(create_app(settings, rasa=fake))


def login(client, username="meyer"):
    response = client.post("/api/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf"]
    return response


def handoff(settings, conversation="conv-1", text="Ich möchte mit einem Menschen sprechen"):
    lines = [{"from": "citizen", "text": text, "time": time.time()}]
    return HandoffStore(settings.handoff_db_url).add(conversation, "request_human", lines, "wohngeld", "Garbsen")


def test_password_hash_is_salted_and_verifies():
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first != second and first.startswith("scrypt$16384$8$1$")
    assert verify_password(PASSWORD, first) and not verify_password("falsches-passwort", first)
    with pytest.raises(ValueError):
        hash_password("kurz")


def test_nothing_without_login(settings, fake):
    handoff(settings)
    with client_for(settings, fake) as client:
        assert client.get("/api/queue").status_code == 401
        assert client.get("/api/cases/1").status_code == 401
        assert client.post("/api/cases/1/claim").status_code == 401
        assert client.get("/api/me").json() == {"detail": "Bitte anmelden"}
        with pytest.raises(WebSocketDisconnect) as closed, client.websocket_connect("/ws") as ws:
            ws.receive_text()
        assert closed.value.code == 4401


def test_login_sets_a_strict_httponly_cookie_and_writes_need_the_csrf_token(settings, fake):
    add_agent(settings.handoff_db_url, "meyer", "Frau Meyer")
    handoff(settings)
    with client_for(settings, fake) as client:
        wrong = client.post("/api/login", json={"username": "meyer", "password": "falsches-passwort"})
        unknown = client.post("/api/login", json={"username": "niemand", "password": PASSWORD})
        assert wrong.status_code == unknown.status_code == 401
        for _ in range(4):
            client.post("/api/login", json={"username": "meyer", "password": "falsches-passwort"})
        blocked = client.post("/api/login", json={"username": "meyer", "password": PASSWORD})
        assert blocked.status_code == 429  # five failures: a pause, even with the right password
        client.app.state.login_throttle.succeeded("meyer")
        cookie = login(client).headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie
        wait_for_queue(client, 1)
        csrf = client.headers.pop("X-CSRF-Token")
        assert client.post("/api/cases/1/claim").status_code == 403
        foreign = client.post("/api/cases/1/claim", headers={"X-CSRF-Token": csrf, "Origin": "https://evil.example"})
        assert foreign.status_code == 403
        assert client.post("/api/cases/1/claim", headers={"X-CSRF-Token": csrf}).status_code == 200


def test_only_one_agent_gets_a_case_and_the_other_sees_it_taken(any_db_settings, fake):
    settings = any_db_settings
    add_agent(settings.handoff_db_url, "meyer", "Frau Meyer")
    add_agent(settings.handoff_db_url, "schulz", "Herr Schulz")
    handoff(settings)
    app = create_app(settings, rasa=fake)
    with TestClient(app) as a, TestClient(app) as b:
        login(a, "meyer")
        login(b, "schulz")
        with b.websocket_connect("/ws") as live:
            first = live.receive_json()
            assert first["type"] == "queue"
            assert a.post("/api/cases/1/claim").status_code == 200
            conflict = b.post("/api/cases/1/claim")
            assert conflict.status_code == 409
            assert conflict.json()["detail"] == "Dieser Fall ist schon vergeben oder abgeschlossen"
            while True:  # pushed to the other agent without asking
                update = live.receive_json()
                if update["type"] == "queue" and update["items"][0]["status"] == "claimed":
                    break
            assert update["items"][0]["claimed_by_name"] == "Frau Meyer"
        assert b.post("/api/cases/1/reply", json={"text": "Hallo"}).status_code == 409
        assert b.post("/api/cases/1/handback").status_code == 409
    assert fake.pushed[0] == {"conversation_id": "conv-1", "text": None, "event": "joined", "agent": "Frau Meyer"}


def test_reply_handback_and_close_reach_rasa(settings, fake):
    add_agent(settings.handoff_db_url, "meyer", "Frau Meyer")
    handoff(settings, "conv-a")
    handoff(settings, "conv-b")
    with client_for(settings, fake) as client:
        login(client)
        wait_for_queue(client, 2)
        client.post("/api/cases/1/claim")
        assert client.post("/api/cases/1/reply", json={"text": "Guten Tag, wie kann ich helfen?"}).json()["delivered"]
        assert client.post("/api/cases/1/handback").json() == {"status": "returned"}
        client.post("/api/cases/2/claim")
        assert client.post("/api/cases/2/close", json={"outcome": "unbekannt"}).status_code == 422
        assert client.post("/api/cases/2/close", json={"outcome": "callback"}).json()["outcome"] == "callback"
        assert client.get("/api/queue").json() == []
        case = client.get("/api/cases/2").json()
        assert (case["status"], case["outcome"]) == ("closed", "callback")
    assert fake.resumed == ["conv-a", "conv-b"]
    assert [p["event"] or p["text"] for p in fake.pushed] == [
        "joined",
        "Guten Tag, wie kann ich helfen?",
        "returned",
        "joined",
        "closed",
    ]
    assert HandoffStore(settings.handoff_db_url).waiting() == []


@pytest.mark.faults
def test_a_restart_keeps_queue_claims_sessions_and_transcripts(any_db_settings, fake):
    settings = any_db_settings
    add_agent(settings.handoff_db_url, "meyer", "Frau Meyer")
    handoff(settings, "conv-1")
    handoff(settings, "conv-2", "Wie ist der Stand meines Antrags?")
    fake.trackers["conv-1"] = {
        "events": [{"event": "user", "text": "Sind Sie noch da?", "timestamp": time.time() + 1}],
        "slots": {"service": "wohngeld", "aspect": "kosten", "kommune": "Garbsen"},
    }
    with client_for(settings, fake) as client:
        login(client)
        wait_for_queue(client, 2)
        client.post("/api/cases/1/claim")
        client.post("/api/cases/1/reply", json={"text": "Ja, ich bin da."})
        until(lambda: len(client.get("/api/cases/1").json()["transcript"]) == 4)  # the tracker line came in
        cookies, csrf = dict(client.cookies), client.headers["X-CSRF-Token"]
    with client_for(settings, FakeRasa()) as restarted:  # a new process: only the database is shared
        restarted.cookies.update(cookies)
        restarted.headers["X-CSRF-Token"] = csrf
        queue = restarted.get("/api/queue").json()
        assert [(q["conversation_id"], q["status"], q["claimed_by_name"]) for q in queue] == [
            ("conv-1", "claimed", "Frau Meyer"),
            ("conv-2", "waiting", None),
        ]
        case = restarted.get("/api/cases/1").json()
        assert sorted((m["sender"], m["text"]) for m in case["transcript"]) == [
            ("agent", "Ja, ich bin da."),
            ("citizen", "Ich möchte mit einem Menschen sprechen"),
            ("citizen", "Sind Sie noch da?"),
            ("system", "Frau Meyer hat übernommen."),
        ]
        assert case["transcript"][0]["text"] == "Ich möchte mit einem Menschen sprechen"
        assert restarted.post("/api/cases/1/handback").status_code == 200  # the claim survived, still hers


def test_case_view_shows_detected_service_and_the_assistants_answer(settings, fake):
    add_agent(settings.handoff_db_url, "meyer", "Frau Meyer")
    handoff(settings, "conv-1", SCRIPT)
    fake.trackers["conv-1"] = {"events": [], "slots": {"service": "wohngeld", "aspect": "kosten", "kommune": None}}
    with client_for(settings, fake) as client:
        login(client)
        wait_for_queue(client, 1)
        assert client.get("/api/queue").json()[0]["service_name"] == "Wohngeld beantragen"
        case = client.get("/api/cases/1").json()
        assert case["detected"] == {"service": "wohngeld", "aspect": "kosten", "kommune": "Garbsen"}
        assert case["suggestion"]["text"].startswith("Wohngeld beantragen – Kosten: ")
        assert "Quelle:" in case["suggestion"]["text"]
        assert case["transcript"][0]["text"] == SCRIPT  # stored as written; the UI shows it as text


def test_input_limits(settings, fake):
    add_agent(settings.handoff_db_url, "meyer", "Frau Meyer")
    handoff(settings)
    with client_for(settings, fake) as client:
        login(client)
        wait_for_queue(client, 1)
        client.post("/api/cases/1/claim")
        assert client.post("/api/cases/1/reply", json={"text": "x" * 2001}).status_code == 422
        assert client.post("/api/cases/1/reply", json={"text": "   "}).status_code == 422
        assert client.post("/api/cases/1/reply", content="x" * 20_000).status_code == 413
        assert client.post("/api/login", json={"username": "u" * 65, "password": PASSWORD}).status_code == 422


def test_presence_counts_only_agents_with_an_open_console_in_service_hours(settings, fake):
    add_agent(settings.handoff_db_url, "meyer", "Frau Meyer")
    queue = HandoffStore(settings.handoff_db_url)
    with client_for(settings, fake) as client:
        login(client)
        assert queue.agents_online() == 0
        with client.websocket_connect("/ws") as live:
            live.receive_json()
            assert queue.agents_online() == 1
        until(lambda: queue.agents_online() == 0)
    closed = settings.copy(update={"service_hours": "Mo-Mo 00:00-00:01"})
    with client_for(closed, fake) as client:
        login(client)
        with client.websocket_connect("/ws") as live:
            live.receive_json()
            assert queue.agents_online() == 0


def test_an_admin_creates_agents_on_the_command_line(tmp_path, monkeypatch, capsys):
    import io

    from channels.console.store import ConsoleStore
    from servicecenter.cli import main
    from settings import get_settings

    url = f"sqlite:///{tmp_path / 'handoff.db'}"
    monkeypatch.setenv("SC_HANDOFF_DB_URL", url)
    get_settings.cache_clear()
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        assert main(["console", "create-agent", "Meyer", "--display-name", "Frau Meyer", "--password-stdin"]) == 0
        assert capsys.readouterr().out == "Agent 'meyer' angelegt (Nr. 1).\n"
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        assert main(["console", "create-agent", "meyer", "--password-stdin"]) == 1
        assert "Agent 'meyer' gibt es schon" in capsys.readouterr().err
        found = ConsoleStore(url).agent_login("meyer")
        assert found is not None and found[0].display_name == "Frau Meyer"
        assert verify_password(PASSWORD, found[1]) and PASSWORD not in found[1]
        assert found[0].roles == ("agent",)
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        assert main(["console", "create-agent", "redaktion", "--role", "editor", "--password-stdin"]) == 0
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        assert main(["console", "create-agent", "chefin", "--admin", "--password-stdin"]) == 0
        store = ConsoleStore(url)
        assert store.agent_login("redaktion")[0].roles == ("editor",)
        assert store.agent_login("chefin")[0].roles == ("agent", "admin")
    finally:
        get_settings.cache_clear()


def test_an_emergency_told_during_a_handoff_puts_that_case_first(settings):
    from channels.console.store import ConsoleStore

    queue = HandoffStore(settings.handoff_db_url)
    queue.add("quiet-1", "request_human", [{"from": "citizen", "text": "Mitarbeiter bitte", "time": 1.0}])
    queue.add("urgent-2", "case_status", [{"from": "citizen", "text": "Stand meines Antrags?", "time": 2.0}])
    store = ConsoleStore(settings.handoff_db_url)
    store.adopt_new_handoffs()
    assert [c["conversation_id"] for c in store.queue()] == ["quiet-1", "urgent-2"]
    queue.alert("urgent-2", "112")
    first, second = store.queue()
    assert (first["conversation_id"], first["emergency"]) == ("urgent-2", "112")
    assert (second["conversation_id"], second["emergency"]) == ("quiet-1", None)


def test_the_same_tracker_lines_imported_at_once_are_stored_once(any_db_settings):
    """The poll and an agent opening the case (or two console processes) may import the same lines together."""
    from concurrent.futures import ThreadPoolExecutor

    from channels.console.store import ConsoleStore

    handoff(any_db_settings, "conv-1")
    store = ConsoleStore(any_db_settings.handoff_db_url)
    (case_id,) = store.adopt_new_handoffs()
    later = time.time() + 5
    lines = [{"from": "citizen", "text": f"Zeile {n}", "time": later + n} for n in range(3)]
    for attempt in range(10):
        batch = [dict(x, time=x["time"] + 10 * attempt) for x in lines]
        with ThreadPoolExecutor(max_workers=4) as pool:
            stored = list(pool.map(store.import_tracker_lines, [case_id] * 4, [batch] * 4))
        assert sorted(len(ids) for ids in stored) == [0, 0, 0, 3]
    texts = [m["text"] for m in store.transcript(case_id, 0)]
    assert len(texts) == 1 + 30 and texts.count("Zeile 0") == 10
