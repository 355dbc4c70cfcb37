"""Usage statistics: what a turn counts, that nothing textual is stored, the CLI lines and the cost shares."""

import dataclasses
from decimal import Decimal

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine, text

from actions.dispatch import ActionProcessTurn
from actions.stats_hook import turn_metrics
from actions.stats_store import Count, StatsStore
from channels.console.stats_finance import CONFIG, CostConfig, Variant, load_config, render_finance, share
from channels.console.stats_report import month_figures
from knowledge.retriever import RetrievalResult
from servicecenter.cli import main
from servicecenter.stats_cli import stats_output
from settings import get_settings
from tests.trackers import message

pytestmark = pytest.mark.usefixtures("handoff_db")
SENDER = "citizen-4711-geheim"


class NothingFound:
    def search(self, text, k=3):
        return RetrievalResult(text)


def _tracker(latest, history=(), slots=None, channel="webchat"):
    user = {"event": "user", "text": latest["text"], "parse_data": latest, "input_channel": channel}
    events = [{"event": "session_started"}, *history, user]
    return Tracker(SENDER, slots or {}, latest, events, False, None, {}, "action_listen")


def _turn(latest, history=(), slots=None, channel="webchat"):
    events = ActionProcessTurn(searcher=NothingFound).run(
        CollectingDispatcher(), _tracker(latest, history, slots, channel), {}
    )
    return events


def _rows():
    engine = create_engine(get_settings().handoff_db_url)
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text("SELECT kommune, channel, language, metric, key, count FROM stats_counts ORDER BY metric, key")
            )
        ]


ANSWER = message(
    "Welche Gebühr fällt für das Führungszeugnis an?",
    candidates=[("fuehrungszeugnis", 0.9)],
    retrieval_confidence=0.95,
    aspect="kosten",
    kommune="Lehrte",
)


def test_a_first_answer_counts_the_conversation_its_message_service_and_aspect():
    _turn(ANSWER)
    assert _rows() == [
        ("Lehrte", "webchat", "de", "answered", "", 1),
        ("Lehrte", "webchat", "de", "aspect", "kosten", 1),
        ("Lehrte", "webchat", "de", "conversations", "", 1),
        ("Lehrte", "webchat", "de", "messages", "", 1),
        ("Lehrte", "webchat", "de", "service", "fuehrungszeugnis", 1),
    ]


def test_a_handoff_later_in_the_conversation_counts_once_and_no_second_conversation():
    earlier = [{"event": "user", "text": "x"}, {"event": "slot", "name": "route", "value": "answer"}]
    latest = message("Ich möchte mit einem Mitarbeiter sprechen", intent="request_human")
    _turn(latest, earlier, slots={"kommune": "Seelze"}, channel="rest")
    assert _rows() == [
        ("Seelze", "rest", "de", "handed_over", "", 1),
        ("Seelze", "rest", "de", "handoffs", "", 1),
        ("Seelze", "rest", "de", "messages", "", 1),
    ]
    # handed over already: a second handoff is a handoff turn, not a second handed-over conversation
    again = [*earlier, {"event": "user", "text": "y"}, {"event": "slot", "name": "route", "value": "handoff"}]
    _, _, _, metrics = turn_metrics(
        _tracker(latest, again, {"kommune": "Seelze"}), [{"event": "slot", "name": "route", "value": "handoff"}]
    )
    assert metrics == ["messages", "handoffs"]


def test_an_emergency_without_a_commune_counts_under_unbekannt():
    _turn(message("Es brennt in meiner Wohnung", emergency="112"), channel="voice")
    assert _rows() == [
        ("unbekannt", "voice", "de", "conversations", "", 1),
        ("unbekannt", "voice", "de", "emergencies", "", 1),
        ("unbekannt", "voice", "de", "messages", "", 1),
    ]


def test_the_site_commune_of_the_widget_and_a_fallback():
    latest = {**message("blub blub", intent="nlu_fallback", confidence=0.2), "metadata": {"commune": "burgdorf"}}
    kommune, channel, language, metrics = turn_metrics(
        _tracker(latest), [{"event": "slot", "name": "route", "value": "fallback"}]
    )
    assert (kommune, channel, language, metrics) == (
        "Burgdorf",
        "webchat",
        "de",
        ["messages", "conversations", "fallbacks"],
    )


def test_nothing_textual_or_personal_is_stored():
    _turn(ANSWER)
    _turn(
        message("Ich möchte mit einem Mitarbeiter sprechen", intent="request_human"), [{"event": "user", "text": "x"}]
    )
    engine = create_engine(get_settings().handoff_db_url)
    with engine.connect() as conn:
        columns = [c[1] for c in conn.execute(text("PRAGMA table_info(stats_counts)"))]
        dump = " ".join(str(v) for r in conn.execute(text("SELECT * FROM stats_counts")) for v in r)
    assert columns == ["month", "kommune", "channel", "language", "metric", "key", "count"]
    assert SENDER not in dump and "Gebühr" not in dump and "Mitarbeiter" not in dump
    months = {r[0] for r in engine.connect().execute(text("SELECT month FROM stats_counts"))}
    assert all(len(m) == 7 and m[4] == "-" for m in months)


COUNTS = [
    Count("2026-11", "Lehrte", "rest", "de", "conversations", "", 3),
    Count("2026-11", "Lehrte", "webchat", "en", "conversations", "", 1),
    Count("2026-11", "Lehrte", "rest", "de", "messages", "", 5),
    Count("2026-11", "Lehrte", "webchat", "en", "messages", "", 2),
    Count("2026-11", "Lehrte", "rest", "de", "answered", "", 4),
    Count("2026-11", "Lehrte", "rest", "de", "handoffs", "", 1),
    Count("2026-11", "Lehrte", "rest", "de", "handed_over", "", 1),
    Count("2026-11", "Lehrte", "rest", "de", "service", "personalausweis-beantragen", 3),
    Count("2026-11", "Lehrte", "rest", "de", "service", "wohngeld", 1),
    Count("2026-11", "Lehrte", "rest", "de", "aspect", "kosten", 4),
    Count("2026-11", "unbekannt", "voice", "de", "conversations", "", 1),
    Count("2026-11", "unbekannt", "voice", "de", "messages", "", 1),
    Count("2026-11", "unbekannt", "voice", "de", "emergencies", "", 1),
    Count("2026-10", "Lehrte", "rest", "de", "conversations", "", 99),
]


def _fill(url):
    store = StatsStore(url)
    for c in COUNTS:
        for _ in range(c.count):
            store.add(c.month, c.kommune, c.channel, c.language, [c.metric + (f":{c.key}" if c.key else "")])


def test_cli_prints_the_month_per_commune(capsys, tmp_path):
    _fill(get_settings().handoff_db_url)
    no_figures = tmp_path / "cost_sharing.yaml"
    no_figures.write_text(
        CONFIG.read_text(encoding="utf-8").split("inhabitants:")[0]
        + "inhabitants: {}\n"
        + "variants:"
        + CONFIG.read_text(encoding="utf-8").split("variants:")[-1],
        encoding="utf-8",
    )
    cli = ["stats", "--month", "2026-11", "--cost", "900", "--communes", "Lehrte,Seelze", "--config", str(no_figures)]
    assert main(cli) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:10] == [
        "Statistik 2026-11 (nur Zählwerte, keine Texte, keine Absender)",
        "Lehrte:",
        "  Gespräche 4 (Kanal: rest 3, webchat 1; Sprache: de 3, en 1)",
        "  Nachrichten 7 (Kanal: rest 5, webchat 2; Sprache: de 5, en 2)",
        "  beantwortet 4 · Rückfrage 0 · übergeben 1 · Notfall 0 · nicht verstanden 0",
        "  ohne Übergabe beendet 3 von 4 (75 %)",
        "  häufigste Leistungen: personalausweis-beantragen 3, wohngeld 1",
        "  häufigste Aspekte: kosten 4",
        "  Rückmeldung hilfreich ja 0 · nein 0",
        "unbekannt:",
    ]
    assert out[10:20] == [
        "  Gespräche 1 (Kanal: voice 1; Sprache: de 1)",
        "  Nachrichten 1 (Kanal: voice 1; Sprache: de 1)",
        "  beantwortet 0 · Rückfrage 0 · übergeben 0 · Notfall 1 · nicht verstanden 0",
        "  ohne Übergabe beendet 1 von 1 (100 %)",
        "  häufigste Leistungen: –",
        "  häufigste Aspekte: –",
        "  Rückmeldung hilfreich ja 0 · nein 0",
        "Gesamt:",
        "  Gespräche 5 (Kanal: rest 3, voice 1, webchat 1; Sprache: de 4, en 1)",
        "  Nachrichten 8 (Kanal: rest 5, webchat 2, voice 1; Sprache: de 6, en 2)",
    ]
    assert "In diesem Monat gab es keine Rückmeldung (ja/nein) im Web-Chat oder am Telefon." in out
    finance = out[out.index("Kostenaufteilung 2026-11") :]
    assert finance[:6] == [
        "Kostenaufteilung 2026-11",
        "  Gesamtkosten 900,00 € · Teilnehmer: Lehrte, Seelze",
        "  Variante „nach Einwohnern“ (100 % Einwohner):",
        "    Eingabe Einwohner: Lehrte fehlt, Seelze fehlt",
        "    nicht berechnet: Einwohner fehlen für: Lehrte, Seelze",
        "  Variante „nach Gesprächen“ (100 % Gespräche):",
    ]
    assert finance[6:9] == ["    Eingabe Gespräche: Lehrte 4, Seelze 0", "    Lehrte: 900,00 €", "    Seelze: 0,00 €"]


def test_cli_csv_has_one_row_per_commune_then_the_breakdowns(capsys):
    _fill(get_settings().handoff_db_url)
    assert main(["stats", "--month", "2026-11", "--csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == [
        "monat,kommune,gespraeche,nachrichten,beantwortet,rueckfrage,uebergeben,notfall,nicht_verstanden,"
        "gespraeche_uebergeben,ohne_uebergabe,rueckmeldung_ja,rueckmeldung_nein",
        "2026-11,Lehrte,4,7,4,0,1,0,0,1,3,0,0",
        "2026-11,unbekannt,1,1,0,0,0,1,0,0,1,0,0",
    ]
    assert "2026-11,Lehrte,leistung,personalausweis-beantragen,3" in lines
    assert main(["stats", "--month", "2026-13"]) == 1


def _config(**kw):
    base = CostConfig(
        total_cost=Decimal("1000"),
        participants=["A", "B", "C"],
        inhabitants={"A": 10_000, "B": 20_000, "C": 30_000},
        inhabitant_sources={"A": "LSN 2025", "B": "LSN 2025", "C": "LSN 2025"},
        variants=[
            Variant("Einwohner", {"einwohner": Decimal(1)}),
            Variant("Gespräche", {"gespraeche": Decimal(1)}),
            Variant("Fälle", {"uebergaben": Decimal(1)}),
            Variant("gemischt", {"gespraeche": Decimal("0.5"), "uebergaben": Decimal("0.5")}),
        ],
    )
    return dataclasses.replace(base, **kw)


def _figures():
    rows = [("A", "conversations", 1), ("B", "conversations", 1), ("C", "conversations", 1), ("A", "handoffs", 1)]
    return month_figures("2026-11", [Count("2026-11", k, "rest", "de", m, "", n) for k, m, n in rows])


def test_financing_variants_give_exact_shares_that_add_up():
    results = {r.variant.name: r for r in share(_figures(), _config(), Decimal("1000"))}
    euros = {name: {c: str(v) for c, v in r.shares.items()} for name, r in results.items()}
    assert euros == {
        "Einwohner": {"A": "166.67", "B": "333.33", "C": "500.00"},
        "Gespräche": {"A": "333.34", "B": "333.33", "C": "333.33"},  # the odd cent: largest remainder, then A
        "Fälle": {"A": "1000.00", "B": "0.00", "C": "0.00"},
        "gemischt": {"A": "666.67", "B": "166.67", "C": "166.66"},
    }
    assert all(sum(r.shares.values()) == Decimal("1000") for r in results.values())


def test_a_missing_inhabitant_figure_is_said_and_nothing_invented():
    config = _config(inhabitants={"A": 10_000, "B": 20_000}, inhabitant_sources={"A": "LSN", "B": "LSN"})
    lines = render_finance(_figures(), config)
    assert lines[:5] == [
        "Kostenaufteilung 2026-11",
        "  Gesamtkosten 1.000,00 € · Teilnehmer: A, B, C",
        "  Variante „Einwohner“ (100 % Einwohner):",
        "    Eingabe Einwohner: A 10000, B 20000, C fehlt (Quelle: LSN)",
        "    nicht berechnet: Einwohner fehlen für: C",
    ]
    assert "    A: " not in lines[5]


def test_the_shipped_configuration_invents_no_figures():
    config = load_config(CONFIG)
    assert config.total_cost is None  # the Region sets it
    # no participants configured: the communes of knowledge/communes.yaml whose pilot start a source reports
    assert config.participants == ["Hannover", "Langenhagen"]
    for commune, count in config.inhabitants.items():  # only figures read with their date and address
        source = config.inhabitant_sources[commune]
        assert count > 0 and "Stand 2023-12-31" in source and "https://" in source and "wikipedia.org" in source
    assert [v.name for v in config.variants][:3] == ["nach Einwohnern", "nach Gesprächen", "nach übergebenen Fällen"]
    out = stats_output(get_settings().handoff_db_url, "2026-11", False, CONFIG, None, None).splitlines()
    assert out[-2:] == [
        "Kostenaufteilung 2026-11",
        "  Gesamtkosten nicht eingestellt (total_cost_eur in cost_sharing.yaml oder --cost EUR).",
    ]


def test_the_admin_page_shows_the_cli_figures_and_charts_to_admins_only(tmp_path):
    from fastapi.testclient import TestClient

    from channels.console.app import create_app
    from channels.console.store import ConsoleStore
    from settings import Settings
    from tests.console_helpers import PASSWORD, FakeRasa

    url = f"sqlite:///{tmp_path / 'h.db'}"
    _fill(url)
    store = ConsoleStore(url)
    store.create_agent("chefin", PASSWORD, "Frau Chefin", is_admin=True)
    store.create_agent("meyer", PASSWORD, "Frau Meyer", is_admin=False)
    settings = Settings(work_dir=tmp_path, handoff_db_url=url, service_hours="immer")
    with TestClient(create_app(settings, rasa=FakeRasa())) as client:
        assert client.get("/admin/stats?month=2026-11").status_code == 401
        client.post("/api/login", json={"username": "meyer", "password": PASSWORD})
        assert client.get("/admin/stats?month=2026-11").status_code == 403
        client.post("/api/login", json={"username": "chefin", "password": PASSWORD})
        page = client.get("/admin/stats?month=2026-11")
        assert page.status_code == 200 and "<h1>Statistik 2026-11</h1>" in page.text
        assert page.text.count("<svg ") == 3 and "<script" not in page.text
        assert "  Gespräche 4 (Kanal: rest 3, webchat 1; Sprache: de 3, en 1)" in page.text
        assert '<a href="/admin/stats?month=2026-10">2026-10</a>' in page.text
        data = client.get("/api/admin/stats?month=2026-11").json()
        lehrte = data["communes"][0]
        assert (lehrte["kommune"], lehrte["conversations"], lehrte["contained"]) == ("Lehrte", 4, 3)
        assert client.get("/admin/stats?month=11-2026").status_code == 422


def test_concurrent_writers_lose_no_count(tmp_path):
    import threading

    url = f"sqlite:///{tmp_path / 's.db'}"
    stores = [StatsStore(url) for _ in range(4)]

    def work(store):
        for _ in range(25):
            store.add("2026-11", "Lehrte", "rest", "de", ["messages", "service:wohngeld"])

    threads = [threading.Thread(target=work, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    counts = {(c.metric, c.key): c.count for c in StatsStore(url).counts(["2026-11"])}
    assert counts == {("messages", ""): 100, ("service", "wohngeld"): 100}


def test_the_traffic_plan_spreads_channels_communes_and_languages():
    from servicecenter.bench_traffic import plan
    from servicecenter.cli import build_parser

    rows = plan(30)
    assert [(ch, k) for ch, k, _ in rows[:4]] == [
        ("rest", "Lehrte"), ("webchat", "Garbsen"), ("voice", "Laatzen"), ("rest", "Seelze"),
    ]  # fmt: skip
    assert {s.language for ch, _, s in rows if ch == "voice"} == {"de"}
    assert {s.language for _, _, s in rows} == {"de", "en", "fr", "tr", "uk"}
    assert build_parser().parse_args(["bench", "traffic", "--conversations", "5"]).conversations == 5
