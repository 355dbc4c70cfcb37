"""The console's language features in a real browser (Debian chromium, Playwright), without Rasa."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect, sync_playwright

from actions.handoff_store import HandoffStore
from channels.console.app import create_app
from channels.console.store import ConsoleStore
from settings import Settings
from tests.console_helpers import PASSWORD, FakeRasa, serve

pytestmark = pytest.mark.e2e
WAIT = 15_000  # ms


def test_an_agent_sees_filters_and_reads_a_case_in_arabic_and_an_admin_records_languages(tmp_path):
    settings = Settings(work_dir=tmp_path, handoff_db_url=f"sqlite:///{tmp_path / 'h.db'}", service_hours="immer")
    store = ConsoleStore(settings.handoff_db_url)
    store.create_agent("meyer", PASSWORD, "Frau Meyer", languages=("de", "ar"))
    store.create_agent("chefin", PASSWORD, "Frau Chefin", is_admin=True)
    queue = HandoffStore(settings.handoff_db_url)
    queue.add("conv-en", "request_human", [{"from": "citizen", "text": "A person, please", "time": time.time()}],
              "wohngeld", "Garbsen", "webchat", "en")  # fmt: skip
    queue.add("conv-ar", "request_human", [{"from": "citizen", "text": "أريد موظفا", "time": time.time()}],
              "wohngeld", "Garbsen", "webchat", "ar")  # fmt: skip
    fake = FakeRasa()
    fake.trackers["conv-ar"] = {"events": [], "slots": {"service": "wohngeld", "aspect": "kosten", "language": "ar"}}
    with serve(create_app(settings, rasa=fake)) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(url + "/")
        page.get_by_label("Benutzername").fill("meyer")
        page.get_by_label("Passwort").fill(PASSWORD)
        page.get_by_label("Passwort").press("Enter")
        expect(page.locator("#conn")).to_have_text("verbunden", timeout=WAIT)
        expect(page.locator("#agent-languages")).to_have_text("Deutsch, Arabisch (العربية)")
        entries = page.locator("#queue li")
        expect(entries).to_have_count(2, timeout=WAIT)
        expect(entries.nth(1).locator(".lang-tag")).to_have_text("Arabisch (العربية)")
        assert entries.nth(1).locator('.lang-tag [lang="ar"][dir="rtl"]').count() == 1
        page.get_by_label("Meine Sprachen").select_option("first")
        expect(entries.first).to_contain_text("Arabisch")
        page.get_by_label("Meine Sprachen").select_option("only")
        expect(entries).to_have_count(1)
        page.get_by_label("Meine Sprachen").select_option("")
        page.get_by_label("Sprache", exact=True).select_option("en")
        expect(entries).to_have_count(1)
        expect(entries.first).to_contain_text("Englisch (English)")
        page.get_by_label("Sprache", exact=True).select_option("")
        entries.filter(has_text="Arabisch").locator("button").click()
        expect(page.locator("#f-language")).to_have_text("Arabisch (العربية)", timeout=WAIT)
        citizen = page.locator("#suggest-citizen-text")
        expect(citizen).to_contain_text("طلب إعانة السكن (Wohngeld) – التكاليف:")
        assert (citizen.get_attribute("lang"), citizen.get_attribute("dir")) == ("ar", "rtl")
        expect(page.locator("#suggest-text")).to_contain_text("Wohngeld beantragen – Kosten:")
        line = page.locator("#transcript li").first
        assert (line.get_attribute("lang"), line.get_attribute("dir")) == ("ar", "rtl")
        assert line.locator(".from").get_attribute("lang") == "de"
        page.get_by_role("button", name="Übernehmen", exact=True).click()
        page.get_by_role("button", name="In Antwort übernehmen (Arabisch)").click()
        # the click fills the field asynchronously: wait for it instead of reading it at once
        expect(page.locator("#reply")).to_have_value(re.compile(r"^طلب إعانة السكن \(Wohngeld\)"), timeout=WAIT)

        admin = browser.new_page()
        admin.goto(url + "/")
        admin.get_by_label("Benutzername").fill("chefin")
        admin.get_by_label("Passwort").fill(PASSWORD)
        admin.get_by_label("Passwort").press("Enter")
        expect(admin.locator("#admin-agents")).to_be_visible(timeout=WAIT)
        admin.goto(url + "/admin/agents")
        row = admin.locator("form[data-agent='1']")
        row.get_by_label("Türkisch").check()
        row.get_by_role("button", name="Speichern").click()
        expect(row.locator(".note")).to_have_text("Gespeichert.", timeout=WAIT)
        expect(admin.locator("#spoken-1")).to_have_text("Deutsch, Türkisch (Türkçe), Arabisch (العربية)")
        browser.close()
    found = store.agent_login("meyer")
    assert found is not None and found[0].languages == ("de", "tr", "ar")
