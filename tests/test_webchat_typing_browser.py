"""The agent's typing reaches the citizen's web chat as "… schreibt" for a few seconds (Rasa, widget, console)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect, sync_playwright

from actions.handoff_store import HandoffStore
from channels.console.app import create_app
from settings import PROJECT_ROOT
from tests.console_helpers import PASSWORD, add_agent, serve

pytestmark = pytest.mark.e2e
WAIT = 30_000  # ms


def test_the_citizen_sees_the_agent_typing(assistant):
    settings = assistant.settings.copy(update={"service_hours": "immer", "console_poll_seconds": 0.2})
    add_agent(settings.handoff_db_url, "typing.meyer", "Frau Meyer")
    app = create_app(settings, rasa_url=assistant.servers.rasa_url, token=assistant.servers.token)
    with serve(app) as console_url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        agent = browser.new_page(viewport={"width": 1280, "height": 900})
        agent.goto(console_url + "/")
        agent.get_by_label("Benutzername").fill("typing.meyer")
        agent.get_by_label("Passwort").fill(PASSWORD)
        agent.get_by_label("Passwort").press("Enter")
        expect(agent.locator("#conn")).to_have_text("verbunden", timeout=WAIT)

        citizen = browser.new_page(viewport={"width": 900, "height": 900})
        citizen.goto(assistant.servers.rasa_url + "/webhooks/webchat/demo.html")
        citizen.get_by_role("button", name="Verstanden – Chat beginnen").click()
        citizen.get_by_label("Ihre Nachricht").fill("Ich möchte mit einem Mitarbeiter sprechen")
        citizen.get_by_label("Ihre Nachricht").press("Enter")
        expect(citizen.locator(".scw-status")).to_contain_text("Warteschlange", timeout=WAIT)
        conversation = citizen.evaluate("JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage)[0])).sessionId")
        (case,) = HandoffStore(settings.handoff_db_url).for_conversation(conversation)
        item = agent.locator(f'#queue li[data-case="{case.id}"]')
        item.get_by_role("button").click(timeout=WAIT)
        agent.get_by_role("button", name="Übernehmen", exact=True).click()
        expect(agent.locator("#reply")).to_be_focused(timeout=WAIT)  # the claimed case is shown with its reply field
        expect(citizen.locator(".scw-status")).to_contain_text("jetzt im Chat", timeout=WAIT)
        typing = citizen.locator(".scw-typing")
        expect(typing).to_be_hidden()
        agent.locator("#reply").press_sequentially("Guten Tag")
        expect(typing).to_have_text("Frau Meyer schreibt …", timeout=WAIT)
        citizen.screenshot(path=str(PROJECT_ROOT / "var" / "screenshots" / "webchat-typing.png"))
        expect(typing).to_be_hidden(timeout=8000)  # gone a few seconds after the last keystroke
        assert citizen.locator(".scw-log").inner_text().count("schreibt") == 0  # not part of the conversation
        agent.locator("#reply").press_sequentially(", hier ist Frau Meyer.")
        expect(typing).to_be_visible(timeout=WAIT)
        agent.keyboard.press("Control+Enter")
        expect(citizen.locator(".scw-agent").last).to_contain_text("Guten Tag, hier ist Frau Meyer.", timeout=WAIT)
        expect(typing).to_be_hidden()  # the message ends the indicator at once
        browser.close()
