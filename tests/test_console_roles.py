"""Transfer of a held case, each agent's status, and the roles agent, editor and admin (403 where not allowed)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from actions.handoff_store import HandoffStore
from channels.console.app import create_app
from channels.console.store import ConsoleStore
from tests.console_helpers import PASSWORD, FakeRasa, console_settings, until


@pytest.fixture
def settings(tmp_path):
    return console_settings(tmp_path)


def login(client, username):
    response = client.post("/api/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf"]
    return response.json()


def receive_until(socket, kind):
    while True:
        message = socket.receive_json()
        if message["type"] == kind:
            return message


@pytest.fixture
def team(settings):
    """Meyer and Schulz work cases, Redakteur edits, Chefin administers, Lehmann does both case work and editing."""
    store = ConsoleStore(settings.handoff_db_url)
    made = {
        "meyer": store.create_agent("meyer", PASSWORD, "Frau Meyer"),
        "schulz": store.create_agent("schulz", PASSWORD, "Herr Schulz"),
        "redakteur": store.create_agent("redakteur", PASSWORD, "Herr Redakteur", roles=("editor",)),
        "chefin": store.create_agent("chefin", PASSWORD, "Frau Chefin", roles=("admin",)),
        "lehmann": store.create_agent("lehmann", PASSWORD, "Frau Lehmann", roles=("agent", "editor")),
    }
    HandoffStore(settings.handoff_db_url).add("conv-1", "complaint", [], "wohngeld", "Garbsen", "webchat")
    app = create_app(settings, rasa=FakeRasa())
    with TestClient(app) as first:
        clients = {"meyer": first}
        for name in made:
            if name != "meyer":
                clients[name] = TestClient(app)
        for name, client in clients.items():
            login(client, name)
        until(lambda: len(first.get("/api/queue").json()) == 1)
        yield made, clients, store


def test_a_held_case_goes_to_an_online_colleague_who_sees_it(team):
    ids, c, store = team
    meyer, schulz = c["meyer"], c["schulz"]
    case_id = meyer.get("/api/queue").json()[0]["id"]
    transfer = {"agent_id": ids["schulz"]}
    assert meyer.post(f"/api/cases/{case_id}/transfer", json=transfer).status_code == 409  # not held yet
    assert meyer.post(f"/api/cases/{case_id}/claim").status_code == 200
    offline = meyer.post(f"/api/cases/{case_id}/transfer", json=transfer)
    assert (offline.status_code, offline.json()) == (409, {"detail": "Herr Schulz ist nicht erreichbar"})
    with schulz.websocket_connect("/ws") as live:
        until(lambda: [a["display_name"] for a in meyer.get("/api/team").json()] == ["Herr Schulz"])
        wrong = meyer.post(f"/api/cases/{case_id}/transfer", json={"agent_id": ids["redakteur"]})
        assert wrong.status_code == 422
        done = meyer.post(f"/api/cases/{case_id}/transfer", json=transfer)
        assert done.json() == {"status": "transferred", "case": case_id, "to": ids["schulz"]}
        note = receive_until(live, "transfer")
        assert note == {"type": "transfer", "case": case_id, "to": ids["schulz"], "from_name": "Frau Meyer"}
        (entry,) = schulz.get("/api/queue").json()
        assert (entry["status"], entry["claimed_by"], entry["claimed_by_name"]) == (
            "claimed",
            ids["schulz"],
            "Herr Schulz",
        )
        history = [m["text"] for m in store.transcript(case_id) if m["sender"] == "system"]
        assert history[-1] == "Frau Meyer hat den Fall an Herr Schulz übergeben."
        assert meyer.post(f"/api/cases/{case_id}/reply", json={"text": "Noch da?"}).status_code == 409
        assert schulz.post(f"/api/cases/{case_id}/reply", json={"text": "Ich übernehme."}).status_code == 200
        again = meyer.post(f"/api/cases/{case_id}/transfer", json=transfer)
        assert again.status_code == 409  # only the holder passes a case on


def test_an_agent_sets_a_status_that_the_team_and_the_queue_show(team):
    ids, c, _ = team
    meyer, schulz = c["meyer"], c["schulz"]
    case_id = meyer.get("/api/queue").json()[0]["id"]
    meyer.post(f"/api/cases/{case_id}/claim")
    assert meyer.put("/api/me/status", json={"status": "busy"}).json() == {"status": "busy"}
    assert meyer.get("/api/me").json()["status"] == "busy"
    assert meyer.get("/api/queue").json()[0]["claimed_by_status"] == "busy"
    assert meyer.put("/api/me/status", json={"status": "schlafend"}).status_code == 422
    with schulz.websocket_connect("/ws") as live:
        receive_until(live, "team")
        assert schulz.put("/api/me/status", json={"status": "away"}).status_code == 200
        assert receive_until(live, "team")["agents"] == [
            {"id": ids["schulz"], "display_name": "Herr Schulz", "status": "away"}
        ]
        away = meyer.post(f"/api/cases/{case_id}/transfer", json={"agent_id": ids["schulz"]})
        assert (away.status_code, away.json()) == (409, {"detail": "Herr Schulz ist nicht erreichbar"})


def test_an_editor_cannot_work_cases_but_keeps_canned_replies(team):
    _, c, _ = team
    editor = c["redakteur"]
    case_id = c["meyer"].get("/api/queue").json()[0]["id"]
    assert editor.get("/api/me").json()["roles"] == ["editor"]
    for method, path, body in [
        ("get", "/api/queue", None),
        ("get", f"/api/cases/{case_id}", None),
        ("post", f"/api/cases/{case_id}/claim", {}),
        ("post", f"/api/cases/{case_id}/reply", {"text": "Hallo"}),
        ("post", f"/api/cases/{case_id}/handback", {}),
        ("post", f"/api/cases/{case_id}/typing", {}),
        ("post", f"/api/cases/{case_id}/transfer", {"agent_id": 1}),
        ("put", "/api/me/status", {"status": "busy"}),
        ("get", "/api/team", None),
        ("put", "/api/admin/agents/1/roles", {"roles": ["editor"]}),
        ("put", "/api/admin/agents/1/languages", {"languages": ["de"]}),
        ("get", "/api/admin/agents", None),
    ]:
        response = getattr(editor, method)(path, **({} if body is None else {"json": body}))
        assert response.status_code == 403, (path, response.status_code)
    assert editor.get("/api/queue").json() == {"detail": "Dafür fehlt Ihnen die Rolle Agent"}
    with pytest.raises(WebSocketDisconnect) as closed, editor.websocket_connect("/ws") as live:
        live.receive_json()
    assert closed.value.code == 4403
    made = editor.post("/api/admin/canned", json={"title": "Gruß", "body": "Hallo, {agent}"})
    assert made.status_code == 201
    assert editor.get("/admin/canned").status_code == 200
    assert c["lehmann"].post(f"/api/cases/{case_id}/claim").status_code == 200  # agent and editor: works cases


def test_an_agent_cannot_administer_and_an_admin_without_the_agent_role_cannot_work_cases(team):
    ids, c, _ = team
    agent, admin = c["meyer"], c["chefin"]
    assert agent.post("/api/admin/canned", json={"title": "x", "body": "y"}).status_code == 403
    assert agent.get("/admin/canned").status_code == 403
    assert agent.put(f"/api/admin/agents/{ids['schulz']}/roles", json={"roles": ["admin"]}).status_code == 403
    case_id = agent.get("/api/queue").json()[0]["id"]
    assert admin.post(f"/api/cases/{case_id}/claim").status_code == 403
    assert admin.get("/api/queue").status_code == 403
    made = admin.post("/api/admin/canned", json={"title": "x", "body": "y"})
    assert made.status_code == 201 and admin.delete(f"/api/admin/canned/{made.json()['id']}").status_code == 200


def test_an_admin_gives_and_takes_roles(team):
    ids, c, store = team
    admin, schulz = c["chefin"], c["schulz"]
    given = admin.put(f"/api/admin/agents/{ids['schulz']}/roles", json={"roles": ["editor", "agent"]})
    assert (given.json()["roles"], given.json()["is_admin"]) == (["agent", "editor"], False)
    assert schulz.post("/api/admin/canned", json={"title": "x", "body": "y"}).status_code == 201  # now an editor
    taken = admin.put(f"/api/admin/agents/{ids['schulz']}/roles", json={"roles": ["editor"]})
    assert taken.json()["roles"] == ["editor"]
    assert schulz.get("/api/queue").status_code == 403  # the next request already counts
    promoted = admin.put(f"/api/admin/agents/{ids['meyer']}/roles", json={"roles": ["agent", "admin"]})
    assert promoted.json()["is_admin"] is True
    assert c["meyer"].get("/api/admin/agents").status_code == 200
    self_demotion = admin.put(f"/api/admin/agents/{ids['chefin']}/roles", json={"roles": ["agent"]})
    assert self_demotion.status_code == 422
    assert admin.put(f"/api/admin/agents/{ids['meyer']}/roles", json={"roles": ["boss"]}).status_code == 422
    assert admin.put("/api/admin/agents/999/roles", json={"roles": ["agent"]}).status_code == 404
    csrf_less = TestClient(admin.app, cookies=admin.cookies)
    assert csrf_less.put(f"/api/admin/agents/{ids['meyer']}/roles", json={"roles": ["agent"]}).status_code == 403
    assert store.agent_login("schulz")[0].roles == ("editor",)
