"""An agent's working session in a real browser (Debian chromium, Playwright), without Rasa: filter the queue,
the urgent case first, a canned reply inserted with its shortcut, edited and sent, the case passed to a colleague."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import create_engine, update

from actions.handoff_store import HandoffStore, handoffs
from channels.console.app import create_app
from channels.console.store import ConsoleStore
from settings import Settings
from tests.console_helpers import PASSWORD, FakeRasa, serve

pytestmark = pytest.mark.e2e
WAIT = 15_000  # ms
SCREENSHOT = Path(__file__).resolve().parents[1] / "var" / "screenshots" / "console-session.png"


def _login(page, url, username):
    page.goto(url + "/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_label("Passwort").press("Enter")
    expect(page.locator("#conn")).to_have_text("verbunden", timeout=WAIT)


def test_an_agents_working_session(tmp_path):
    settings = Settings(work_dir=tmp_path, handoff_db_url=f"sqlite:///{tmp_path / 'h.db'}", service_hours="immer")
    store = ConsoleStore(settings.handoff_db_url)
    store.create_agent("meyer", PASSWORD, "Frau Meyer")
    store.create_agent("schulz", PASSWORD, "Herr Schulz")
    store.add_canned("Auskunft", "Guten Tag, hier ist {agent} aus dem Servicecenter. {service_answer}")
    queue = HandoffStore(settings.handoff_db_url)
    line = [{"from": "citizen", "text": "Ich möchte mit einem Menschen sprechen", "time": time.time()}]
    late = queue.add("conv-1", "request_human", line, "wohngeld", "Garbsen", "webchat", "de")
    with create_engine(settings.handoff_db_url).begin() as conn:  # waiting for ten minutes: past the alarm
        ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=10)
        conn.execute(update(handoffs).where(handoffs.c.id == late).values(created_at=ago))
    queue.add("conv-2", "request_human", line, "wohngeld", "Laatzen", "voice", "de")
    angry = [{"from": "citizen", "text": "Das ist schon das dritte Mal!", "time": time.time()}]
    queue.add("conv-3", "complaint", angry, "wohngeld", "Garbsen", "webchat", "de")
    fake = FakeRasa()
    fake.trackers["conv-3"] = {"events": [], "slots": {"service": "wohngeld", "kommune": "Garbsen"}}
    with serve(create_app(settings, rasa=fake)) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        colleague = browser.new_page()
        _login(colleague, url, "schulz")
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        _login(page, url, "meyer")
        entries = page.locator("#queue li")
        expect(entries).to_have_count(3, timeout=WAIT)
        expect(page.locator("#team")).to_contain_text("Herr Schulz – verfügbar")
        page.get_by_label("Kommune").select_option("Garbsen")
        expect(entries).to_have_count(2)
        expect(entries.first).to_contain_text("Beschwerde")  # the complaint, though it came last
        expect(entries.nth(1)).to_contain_text("Wunsch nach Mensch")
        expect(entries.nth(1)).to_contain_text("wartet 10 min")
        expect(entries.nth(1).locator(".badge.late")).to_have_text("länger als 5 min")
        expect(page.locator("#wait-alarm")).to_have_text("Gespräch Nr. 1 wartet länger als 5 Minuten.")
        assert page.locator("#wait-alarm").get_attribute("role") == "alert"
        expect(entries.first.locator(".badge.late")).to_have_count(0)
        page.get_by_label("Kanal").select_option("voice")
        expect(page.locator("#queue-empty")).to_have_text("Keine Gespräche in dieser Auswahl.")
        page.get_by_label("Kanal").select_option("")
        page.keyboard.press("Alt+KeyN")  # the next waiting case: the most urgent
        expect(page.locator("#case-title")).to_have_text("Gespräch Nr. 3", timeout=WAIT)
        page.keyboard.press("Alt+KeyC")
        expect(page.locator("#reply")).to_be_focused(timeout=WAIT)
        page.keyboard.press("Alt+Digit1")
        start = "Guten Tag, hier ist Frau Meyer aus dem Servicecenter. Wohngeld beantragen: "
        expect(page.locator("#reply")).to_have_value(re.compile("^" + re.escape(start)), timeout=WAIT)
        expect(page.locator("#case-msg")).to_contain_text("Textbaustein „Auskunft“ eingefügt")
        page.keyboard.press("End")
        page.keyboard.type(" Entschuldigen Sie die Wartezeit.")
        page.keyboard.press("Control+Enter")
        expect(page.locator("#case-msg")).to_have_text("Gesendet.", timeout=WAIT)
        sent = [x for x in fake.pushed if x["text"]]
        assert sent[-1]["text"].startswith("Guten Tag, hier ist Frau Meyer aus dem Servicecenter. ")
        assert sent[-1]["text"].endswith(" Entschuldigen Sie die Wartezeit.")
        assert "Wohngeld" in sent[-1]["text"]
        assert [x["agent"] for x in fake.pushed if x["event"] == "typing"] == ["Frau Meyer"]
        page.get_by_label("Übergeben an").select_option(label="Herr Schulz (verfügbar)")
        page.get_by_role("button", name="Übergeben", exact=True).click()
        expect(page.locator("#transcript")).to_contain_text(
            "Frau Meyer hat den Fall an Herr Schulz übergeben.", timeout=WAIT
        )
        expect(entries.first).to_contain_text("übernommen von Herr Schulz (verfügbar)")
        expect(page.locator("#reply-form")).to_be_hidden()
        page.locator("#help summary").click()
        page.screenshot(path=str(SCREENSHOT), full_page=True)

        expect(colleague.locator("#notice")).to_have_text("Frau Meyer hat Ihnen Gespräch Nr. 3 übergeben.")
        mine = colleague.locator("#queue li").filter(has_text="von Ihnen übernommen")
        expect(mine).to_have_count(1)
        mine.locator("button").click()
        expect(colleague.locator("#reply-form")).to_be_visible(timeout=WAIT)
        expect(colleague.locator("#transcript")).to_contain_text("Entschuldigen Sie die Wartezeit.")
        browser.close()


def test_an_admin_keeps_canned_replies_and_roles_in_the_browser(tmp_path):
    settings = Settings(work_dir=tmp_path, handoff_db_url=f"sqlite:///{tmp_path / 'h.db'}", service_hours="immer")
    store = ConsoleStore(settings.handoff_db_url)
    store.create_agent("chefin", PASSWORD, "Frau Chefin", roles=("admin",))
    store.create_agent("meyer", PASSWORD, "Frau Meyer")
    with serve(create_app(settings, rasa=FakeRasa())) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(url + "/")
        page.get_by_label("Benutzername").fill("chefin")
        page.get_by_label("Passwort").fill(PASSWORD)
        page.get_by_label("Passwort").press("Enter")
        expect(page.locator("#no-cases")).to_be_visible(timeout=WAIT)  # an admin only: no queue, no transcripts
        expect(page.locator("#work-view")).to_be_hidden()
        page.get_by_role("link", name="Textbausteine").click()
        new = page.locator("form.canned").last
        new.get_by_label("Titel").fill("Gruß")
        new.get_by_label("Text").fill("Guten Tag aus {comune}")
        new.get_by_role("button", name="Speichern").click()
        expect(new.locator(".note")).to_have_text("Unbekannter Platzhalter: {comune}", timeout=WAIT)
        new.get_by_label("Text").fill("Guten Tag aus {commune}, hier ist {agent}.")
        new.get_by_role("button", name="Speichern").click()
        expect(page.locator("form.canned")).to_have_count(2, timeout=WAIT)
        assert store.canned_replies()[0]["body"] == "Guten Tag aus {commune}, hier ist {agent}."
        saved = page.locator("form.canned").first
        saved.get_by_label("Titel").fill("Begrüßung")
        saved.get_by_role("button", name="Speichern").click()
        expect(saved.locator(".note")).to_have_text("Gespeichert.", timeout=WAIT)
        assert store.canned_replies()[0]["title"] == "Begrüßung"
        saved.get_by_role("button", name="Löschen").click()
        expect(page.locator("form.canned")).to_have_count(1, timeout=WAIT)
        assert store.canned_replies() == []
        page.goto(url + "/admin/agents")
        roles = page.locator("form[data-roles-agent='2']")
        roles.get_by_label("Redaktion").check()
        roles.get_by_role("button", name="Rollen speichern").click()
        expect(roles.locator(".note")).to_have_text("Rollen gespeichert.", timeout=WAIT)
        browser.close()
    found = store.agent_login("meyer")
    assert found is not None and found[0].roles == ("agent", "editor")
