import pytest

from knowledge.responsibility import resolve_commune_name, responsible_office
from knowledge.store import KnowledgeError


def test_commune_level_service_goes_to_the_communes_office(kb):
    r = responsible_office(kb, "wohngeld", "Seelze")
    assert (r.level, r.commune) == ("kommune", "Seelze")
    assert r.office is not None and r.office.name == "Stadt Seelze – Bürgerbüro im Rathaus"
    assert str(r.office.website) == "https://www.seelze.de"
    assert r.office.phone is None  # not known: stays empty, never invented


def test_commune_level_without_commune_says_so(kb):
    r = responsible_office(kb, "wohngeld")
    assert r.office is None
    assert r.office_name == "das Bürgerbüro Ihrer Stadt oder Gemeinde"


def test_region_level_goes_to_region_hannover(kb):
    r = responsible_office(kb, "fahrzeug-zulassen", "Lehrte")
    assert r.level == "region" and r.office is not None and r.office.name == "Region Hannover"


def test_city_of_hannover_handles_some_region_services_itself(kb):
    assert responsible_office(kb, "unterhaltsvorschuss", "Hannover").level == "kommune"
    assert responsible_office(kb, "unterhaltsvorschuss", "Garbsen").level == "region"
    unknown = responsible_office(kb, "baugenehmigung")
    assert unknown.level == "region" and unknown.note is not None and "Hannover" in unknown.note


def test_federal_service_names_its_authority(kb):
    r = responsible_office(kb, "kindergeld", "Uetze")
    assert r.level == "bund" and r.office is not None and "Familienkasse" in r.office.name


def test_spellings_resolve_to_the_commune(kb):
    assert resolve_commune_name(kb, "neustadt a. rbge.") == "Neustadt am Rübenberge"
    assert resolve_commune_name(kb, "Mellendorf") == "Wedemark"
    with pytest.raises(KnowledgeError, match="not one of the 21 communes"):
        resolve_commune_name(kb, "Bielefeld")
