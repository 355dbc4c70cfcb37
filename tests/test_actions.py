"""action_process_turn with tracker fixtures: what the citizen reads and which slots are set."""

import datetime as dt
from dataclasses import replace

import pytest
from rasa_sdk.events import ConversationPaused, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import MAX_SENTENCES, compose_answer, office_line
from actions.dispatch import ActionProcessTurn
from actions.handoff import handoff_store
from actions.sentences import sentences
from actions.texts import Texts
from knowledge.retriever import RetrievalResult
from knowledge.runtime import open_knowledge
from knowledge.translations import Translations
from settings import get_settings
from tests.trackers import message, tracker

pytestmark = pytest.mark.usefixtures("handoff_db")


class NothingFound:
    """The context reading finds no service: the message's own retrieval decides."""

    def search(self, text, k=3):
        return RetrievalResult(text)


def run(latest, slots=None, history=None):
    dispatcher = CollectingDispatcher()
    action = ActionProcessTurn(searcher=NothingFound)
    events = action.run(dispatcher, tracker(latest, slots, history=history), {})
    slots_set = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return dispatcher.messages, slots_set, events


def test_answer_with_aspect_names_source_and_stand():
    messages, slots, _ = run(
        message(
            "Welche Gebühr fällt für das Führungszeugnis an?",
            candidates=[("fuehrungszeugnis", 0.9)],
            retrieval_confidence=0.95,
            aspect="kosten",
            kommune="Lehrte",
        )
    )
    text = messages[0]["text"]
    assert text.startswith("Führungszeugnis beantragen – Gebühr: 13 Euro.\n")
    assert "Zuständig für Lehrte: Stadt Lehrte – Bürgerbüro im Rathaus (https://www.lehrte.de)." in text
    assert "Stand 04.12.2026" in text.splitlines()[-1] and text.splitlines()[-1].startswith("Quelle: ")
    assert slots == {
        "kommune": "Lehrte",
        "route": "answer",
        "service": "fuehrungszeugnis",
        "aspect": "kosten",
        "clarify_options": None,
        "failed_attempts": 0,
    }


def test_overview_offers_aspect_buttons_and_asks_for_the_commune_once():
    messages, slots, _ = run(message("Wohngeld", candidates=[("wohngeld", 0.9)], retrieval_confidence=0.9))
    assert [b["title"] for b in messages[0]["buttons"]][:3] == ["Unterlagen", "Kosten", "Dauer"]
    assert messages[0]["buttons"][1]["payload"] == '/inform{"aspect":"kosten"}'
    # verified for every commune (§ 164 NKomVG): stated, not deferred
    assert "\nZuständig ist die Wohngeldstelle Ihrer Stadt oder Gemeinde.\n" in messages[0]["text"]
    assert messages[1]["text"].startswith("In welcher Stadt oder Gemeinde der Region Hannover wohnen Sie?")
    assert slots["commune_asked"] is True
    again, _, _ = run(
        message("Wohngeld", candidates=[("wohngeld", 0.9)], retrieval_confidence=0.9), {"commune_asked": True}
    )
    # the answer and, for the widget, its feedback question: no second question for the commune
    assert len(again) == 2 and again[1]["custom"] == {"feedback": {"service": "wohngeld", "aspect": None}}


def test_region_service_names_the_region_where_it_is_responsible():
    messages, _, _ = run(
        message("Bauantrag in Uetze", candidates=[("baugenehmigung", 0.9)], retrieval_confidence=0.9, kommune="Uetze")
    )
    assert "Zuständig für Uetze: Region Hannover – Bauaufsicht (https://www.hannover.de)." in messages[0]["text"]


def test_unconfirmed_responsibility_names_whom_to_ask():
    messages, _, _ = run(
        message(
            "Auto anmelden in Uetze", candidates=[("fahrzeug-zulassen", 0.9)], retrieval_confidence=0.9, kommune="Uetze"
        )
    )
    assert (
        "Wer für Uetze zuständig ist, ist hier nicht bestätigt. Ansprechpartner: Region Hannover – Zulassungsstelle"
        " (https://www.hannover.de) oder die Behördennummer 115." in messages[0]["text"]
    )


def test_clarify_offers_buttons_and_remembers_the_options():
    latest = message(
        "Ausweis",
        candidates=[("personalausweis-beantragen", 0.7), ("reisepass-beantragen", 0.69)],
        retrieval_confidence=0.4,
    )
    messages, slots, _ = run(latest)
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        '/inform{"service":"personalausweis-beantragen"}',
        '/inform{"service":"reisepass-beantragen"}',
    ]
    assert slots["clarify_options"] == ["personalausweis-beantragen", "reisepass-beantragen"]
    assert slots["route"] == "clarify"


def test_emergency_text_is_the_first_and_only_message():
    messages, slots, _ = run(message("es brennt im keller", intent="emergency", emergency="112"))
    assert messages[0]["text"].startswith("Rufen Sie sofort 112 an")
    assert len(messages) == 2 and messages[1]["custom"] == {"emergency": "112"}
    assert slots["route"] == "emergency"


def test_handoff_stores_transcript_and_pauses_the_conversation():
    history = [{"event": "user", "text": "Was kostet Wohngeld?"}, {"event": "bot", "text": "Wohngeld – Kosten: …"}]
    latest = message("Ich will mit einem Menschen sprechen", intent="request_human", confidence=0.97)
    messages, slots, events = run(latest, {"service": "wohngeld", "kommune": "Garbsen"}, history)
    assert messages[0]["text"].startswith("Gern verbinde ich Sie mit einer Mitarbeiterin")
    assert "115" in messages[0]["text"]
    assert messages[1]["custom"]["handoff"]["reason"] == "request_human"
    assert ConversationPaused() in events
    assert slots["route"] == "handoff" and slots["handoff_reason"] == "request_human"
    record = handoff_store(get_settings().handoff_db_url).for_conversation("test-user")[0]
    assert (record.reason, record.service, record.kommune, record.status) == (
        "request_human",
        "wohngeld",
        "Garbsen",
        "waiting",
    )
    assert [line["text"] for line in record.transcript] == [
        "Was kostet Wohngeld?",
        "Wohngeld – Kosten: …",
        "Ich will mit einem Menschen sprechen",
    ]


def test_bad_input_gets_a_polite_answer_and_counts_as_a_failed_attempt():
    messages, slots, _ = run(message("", input_problem="empty"))
    assert messages[0]["text"].startswith("Ihre Nachricht ist leer angekommen.")
    assert slots["failed_attempts"] == 1


def test_too_long_message_is_answered_with_a_note():
    messages, _, _ = run(
        message(
            "Hundesteuer " * 10,
            candidates=[("hundesteuer-anmelden", 0.9)],
            retrieval_confidence=0.9,
            input_problem="too_long",
        )
    )
    assert messages[0]["text"] == "Ihre Nachricht war sehr lang; ich habe nur den Anfang gelesen."


def test_bot_challenge_says_it_is_a_digital_assistant_and_offers_a_human():
    messages, slots, _ = run(message("Bist du ein Bot?", intent="bot_challenge", confidence=0.99))
    assert messages[0]["text"].startswith("Ich bin ein digitaler Assistent, kein Mensch.")
    assert messages[0]["buttons"] == [{"title": "Mit einem Menschen sprechen", "payload": "/request_human"}]
    assert slots["route"] == "bot_challenge"


def test_slot_events_are_valid_rasa_events():
    _, _, events = run(message("Danke", intent="thank", confidence=0.99))
    assert events == [SlotSet("route", "thank")]


@pytest.mark.parametrize(
    ("day", "fee", "not_now"),
    [
        (
            dt.date(2026, 2, 6),
            "Gebühr: 37 Euro ab 24 Jahren; 22,80 Euro unter 24 Jahren",
            "(seit 07.02.2026)",
        ),
        (dt.date(2026, 2, 7), "Gebühr: 46 Euro ab 24 Jahren; 27,60 Euro unter 24 Jahren (seit 07.02.2026)", "37 Euro"),
    ],
)
def test_the_fee_is_the_one_valid_on_the_day_of_the_question(kb, day, fee, not_now):
    text = compose_answer(kb, "personalausweis-beantragen", "kosten", "Laatzen", today=day).text
    assert fee in text.splitlines()[0] and not_now not in text


@pytest.mark.parametrize(
    ("service_id", "aspect", "kommune", "lead"),
    [
        ("reisepass-beantragen", "kosten", None, "Reisepass beantragen – Gebühr: 70 Euro ab 24 Jahren; 37,50 Euro"),
        ("kindergeld", "kosten", None, "Kindergeld beantragen – Kindergeld: 259 Euro je Kind und Monat"),
        ("meldebescheinigung", "kosten", "Gehrden", "Meldebescheinigung beantragen – Gebühr in Niedersachsen: 7,50"),
        ("buergergeld", "kosten", None, "Bürgergeld beantragen – Regelsatz für Alleinstehende: 563 Euro im Monat"),
        ("geburt-anzeigen", "frist", None, "Geburt anzeigen und beurkunden lassen – Frist: binnen einer Woche"),
        ("baugenehmigung", "zustaendigkeit", "Sehnde", "Baugenehmigung beantragen – Zuständig für Sehnde: Region"),
        ("einbuergerung", "zustaendigkeit", "Hannover", "Einbürgerung beantragen – Zuständig für Hannover: Landes"),
        ("wohngeld", "unterlagen", "Lehrte", "Wohngeld beantragen – Unterlagen: "),
    ],
)
def test_answer_leads_with_the_fact_then_few_sentences_then_the_source(kb, service_id, aspect, kommune, lead):
    lines = compose_answer(kb, service_id, aspect, kommune, today=dt.date(2026, 12, 4)).text.splitlines()
    assert lines[0].startswith(lead), lines[0]
    assert lines[-1].startswith("Quelle: ") and "Stand " in lines[-1]
    body = [line for line in lines[1:-1] if not line.startswith(("Zuständig", "Wer ", "Online: "))]
    assert sum(len(sentences(line)) for line in body) <= MAX_SENTENCES + 1


def test_the_source_line_names_the_source_of_the_stated_amount(kb):
    last = compose_answer(kb, "reisepass-beantragen", "kosten", None, today=dt.date(2026, 12, 4)).text.splitlines()[-1]
    assert last == (
        "Quelle: Passverordnung (PassV) § 15 Gebühren (gesetze-im-internet.de) – "
        "https://www.gesetze-im-internet.de/passv_2007/__15.html, Stand 04.12.2026"
    )


def test_sentences_do_not_break_at_abbreviations_ordinals_or_inside_dates():
    text = "Sie brauchen z. B. den Ausweis. Vor dem 24. Geburtstag gilt er 6 Jahre. Seit dem 07.02.2026. Nr. 63 gilt."
    assert sentences(text) == [
        "Sie brauchen z. B. den Ausweis.",
        "Vor dem 24. Geburtstag gilt er 6 Jahre.",
        "Seit dem 07.02.2026.",
        "Nr. 63 gilt.",
    ]


def test_the_overview_gives_the_commune_s_own_values_first():
    """A Hannover citizen asking about the Umweltplakette in general learns that Hannover has no Umweltzone any more,
    marked with its Stand; a citizen elsewhere does not get Hannover's value."""
    kb = open_knowledge()
    hannover = compose_answer(kb, "umweltplakette", None, "Hannover", today=dt.date(2026, 12, 6)).text.splitlines()
    assert hannover[1].startswith("Umweltzone in Hannover: seit dem 22.02.2024 aufgehoben")
    assert "(nicht bestätigt, Stand 16.02.2024)" in hannover[1]
    elsewhere = compose_answer(kb, "umweltplakette", None, "Seelze", today=dt.date(2026, 12, 6)).text
    assert "Umweltzone in Hannover" not in elsewhere


@pytest.mark.parametrize(
    "service, aspect, kommune, fact",
    [
        ("grundsicherung", "frist", "Lehrte", "Bewilligungszeitraum: 12 Monate in der Regel"),
        ("bafoeg", "kosten", None, "Rückzahlung des BAföG-Darlehens höchstens: 10.010 Euro"),
        ("zweitwohnungsteuer", "kosten", "Hannover", "Zweitwohnungsteuer in Hannover: 10 Prozent der Nettokaltmiete"),
        # an online way of the commune's own, from a press item of 2022 and a council paper of 2020: not confirmed
        ("hundesteuer-abmelden", "online", "Hannover", "„Hundesteuer Festsetzung“ auf www.hannover.de"),
        ("hundesteuer-anmelden", "online", "Hannover", "(nicht bestätigt, Stand 01.2022)"),
        ("kita-platz", "online", "Hannover", "www.kinderbetreuung-hannover.de"),
    ],
)
def test_facts_found_missing_are_stated_first(service, aspect, kommune, fact):
    text = compose_answer(open_knowledge(), service, aspect, kommune, today=dt.date(2026, 12, 6)).text
    assert fact in text.splitlines()[0]


def test_a_question_for_the_office_is_answered_when_every_option_has_the_same_one(kb):
    from actions.clarify import answer_if_one_office
    from actions.routing import Route, RouteKind
    from actions.state import Turn

    cars = ["fahrzeug-zulassen", "fahrzeug-umschreiben", "fahrzeug-abmelden"]
    asked = Turn(
        text="wer ist die Zulassungsstelle für Autos hier",
        intent="ask_service",
        intent_confidence=0.9,
        aspect="zustaendigkeit",
        aspect_named=True,
    )
    route = Route(RouteKind.CLARIFY, aspect="zustaendigkeit", kommune="Barsinghausen", options=cars)
    answered = answer_if_one_office(kb, route, asked)
    assert (answered.kind, answered.service, answered.aspect) == (
        RouteKind.ANSWER,
        "fahrzeug-zulassen",
        "zustaendigkeit",
    )
    # different offices, no commune, or no topic named: still asked back
    mixed = Route(
        RouteKind.CLARIFY,
        aspect="zustaendigkeit",
        kommune="Barsinghausen",
        options=["personalausweis-beantragen", *cars],
    )
    assert answer_if_one_office(kb, mixed, replace(asked, text="wer ist für Autos hier zuständig")).kind == (
        RouteKind.CLARIFY
    )
    # … unless the office is named: the Zulassungsstelle is not where the Personalausweis is made
    assert answer_if_one_office(kb, mixed, asked).service == "fahrzeug-zulassen"
    assert (
        answer_if_one_office(kb, Route(RouteKind.CLARIFY, aspect="zustaendigkeit", options=cars), asked).kind
        == RouteKind.CLARIFY
    )
    bare = replace(asked, text="wer ist zuständig?")
    assert answer_if_one_office(kb, route, bare).kind == RouteKind.CLARIFY


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("de", "Über den Antrag entscheidet: Deutsche Rentenversicherung."),
        ("en", "The decision on the application is made by: Deutsche Rentenversicherung."),
        ("tr", "Başvuru hakkında karar veren kurum: Deutsche Rentenversicherung."),
    ],
)
def test_who_decides_on_an_application_the_commune_takes_is_said_in_the_citizens_language(kb, language, said):
    """It was a German sentence of the rules layer appended to every language's answer."""
    line = office_line(kb, "rentenantrag", "Garbsen", Texts(language))
    assert line.endswith(said), line
    assert language == "de" or "Über den Antrag" not in line


DEATH_PLACE = "Zuständig ist das Standesamt des Sterbeorts."


def test_a_remark_of_the_rules_is_said_in_the_citizens_language(kb):
    texts = Texts("en")
    line = office_line(kb, "sterbefall-anzeigen", "Garbsen", texts)
    said = texts.knowledge.note(DEATH_PLACE)
    assert not said.fallback and said.text in line and DEATH_PLACE not in line, line
    assert DEATH_PLACE in office_line(kb, "sterbefall-anzeigen", "Garbsen", Texts())


def test_a_remark_without_a_translation_is_marked_as_german(kb, tmp_path):
    texts = Texts("en", catalogue=Translations(root=tmp_path))
    line = office_line(kb, "sterbefall-anzeigen", "Garbsen", texts)
    assert f"(Note only in German: {DEATH_PLACE})" in line, line


@pytest.mark.parametrize("language", ["en", "fr", "tr", "ar", "uk", "ru"])
def test_the_office_of_an_unknown_commune_is_named_in_the_citizens_language(kb, language):
    """ "das Bürgerbüro Ihrer Stadt oder Gemeinde", "die Stadt oder Gemeinde selbst" were German in every language."""
    texts = Texts(language)
    for service in ("personalausweis-beantragen", "rentenantrag", "baugenehmigung"):
        line = office_line(kb, service, None, texts)
        assert "Stadt oder Gemeinde" not in line, (service, line)
    assert "Bürgerbüro" in office_line(kb, "personalausweis-beantragen", None, texts)
    assert "Ihrer Stadt oder Gemeinde" in office_line(kb, "personalausweis-beantragen", None, Texts("de"))


def test_the_offered_services_are_ranked_from_the_nlu_candidates_without_a_second_search():
    from actions.dispatch import option_scores
    from actions.state import Candidate

    class CountingSearcher:
        calls = 0

        def search(self, text, k=3, query_vector=None):
            self.calls += 1
            return RetrievalResult(text)

    searcher = CountingSearcher()
    known = [Candidate("a", 0.9), Candidate("b", 0.8), Candidate("c", 0.7)]
    assert option_scores(searcher, "x", ["c", "a"], known) == [Candidate("a", 0.9), Candidate("c", 0.7)]
    assert searcher.calls == 0
    assert option_scores(searcher, "x", ["a", "z"], known) == [] and searcher.calls == 1  # "z" needs the search


@pytest.mark.parametrize(
    ("text", "kommune", "options", "service"),
    [
        # the named office is where three of the four options are done: its hours are the answer
        (
            "Öffnungszeiten vom Standesamt in Garbsen",
            "Garbsen",
            ["buergerbuero-termin", "geburt-anzeigen", "eheschliessung-anmelden", "sterbefall-anzeigen"],
            "geburt-anzeigen",
        ),
        # "Zulassungsbehörde" in the question, "Zulassungsstelle" in the data: the same office
        (
            "wer ist denn die Zulassungsbehörde für Barsinghausen",
            "Barsinghausen",
            ["fahrzeug-zulassen", "wohnsitz-ummelden", "fahrzeug-abmelden"],
            "fahrzeug-zulassen",
        ),
    ],
)
def test_a_question_for_a_named_office_is_answered_with_the_options_done_there(kb, text, kommune, options, service):
    from actions.clarify import answer_if_one_office
    from actions.routing import Route, RouteKind
    from actions.state import Turn

    asked = Turn(text=text, intent="ask_service", intent_confidence=0.9, aspect="oeffnungszeiten", aspect_named=True)
    route = Route(RouteKind.CLARIFY, aspect="oeffnungszeiten", kommune=kommune, options=options)
    answered = answer_if_one_office(kb, route, asked)
    assert (answered.kind, answered.service) == (RouteKind.ANSWER, service)
    # without the office's name the options still have two offices: asked back
    unnamed = replace(asked, text="wann haben die in " + kommune + " offen")
    assert answer_if_one_office(kb, route, unnamed).kind == RouteKind.CLARIFY
