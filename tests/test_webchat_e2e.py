"""Web chat and agent console in a real browser (Debian chromium, Playwright): a citizen and an agent.

The full test runs against the session's Rasa and action server (fixture `assistant`) with the console
served in this process. Screenshots land in var/screenshots/.
"""

from __future__ import annotations

import re
import time
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from actions.handoff_store import HandoffStore
from channels.console.app import create_app
from knowledge.translations import load_languages
from settings import PROJECT_ROOT
from tests.console_helpers import PASSWORD, FakeRasa, add_agent, serve

pytestmark = pytest.mark.e2e
SHOTS = PROJECT_ROOT / "var" / "screenshots"
WAIT = 30_000  # ms: the assistant answers in about a second; the first turn loads more


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


def agent_login(page: Page, console_url: str, username: str = "meyer") -> None:
    page.goto(console_url + "/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_label("Passwort").press("Enter")
    expect(page.locator("#conn")).to_have_text("verbunden", timeout=WAIT)


def test_a_script_in_a_citizen_message_is_shown_as_text_in_the_console(browser, tmp_path):
    from settings import Settings

    settings = Settings(work_dir=tmp_path, handoff_db_url=f"sqlite:///{tmp_path / 'h.db'}", service_hours="immer")
    add_agent(settings.handoff_db_url, "meyer", "Frau Meyer")
    attack = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2"> Hallo'
    lines = [{"from": "citizen", "text": attack, "time": time.time()}]
    HandoffStore(settings.handoff_db_url).add("conv-xss", "complaint", lines, None, "Seelze<b>")
    with serve(create_app(settings, rasa=FakeRasa())) as url:
        page = browser.new_page()
        agent_login(page, url)
        page.locator("#queue button").first.click()
        line = page.locator("#transcript li").first
        expect(line).to_contain_text(attack, timeout=WAIT)
        assert page.locator("#transcript img, #transcript script, #queue b").count() == 0
        assert page.evaluate("window.__xss") is None
        expect(page.locator("#f-kommune")).to_have_text("Seelze<b>")
        page.close()


def test_citizen_and_agent_live_handoff_and_handback(browser, assistant):
    started = time.perf_counter()
    settings = assistant.settings.copy(update={"service_hours": "immer", "console_poll_seconds": 0.2})
    add_agent(settings.handoff_db_url, "meyer", "Frau Meyer")
    app = create_app(settings, rasa_url=assistant.servers.rasa_url, token=assistant.servers.token)
    with serve(app) as console_url:
        agent = browser.new_page(viewport={"width": 1280, "height": 900})
        agent_login(agent, console_url)

        citizen = browser.new_page(viewport={"width": 900, "height": 900})
        citizen.goto(assistant.servers.rasa_url + "/webhooks/webchat/demo.html")
        expect(citizen.get_by_role("heading", name="Hinweis zum Datenschutz")).to_be_visible()
        expect(citizen.get_by_label("Ihre Nachricht")).to_be_disabled()
        citizen.screenshot(path=str(SHOTS / "webchat-privacy.png"))
        citizen.get_by_role("button", name="Verstanden – Chat beginnen").click()
        expect(citizen.get_by_label("Ihre Nachricht")).to_be_focused()  # keyboard flow: straight into the input

        say(citizen, "Was kostet ein Personalausweis?")
        answer = citizen.locator(".scw-bot").last
        expect(answer).to_contain_text("Personalausweis", timeout=WAIT)
        expect(answer).to_contain_text("Zuständig für Burgdorf")  # the commune of the embedding site
        expect(answer.locator(".scw-source")).to_contain_text("Quelle:")
        expect(answer.locator(".scw-choice").first).to_be_visible()
        citizen.screenshot(path=str(SHOTS / "webchat-answer.png"))

        say(citizen, "Ich möchte mit einem Mitarbeiter sprechen")
        expect(citizen.locator(".scw-bot").last).to_contain_text("Gern verbinde ich Sie", timeout=WAIT)
        expect(citizen.locator(".scw-status")).to_have_text(
            "Sie sind in der Warteschlange für eine Mitarbeiterin oder einen Mitarbeiter des Servicecenters."
        )
        shown = citizen.locator(".scw-log li").count()
        citizen.reload()  # the conversation survives a page reload
        expect(citizen.locator(".scw-log li")).to_have_count(shown)
        expect(citizen.locator(".scw-status")).to_contain_text("Warteschlange")

        # other tests of the session leave cases in the same queue: find this conversation's own
        conversation = session_of(citizen)
        case = HandoffStore(settings.handoff_db_url).for_conversation(conversation)[0]
        item = agent.locator(f'#queue li[data-case="{case.id}"]')
        expect(item).to_contain_text("Burgdorf", timeout=WAIT)
        expect(item).to_contain_text("Personalausweis beantragen · Wunsch nach Mensch · Web-Chat")
        agent.screenshot(path=str(SHOTS / "console-queue.png"), full_page=True)
        item.get_by_role("button").click()
        expect(agent.locator("#transcript")).to_contain_text("Was kostet ein Personalausweis?")
        expect(agent.locator("#f-kommune")).to_have_text("Burgdorf")
        expect(agent.locator("#suggest-text")).to_contain_text("Zuständig für Burgdorf")
        agent.get_by_role("button", name="Übernehmen", exact=True).click()
        expect(item).to_contain_text("von Ihnen übernommen")

        expect(citizen.locator(".scw-status")).to_have_text(
            "Eine Mitarbeiterin oder ein Mitarbeiter des Servicecenters ist jetzt im Chat.", timeout=WAIT
        )
        expect(citizen.locator(".scw-system").last).to_contain_text("Frau Meyer ist jetzt für Sie da")

        bot_messages = citizen.locator(".scw-bot").count()
        say(citizen, "Kann ich den Ausweis auch für mein Kind beantragen?")
        expect(agent.locator("#transcript li.m-citizen").last).to_contain_text(
            "Kann ich den Ausweis auch für mein Kind beantragen?", timeout=WAIT
        )
        assert citizen.locator(".scw-bot").count() == bot_messages  # paused: the assistant stays silent

        reply = "Ja, das geht. <b>Bitte</b> bringen Sie die Geburtsurkunde mit."
        agent.get_by_label("Ihre Antwort an die Bürgerin / den Bürger").fill(reply)
        agent.get_by_role("button", name="Senden").click()
        from_agent = citizen.locator(".scw-agent").last
        expect(from_agent).to_contain_text(reply, timeout=WAIT)
        expect(from_agent.locator(".scw-who")).to_have_text("Frau Meyer: ")
        assert citizen.locator(".scw-log b").count() == 0
        expect(agent.locator("#transcript li.m-agent").last).to_contain_text(reply)
        citizen.screenshot(path=str(SHOTS / "webchat-agent.png"))
        agent.screenshot(path=str(SHOTS / "console-conversation.png"), full_page=True)

        agent.get_by_role("button", name="An den Assistenten zurückgeben").click()
        expect(citizen.locator(".scw-system").last).to_have_text(
            "Hinweis: Der Assistent ist wieder für Sie da.", timeout=WAIT
        )
        expect(item).to_have_count(0)  # out of the queue
        say(citizen, "Wie melde ich Sperrmüll an?")
        expect(citizen.locator(".scw-bot").last).to_contain_text("Sperrmüll", timeout=WAIT)
        expect(citizen.locator(".scw-bot").last.locator(".scw-source")).to_contain_text("Quelle:")
        citizen.screenshot(path=str(SHOTS / "webchat-handback.png"))
        texts = citizen.locator(".scw-bot .scw-text").all_inner_texts()
        assert len(texts) == bot_messages + 1, "\n---\n".join(t[:150] for t in texts)
        agent.close()
        citizen.close()
    print(f"\nweb chat + console e2e: {time.perf_counter() - started:.1f} s")


def session_of(page: Page) -> str:
    """The widget's session id (= Rasa conversation id), from its sessionStorage."""
    return str(page.evaluate("JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage)[0])).sessionId"))


def say(page: Page, text: str, label: str = "Ihre Nachricht") -> None:
    box = page.get_by_label(label)
    box.fill(text)
    box.press("Enter")
    expect(page.locator(".scw-user").last).to_contain_text(text)


def focus_by_keyboard(page: Page, name: str, key: str = "Tab", most: int = 12) -> None:
    """Tab (or Shift+Tab) until the element named `name` has the focus: the widget works without a mouse."""
    for _ in range(most):
        page.keyboard.press(key)
        if page.evaluate("document.activeElement.textContent") == name:
            return
    raise AssertionError(f"'{name}' not reachable with {key}")


def test_with_no_agent_online_the_citizen_can_ask_for_a_callback(browser, assistant):
    """Keyboard only for the citizen; then the agent finds the wish in the queue and closes the case."""
    settings = assistant.settings.copy(update={"console_poll_seconds": 0.2})
    assert HandoffStore(settings.handoff_db_url).agents_online() == 0
    citizen = browser.new_page(viewport={"width": 900, "height": 900})
    citizen.goto(assistant.servers.rasa_url + "/webhooks/webchat/demo.html")
    focus_by_keyboard(citizen, "Verstanden – Chat beginnen")
    citizen.keyboard.press("Enter")
    expect(citizen.get_by_label("Ihre Nachricht")).to_be_focused()
    citizen.keyboard.type("Ich möchte bitte mit einem Menschen sprechen")
    citizen.keyboard.press("Enter")
    handoff = citizen.locator(".scw-bot").last
    expect(handoff).to_contain_text("Im Moment ist leider niemand aus dem Servicecenter erreichbar", timeout=WAIT)
    expect(handoff).to_contain_text("115")
    expect(citizen.locator(".scw-status")).to_have_text(
        "Zurzeit ist niemand aus dem Servicecenter erreichbar. Ihr Anliegen bleibt gespeichert."
    )
    focus_by_keyboard(citizen, "Rückruf anfordern", "Shift+Tab")
    citizen.keyboard.press("Enter")
    expect(citizen.get_by_label("Telefonnummer für den Rückruf")).to_be_focused()
    citizen.keyboard.type("0511 123456")
    citizen.keyboard.press("Enter")  # without consent the form does not send
    expect(citizen.locator(".scw-callback")).to_be_visible()
    assert citizen.locator(".scw-user").count() == 1
    citizen.get_by_label("Ich bin einverstanden", exact=False).focus()
    citizen.keyboard.press("Space")
    citizen.keyboard.press("Tab")
    citizen.keyboard.press("Enter")
    expect(citizen.locator(".scw-system").last).to_contain_text("Ihre Bitte um Rückruf ist eingegangen")
    expect(citizen.locator(".scw-user").last).to_have_text("Sie: Rückruf angefordert: 0511 123456")
    citizen.screenshot(path=str(SHOTS / "webchat-callback.png"))

    add_agent(settings.handoff_db_url, "schulz", "Herr Schulz")
    app = create_app(settings, rasa_url=assistant.servers.rasa_url, token=assistant.servers.token)
    with serve(app) as console_url:  # the case waited in the queue; the callback wish shows
        agent = browser.new_page(viewport={"width": 1280, "height": 900})
        agent_login(agent, console_url, "schulz")
        session_id = session_of(citizen)
        queue = HandoffStore(settings.handoff_db_url).for_conversation(session_id)
        assert [h.reason for h in queue] == ["request_human"]
        item = agent.locator(f'#queue li[data-case="{queue[0].id}"]')
        expect(item).to_contain_text("Rückruf erbeten", timeout=WAIT)
        item.get_by_role("button").click()
        expect(agent.locator("#transcript")).to_contain_text("Ich bitte um einen Rückruf. Telefon: 0511 123456")
        agent.get_by_role("button", name="Übernehmen", exact=True).click()
        agent.get_by_label("Ergebnis").select_option("callback")
        agent.get_by_role("button", name="Abschließen").click()
        expect(agent.locator("#case-msg")).to_have_text("Gespräch abgeschlossen.", timeout=WAIT)
        expect(agent.locator("#f-status")).to_have_text("abgeschlossen – Rückruf nötig")
        expect(citizen.locator(".scw-system").last).to_have_text(
            "Hinweis: Das Gespräch mit dem Servicecenter ist beendet. Der Assistent ist wieder für Sie da."
        )
        assert HandoffStore(settings.handoff_db_url).for_conversation(session_id)[0].status == "closed"
        agent.close()
    citizen.close()


ARABIC = re.compile("[\u0600-\u06ff]")


def test_the_widget_in_arabic_reads_right_to_left(browser, assistant):
    """The menu switches the interface at once; the answer carries lang="ar" and dir="rtl" (WCAG 3.1.2)."""
    citizen = browser.new_page(viewport={"width": 900, "height": 900})
    citizen.goto(assistant.servers.rasa_url + "/webhooks/webchat/demo.html")
    expect(citizen.get_by_role("heading", name="Hinweis zum Datenschutz")).to_be_visible()
    menu = citizen.get_by_label("Sprache", exact=True)
    assert menu.locator("option").all_inner_texts() == [lang.name for lang in load_languages().values()]
    menu.select_option(label="العربية")
    widget = citizen.locator(".scw")
    expect(widget).to_have_attribute("dir", "rtl")
    expect(widget).to_have_attribute("lang", "ar")
    expect(citizen.get_by_role("heading", name="الدردشة مع مركز الخدمات")).to_be_visible()
    expect(citizen.locator(".scw-sr[aria-live=polite]")).to_have_text("اللغة: العربية")
    citizen.get_by_role("button", name="فهمت – ابدأ الدردشة").click()
    expect(citizen.get_by_label("رسالتكم")).to_be_focused()
    # after the privacy note the menu's choice reaches the assistant, which confirms it in Arabic
    expect(citizen.locator(".scw-bot").first).to_have_text(
        "المساعد: بكل سرور، سأجيب من الآن فصاعدًا باللغة العربية.", timeout=WAIT
    )

    say(citizen, "كم تكلفة جواز السفر؟", "رسالتكم")
    expect(citizen.locator(".scw-bot")).to_have_count(2, timeout=WAIT)
    answer = citizen.locator(".scw-bot").last
    expect(answer).to_have_attribute("lang", "ar")
    expect(answer).to_have_attribute("dir", "rtl")
    assert ARABIC.search(answer.locator(".scw-text").inner_text())
    expect(citizen.locator(".scw-user")).to_have_count(1)  # /set_language is not shown as the citizen's message
    expect(citizen.locator(".scw-user")).to_have_attribute("lang", "ar")
    # right to left: the send button left of the input, the citizen's message at the left, the assistant's at the right
    send, box = citizen.locator(".scw-send").bounding_box(), citizen.get_by_label("رسالتكم").bounding_box()
    log = citizen.locator(".scw-log").bounding_box()
    user, bot = citizen.locator(".scw-user").bounding_box(), answer.bounding_box()
    assert send and box and log and user and bot
    assert send["x"] + send["width"] <= box["x"]
    assert user["x"] - log["x"] < 20 and log["x"] + log["width"] - (bot["x"] + bot["width"]) < 20
    expect(citizen.locator(".scw-send")).to_have_text("إرسال")
    show_from(citizen.locator(".scw-user").last)
    citizen.screenshot(path=str(SHOTS / "widget-arabic.png"))

    citizen.reload()  # the choice is kept in the widget's state
    expect(widget).to_have_attribute("dir", "rtl")
    expect(citizen.get_by_label("اللغة", exact=True)).to_have_value("ar")
    expect(citizen.locator(".scw-bot").last).to_have_attribute("lang", "ar")
    citizen.close()


def test_leichte_sprache_from_the_button_under_an_answer(browser, assistant):
    citizen = browser.new_page(viewport={"width": 900, "height": 900})
    citizen.goto(assistant.servers.rasa_url + "/webhooks/webchat/demo.html")
    citizen.get_by_role("button", name="Verstanden – Chat beginnen").click()
    say(citizen, "Was kostet ein Personalausweis?")
    answer = citizen.locator(".scw-bot").last
    expect(answer).to_contain_text("Personalausweis", timeout=WAIT)
    expect(answer).to_have_attribute("lang", "de")
    before = citizen.locator(".scw-bot").count()

    answer.get_by_role("button", name="Leichte Sprache", exact=True).click()
    expect(citizen.locator(".scw-user").last).to_have_text("Sie: Leichte Sprache")
    expect(citizen.locator(".scw-bot")).to_have_count(before + 2, timeout=WAIT)
    confirmation, easy = citizen.locator(".scw-bot").nth(before), citizen.locator(".scw-bot").nth(before + 1)
    expect(confirmation).to_have_text("Assistent: Gern. Ich schreibe jetzt für Sie in Leichter Sprache.")
    expect(easy).to_contain_text("Personal-Ausweis")
    for message in (confirmation, easy):
        expect(message).to_have_attribute("lang", "de")
        expect(message).to_have_attribute("dir", "ltr")
    # the interface follows: Leichte Sprache in the menu, its texts, and the switch announced by name
    expect(citizen.get_by_label("Sprache", exact=True)).to_have_value("ls")
    expect(citizen.get_by_role("heading", name="Chat mit dem Service-Center")).to_be_visible()
    expect(citizen.locator(".scw-sr[aria-live=polite]")).to_have_text("Sprache: Leichte Sprache")
    show_from(confirmation)
    citizen.screenshot(path=str(SHOTS / "widget-leichte-sprache.png"))
    citizen.close()


def show_from(message: Locator) -> None:
    """Scrolls the chat log so that the screenshot starts at this message (the log keeps its newest at the end)."""
    message.evaluate("m => { m.parentElement.scrollTop = m.offsetTop - m.parentElement.offsetTop; }")
