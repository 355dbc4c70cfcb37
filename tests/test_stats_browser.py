"""Generated traffic through the running assistant (REST, web chat, phone webhook), then the admin's statistics
page in a real browser (Debian chromium, Playwright), with a screenshot var/screenshots/stats.png."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from playwright.sync_api import expect, sync_playwright

from actions.stats_store import StatsStore, month_of
from channels.console.app import create_app
from channels.console.store import ConsoleStore
from servicecenter.bench_traffic import plan, run_traffic
from settings import PROJECT_ROOT
from tests.console_helpers import PASSWORD, FakeRasa, serve

pytestmark = pytest.mark.e2e
SHOTS = PROJECT_ROOT / "var" / "screenshots"
N = 12


def _totals(url: str, month: str) -> Counter[str]:
    totals: Counter[str] = Counter()
    for c in StatsStore(url).counts([month]):
        totals[c.metric] += c.count
        totals[f"{c.metric}@{c.channel}"] += c.count
        totals[f"{c.metric}#{c.language}"] += c.count
    return totals


def test_generated_traffic_is_counted_and_shown_on_the_statistics_page(assistant):
    url, month = assistant.settings.handoff_db_url, month_of(dt.datetime.now(dt.timezone.utc))
    before = _totals(url, month)
    result = run_traffic(assistant.servers.rasa_url, assistant.servers.token, N)
    assert (result.conversations, result.failed) == (N, 0)
    after = _totals(url, month)
    delta = {k: after[k] - before[k] for k in after if after[k] != before[k]}
    sent = plan(N)
    assert delta["conversations"] == N
    assert delta["messages"] == sum(len(s.messages) for _, _, s in sent) == result.messages
    for channel in ("rest", "webchat", "voice"):
        assert delta[f"conversations@{channel}"] == N // 3, channel
    languages = {k.split("#")[1] for k in delta if k.startswith("conversations#")}
    assert {"de", "en", "fr"} <= languages, languages
    assert delta["emergencies"] >= 1 and delta["answered"] >= 4 and delta["handed_over"] >= 1

    store = ConsoleStore(url)
    if store.agent_login("statistik") is None:
        store.create_agent("statistik", PASSWORD, "Frau Statistik", is_admin=True)
    with serve(create_app(assistant.settings, rasa=FakeRasa())) as console, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(console + "/")
        page.get_by_label("Benutzername").fill("statistik")
        page.get_by_label("Passwort").fill(PASSWORD)
        page.get_by_label("Passwort").press("Enter")
        expect(page.locator("#conn")).to_have_text("verbunden", timeout=15_000)
        page.get_by_role("link", name="Statistik").click()
        expect(page.locator("h1")).to_have_text(f"Statistik {month}")
        page.goto(f"{console}/admin/stats?month={month}")
        expect(page.locator("h1")).to_have_text(f"Statistik {month}")
        chart = page.get_by_role("img", name=f"Gespräche je Kommune {month}")
        expect(chart).to_be_visible()
        expect(chart).to_contain_text("Lehrte")
        expect(page.get_by_role("img", name="Anteil ohne Übergabe (alle Kommunen)")).to_be_visible()
        expect(page.get_by_role("img", name=f"Häufigste Leistungen {month}")).to_be_visible()
        expect(page.locator("pre").first).to_contain_text(f"  Gespräche {after['conversations']} (Kanal: ")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "stats.png"), full_page=True)
        browser.close()


def test_the_widgets_first_screen_says_first_that_a_machine_answers(assistant):
    from channels.webchat.ui_texts import load_ui_texts

    texts = load_ui_texts()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 900, "height": 900})
        page.goto(assistant.servers.rasa_url + "/webhooks/webchat/demo.html")
        notice = page.locator(".scw-privacy > p").first
        expect(notice).to_have_text(texts["de"]["ai_notice"], timeout=15_000)
        expect(page.get_by_label("Ihre Nachricht")).to_be_disabled()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "webchat-ai-notice.png"))
        page.locator("#scw-language").select_option("en")
        expect(notice).to_have_text(texts["en"]["ai_notice"])
        browser.close()
