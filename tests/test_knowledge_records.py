"""The knowledge files: complete, consistent, and honest about what they do not know."""

import datetime as dt
import re

import pytest

from knowledge.facts import render_fact, verified
from knowledge.schema import ASPECTS
from knowledge.sources import SourceRef
from knowledge.store import IMPORT_ORIGIN, KnowledgeError, load_examples_file, load_service_file, read_top100
from tests.conftest import load_copy

URL = re.compile(r"https?://|www\.", re.I)
PHONE = re.compile(r"\b0\d{2,5}[ /-]?\d{3,}")


def test_every_top100_service_has_a_complete_record(kb):
    top = read_top100()
    assert len(top) == 100
    assert set(kb.services) == {t.id for t in top}
    for t in top:
        service = kb.services[t.id]
        assert (service.name, service.category, service.level) == (t.name, t.category, t.level)
        assert all(getattr(service.aspects, a).strip() for a in ASPECTS)
        assert service.source.stand is not None


def test_aspect_texts_carry_no_urls_or_phone_numbers(kb):
    for service in kb.services.values():
        for aspect in ASPECTS:
            text = getattr(service.aspects, aspect)
            assert not URL.search(text), (service.id, aspect)
            assert not PHONE.search(text), (service.id, aspect, text)


def test_each_service_has_example_questions_in_several_styles(kb):
    for sid in kb.services:
        examples = kb.examples.get(sid, [])
        assert len(examples) >= 12, sid
        assert any(e == e.lower() and not re.search(r"[?.!]$", e) for e in examples), f"{sid}: no voice-style"


def test_communes_are_the_21_of_region_hannover(kb):
    assert len(kb.communes) == 21
    assert {"Hannover", "Neustadt am Rübenberge", "Wedemark", "Burgdorf"} <= set(kb.communes)
    assert kb.communes["Burgdorf"].servicecenter_pilot is False


def test_a_broken_service_file_names_file_and_field(tmp_path, kb_copy):
    path = kb_copy / "services" / "wohngeld.yaml"
    text = path.read_text(encoding="utf-8").replace("level: kommune", "level: galaxis")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"wohngeld.yaml: level"):
        load_service_file(path)


def test_a_missing_service_is_reported(kb_copy):
    (kb_copy / "services" / "sperrmuell.yaml").unlink()
    with pytest.raises(KnowledgeError, match="sperrmuell' has no file"):
        load_copy(kb_copy)


def test_examples_for_an_unknown_service_are_rejected(kb_copy):
    (kb_copy / "examples" / "extra.yml").write_text("examples:\n  mondlandung:\n    - Wie komme ich zum Mond?\n")
    with pytest.raises(KnowledgeError, match="unknown service 'mondlandung'"):
        load_copy(kb_copy)


def test_examples_file_must_be_a_mapping(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_text("- nur eine Liste\n")
    with pytest.raises(KnowledgeError, match="expected a mapping"):
        load_examples_file(path)


def test_every_reference_names_a_source_that_was_read(kb):
    cited = {key for service in kb.services.values() for key in service.references}
    assert cited <= set(kb.sources)
    for key, source in kb.sources.items():
        assert source.seen <= dt.date.today(), key
        assert str(source.url).startswith(("http://", "https://")), key


def test_leika_keys_come_with_the_source_they_were_read_in(kb):
    # A key without its source, or a source without a key, is a guess; the schema checks the digits.
    # Keys taken over from an XZuFi file name that file instead of a sources.yaml entry.
    for service in kb.services.values():
        assert bool(service.leika) == bool(service.leika_source), service.id
        if service.leika and not service.leika_source.startswith(IMPORT_ORIGIN):
            assert re.fullmatch(r"99\d{12}", service.leika), service.id
            assert service.leika_source in kb.sources, service.id


def test_only_current_sources_can_verify():
    seen = dt.date(2026, 12, 4)
    old_press = SourceRef(title="HAZ 2019", url="https://www.haz.de/a", kind="presse", published="2019-07", seen=seen)
    assert old_press.month_only and old_press.published == dt.date(2019, 7, 1) and not old_press.current
    assert old_press.date_label == "07.2019"
    recent_press = SourceRef(
        title="t-online", url="https://t-online.de/a", kind="presse", published="2025-10-20", seen=seen
    )
    assert recent_press.current
    assert SourceRef(title="Stadt X Seite", url="https://x.de", kind="amtlich", seen=seen).current
    assert not SourceRef(title="Presse ohne Datum", url="https://x.de", kind="presse", seen=seen).current
    old_official = SourceRef(
        title="Bericht 2018", url="https://x.de", kind="amtlich", published="2018-06-21", seen=seen
    )
    assert not old_official.current


def test_audit_corrections_are_in_the_texts(kb):
    assert str(kb.communes["Hemmingen"].website) == "https://www.stadthemmingen.de"
    assert "07.02.2026" in kb.services["personalausweis-beantragen"].aspects.kosten  # the amounts are in facts.yaml
    assert "27,60 Euro" in kb.services["kinderreisepass-beantragen"].aspects.kosten
    assert "ElterngeldDigital" in kb.services["elterngeld"].aspects.online
    assert "Grundsicherungsgeld" in kb.services["buergergeld"].summary
    for sid in ("fahrzeug-zulassen", "fuehrerschein-ersterteilung"):
        assert "auch für die" not in kb.services[sid].aspects.zustaendigkeit
    assert "Burgwedel, Gehrden, Hemmingen, Isernhagen, Pattensen, Sehnde, Uetze und Wennigsen" in (
        kb.services["baugenehmigung"].aspects.zustaendigkeit
    )


def _fact(kb, fact_id):
    return next(f for f in kb.facts if f.id == fact_id)


@pytest.mark.parametrize(
    ("fact_id", "day", "valid", "not_valid"),
    [
        (
            "personalausweis-gebuehr",
            dt.date(2026, 2, 6),
            ["37 Euro ab 24 Jahren", "22,80 Euro unter 24 Jahren"],
            ["46"],
        ),
        (
            "personalausweis-gebuehr",
            dt.date(2026, 2, 7),
            ["46 Euro ab 24 Jahren", "27,60 Euro unter 24 Jahren"],
            ["37"],
        ),
        (
            "personalausweis-gebuehr",
            dt.date(2026, 12, 4),
            ["46 Euro ab 24 Jahren", "27,60 Euro unter 24 Jahren"],
            ["22,80"],
        ),
        ("reisepass-gebuehr", dt.date(2023, 12, 31), ["60 Euro ab 24 Jahren", "37,50 Euro unter 24 Jahren"], ["70"]),
        (
            "reisepass-gebuehr",
            dt.date(2024, 1, 1),
            ["70 Euro ab 24 Jahren", "32 Euro zusätzlich im Expressverfahren"],
            ["60"],
        ),
        ("kindergeld-hoehe", dt.date(2025, 12, 31), ["255 Euro je Kind und Monat"], ["259", "250"]),
        ("kindergeld-hoehe", dt.date(2026, 1, 1), ["259 Euro je Kind und Monat"], ["255"]),
        ("regelsatz-alleinstehend", dt.date(2023, 7, 1), ["502 Euro im Monat"], ["563"]),
        ("regelsatz-alleinstehend", dt.date(2026, 7, 1), ["563 Euro im Monat"], ["502"]),
        ("meldebescheinigung-gebuehr", dt.date(2026, 12, 4), ["7,50 Euro für die einfache Meldebescheinigung"], []),
        ("fuehrungszeugnis-gebuehr", dt.date(2026, 12, 4), ["13 Euro"], []),
        ("elterngeld-hoehe", dt.date(2026, 12, 4), ["300 bis 1.800 Euro im Monat beim Basiselterngeld"], []),
        ("aufenthaltstitel-gebuehr", dt.date(2026, 12, 4), ["113 Euro für eine Niederlassungserlaubnis"], []),
        ("fahrzeug-zulassen-gebuehr", dt.date(2023, 8, 31), ["27 Euro vor Ort"], ["30", "12,80"]),
        ("fahrzeug-zulassen-gebuehr", dt.date(2026, 12, 5), ["30 Euro vor Ort", "12,80 Euro online (i-Kfz)"], ["27"]),
        (
            "fahrzeug-abmelden-gebuehr",
            dt.date(2023, 8, 31),
            ["7,80 Euro vor Ort (mit Klebesiegel und Gebühr des Kraftfahrt-Bundesamts)"],
            ["16,80"],
        ),
        (
            "fahrzeug-abmelden-gebuehr",
            dt.date(2026, 12, 5),
            ["3,70 Euro online (i-Kfz) einschließlich Porto"],
            ["7,80"],
        ),
        ("fahrzeug-umschreiben-gebuehr", dt.date(2026, 12, 5), ["9,90 bis 12,40 Euro online (i-Kfz)"], []),
        ("wunschkennzeichen-gebuehr", dt.date(2026, 12, 5), ["10,20 Euro ohne vorherige Reservierung"], []),
        (
            "einbuergerung-gebuehr",
            dt.date(2026, 12, 5),
            ["51 Euro für jedes miteingebürgerte minderjährige Kind ohne eigene Einkünfte"],
            [],
        ),
        ("gewerbezentralregister-gebuehr", dt.date(2026, 12, 5), ["13 Euro"], []),
        ("kirchenaustritt-gebuehr", dt.date(2026, 12, 5), ["30 Euro je Person"], ["25"]),
        ("unterhaltsvorschuss-hoehe", dt.date(2026, 12, 5), ["394 Euro im Monat für Kinder von 12 bis 17 Jahren"], []),
        ("schwerbehindertenausweis-wertmarke", dt.date(2024, 12, 31), ["91 Euro für ein Jahr"], ["104"]),
        (
            "schwerbehindertenausweis-wertmarke",
            dt.date(2025, 1, 1),
            ["104 Euro für ein Jahr", "53 Euro für ein halbes Jahr"],
            ["91", "46"],
        ),
        ("rundfunkbeitrag-hoehe", dt.date(2026, 12, 5), ["18,36 Euro im Monat je Wohnung"], []),
        ("bewohnerparkausweis-hannover", dt.date(2026, 12, 5), ["30,70 Euro für ein Jahr"], []),
        ("personenstandsurkunde-garbsen", dt.date(2026, 12, 5), ["10 Euro für die erste Urkunde"], []),
        (
            "hunderegister-gebuehr",
            dt.date(2026, 12, 5),
            [
                "17,26 Euro bei Online-Registrierung (14,50 Euro zuzüglich Umsatzsteuer)",
                "27,97 Euro bei telefonischer oder schriftlicher Registrierung (23,50 Euro zuzüglich Umsatzsteuer)",
            ],
            [],
        ),
        ("hundesteuer-wennigsen", dt.date(2026, 12, 5), ["90 Euro im Jahr für den ersten Hund"], []),
        (
            "abfallgebuehr-beispiele",
            dt.date(2025, 12, 31),
            ["4,53 Euro im Monat zusätzlich für eine 80-Liter-Biotonne"],
            ["15,38", "21,69"],
        ),
        (
            "abfallgebuehr-beispiele",
            dt.date(2026, 1, 1),
            [
                "15,38 Euro im Monat für ein Einfamilienhaus mit drei Personen und einer 80-Liter-Restabfalltonne"
                " (14-täglich)",
                "4,53 Euro im Monat zusätzlich für eine 80-Liter-Biotonne",
            ],
            ["4,68"],
        ),
        (
            "abfallgebuehr-beispiele",
            dt.date(2023, 12, 31),
            ["4,68 Euro im Monat zusätzlich für eine 80-Liter-Biotonne"],
            [],
        ),
        ("eheschliessung-anmeldung-gebuehr", dt.date(2026, 12, 5), ["50 Euro wenn beide Verlobten Deutsche sind"], []),
        (
            "haltverbot-umzug-hannover",
            dt.date(2026, 12, 5),
            ["23 Euro für einen Tag", "64 Euro bis zu einer Woche"],
            [],
        ),
        ("halteverbot-seelze", dt.date(2026, 12, 5), ["30 Euro in der Regel (im Einzelfall auch mehr)"], []),
    ],
)
def test_fact_values_valid_on_a_day(kb, fact_id, day, valid, not_valid):
    said = [value.render() for value in _fact(kb, fact_id).valid_on(day)]
    assert all(v in said for v in valid), said
    assert not any(n in s for n in not_valid for s in said), said


def test_a_known_change_is_announced_before_it_applies(kb):
    line = render_fact(_fact(kb, "personalausweis-gebuehr"), dt.date(2026, 1, 15), kb.sources)
    assert line is not None and line.startswith("Gebühr: 37 Euro ab 24 Jahren; 22,80 Euro unter 24 Jahren")
    assert "Ab 07.02.2026: 46 Euro ab 24 Jahren; 27,60 Euro unter 24 Jahren." in line
    later = render_fact(_fact(kb, "personalausweis-gebuehr"), dt.date(2026, 3, 1), kb.sources)
    assert later is not None and "27,60 Euro unter 24 Jahren (seit 07.02.2026)" in later and "Ab " not in later


def test_every_current_fact_is_sourced_and_verified(kb):
    """Shared facts must rest on a current source; a commune's local value may be older but is then said so."""
    day = dt.date(2026, 12, 4)
    for fact in kb.facts:
        assert fact.services and all(s in kb.services for s in fact.services), fact.id
        for value in fact.valid_on(day):
            if fact.communes and not verified(value, kb.sources):
                assert "(nicht bestätigt, " in (render_fact(fact, day, kb.sources) or ""), fact.id
            else:
                assert verified(value, kb.sources), (fact.id, value.render())


def test_overlapping_values_are_rejected(kb_copy):
    path = kb_copy / "facts.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("valid_until: 2026-02-06", "valid_until: 2026-02-07", 1), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="'personalausweis-gebuehr': two values for 'ab 24 Jahren' overlap"):
        load_copy(kb_copy)


def test_local_fees_are_given_only_for_their_commune(kb):
    """The Hannover parking permit and the Garbsen certificate fee are local values, not shared ones."""
    assert [f.id for f in kb.facts_for("bewohnerparkausweis", "kosten", "Hannover")] == ["bewohnerparkausweis-hannover"]
    assert kb.facts_for("bewohnerparkausweis", "kosten", "Garbsen") == []
    assert "personenstandsurkunde-garbsen" in [f.id for f in kb.facts_for("geburtsurkunde", "kosten", "Garbsen")]
    assert "personenstandsurkunde-garbsen" not in [f.id for f in kb.facts_for("geburtsurkunde", "kosten", "Laatzen")]
    assert [f.id for f in kb.facts_for("hundesteuer-anmelden", "kosten", "Wennigsen")] == ["hundesteuer-wennigsen"]
    assert [f.id for f in kb.facts_for("halteverbot-umzug", "kosten", "Hannover")] == ["haltverbot-umzug-hannover"]
    assert [f.id for f in kb.facts_for("halteverbot-umzug", "kosten", "Seelze")] == ["halteverbot-seelze"]
    assert "hundesteuer-wennigsen" not in [f.id for f in kb.facts_for("hundesteuer-anmelden", "kosten", "Gehrden")]
