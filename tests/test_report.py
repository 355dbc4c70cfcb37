import datetime as dt

from knowledge.report import build_report
from tests.conftest import load_copy


def test_report_counts_all_aspects_and_missing_contacts(kb):
    report = build_report(kb, max_age_days=365, today=dt.date(2026, 11, 25))
    assert report.services_complete == 100
    burgdorf = next(c for c in report.communes if c.key == "Burgdorf")
    assert "pilot:nein" in burgdorf.filled
    assert {"phone", "email", "address", "opening_hours"} <= set(burgdorf.missing)
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
