"""The widget's feedback route: validation, counts without the citizen, a redacted "nein" in the editors' queue."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from types import SimpleNamespace

import pytest

from actions.editor_queue import editor_queue
from actions.stats_store import month_of, open_stats
from channels.webchat import WebchatInput
from channels.webchat.feedback import FeedbackError, parse_feedback, service_ids
from settings import get_settings

SERVICES = {"reisepass-beantragen", "hundesteuer-anmelden"}
GOOD = {"service": "reisepass-beantragen", "aspect": "kosten", "helpful": False, "missing": "Preis für Kinder"}


def test_a_valid_feedback_is_read_with_its_texts_trimmed():
    found = parse_feedback({**GOOD, "missing": "  Preis für Kinder ", "question": " Was kostet er? "}, SERVICES)
    assert (found.service, found.aspect, found.helpful) == ("reisepass-beantragen", "kosten", False)
    assert (found.missing, found.question) == ("Preis für Kinder", "Was kostet er?")
    assert parse_feedback({"service": "hundesteuer-anmelden", "aspect": "", "helpful": True}, SERVICES).aspect is None


@pytest.mark.parametrize(
    "body,reason",
    [
        ([1, 2], "JSON-Objekt erwartet"),
        ({**GOOD, "service": "mondlandung"}, "unbekannte Leistung"),
        ({**GOOD, "service": None}, "unbekannte Leistung"),
        ({**GOOD, "aspect": "preis"}, "unbekannter Aspekt"),
        ({**GOOD, "helpful": "nein"}, "helpful muss true oder false sein"),
        ({**GOOD, "missing": "x" * 501}, "missing: Text bis 500 Zeichen"),
        ({**GOOD, "missing": 7}, "missing: Text bis 500 Zeichen"),
        ({**GOOD, "question": "x" * 1001}, "question: Text bis 1000 Zeichen"),
        ({**GOOD, "helpful": True}, "missing nur bei helpful=false"),
    ],
)
def test_invalid_feedback_is_refused_with_its_reason(body, reason):
    with pytest.raises(FeedbackError) as refused:
        parse_feedback(body, SERVICES)
    assert str(refused.value) == reason


def test_the_known_services_are_the_top_100():
    assert len(service_ids()) == 100 and "reisepass-beantragen" in service_ids()


def post(channel: WebchatInput, body: object, origin: str | None = None, method: str = "POST"):
    route = next(r for r in channel.blueprint(lambda m: None)._future_routes if r.uri == "/feedback")  # type: ignore
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = SimpleNamespace(method=method, body=raw, headers={"origin": origin} if origin else {})
    reply = asyncio.run(route.handler(request))
    return reply.status, json.loads(reply.body or b"null"), reply.headers


@pytest.mark.usefixtures("handoff_db")
def test_the_route_counts_and_queues_a_no_redacted():
    channel = WebchatInput()
    question = "Was kostet der Reisepass? Ich heiße Jana Wolff, 0176 5554443"
    status, body, headers = post(channel, {**GOOD, "question": question})
    assert (status, body, headers["Access-Control-Allow-Origin"]) == (200, {"status": "danke"}, "*")
    assert post(channel, {"service": "reisepass-beantragen", "aspect": "kosten", "helpful": True})[0] == 200
    assert post(channel, {"service": "reisepass-beantragen", "aspect": "kosten", "helpful": True})[0] == 200
    queue = editor_queue(get_settings().handoff_db_url)
    assert queue.counts() == {("reisepass-beantragen", "kosten"): {"yes": 2, "no": 1}}
    items = queue.open_items()
    assert [(i.kind, i.text, i.service, i.aspect) for i in items] == [
        (
            "feedback",
            "Was kostet der Reisepass? Ich heiße [Name], [Telefon] – Preis für Kinder",
            "reisepass-beantragen",
            "kosten",
        )
    ]


@pytest.mark.usefixtures("handoff_db")
def test_feedback_is_counted_in_the_months_figures_of_its_commune_and_language():
    channel = WebchatInput()
    helpful = {"service": "reisepass-beantragen", "aspect": "kosten", "helpful": True}
    assert post(channel, {**helpful, "commune": "Burgdorf", "language": "ar"})[0] == 200
    assert post(channel, {**GOOD, "commune": "Burgdorf", "language": "ar"})[0] == 200
    assert post(channel, {**helpful, "commune": "<b>Atlantis</b>", "language": "xx"})[0] == 200  # not ours: unknown
    stats = open_stats(get_settings().handoff_db_url)
    month = month_of(dt.datetime.now(dt.timezone.utc))
    counted = {(c.kommune, c.channel, c.language, c.metric): c.count for c in stats.counts([month])}
    assert counted == {
        ("Burgdorf", "webchat", "ar", "feedback_yes"): 1,
        ("Burgdorf", "webchat", "ar", "feedback_no"): 1,
        ("unbekannt", "webchat", "de", "feedback_yes"): 1,
    }


@pytest.mark.usefixtures("handoff_db")
def test_the_route_refuses_bad_bodies_and_foreign_origins_and_stores_nothing():
    channel = WebchatInput.from_credentials({"cors_allowed_origins": ["https://www.burgdorf.de"]})
    assert post(channel, GOOD, origin="https://evil.example")[:2] == (403, {"error": "Herkunft nicht erlaubt"})
    assert post(channel, b"{kein json", origin="https://www.burgdorf.de")[:2] == (400, {"error": "kein JSON"})
    assert post(channel, {**GOOD, "aspect": "preis"})[:2] == (400, {"error": "unbekannter Aspekt"})
    assert post(channel, {**GOOD, "missing": "x" * 5000})[:2] == (413, {"error": "zu groß"})
    status, _, headers = post(channel, None, origin="https://www.burgdorf.de", method="OPTIONS")
    assert (status, headers["Access-Control-Allow-Origin"]) == (204, "https://www.burgdorf.de")
    queue = editor_queue(get_settings().handoff_db_url)
    assert queue.counts() == {} and queue.open_items() == []
