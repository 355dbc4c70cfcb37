import argparse
import datetime as dt

import pytest

from knowledge.commune_report import build_commune_report
from knowledge.local import local_office
from knowledge.report import build_report
from knowledge.report_cli import add_report_options, run_report
from knowledge.store import KnowledgeError
from tests.conftest import load_copy


def test_report_counts_all_aspects_and_missing_contacts(kb):
    report = build_report(kb, max_age_days=365, today=dt.date(2026, 11, 25))
    assert report.services_complete == 100
    burgdorf = next(c for c in report.communes if c.key == "Burgdorf")
    assert "pilot:nein" in burgdorf.filled
    for name in ("address", "phone", "email", "appointment_url", "hours"):  # as filled in offices.yaml
        has_it = any(getattr(o, name) for o in kb.offices_of("Burgdorf"))
        assert (name in burgdorf.filled) == has_it and (name in burgdorf.missing) != has_it, name
    assert "hours" in burgdorf.missing
    hannover = next(c for c in report.communes if c.key == "Hannover")
    assert 0 < burgdorf.confirmed < hannover.confirmed <= 100  # the city's own authorities are confirmed
    text = report.render()
    assert "mit allen acht Aspekten: 100" in text
    assert "Burgdorf" in text and f"{burgdorf.confirmed}/100" in text


def test_report_flags_sample_and_stale_records(kb_copy):
    path = kb_copy / "services" / "osterfeuer.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("sample: false", "sample: true"), encoding="utf-8")
    report = build_report(load_copy(kb_copy), max_age_days=30, today=dt.date(2027, 6, 1))
    assert [s.key for s in report.services if s.sample] == ["osterfeuer"]
    assert len(report.stale(report.services)) == 100
    assert "Beispieldaten (sample): 1 (osterfeuer)" in report.render()


def test_commune_worklist_covers_the_top_100_and_counts_what_is_filled(kb):
    today = dt.date(2026, 12, 5)
    for commune in ("Laatzen", "Barsinghausen"):
        report = build_commune_report(kb, commune, today)
        assert len(report.rows) == 100
        for row in report.rows:
            found = local_office(kb, row.service_id, commune)
            has_office = found is not None and found.office is not None
            assert bool(row.contact or row.hours) == (
                has_office and any(v is not None for v in found.office.fields().values())
            ), row.service_id
            if row.stand:
                assert row.age_days == (today - row.stand).days
            assert not row.confirmed or all(item is None or item.verified for item in found.office.fields().values())
    laatzen = build_commune_report(kb, "laatzen", today)  # spelling resolved
    assert laatzen.commune == "Laatzen" and laatzen.count("hours") > 0
    text = laatzen.render()
    assert text.startswith("Vollständigkeit Laatzen, Stand 05.12.2026")
    csv_lines = laatzen.csv().splitlines()
    assert csv_lines[0].startswith("service_id,service,responsible") and len(csv_lines) == 101


def test_report_for_all_communes_counts_offices_verified_and_unverified(kb):
    report = build_report(kb, max_age_days=365, today=dt.date(2026, 12, 5))
    fields = sum(
        sum(v is not None for v in o.fields().values()) for layer in kb.offices.values() for o in layer.offices
    )
    assert sum(c.fields for c in report.offices) == fields > 0
    assert sum(c.verified + c.unverified for c in report.offices) == fields
    assert f"Felder {fields}:" in report.render()


def test_report_cli_needs_a_commune_for_csv(kb):
    parser = argparse.ArgumentParser()
    add_report_options(parser)
    with pytest.raises(KnowledgeError, match="--csv needs --commune"):
        run_report(parser.parse_args(["--csv"]), kb, 365)
    out = run_report(parser.parse_args(["--commune", "Burgdorf", "--csv"]), kb, 365, dt.date(2026, 12, 5))
    assert out.splitlines()[1].split(",")[0] == "personalausweis-beantragen"


def test_an_empty_commune_is_an_error_with_its_reason_not_an_assertion(kb):
    with pytest.raises(KnowledgeError, match="Unbekannte Kommune '': eine der 21 Kommunen"):
        build_commune_report(kb, "", dt.date(2026, 12, 1))
