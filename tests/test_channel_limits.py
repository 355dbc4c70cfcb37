"""Abuse limits of the Rasa channels without a server: the limiter, client addresses, sender ids, texts, headers."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
from types import SimpleNamespace
from typing import Any, List

import pytest

from channels.limits import MAX_MESSAGE_CHARS, ChannelLimits, RateLimiter, limit_text, limit_texts, sender_id_error
from channels.rest import LimitedRestInput
from channels.webchat import WebchatInput, WebchatOutput
from channels.webchat.channel import STATIC, SessionLanguages
from channels.webchat.origins import OriginCheck, commune_origins
from knowledge.translations import load_languages
from settings import Settings

POLITE = (
    "Sie haben sehr viele Nachrichten kurz hintereinander geschickt. "
    "Bitte warten Sie einen Moment und schreiben Sie dann noch einmal."
)

CONTROL = "Die Absender-ID (sender) enthält Steuerzeichen oder Umbrüche: nur druckbare Zeichen sind erlaubt."


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_bucket_allows_a_burst_then_refills_at_its_rate():
    clock = Clock()
    limiter = RateLimiter(burst=5, per_minute=30, clock=clock)
    assert [limiter.allow("a") for _ in range(7)] == [True] * 5 + [False] * 2
    assert limiter.allow("b")  # another key has its own bucket
    clock.now += 1.9  # 30/min: one token every 2 s
    assert not limiter.allow("a")
    clock.now += 0.1
    assert limiter.allow("a") and not limiter.allow("a")
    clock.now += 3600
    assert [limiter.allow("a") for _ in range(6)] == [True] * 5 + [False]  # never more than the burst


def test_the_bucket_keeps_at_most_max_keys():
    limiter = RateLimiter(burst=1, per_minute=1, max_keys=3, clock=Clock())
    for key in "abcde":
        assert limiter.allow(key)
    assert len(limiter) == 3
    assert limiter.allow("a")  # forgotten first: a full bucket again
    assert not limiter.allow("e")


def limits(**values: Any) -> ChannelLimits:
    return ChannelLimits.from_settings(Settings(**values), clock=Clock())


def test_the_client_address_believes_x_forwarded_for_only_from_trusted_proxies():
    channel = limits(trusted_proxies=["127.0.0.1", "10.0.0.0/8"])
    assert channel.client_address("127.0.0.1", "198.51.100.7") == "198.51.100.7"
    assert channel.client_address("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3") == "198.51.100.7"
    assert channel.client_address("203.0.113.9", "198.51.100.7") == "203.0.113.9"  # a citizen cannot say who he is
    assert channel.client_address("127.0.0.1", None) == "127.0.0.1"
    assert limits(trusted_proxies=[]).client_address("127.0.0.1", "198.51.100.7") == "127.0.0.1"


def test_sender_and_address_are_limited_and_loopback_is_exempt_unless_configured():
    channel = limits(rate_sender_burst=2, rate_address_burst=3)
    assert [channel.allow("s1", "198.51.100.7") for _ in range(3)] == [True, True, False]
    assert channel.allow("s2", "198.51.100.7") is False  # the office's address has used its three
    assert channel.allow("s3", "198.51.100.8") is True
    assert all(channel.allow("s1", "127.0.0.1") for _ in range(50))  # gateway, predict, measuring scripts
    strict = limits(rate_sender_burst=2, rate_limit_loopback=True)
    assert [strict.allow("s1", "::1") for _ in range(3)] == [True, True, False]


@pytest.mark.parametrize(
    "sender, error",
    [
        ("eval 12/03 Fall-7 ümlaut", None),
        ("x" * 128, None),
        ("x" * 129, "Die Absender-ID (sender) ist zu lang: höchstens 128 Zeichen."),
        ("x" * 100_000, "Die Absender-ID (sender) ist zu lang: höchstens 128 Zeichen."),
        ("a\nb", "Die Absender-ID (sender) enthält Steuerzeichen oder Umbrüche: nur druckbare Zeichen sind erlaubt."),
        (
            "a\u202eb",
            "Die Absender-ID (sender) enthält Steuerzeichen oder Umbrüche: nur druckbare Zeichen sind erlaubt.",
        ),
        ("  ", "Die Absender-ID (sender) fehlt: bitte eine Zeichenkette angeben."),
        (None, "Die Absender-ID (sender) fehlt: bitte eine Zeichenkette angeben."),
        (17, "Die Absender-ID (sender) fehlt: bitte eine Zeichenkette angeben."),
    ],
)
def test_sender_ids_are_printable_and_at_most_128_characters(sender, error):
    assert sender_id_error(sender, 128) == error


def test_the_polite_text_exists_in_every_language_german_by_default():
    assert set(limit_texts()) == set(load_languages())
    assert limit_text("rate_limited", None) == limit_text("rate_limited", "xx") == POLITE
    assert limit_text("rate_limited", "en") == (
        "You have sent a lot of messages in a short time. Please wait a moment and then write again."
    )


# REST channel: its handler with a stand-in request, as Rasa's server would call it ----------------------------


def rest_post(channel: LimitedRestInput, body: Any, seen: List[Any], peer: str = "127.0.0.1", xff: str = "") -> Any:
    async def on_new_message(message: Any) -> None:
        seen.append(message)
        await message.output_channel.send_text_message(message.sender_id, "Antwort")

    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = SimpleNamespace(
        body=raw, headers={"x-forwarded-for": xff} if xff else {}, conn_info=SimpleNamespace(client_ip=peer), args={}
    )
    reply = asyncio.run(channel._receive(request, on_new_message))  # type: ignore[arg-type]
    return reply.status, json.loads(reply.body), reply.headers


def test_rest_refuses_bad_sender_ids_and_bodies_with_the_reason():
    channel, seen = LimitedRestInput(Settings()), []
    too_long = rest_post(channel, {"sender": "x" * 100_000, "message": "Hallo"}, seen)[:2]
    assert too_long == (400, {"error": "Die Absender-ID (sender) ist zu lang: höchstens 128 Zeichen."})
    assert rest_post(channel, {"message": "Hallo"}, seen)[:2] == (
        400,
        {"error": "Die Absender-ID (sender) fehlt: bitte eine Zeichenkette angeben."},
    )
    assert rest_post(channel, {"sender": "s1"}, seen)[:2] == (
        400,
        {"error": "Die Nachricht (message) fehlt: bitte eine Zeichenkette angeben."},
    )
    assert rest_post(channel, b"[1, 2", seen)[:2] == (
        400,
        {"error": 'Erwartet wird ein JSON-Objekt wie {"sender": "…", "message": "…"}.'},
    )
    huge = {"sender": "s1", "message": "x" * 1_000_001}
    assert rest_post(channel, huge, seen)[:2] == (413, {"error": "Die Anfrage ist zu groß: höchstens 1000000 Bytes."})
    assert seen == []


def test_rest_cuts_a_long_message_and_keeps_sender_and_metadata():
    channel, seen = LimitedRestInput(Settings()), []
    body = {"sender": "eval 7/1", "message": "Ausweis" * 10_000, "metadata": {"commune": "Burgdorf"}}
    assert rest_post(channel, body, seen)[:2] == (200, [{"recipient_id": "eval 7/1", "text": "Antwort"}])
    assert (len(seen[0].text), seen[0].sender_id, seen[0].metadata) == (MAX_MESSAGE_CHARS, "eval 7/1", body["metadata"])


def test_rest_answers_a_sender_over_its_limit_with_429_and_does_not_process_it():
    channel, seen = LimitedRestInput(Settings()), []
    replies = [rest_post(channel, {"sender": "s1", "message": "Hallo"}, seen, xff="198.51.100.7") for _ in range(7)]
    assert [status for status, _, _ in replies] == [200] * 5 + [429] * 2
    assert replies[-1][1] == [{"recipient_id": "s1", "text": POLITE}]
    assert replies[-1][2]["Retry-After"] == "2"
    assert len(seen) == 5
    english = {"sender": "s1", "message": "Hello", "metadata": {"language": "en"}}
    assert rest_post(channel, english, seen, xff="198.51.100.7")[1][0]["text"].startswith("You have sent")
    # the evaluation harness and `servicecenter predict` post from loopback, one message after another
    assert {rest_post(channel, {"sender": "s1", "message": "Hallo"}, seen)[0] for _ in range(40)} == {200}


# Web chat: origins and the headers of the widget's routes ---------------------------------------------------------


def test_the_web_chat_allows_the_communes_websites_by_default_and_its_own_pages(monkeypatch):
    from settings import get_settings

    monkeypatch.delenv("SC_WEBCHAT_ORIGINS", raising=False)  # the session's servers set it for the browser test
    get_settings.cache_clear()
    channel = WebchatInput()
    get_settings.cache_clear()
    assert channel.cors_allowed_origins == commune_origins()
    assert len(commune_origins()) == 21 and "https://www.burgdorf.de" in commune_origins()
    check = channel.origins
    environ = {"wsgi.url_scheme": "http", "HTTP_HOST": "127.0.0.1:5005"}
    assert check.socketio("https://www.burgdorf.de", environ)
    assert check.socketio("http://127.0.0.1:5005", environ)  # the demo page on the Rasa server itself
    assert check.socketio(None, environ)  # no browser: no Origin header
    assert not check.socketio("https://evil.example", environ)
    assert not check.socketio("http://www.burgdorf.de", environ)
    assert OriginCheck(["*"]).socketio("https://evil.example", environ)


def test_the_web_chat_origins_can_be_set(monkeypatch):
    from settings import get_settings

    monkeypatch.setenv("SC_WEBCHAT_ORIGINS", '["https://chat.example.de/"]')
    get_settings.cache_clear()
    try:
        assert WebchatInput().cors_allowed_origins == ["https://chat.example.de"]
        with pytest.raises(ValueError, match="keine Origin"):
            Settings(webchat_origins=["https://chat.example.de/seite"])
    finally:
        monkeypatch.delenv("SC_WEBCHAT_ORIGINS")
        get_settings.cache_clear()


def served(path: str) -> Any:
    blueprint = WebchatInput().blueprint(lambda message: None)  # type: ignore[arg-type,return-value]
    if path == "ui":
        return asyncio.run(next(r for r in blueprint._future_routes if r.uri == "/ui").handler(None))
    route = next(r for r in blueprint._future_routes if r.uri == "/<asset:str>")
    return asyncio.run(route.handler(None, path))


RESOURCE = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "cross-origin",
    "Access-Control-Allow-Origin": "*",
    "Cache-Control": "no-cache",
}


@pytest.mark.parametrize("path", ["widget.js", "widget.css", "ui"])
def test_the_widget_is_loadable_from_any_website_with_security_headers(path):
    reply = served(path)
    assert reply.status == 200
    assert {key: reply.headers[key] for key in RESOURCE} == RESOURCE


def test_the_demo_page_is_strict_and_allows_only_its_own_style_block():
    page = (STATIC / "demo.html").read_text(encoding="utf-8")
    style = page.split("<style>")[1].split("</style>")[0]
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    reply = served("demo.html")
    headers = {key: value for key, value in reply.headers.items() if key.lower() not in ("content-type",)}
    assert headers == {
        "Content-Security-Policy": (
            "default-src 'self'; script-src 'self'; "
            f"style-src 'self' 'sha256-{digest}'; "
            "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        ),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Cache-Control": "no-cache",
    }
    assert served("nothing.js").status == 404


def test_the_web_chat_remembers_the_language_the_bot_announced_for_its_polite_text():
    sent = []

    class Sio:
        async def emit(self, event, data=None, room=None, **kwargs):
            sent.append((event, data, room))

    languages = SessionLanguages(max_sessions=2)
    output = WebchatOutput(Sio(), "bot_uttered", languages)
    english = {"code": "en", "html_lang": "en", "direction": "ltr", "name": "English"}
    asyncio.run(output.send_custom_json("session-1", {"language": english}))
    assert sent == [("bot_uttered", {"custom": {"language": english}}, "session-1")]
    assert (languages.get("session-1"), languages.get("session-2")) == ("en", None)
    languages.set("session-2", "ar")
    languages.set("session-3", "uk")
    assert (languages.get("session-1"), languages.get("session-3")) == (None, "uk")  # at most two kept


@pytest.mark.usefixtures("handoff_db")
def test_feedback_from_one_address_is_limited_so_its_counts_cannot_be_inflated():
    channel = WebchatInput()
    channel.limits = limits()  # a clock that stands still
    route = next(r for r in channel.blueprint(lambda m: None)._future_routes if r.uri == "/feedback")  # type: ignore
    body = json.dumps({"service": "reisepass-beantragen", "aspect": "kosten", "helpful": True}).encode()

    def post() -> Any:
        proxy = SimpleNamespace(client_ip="127.0.0.1")
        headers = {"x-forwarded-for": "198.51.100.70"}
        request = SimpleNamespace(method="POST", body=body, headers=headers, conn_info=proxy)
        reply = asyncio.run(route.handler(request))
        return reply.status, json.loads(reply.body)

    replies = [post() for _ in range(31)]
    assert [status for status, _ in replies] == [200] * 30 + [429]
    assert replies[-1][1] == {"error": "zu viele Anfragen, bitte später noch einmal"}
