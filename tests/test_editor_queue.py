"""The editors' queue: what the action records (fallback, unresolved clarification), redacted storage, feedback
counts without the citizen, grouping by e5 similarity, and the /editor page with its role check."""

from __future__ import annotations

import numpy as np
import pytest
from fastapi.testclient import TestClient

from actions.editor_queue import EditorQueue, editor_queue
from channels.console.app import create_app
from channels.console.editor_groups import Grouper, greedy_groups, query_embedding
from settings import Settings, get_settings
from tests.console_helpers import PASSWORD, FakeRasa
from tests.test_actions import run
from tests.trackers import message

CLARIFIED = {"route": "clarify", "clarify_options": ["personalausweis-beantragen", "reisepass-beantragen"]}
ASKED = [{"event": "user", "text": "Ausweis, ich heiße Tom Becker"}, {"event": "bot", "text": "Meinen Sie …"}]


def queue() -> EditorQueue:
    return editor_queue(get_settings().handoff_db_url)


def rows(q: EditorQueue) -> list[tuple]:
    return [(i.kind, i.text, i.service, i.aspect, i.options) for i in q.open_items()]


@pytest.mark.usefixtures("handoff_db")
def test_a_fallback_is_queued_redacted_with_the_best_guess():
    _, slots, _ = run(
        message("Blorp, mein Name ist Eva Roth, Tel. 0511 998877", confidence=0.3, candidates=[("kindergeld", 0.2)])
    )
    assert slots["route"] == "fallback"
    assert rows(queue()) == [("fallback", "Blorp, mein Name ist [Name], Tel. [Telefon]", "kindergeld", None, [])]


@pytest.mark.usefixtures("handoff_db")
def test_an_unresolved_clarification_queues_the_question_that_was_clarified():
    other = message("Nein, die Hundesteuer", candidates=[("hundesteuer-anmelden", 0.9)], retrieval_confidence=0.95)
    _, slots, _ = run(other, CLARIFIED, history=ASKED)
    assert slots["route"] == "answer" and slots["service"] == "hundesteuer-anmelden"
    options = ["personalausweis-beantragen", "reisepass-beantragen"]
    assert rows(queue()) == [("clarify", "Ausweis, ich heiße [Name]", None, None, options)]


@pytest.mark.usefixtures("handoff_db")
def test_a_resolved_clarification_and_a_plain_answer_queue_nothing_and_the_answer_asks_for_feedback():
    chosen = message('/inform{"service":"reisepass-beantragen"}', intent="inform", service="reisepass-beantragen")
    messages, slots, _ = run(chosen, CLARIFIED, history=ASKED)
    assert slots["service"] == "reisepass-beantragen"
    assert messages[-1] == {
        "text": None,
        "buttons": [],
        "elements": [],
        "custom": {"feedback": {"service": "reisepass-beantragen", "aspect": None}},
        "template": None,
        "response": None,
        "image": None,
        "attachment": None,
    }
    fee = message(
        "Wie teuer ist das polizeiliche Führungszeugnis eigentlich?",
        candidates=[("fuehrungszeugnis", 0.9)],
        retrieval_confidence=0.95,
    )
    messages, _, _ = run({**fee, "entities": [{"entity": "aspect", "value": "kosten"}]}, {"kommune": "Burgdorf"})
    assert messages[-1]["custom"] == {"feedback": {"service": "fuehrungszeugnis", "aspect": "kosten"}}
    assert rows(queue()) == []


@pytest.mark.usefixtures("handoff_db")
def test_a_broken_queue_database_costs_no_answer(monkeypatch):
    def broken(url):
        raise OSError("disk full")

    monkeypatch.setattr("actions.editor_hook.editor_queue", broken)
    messages, slots, _ = run(message("Blorp", confidence=0.3))
    assert slots["route"] == "fallback" and messages[0]["text"].startswith("Das habe ich leider nicht verstanden.")


def test_counts_hold_only_numbers_and_done_items_leave_the_queue(tmp_path):
    q = EditorQueue(f"sqlite:///{tmp_path / 'q.db'}")
    q.count_feedback("reisepass-beantragen", "kosten", True)
    q.count_feedback("reisepass-beantragen", "kosten", False)
    q.count_feedback("reisepass-beantragen", "kosten", True)
    q.count_feedback("reisepass-beantragen", None, False)
    assert q.counts() == {
        ("reisepass-beantragen", "kosten"): {"yes": 2, "no": 1},
        ("reisepass-beantragen", ""): {"yes": 0, "no": 1},
    }
    first = q.add("feedback", "Preis fehlte, Frau Lange, lange@example.org", "reisepass-beantragen", "kosten")
    second = q.add("fallback", "Sperrmüll Termin")
    assert [i.text for i in q.open_items()] == ["Preis fehlte, Frau [Name], [E-Mail]", "Sperrmüll Termin"]
    assert q.mark_done([first, 999]) == 1
    assert q.mark_done([first]) == 0
    assert [i.id for i in q.open_items()] == [second]
    with pytest.raises(ValueError):
        q.add("gossip", "x")


def test_greedy_groups_join_the_most_similar_seed_above_the_threshold():
    vectors = np.array([[1, 0, 0], [0.96, 0.28, 0], [0, 1, 0], [0.1, 0.99, 0], [0, 0, 1], [0.7, 0.7, 0]])
    assert greedy_groups(vectors, threshold=0.9) == [[0, 1], [2, 3], [4], [5]]
    assert greedy_groups(vectors, threshold=0.7) == [[0, 1, 5], [2, 3], [4]]
    assert greedy_groups(np.zeros((0, 3))) == []


def test_e5_groups_paraphrases_and_keeps_other_services_apart():
    from knowledge.runtime import open_embedder

    texts = [
        "Was kostet der Personalausweis?",
        "Wie teuer ist ein neuer Perso?",
        "Gebühr für den Personalausweis",
        "Ich will meinen Hund anmelden",
        "Hundesteuer anmelden wie?",
        "Wann ist der Sperrmüll?",
        "Wo bekomme ich einen Angelschein",
        "Angelschein beantragen wo",
        "Die Antwort war zu lang und ohne Preis",
    ]
    q = EditorQueue("sqlite://")
    for text in texts:
        q.add("fallback", text)
    grouper = Grouper(query_embedding(open_embedder(Settings())))
    groups = [[item.text for item in g.items] for g in grouper.groups(q.open_items())]
    assert groups == [texts[0:3], texts[3:5], texts[6:8], [texts[5]], [texts[8]]]


@pytest.fixture
def console(tmp_path):
    settings = Settings(work_dir=tmp_path, handoff_db_url=f"sqlite:///{tmp_path / 'h.db'}")
    app = create_app(settings, rasa=FakeRasa())
    with TestClient(app) as client:
        client.app.state.store.create_agent("meyer", PASSWORD, "Frau Meyer")
        client.app.state.store.create_agent("chefin", PASSWORD, "Frau Chefin", is_admin=True)
        yield client, EditorQueue(settings.handoff_db_url)


def login(client, username):
    reply = client.post("/api/login", json={"username": username, "password": PASSWORD})
    assert reply.status_code == 200
    return reply.json()["csrf"]


def test_the_editor_page_is_for_editors_only_and_marks_a_group_done(console):
    client, q = console
    assert client.get("/editor").status_code == 401
    login(client, "meyer")
    assert client.get("/editor").status_code == 403
    assert client.get("/api/editor/groups").status_code == 403
    csrf = login(client, "chefin")
    a = q.add("feedback", "Preis fehlte <b>", "reisepass-beantragen", "kosten")
    b = q.add("clarify", "Ausweis", None, None, ["personalausweis-beantragen", "reisepass-beantragen"])
    client.app.state.grouper = Grouper(lambda text: np.array([1.0, 0.0]))  # everything alike: one group
    page = client.get("/editor")
    assert page.status_code == 200
    assert "Preis fehlte &lt;b&gt;" in page.text and "<b>" not in page.text
    assert "Rückmeldung „nein“" in page.text and "Reisepass beantragen · Kosten" in page.text
    assert "angeboten: Personalausweis beantragen, Reisepass beantragen" in page.text
    assert f'data-ids="{a},{b}">Ganze Gruppe erledigt' in page.text
    groups = client.get("/api/editor/groups").json()["groups"]
    assert [g["ids"] for g in groups] == [[a, b]]
    assert client.post("/api/editor/done", json={"ids": [a, b]}).status_code == 403  # no CSRF token
    assert client.post("/api/editor/done", json={"ids": []}, headers={"X-CSRF-Token": csrf}).status_code == 422
    done = client.post("/api/editor/done", json={"ids": [a, b]}, headers={"X-CSRF-Token": csrf})
    assert done.json() == {"done": 2}
    assert client.get("/api/editor/groups").json() == {"groups": []}
    assert "Keine offenen Einträge." in client.get("/editor").text
