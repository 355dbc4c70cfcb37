"""The console's read-only admin page: the completeness report, for admins only."""

from fastapi.testclient import TestClient

from channels.console.app import create_app
from channels.console.store import ConsoleStore
from settings import Settings
from tests.console_helpers import PASSWORD, FakeRasa


def _client(tmp_path, admin: bool) -> TestClient:
    settings = Settings(work_dir=tmp_path, handoff_db_url=f"sqlite:///{tmp_path / 'h.db'}", service_hours="immer")
    ConsoleStore(settings.handoff_db_url).create_agent("chefin", PASSWORD, "Frau Chefin", is_admin=admin)
    client = TestClient(create_app(settings, rasa=FakeRasa()))
    client.__enter__()
    response = client.post("/api/login", json={"username": "chefin", "password": PASSWORD})
    assert response.status_code == 200
    return client


def test_report_needs_login_and_the_admin_role(tmp_path):
    with TestClient(create_app(Settings(work_dir=tmp_path, handoff_db_url=f"sqlite:///{tmp_path / 'h.db'}"))) as anon:
        assert anon.get("/api/admin/report").status_code == 401
    agent = _client(tmp_path, admin=False)
    assert agent.get("/api/admin/report?commune=Laatzen").status_code == 403
    assert agent.get("/admin/report").status_code == 403
    agent.__exit__(None, None, None)


def test_admin_sees_the_worklist_of_a_commune(tmp_path, kb):
    admin = _client(tmp_path, admin=True)
    data = admin.get("/api/admin/report?commune=Laatzen").json()
    assert data["commune"] == "Laatzen" and len(data["rows"]) == 100
    assert {r["service_id"] for r in data["rows"]} == set(kb.services)
    counts = admin.get("/api/admin/report").json()["communes"]
    assert len(counts) == 21 and sum(c["fields"] for c in counts) > 0
    page = admin.get("/admin/report?commune=Seelze")
    assert page.status_code == 200 and "<h1>Vollständigkeit Seelze</h1>" in page.text
    assert page.text.count("<tr>") == 101
    assert admin.get("/admin/report?commune=<script>").status_code == 404
    admin.__exit__(None, None, None)
