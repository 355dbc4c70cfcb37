"""Citizen feedback to the editors' queue in a real browser (Debian chromium, Playwright): a citizen answers
"Nein" with a free text in the widget, an editor sees it redacted and grouped at /editor and marks it done."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from actions.editor_queue import EditorQueue
from channels.console.app import create_app
from channels.console.store import ConsoleStore
from tests.console_helpers import PASSWORD, serve, until
from tests.test_webchat_e2e import SHOTS, WAIT, agent_login, browser, say  # noqa: F401 - the browser fixture

pytestmark = pytest.mark.e2e
MISSING = "Der Preis für Kinder fehlt. Ich heiße Jana Wolff, 0176 5554443"
REDACTED = "Was kostet ein Reisepass? – Der Preis für Kinder fehlt. Ich heiße [Name], [Telefon]"


def test_a_no_with_text_reaches_the_editors_queue_redacted_and_is_marked_done(browser, assistant):  # noqa: F811
    settings = assistant.settings.copy(update={"service_hours": "immer"})
    ConsoleStore(settings.handoff_db_url).create_agent("redaktion", PASSWORD, "Frau Redaktion", is_admin=True)
    queue = EditorQueue(settings.handoff_db_url)

    citizen = browser.new_page(viewport={"width": 900, "height": 900})
    citizen.goto(assistant.servers.rasa_url + "/webhooks/webchat/demo.html")
    citizen.get_by_role("button", name="Verstanden – Chat beginnen").click()
    say(citizen, "Was kostet ein Reisepass?")
    expect(citizen.locator(".scw-bot").last).to_contain_text("Reisepass", timeout=WAIT)
    prompt = citizen.locator(".scw-feedback")
    expect(prompt).to_have_count(1, timeout=WAIT)
    expect(prompt).to_contain_text("War das hilfreich?")
    prompt.get_by_role("button", name="Nein").click()
    citizen.get_by_label("Was hat gefehlt?").fill(MISSING)
    citizen.screenshot(path=str(SHOTS / "webchat-feedback-ask.png"))
    prompt.get_by_role("button", name="Absenden").click()
    expect(prompt).to_have_text("Danke für Ihre Rückmeldung!")
    citizen.screenshot(path=str(SHOTS / "webchat-feedback.png"))

    (item,) = until(lambda: [i for i in queue.open_items() if i.text == REDACTED], 10)
    assert (item.kind, item.service, item.aspect) == ("feedback", "reisepass-beantragen", "kosten")
    assert queue.counts()[("reisepass-beantragen", "kosten")]["no"] >= 1

    app = create_app(settings, rasa_url=assistant.servers.rasa_url, token=assistant.servers.token)
    with serve(app) as console_url:
        editor = browser.new_page(viewport={"width": 1280, "height": 900})
        agent_login(editor, console_url, "redaktion")
        editor.get_by_role("link", name="Redaktion").click()
        expect(editor.get_by_role("heading", name="Redaktion: offene Nachrichten")).to_be_visible(timeout=WAIT)
        row = editor.locator(f'tr[data-item="{item.id}"]')
        expect(row).to_contain_text(REDACTED)
        expect(row).to_contain_text("Rückmeldung „nein“")
        expect(row).to_contain_text("Reisepass beantragen · Kosten")
        assert "Wolff" not in editor.content() and "5554443" not in editor.content()
        editor.screenshot(path=str(SHOTS / "editor-queue.png"), full_page=True)
        row.get_by_role("button", name="Erledigt").click()
        expect(row).to_have_count(0)
        expect(editor.locator("#note")).to_have_text("Eintrag erledigt.")
        assert item.id not in [i.id for i in queue.open_items()]
        editor.reload()
        expect(editor.locator(f'tr[data-item="{item.id}"]')).to_have_count(0)
        editor.close()
    citizen.close()
