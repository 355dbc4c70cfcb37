import datetime as dt

import pytest
import yaml

from knowledge.local import local_office
from knowledge.store import load_service_file
from knowledge.xzufi import XzufiError, import_xzufi, parse_xzufi
from knowledge.xzufi_offices import import_offices
from tests.conftest import FIXTURES, copy_knowledge, load_copy

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


# --- Organisationseinheiten into the commune layer ----------------------------------------------
OFFICES_SAMPLE = FIXTURES / "xzufi" / "organisationseinheiten.xml"
TEST_ARS = "039999999999"  # made up, in the fixture only


def _offices_text(root):
    return (root / "offices.yaml").read_text(encoding="utf-8")


def _give_uetze_the_test_key(root):
    path = root / "offices.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["communes"]["Uetze"]["regionalschluessel"] = {"value": TEST_ARS, "origin": "Test", "stand": "2026-12-01"}
    header = "".join(line for line in _offices_text(root).splitlines(keepends=True) if line.startswith("#"))
    path.write_text(header + yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_organisationseinheit_finds_its_commune_by_gebietsbezug_and_records_the_services(kb_copy):
    _give_uetze_the_test_key(kb_copy)
    results = import_offices(OFFICES_SAMPLE, load_copy(kb_copy), kb_copy / "offices.yaml")
    [result] = results
    assert result.commune == "Uetze" and result.services == ["personalausweis-beantragen"]
    assert "Leistung L-9999 nicht zugeordnet" in result.notes
    assert any(n.startswith("kommunikation (Elementname nicht geprüft") for n in result.notes)
    kb = load_copy(kb_copy)  # the written file loads and passes the checks
    office = next(o for o in kb.offices_of("Uetze") if o.xzufi_id == "OE-1")
    assert office.units == ["Bürgerbüro"] and office.phone is None and office.hours is None
    assert local_office(kb, "personalausweis-beantragen", "Uetze").office == office
    assert "# The commune layer" in _offices_text(kb_copy)  # the file's comment block is kept


def test_named_commune_takes_the_key_from_the_export_only_as_imported_data(kb_copy, tmp_path):
    import_offices(OFFICES_SAMPLE, load_copy(kb_copy), kb_copy / "offices.yaml", commune="Wunstorf")
    key = load_copy(kb_copy).offices["Wunstorf"].regionalschluessel
    assert key is not None and key.value == TEST_ARS and not key.verified and key.origin.startswith("XZuFi-Import")
    confirmed = dt.date(2026, 12, 1)
    other = copy_knowledge(tmp_path / "other")
    import_offices(OFFICES_SAMPLE, load_copy(other), other / "offices.yaml", commune="Sehnde", confirmed_on=confirmed)
    key = load_copy(other).offices["Sehnde"].regionalschluessel
    assert key is not None and key.verified and key.confirmed_on == confirmed


def test_unknown_area_is_reported_and_nothing_is_assigned(kb_copy):
    before = _offices_text(kb_copy)
    [result] = import_offices(OFFICES_SAMPLE, load_copy(kb_copy), kb_copy / "offices.yaml", dry_run=True)
    assert result.commune is None and result.notes[0].startswith(f"Gebiet unbekannt (Regionalschlüssel {TEST_ARS})")
    assert _offices_text(kb_copy) == before


def test_invalid_office_input_changes_nothing(kb_copy, tmp_path):
    _give_uetze_the_test_key(kb_copy)
    before = _offices_text(kb_copy)
    with pytest.raises(XzufiError, match="names Uetze, not Laatzen"):
        import_offices(OFFICES_SAMPLE, load_copy(kb_copy), kb_copy / "offices.yaml", commune="Laatzen")
    nameless = tmp_path / "ohne-name.xml"
    nameless.write_text(OFFICES_SAMPLE.read_text(encoding="utf-8").replace("Bürgerbüro Testort (Beispieldaten)", ""))
    with pytest.raises(XzufiError, match="has no id or name"):
        import_offices(nameless, load_copy(kb_copy), kb_copy / "offices.yaml")
    broken = tmp_path / "kaputt.xml"
    broken.write_text("<organisationseinheit><id>", encoding="utf-8")
    with pytest.raises(XzufiError, match="not well-formed"):
        import_offices(broken, load_copy(kb_copy), kb_copy / "offices.yaml")
    with pytest.raises(XzufiError, match="no <organisationseinheit>"):
        import_offices(SAMPLE, load_copy(kb_copy), kb_copy / "offices.yaml", commune="Uetze")
    assert _offices_text(kb_copy) == before
