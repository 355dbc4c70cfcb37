"""The widget notices a half-open connection by the server's missing pings and connects again.

The server is played by Playwright's WebSocket routing: it opens the session and then stays silent, as a
server does whose network path died without a close frame. The widget must give up on that socket after
pingInterval + pingTimeout and open a new one, and say meanwhile that the connection was lost.
"""

from __future__ import annotations

import json
import time
from typing import List

import pytest
from playwright.sync_api import Page, Route, WebSocketRoute, expect, sync_playwright

from channels.webchat.channel import STATIC
from channels.webchat.ui_texts import widget_ui

pytestmark = pytest.mark.e2e
ORIGIN = "http://gemeinde.test"
PAGE = f"""<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Gemeinde</title></head><body>
<script src="{ORIGIN}/webhooks/webchat/widget.js" data-server="{ORIGIN}" data-open="true"></script></body></html>"""


def serve_widget(page: Page) -> None:
    """The commune's page and the widget's files, as the Rasa server would deliver them."""
    files = {
        "page.html": (PAGE, "text/html"),
        "webhooks/webchat/widget.js": ((STATIC / "widget.js").read_text(encoding="utf-8"), "text/javascript"),
        "webhooks/webchat/widget.css": ((STATIC / "widget.css").read_text(encoding="utf-8"), "text/css"),
        "webhooks/webchat/ui": (json.dumps(widget_ui(), ensure_ascii=False), "application/json"),
    }

    def deliver(route: Route) -> None:
        body, kind = files[route.request.url.removeprefix(ORIGIN + "/")]
        route.fulfill(body=body, content_type=kind)

    for path in files:
        page.route(f"{ORIGIN}/{path}", deliver)


class SilentServer:
    """Opens each session like python-socketio and then sends nothing unless the test pings."""

    def __init__(self, ping_interval_ms: int, ping_timeout_ms: int) -> None:
        self.opened: List[float] = []
        self.sockets: List[WebSocketRoute] = []
        self.handshake = json.dumps(
            {"sid": "s", "upgrades": [], "pingInterval": ping_interval_ms, "pingTimeout": ping_timeout_ms}
        )

    def __call__(self, socket: WebSocketRoute) -> None:
        self.opened.append(time.monotonic())
        self.sockets.append(socket)

        def on_message(message: str | bytes) -> None:
            text = message if isinstance(message, str) else message.decode()
            if text == "40":
                socket.send('40{"sid":"n"}')
            elif text.startswith("42"):
                event, data = json.loads(text[2:])
                if event == "session_request":
                    socket.send("42" + json.dumps(["session_confirm", data.get("session_id") or "gespraech-1"]))

        socket.on_message(on_message)
        socket.send("0" + self.handshake)


def run_widget(server: SilentServer, ticks: int, ping: bool) -> str:
    """Waits `ticks` quarter seconds after the session opened, pinging the newest socket each tick if asked;
    returns the status line the citizen sees at the end."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        page = browser.new_page()
        serve_widget(page)
        page.route_web_socket(f"{ORIGIN.replace('http', 'ws')}/socket.io/**", server)
        page.goto(f"{ORIGIN}/page.html")
        expect(page.locator("[data-connected]")).to_have_attribute("data-connected", "true", timeout=10_000)
        for _ in range(ticks):
            if ping:
                server.sockets[-1].send("2")
            page.wait_for_timeout(250)
        status = page.locator(".scw-status").inner_text()
        browser.close()
    return status


def test_missing_pings_make_the_widget_connect_again():
    server = SilentServer(ping_interval_ms=400, ping_timeout_ms=300)
    run_widget(server, ticks=12, ping=False)
    assert len(server.opened) >= 2, "no new connection after the pings stopped"
    assert server.opened[1] - server.opened[0] >= 0.6  # not before pingInterval + pingTimeout


def test_a_connection_that_is_pinged_stays():
    server = SilentServer(ping_interval_ms=400, ping_timeout_ms=300)
    status = run_widget(server, ticks=12, ping=True)
    assert len(server.opened) == 1
    assert "unterbrochen" not in status
