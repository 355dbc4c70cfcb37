"""The console knows the citizen's language: recorded with the handoff, shown, filtered, matched to the agents'
languages, and the knowledge answer side by side with German. Also the schema upgrade of older databases."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, text

from actions.handoff import record_handoff
from actions.handoff_store import HandoffStore, add_missing_columns
from actions.handoff_store import metadata as queue_metadata
from actions.texts import Texts
from channels.console.app import create_app
from channels.console.store import ConsoleStore
from channels.console.store import metadata as console_metadata
from tests.console_helpers import PASSWORD, FakeRasa, add_agent, console_settings, wait_for_queue
from tests.test_console_api import fresh_postgres, login
from tests.trackers import message, tracker

ARABIC = {"code": "ar", "name": "العربية", "name_de": "Arabisch", "html_lang": "ar", "direction": "rtl"}
GERMAN = {"code": "de", "name": "Deutsch", "name_de": "Deutsch", "html_lang": "de", "direction": "ltr"}
EASY = {"code": "ls", "name": "Leichte Sprache", "name_de": "Leichte Sprache", "html_lang": "de", "direction": "ltr"}
ENGLISH = {"code": "en", "name": "English", "name_de": "Englisch", "html_lang": "en", "direction": "ltr"}
UKRAINIAN = {"code": "uk", "name": "Українська", "name_de": "Ukrainisch", "html_lang": "uk", "direction": "ltr"}

# The tables as they were before the language columns (commit ac64c5b), with one row each.
OLD_SCHEMA = [
    "CREATE TABLE handoffs (id {key}, conversation_id VARCHAR(128) NOT NULL, created_at TIMESTAMP "
    "NOT NULL, reason VARCHAR(64) NOT NULL, service VARCHAR(64), kommune VARCHAR(64), channel VARCHAR(32), "
    "status VARCHAR(16) NOT NULL, transcript TEXT NOT NULL)",
    "INSERT INTO handoffs VALUES (1, 'old-1', '2026-01-05 09:00:00', 'complaint', 'wohngeld', 'Seelze', 'rest', "
    "'waiting', '[]')",
    "CREATE TABLE console_agents (id {key}, username VARCHAR(64) NOT NULL UNIQUE, display_name "
    "VARCHAR(64) NOT NULL, password_hash VARCHAR(200) NOT NULL, is_admin BOOLEAN NOT NULL, created_at TIMESTAMP "
    "NOT NULL)",
    "INSERT INTO console_agents VALUES (1, 'alt', 'Herr Alt', 'x', false, '2026-01-05 09:00:00')",
]


def _old_database(url: str) -> None:
    engine = create_engine(url)
    key = "SERIAL PRIMARY KEY" if engine.dialect.name == "postgresql" else "INTEGER PRIMARY KEY"
    with engine.begin() as conn:
        for statement in OLD_SCHEMA:
            conn.execute(text(statement.replace("{key}", key)))
        if engine.dialect.name == "postgresql":  # the rows above were inserted with their ids
            conn.execute(text("SELECT setval('handoffs_id_seq', 1)"))
            conn.execute(text("SELECT setval('console_agents_id_seq', 1)"))
    engine.dispose()


def _columns(url: str, table: str) -> list[str]:
    return [c["name"] for c in inspect(create_engine(url)).get_columns(table)]


def _upgrade_and_check(url: str) -> None:
    _old_database(url)
    store = ConsoleStore(url)  # the console's start: both stores' tables, old ones upgraded
    assert _columns(url, "handoffs")[-1] == "language"
    assert _columns(url, "console_agents")[-3:] == ["languages", "roles", "status"]
    assert add_missing_columns(store.engine, queue_metadata) == []  # a second start finds nothing to do
    assert add_missing_columns(store.engine, console_metadata) == []
    (old,) = HandoffStore(url).for_conversation("old-1")
    assert (old.service, old.kommune, old.language) == ("wohngeld", "Seelze", None)
    new_id = HandoffStore(url).add("new-2", "request_human", [], language="ar")
    assert HandoffStore(url).for_conversation("new-2")[0].language == "ar"
    store.adopt_new_handoffs()
    assert [(c["id"], c["language"]) for c in store.queue()] == [(1, None), (new_id, "ar")]
    found = store.agent_login("alt")
    assert found is not None and found[0].languages == ("de",)  # recorded before: German, the console's language
    assert (found[0].roles, found[0].status) == (("agent",), "available")  # made before roles: works cases


def test_an_old_sqlite_file_gets_the_language_columns(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _upgrade_and_check(url)


def test_an_old_postgres_database_gets_the_language_columns():
    _upgrade_and_check(fresh_postgres())


def test_a_column_that_needs_a_value_is_not_added_silently(tmp_path):
    from sqlalchemy import Column, Integer, MetaData, String, Table

    url = f"sqlite:///{tmp_path / 'h.db'}"
    _old_database(url)
    later = MetaData()
    Table("handoffs", later, Column("id", Integer, primary_key=True), Column("queue", String(8), nullable=False))
    with pytest.raises(RuntimeError, match=r"handoffs\.queue is missing and cannot be added without a value"):
        add_missing_columns(create_engine(url), later)


def test_the_handoff_records_the_language_slot(handoff_db):
    from settings import get_settings

    url = get_settings().handoff_db_url
    arabic = tracker(message("أريد التحدث مع موظف", intent="request_human"), {"language": "ar"}, sender="conv-ar")
    record_handoff(arabic, "request_human", "wohngeld", "Garbsen", url)
    unset = tracker(message("Mitarbeiter bitte", intent="request_human"), {}, sender="conv-none")
    record_handoff(unset, "request_human", None, None, url)
    assert HandoffStore(url).for_conversation("conv-ar")[0].language == "ar"
    assert HandoffStore(url).for_conversation("conv-none")[0].language is None


@pytest.fixture
def settings(tmp_path):
    return console_settings(tmp_path)


def _cases(settings, *languages):
    queue = HandoffStore(settings.handoff_db_url)
    for n, code in enumerate(languages, start=1):
        lines = [{"from": "citizen", "text": f"Nachricht {n}", "time": time.time()}]
        queue.add(f"conv-{n}", "request_human", lines, "wohngeld", "Garbsen", "webchat", code)


def test_queue_entries_show_the_language_and_filter_by_it(settings):
    ConsoleStore(settings.handoff_db_url).create_agent("meyer", PASSWORD, "Frau Meyer", languages=("de", "ar"))
    _cases(settings, "en", "ar", None, "ls")
    with TestClient(create_app(settings, rasa=FakeRasa())) as client:
        login(client)
        items = wait_for_queue(client, 4)
        assert [i["language"] for i in items] == [ENGLISH, ARABIC, GERMAN, EASY]
        only_arabic = client.get("/api/queue", params={"language": "ar"}).json()
        assert [(i["conversation_id"], i["language"]["code"]) for i in only_arabic] == [("conv-2", "ar")]
        assert client.get("/api/queue", params={"language": "ls"}).json()[0]["conversation_id"] == "conv-4"
        first = client.get("/api/queue", params={"mine": "first"}).json()
        assert [i["conversation_id"] for i in first] == ["conv-2", "conv-3", "conv-4", "conv-1"]
        only = client.get("/api/queue", params={"mine": "only"}).json()
        assert [i["conversation_id"] for i in only] == ["conv-2", "conv-3", "conv-4"]  # Leichte Sprache is German
        unknown = client.get("/api/queue", params={"language": "xx"})
        assert (unknown.status_code, unknown.json()) == (422, {"detail": "Unbekannte Sprache"})
        assert client.get("/api/queue", params={"mine": "alle"}).status_code == 422
        assert client.get("/api/languages").json()[:2] == [GERMAN, EASY]
        assert len(client.get("/api/languages").json()) == 8


def test_an_emergency_stays_on_top_in_every_view(settings):
    add_agent(settings.handoff_db_url, "meyer", "Frau Meyer")  # German only
    _cases(settings, "de", "ru")
    HandoffStore(settings.handoff_db_url).alert("conv-2", "112")
    with TestClient(create_app(settings, rasa=FakeRasa())) as client:
        login(client)
        wait_for_queue(client, 2)
        for params in ({}, {"mine": "first"}, {"mine": "only"}, {"language": "de"}):
            ids = [i["conversation_id"] for i in client.get("/api/queue", params=params).json()]
            assert ids == ["conv-2", "conv-1"], params


def _admin_client(settings):
    store = ConsoleStore(settings.handoff_db_url)
    store.create_agent("chefin", PASSWORD, "Frau Chefin", is_admin=True)
    store.create_agent("meyer", PASSWORD, "Frau Meyer")
    client = TestClient(create_app(settings, rasa=FakeRasa()))
    client.__enter__()
    login(client, "chefin")
    return client


def test_an_admin_records_the_languages_an_agent_speaks(settings):
    admin = _admin_client(settings)
    try:
        agents = admin.get("/api/admin/agents").json()
        assert [(a["username"], a["languages"]) for a in agents] == [("chefin", [GERMAN]), ("meyer", [GERMAN])]
        saved = admin.put("/api/admin/agents/2/languages", json={"languages": ["ar", "de", "ar", "uk"]})
        assert saved.status_code == 200
        assert saved.json()["languages"] == [GERMAN, ARABIC, UKRAINIAN]  # in the order of languages.yaml
        unknown = admin.put("/api/admin/agents/2/languages", json={"languages": ["de", "xx"]})
        assert (unknown.status_code, unknown.json()["detail"]) == (422, "Unbekannte Sprache: xx")
        assert admin.put("/api/admin/agents/2/languages", json={"languages": []}).status_code == 422
        assert admin.put("/api/admin/agents/9/languages", json={"languages": ["de"]}).status_code == 404
        csrf = admin.headers.pop("X-CSRF-Token")
        assert admin.put("/api/admin/agents/2/languages", json={"languages": ["de"]}).status_code == 403
        admin.headers["X-CSRF-Token"] = csrf
        page = admin.get("/admin/agents")
        assert page.status_code == 200
        assert '<td id="spoken-2"><span lang="de" dir="ltr">Deutsch</span>, Arabisch (<span lang="ar" dir="rtl">' in (
            page.text
        )
        assert page.text.count('name="languages"') == 2 * 8 and page.text.count('name="roles"') == 2 * 3
        assert page.text.count(" checked>") == 1 + 3 + 2 + 1  # languages; roles: agent+admin, agent
        with TestClient(admin.app) as agent:
            me = login(agent, "meyer").json()
            assert me["languages"] == [GERMAN, ARABIC, UKRAINIAN] and me["is_admin"] is False
            assert agent.get("/api/me").json()["languages"] == me["languages"]
            assert agent.get("/api/admin/agents").status_code == 403
            assert agent.get("/admin/agents").status_code == 403
            assert agent.put("/api/admin/agents/2/languages", json={"languages": ["de"]}).status_code == 403
    finally:
        admin.__exit__(None, None, None)


def test_the_case_shows_the_answer_in_the_citizens_language_and_in_german(settings, kb):
    add_agent(settings.handoff_db_url, "meyer", "Frau Meyer")
    _cases(settings, "de", "de")
    fake = FakeRasa()
    # conv-2 switched to Arabic after the handoff: the tracker's slot is the language now
    fake.trackers["conv-2"] = {"events": [], "slots": {"service": "wohngeld", "aspect": "kosten", "language": "ar"}}
    fake.trackers["conv-1"] = {"events": [], "slots": {"service": "wohngeld", "aspect": "kosten"}}
    with TestClient(create_app(settings, rasa=fake)) as client:
        login(client)
        wait_for_queue(client, 2)
        arabic = client.get("/api/cases/2").json()
        assert arabic["language"] == ARABIC
        shown = arabic["suggestion"]
        assert shown["text"].startswith("Wohngeld beantragen – Kosten: Der Antrag auf Wohngeld ist kostenlos.")
        assert {k: v for k, v in shown["citizen"].items() if k != "text"} == ARABIC
        arabic_texts = Texts("ar")
        wohngeld = arabic_texts.knowledge.field(kb.service("wohngeld"), "name").text
        assert shown["citizen"]["text"].startswith(f"{wohngeld} – {arabic_texts.say('utter_aspect_kosten')}: ")
        assert "Wohngeld beantragen" not in shown["citizen"]["text"]
        german = client.get("/api/cases/1").json()
        assert german["language"] == GERMAN and german["suggestion"]["citizen"] is None
        assert german["suggestion"]["text"] == shown["text"]
