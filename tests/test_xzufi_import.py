import pytest

from knowledge.store import load_service_file
from knowledge.xzufi import XzufiError, import_xzufi, parse_xzufi
from tests.conftest import FIXTURES, load_copy

SAMPLE = FIXTURES / "xzufi" / "fuehrungszeugnis.xml"


def _snapshot(root):
    return {p.name: p.read_bytes() for p in (root / "services").glob("*.yaml")}


def test_sample_file_maps_text_modules_onto_the_schema(kb_copy):
    kb = load_copy(kb_copy)
    results = import_xzufi(SAMPLE, kb, kb_copy / "services")
    assert len(results) == 1
    result = results[0]
    assert result.service_id == "fuehrungszeugnis"
    assert set(result.updated) == {
        "unterlagen",
        "voraussetzungen",
        "kosten",
        "dauer",
        "summary",
        "legal_basis",
    }
    assert "Textmodul 07 (Verfahrensablauf)" in result.unmapped
    service = load_service_file(kb_copy / "services" / "fuehrungszeugnis.yaml")
    assert service.leika == "99000000000001"
    assert service.aspects.unterlagen.startswith("gültiger Personalausweis oder Reisepass")
    assert "<" not in service.aspects.unterlagen
    assert service.legal_basis == [
        "Bundeszentralregistergesetz (BZRG)",
        "Justizverwaltungskostengesetz (JVKostG).",
    ]
    assert str(service.source.stand) == "2026-10-01"
    assert "XZuFi-Import" in service.source.title
    load_copy(kb_copy)  # the whole base still validates


def test_dry_run_writes_nothing(kb_copy):
    before = _snapshot(kb_copy)
    import_xzufi(SAMPLE, load_copy(kb_copy), kb_copy / "services", dry_run=True)
    assert _snapshot(kb_copy) == before


def test_invalid_xml_is_a_clear_error_and_changes_nothing(kb_copy, tmp_path):
    bad = tmp_path / "kaputt.xml"
    bad.write_text("<leistung><referenzLeiKa>", encoding="utf-8")
    before = _snapshot(kb_copy)
    with pytest.raises(XzufiError, match="not well-formed XML"):
        import_xzufi(bad, load_copy(kb_copy), kb_copy / "services")
    assert _snapshot(kb_copy) == before


def test_missing_leistungsschluessel_is_a_clear_error_and_changes_nothing(kb_copy):
    before = _snapshot(kb_copy)
    with pytest.raises(XzufiError, match="'Führungszeugnis beantragen' has no valid Leistungsschlüssel"):
        import_xzufi(FIXTURES / "xzufi" / "ohne-leistungsschluessel.xml", load_copy(kb_copy), kb_copy / "services")
    assert _snapshot(kb_copy) == before


def test_entities_are_refused():
    with pytest.raises(XzufiError, match="DTD"):
        parse_xzufi(b'<!DOCTYPE x [<!ENTITY a "aaaa">]><leistung/>')


def test_unknown_leistung_is_reported_not_written(kb_copy, tmp_path):
    other = tmp_path / "mond.xml"
    text = SAMPLE.read_text(encoding="utf-8").replace("Führungszeugnis beantragen", "Mondlandung genehmigen")
    other.write_text(text, encoding="utf-8")
    before = _snapshot(kb_copy)
    results = import_xzufi(other, load_copy(kb_copy), kb_copy / "services")
    assert results[0].service_id is None
    assert results[0].unmapped[0].startswith("keine passende Top-100-Leistung")
    assert _snapshot(kb_copy) == before
