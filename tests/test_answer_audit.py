import datetime as dt

import pytest

from actions.answer import compose_answer
from servicecenter.answer_audit import AUDITED_ASPECTS, audit_answers, sort_answer

DAY = dt.date(2026, 12, 6)
SOURCE = "Quelle: Stadt X: Gebühren – https://www.example.de/gebuehren-2025, Stand 04.12.2026"


@pytest.mark.parametrize(
    ("aspect", "text", "kind"),
    [
        ("kosten", "Reisepass – Gebühr: 70 Euro ab 24 Jahren.\n" + SOURCE, "concrete"),
        ("kosten", "Wohngeld – Kosten: Der Antrag ist kostenlos.", "concrete"),
        ("kosten", "Hundesteuer – Hundesteuer in Y: 150 Euro im Jahr (nicht bestätigt, Stand 01.2022).", "unconfirmed"),
        ("kosten", "Gaststätte – Kosten: Die Gebühr richtet sich nach dem Aufwand. Fragen Sie Ihre Kommune.", "defers"),
        ("kosten", "Hundesteuer – Kosten: Die Höhe legt jede Kommune in ihrer Satzung fest.", "general"),
        # a date in the source line is no amount
        ("kosten", "Sperrmüll – Kosten: Das hängt vom Umfang ab.\n" + SOURCE, "general"),
        (
            "oeffnungszeiten",
            "Bürgerbüro, laut Stadt Z, ohne Datum, nicht von der Kommune bestätigt: Mo 8 bis 12 Uhr.",
            "concrete",
        ),
        ("oeffnungszeiten", "Bürgerbüro, laut HAZ, Stand 2020 (veraltet): Mo 8 bis 17 Uhr.", "unconfirmed"),
        ("oeffnungszeiten", "Öffnungszeiten liegen hier noch nicht vor. Oder Sie fragen unter 115.", "defers"),
        (
            "zustaendigkeit",
            "Pass – Zuständig für Garbsen: Stadt Garbsen – Bürgerbüro (https://www.garbsen.de).",
            "concrete",
        ),
        (
            "zustaendigkeit",
            "Sperrmüll – Wer für Garbsen zuständig ist, ist hier nicht bestätigt. Ansprechpartner: aha oder 115.\n"
            "Zuständig für Garbsen: aha.",
            "defers",
        ),
        (
            "online",
            "Bürgergeld – Online-Antrag: Ja, über das Portal.\nOnline: Jobcenter – https://www.jobcenter.digital",
            "concrete",
        ),
        ("online", "Pass – Online-Antrag: Der Antrag geht nur persönlich im Bürgerbüro.", "concrete"),
        # a plain no, in its own words
        ("online", "Austritt – Online-Antrag: Online ist der Austritt nicht möglich.", "concrete"),
        ("online", "Erklärung – Online-Antrag: Nein. Sie erklären es vor der Urkundsperson.", "concrete"),
        ("online", "Erklärung – Online-Antrag: Online geht das nicht, nur mit Termin.", "concrete"),
        # the website of the office line says nothing about an online service
        (
            "online",
            "Pflege – Online-Antrag: Ob das online geht, steht auf der Website der Region.\n"
            "Zuständig für X: Region (https://www.hannover.de).",
            "defers",
        ),
        (
            "online",
            "Pflege – Online-Antrag: Formulare gibt es im Rathaus.\nZuständig: Region (https://www.hannover.de).",
            "general",
        ),
    ],
)
def test_sort_answer(aspect, text, kind):
    assert sort_answer(aspect, text) == kind


def test_the_audit_asks_every_service_and_commune_given(kb):
    services, communes = ["personalausweis-beantragen", "hundesteuer-anmelden"], ["Garbsen", "Uetze"]
    result = audit_answers(kb, DAY, services, communes)
    assert sum(sum(result.counts[a].values()) for a in AUDITED_ASPECTS) == 2 * 4 * 2
    # the fee of the identity card is set nationwide, with its source: concrete in every commune
    assert "personalausweis-beantragen" not in result.open_items["kosten"]
    # the worklist names exactly the answers that are not concrete
    for aspect in AUDITED_ASPECTS:
        for service in services:
            for commune in communes:
                concrete = (
                    sort_answer(aspect, compose_answer(kb, service, aspect, commune, today=DAY).text) == "concrete"
                )
                assert concrete == (commune not in result.open_items[aspect].get(service, []))
    text = result.render(details=True)
    for items in result.open_items.values():
        for service, where in items.items():
            assert f"  {service}: " + ("alle Kommunen" if len(where) == 2 else ", ".join(where)) in text
