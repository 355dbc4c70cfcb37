"""A console agents work in all day: queue filters and order, the wait alarm, canned replies, typing."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, update

from actions.handoff_store import HandoffStore, handoffs
from channels.console.app import create_app
from channels.console.queue_order import URGENCY, by_urgency
from channels.console.store import ConsoleStore
from channels.console.suggestion import suggestion
from tests.console_helpers import PASSWORD, FakeRasa, console_settings, wait_for_queue


@pytest.fixture
def settings(tmp_path):
    return console_settings(
        tmp_path,
        console_wait_alarm_minutes=5,
    )


def login(client, username="meyer"):
    response = client.post("/api/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf"]
    return response.json()


# (conversation, reason, commune, channel, minutes ago)
CASES = [
    ("c-status", "case_status", "Garbsen", "webchat", 30),
    ("c-human", "request_human", "Laatzen", "voice", 20),
    ("c-complaint", "complaint", "Garbsen", "webchat", 2),
    ("c-callback", "request_human", "Garbsen", "voice", 40),
    ("c-frustrated", "frustration", "Laatzen", "webchat", 10),
    ("c-emergency", "outside_top100", "Seelze", "voice", 1),
]


def _fill(settings):
    queue = HandoffStore(settings.handoff_db_url)
    engine = create_engine(settings.handoff_db_url)
    now = dt.datetime.now(dt.timezone.utc)
    for conversation, reason, commune, channel, minutes in CASES:
        text = "Ich bitte um einen Rückruf. Telefon: 0511 1" if conversation == "c-callback" else "Hallo"
        lines = [{"from": "citizen", "text": text, "time": time.time()}]
        case_id = queue.add(conversation, reason, lines, "wohngeld", commune, channel, "de")
        with engine.begin() as conn:
            created = now - dt.timedelta(minutes=minutes)
            conn.execute(update(handoffs).where(handoffs.c.id == case_id).values(created_at=created))
    queue.alert("c-emergency", "112")


@pytest.fixture
def client(settings):
    store = ConsoleStore(settings.handoff_db_url)
    store.create_agent("meyer", PASSWORD, "Frau Meyer")
    store.create_agent("chefin", PASSWORD, "Frau Chefin", roles=("admin",))
    _fill(settings)
    with TestClient(create_app(settings, rasa=FakeRasa())) as client:
        login(client)
        wait_for_queue(client, len(CASES))
        yield client


def ids(items):
    return [i["conversation_id"] for i in items]


def test_the_queue_is_ordered_by_urgency_then_waiting_time(client):
    items = client.get("/api/queue").json()
    assert ids(items) == ["c-emergency", "c-frustrated", "c-complaint", "c-status", "c-human", "c-callback"]
    assert [i["callback"] for i in items] == [False] * 5 + [True]


def test_the_urgency_order_is_one_table_covering_every_handoff_reason():
    from actions.handoff import REASONS

    assert set(URGENCY) == set(REASONS)
    made = "2026-12-05T10:00:00+00:00"
    later = "2026-12-05T10:05:00+00:00"
    items = [
        {"id": 1, "reason": "request_human", "created_at": made},
        {"id": 2, "reason": "not_helped", "created_at": later},
        {"id": 3, "reason": "not_helped", "created_at": made},
        {"id": 4, "reason": "complaint", "created_at": later, "callback": True},
        {"id": 5, "reason": "legal", "created_at": later, "emergency": "110"},
    ]
    assert [i["id"] for i in by_urgency(items)] == [5, 3, 2, 1, 4]


def test_each_entry_shows_its_waiting_time_and_the_alarm_past_the_threshold(client):
    items = {i["conversation_id"]: i for i in client.get("/api/queue").json()}
    assert 20 * 60 <= items["c-human"]["waited_seconds"] < 21 * 60
    assert 60 <= items["c-emergency"]["waited_seconds"] < 120
    late = sorted(c for c, i in items.items() if i["wait_alarm"])
    assert late == ["c-callback", "c-frustrated", "c-human", "c-status"]
    assert client.get("/api/queue/filters").json()["wait_alarm_minutes"] == 5


def test_the_alarm_threshold_comes_from_the_settings(settings):
    later = settings.copy(update={"console_wait_alarm_minutes": 25})
    ConsoleStore(later.handoff_db_url).create_agent("meyer", PASSWORD, "Frau Meyer")
    _fill(later)
    with TestClient(create_app(later, rasa=FakeRasa())) as client:
        login(client)
        items = wait_for_queue(client, len(CASES))
        assert sorted(i["conversation_id"] for i in items if i["wait_alarm"]) == ["c-callback", "c-status"]
        claimed = next(i for i in items if i["conversation_id"] == "c-status")
        assert client.post(f"/api/cases/{claimed['id']}/claim").status_code == 200
        items = client.get("/api/queue").json()
        assert [i["conversation_id"] for i in items if i["wait_alarm"]] == ["c-callback"]  # taken: no alarm


def test_filters_by_commune_reason_and_channel_keep_an_emergency(client):
    get = lambda **params: ids(client.get("/api/queue", params=params).json())  # noqa: E731
    assert get(commune="Garbsen") == ["c-emergency", "c-complaint", "c-status", "c-callback"]
    assert get(reason="request_human") == ["c-emergency", "c-human", "c-callback"]
    assert get(channel="voice") == ["c-emergency", "c-human", "c-callback"]
    assert get(commune="Laatzen", channel="webchat") == ["c-emergency", "c-frustrated"]
    assert get(commune="Garbsen", reason="complaint", channel="webchat", language="de") == [
        "c-emergency",
        "c-complaint",
    ]
    bad = client.get("/api/queue", params={"reason": "langeweile"})
    assert (bad.status_code, bad.json()) == (422, {"detail": "Unbekannter Grund"})
    filters = client.get("/api/queue/filters").json()
    assert len(filters["communes"]) == 21 and "Garbsen" in filters["communes"]
    assert filters["reasons"]["complaint"] == "Beschwerde"
    assert filters["channels"] == {"webchat": "Web-Chat", "voice": "Telefon", "rest": "REST"}


def _canned(client, title, body):
    response = client.post("/api/admin/canned", json={"title": title, "body": body})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_admins_keep_canned_replies_and_agents_get_them_filled_in(settings, client):
    admin = TestClient(client.app)
    login(admin, "chefin")
    body = "Guten Tag, {service_answer}\nViele Grüße, {agent} ({commune})"
    first = _canned(admin, "Auskunft mit Antwort", body)
    second = _canned(admin, "Begrüßung", "Hallo, hier ist {agent}.")
    assert client.get("/api/canned").json() == [
        {"id": first, "title": "Auskunft mit Antwort", "body": body},
        {"id": second, "title": "Begrüßung", "body": "Hallo, hier ist {agent}."},
    ]
    case = next(i for i in client.get("/api/queue").json() if i["conversation_id"] == "c-complaint")
    filled = client.get(f"/api/cases/{case['id']}/canned/{first}").json()
    answer = suggestion({"service": "wohngeld", "aspect": None, "kommune": "Garbsen"})
    assert answer is not None and "Wohngeld" in answer["text"]
    assert filled == {
        "id": first,
        "title": "Auskunft mit Antwort",
        "text": f"Guten Tag, {answer['text']}\nViele Grüße, Frau Meyer (Garbsen)",
    }
    edited = admin.put(f"/api/admin/canned/{second}", json={"title": "Gruß", "body": "Moin aus {commune}, {agent}."})
    assert edited.status_code == 200
    assert client.get(f"/api/cases/{case['id']}/canned/{second}").json()["text"] == "Moin aus Garbsen, Frau Meyer."
    typo = admin.put(f"/api/admin/canned/{second}", json={"title": "Gruß", "body": "Moin aus {comune}"})
    assert (typo.status_code, typo.json()) == (422, {"detail": "Unbekannter Platzhalter: {comune}"})
    assert admin.delete(f"/api/admin/canned/{second}").json() == {"status": "gelöscht"}
    assert admin.delete(f"/api/admin/canned/{second}").status_code == 404
    assert [c["title"] for c in client.get("/api/canned").json()] == ["Auskunft mit Antwort"]
    page = admin.get("/admin/canned")
    assert page.status_code == 200 and page.text.count('<form class="canned"') == 2  # one saved, one new
    assert "{service_answer}" in page.text


def test_canned_reply_text_is_escaped_on_the_admin_page(client):
    admin = TestClient(client.app)
    login(admin, "chefin")
    _canned(admin, "<script>x</script>", "<b>{agent}</b>")
    page = admin.get("/admin/canned").text
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt;" in page and "&lt;b&gt;{agent}" in page


def test_typing_reaches_the_citizens_chat_only_from_the_agent_holding_the_case(settings):
    store = ConsoleStore(settings.handoff_db_url)
    store.create_agent("meyer", PASSWORD, "Frau Meyer")
    store.create_agent("schulz", PASSWORD, "Herr Schulz")
    HandoffStore(settings.handoff_db_url).add("conv-t", "request_human", [], "wohngeld", "Garbsen", "webchat")
    fake = FakeRasa()
    with TestClient(create_app(settings, rasa=fake)) as client:
        login(client)
        (case,) = wait_for_queue(client, 1)
        other = TestClient(client.app)
        login(other, "schulz")
        assert client.post(f"/api/cases/{case['id']}/typing").status_code == 409  # not claimed yet
        client.post(f"/api/cases/{case['id']}/claim")
        assert client.post(f"/api/cases/{case['id']}/typing").json() == {"delivered": True}
        assert other.post(f"/api/cases/{case['id']}/typing").status_code == 409
        typing = [p for p in fake.pushed if p["event"] == "typing"]
        assert typing == [{"conversation_id": "conv-t", "text": None, "event": "typing", "agent": "Frau Meyer"}]
        assert not any("schreibt" in m["text"] for m in store.transcript(case["id"]))  # not part of the record
