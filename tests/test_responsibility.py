"""Responsibility from responsibility.yaml: the whole 100 × 21 matrix against the sourced facts."""

import pytest

from knowledge.responsibility import depends_on_commune, resolve_commune_name, responsible_office
from knowledge.store import KnowledgeError
from tests.conftest import load_copy

COMMUNES = {
    "Barsinghausen", "Burgdorf", "Burgwedel", "Garbsen", "Gehrden", "Hannover", "Hemmingen", "Isernhagen",
    "Laatzen", "Langenhagen", "Lehrte", "Neustadt am Rübenberge", "Pattensen", "Ronnenberg", "Seelze", "Sehnde",
    "Springe", "Uetze", "Wedemark", "Wennigsen", "Wunstorf",
}  # fmt: skip

# Who handles each service where no commune exception applies ("kommune": the commune itself).
BY_BODY = {
    "kommune": """
        personalausweis-beantragen reisepass-beantragen kinderreisepass-beantragen vorlaeufiger-personalausweis
        ausweis-verlust-melden eid-pin-ruecksetzen wohnsitz-anmelden wohnsitz-ummelden wohnsitz-abmelden nebenwohnung
        meldebescheinigung melderegisterauskunft auskunftssperre fuehrungszeugnis gewerbezentralregister-auskunft
        beglaubigung lebensbescheinigung buergerbuero-termin geburt-anzeigen geburtsurkunde eheschliessung-anmelden
        eheurkunde sterbefall-anzeigen vaterschaftsanerkennung namensaenderung kirchenaustritt elterngeld kita-platz
        kita-beitrag-ermaessigung bildung-und-teilhabe wohngeld wohnberechtigungsschein grundsicherung
        sozialhilfe rentenantrag wohnungslosigkeit bewohnerparkausweis behindertenparkausweis halteverbot-umzug
        fahrzeug-abgeschleppt verwarnungsgeld hundesteuer-anmelden hundesteuer-abmelden grundsteuer gewerbesteuer
        zweitwohnungsteuer gewerbe-anmelden gewerbe-ummelden gewerbe-abmelden gaststaettenerlaubnis reisegewerbekarte
        sondernutzung veranstaltung-anmelden fischereischein baugenehmigung bauvoranfrage baumfaellung schaden-melden
        illegaler-muell laermbelaestigung hausnummer osterfeuer fundsache briefwahl waehlerverzeichnis grabstelle
        ehrenamtskarte""",
    "region-hannover": """
        sorgeerklaerung unterhaltsvorschuss schuelerbefoerderung hilfe-zur-pflege vorsorgevollmacht fahrzeug-zulassen
        fahrzeug-umschreiben fahrzeug-abmelden wunschkennzeichen umweltplakette fuehrerschein-ersterteilung
        fuehrerschein-umtausch fuehrerschein-international fuehrerschein-ersatz waffenbesitzkarte einbuergerung
        aufenthaltstitel verpflichtungserklaerung""",
    "aha": "sperrmuell muelltonne abfallkalender wertstoffhof",
    "jobcenter-region-hannover": "buergergeld",
    "familienkasse": "kindergeld kinderzuschlag",
    "agentur-fuer-arbeit": "arbeitslos-melden",
    "bundeszentralamt-steuern": "steuer-id",
    "landesamt-soziales": "schwerbehindertenausweis",
    "hunderegister": "hunderegister",
    "land-niedersachsen": "apostille",
    "studentenwerk-hannover": "bafoeg",
    "beitragsservice": "rundfunkbeitrag-befreiung",
    "grundschule": "schulanmeldung",  # in Lower Saxony the school registers the child (Bildungsportal)
}
DEFAULT = {sid: body for body, names in BY_BODY.items() for sid in names.split()}

# Where a commune handles a service itself although the Region does it for the others, and back.
JUGENDAMT = {"sorgeerklaerung", "unterhaltsvorschuss"}
CITY_OWN_AUTHORITY = {
    "fahrzeug-zulassen", "fahrzeug-umschreiben", "fahrzeug-abmelden", "wunschkennzeichen", "umweltplakette",
    "fuehrerschein-ersterteilung", "fuehrerschein-umtausch", "fuehrerschein-international", "fuehrerschein-ersatz",
    "einbuergerung", "aufenthaltstitel", "verpflichtungserklaerung", "waffenbesitzkarte", "vorsorgevollmacht",
    "hilfe-zur-pflege",
}  # fmt: skip
OWN_JUGENDAMT = {"Hannover", "Burgdorf", "Laatzen", "Langenhagen", "Lehrte"}  # Springe gave it back in 2014
REGION_STRASSENVERKEHR = {"Burgdorf", "Burgwedel", "Wennigsen"}  # Stadt Lehrte's page for all 20 communes
REGION_BAUAUFSICHT = {"Burgwedel", "Gehrden", "Hemmingen", "Isernhagen", "Pattensen", "Sehnde", "Uetze", "Wennigsen"}


def expected_body(service_id: str, commune: str) -> str:
    if service_id in {"baugenehmigung", "bauvoranfrage"}:
        return "region-hannover" if commune in REGION_BAUAUFSICHT else "kommune"
    if service_id == "behindertenparkausweis":
        return "region-hannover" if commune in REGION_STRASSENVERKEHR else "kommune"
    if service_id in JUGENDAMT:
        return "kommune" if commune in OWN_JUGENDAMT else "region-hannover"
    if service_id in CITY_OWN_AUTHORITY and commune == "Hannover":
        return "kommune"
    return DEFAULT[service_id]


def test_the_matrix_covers_every_service_and_commune(kb):
    assert set(DEFAULT) == set(kb.services) and len(DEFAULT) == 100
    assert set(kb.communes) == COMMUNES


@pytest.mark.parametrize("service_id", sorted(DEFAULT))
def test_every_pair_resolves_to_the_sourced_body(kb, service_id):
    for commune in sorted(COMMUNES):
        resp = responsible_office(kb, service_id, commune)
        assert resp.body == expected_body(service_id, commune), (service_id, commune)
        assert resp.commune == commune and resp.name
        if resp.verified:
            assert any(source.current for source in resp.sources), (service_id, commune)


@pytest.mark.parametrize(
    ("service_id", "commune", "verified", "name"),
    [
        ("baugenehmigung", "Uetze", True, "Region Hannover – Bauaufsicht"),
        ("baugenehmigung", "Lehrte", True, "Stadt Lehrte – Bauaufsicht"),
        ("baugenehmigung", "Hannover", True, "Landeshauptstadt Hannover – Bauaufsicht"),
        ("fuehrerschein-ersatz", "Hannover", True, "Landeshauptstadt Hannover – Fahrerlaubnisbehörde"),
        ("fuehrerschein-ersatz", "Garbsen", False, "Region Hannover – Fahrerlaubnisbehörde"),
        ("fahrzeug-zulassen", "Hannover", False, "Landeshauptstadt Hannover – Kfz-Zulassungsbehörde"),
        ("einbuergerung", "Wedemark", True, "Region Hannover – Einbürgerungsbehörde"),
        ("einbuergerung", "Hannover", True, "Landeshauptstadt Hannover – Einbürgerungsbehörde"),
        ("sorgeerklaerung", "Springe", False, "Region Hannover – Jugendamt (Fachbereich Jugend)"),
        ("unterhaltsvorschuss", "Burgdorf", False, "Stadt Burgdorf – Jugendamt"),
        ("unterhaltsvorschuss", "Hannover", True, "Landeshauptstadt Hannover – Jugendamt"),
        ("elterngeld", "Garbsen", True, "Stadt Garbsen – Elterngeldstelle"),
        ("elterngeld", "Uetze", True, "Gemeinde Uetze – Elterngeldstelle"),  # § 6 Abs. 2 ZustVO-GuS
        ("wohngeld", "Wennigsen", True, "Gemeinde Wennigsen – Wohngeldstelle"),
        ("wohngeld", "Isernhagen", True, "Gemeinde Isernhagen – Wohngeldstelle"),  # § 164 Abs. 1 Nr. 4 NKomVG
        ("waffenbesitzkarte", "Springe", True, "Region Hannover – Waffenbehörde"),  # since 01.2024 (DVO-WaffR)
        ("waffenbesitzkarte", "Hannover", False, "Landeshauptstadt Hannover – Waffenbehörde"),
        ("vaterschaftsanerkennung", "Lehrte", True, "Stadt Lehrte – Standesamt"),
        ("bafoeg", "Gehrden", True, "Studentenwerk Hannover, Amt für Ausbildungsförderung"),
        ("umweltplakette", "Seelze", True, "Region Hannover – Zulassungsstelle"),
        ("umweltplakette", "Hannover", False, "Landeshauptstadt Hannover – Kfz-Zulassungsbehörde"),
        ("eheurkunde", "Lehrte", False, "Stadt Lehrte – Standesamt"),  # the Standesamt of the marriage issues it
        ("personalausweis-beantragen", "Seelze", True, "Stadt Seelze – Bürgerbüro im Rathaus"),
        ("kindergeld", "Uetze", True, "Familienkasse der Bundesagentur für Arbeit"),
        ("sperrmuell", "Wunstorf", True, "aha – Zweckverband Abfallwirtschaft Region Hannover"),
        ("behindertenparkausweis", "Wennigsen", True, "Region Hannover – untere Straßenverkehrsbehörde"),
        ("behindertenparkausweis", "Lehrte", True, "Stadt Lehrte – Straßenverkehrsbehörde"),
        ("hilfe-zur-pflege", "Hannover", True, "Landeshauptstadt Hannover – Fachbereich Soziales"),
        ("hilfe-zur-pflege", "Lehrte", False, "Region Hannover"),
        ("schulanmeldung", "Uetze", True, "die Grundschule Ihres Schulbezirks"),
    ],
)
def test_sourced_entries_and_their_verification(kb, service_id, commune, verified, name):
    resp = responsible_office(kb, service_id, commune)
    assert (resp.verified, resp.name) == (verified, name)


def test_town_hall_counters_act_for_the_region(kb):
    seelze = responsible_office(kb, "fahrzeug-zulassen", "Seelze")
    assert seelze.body == "region-hannover" and seelze.counter == "Kfz-Zulassung im Bürgerbüro der Stadt Seelze"
    assert seelze.counter_verified
    laatzen = responsible_office(kb, "fahrzeug-abmelden", "Laatzen")
    assert laatzen.counter is not None and "Laatzen" in laatzen.counter and not laatzen.counter_verified
    assert responsible_office(kb, "fahrzeug-zulassen", "Lehrte").counter is None


def test_without_commune_the_groups_say_where_it_differs(kb):
    bau = responsible_office(kb, "baugenehmigung")
    assert bau.varies and bau.office is None and bau.verified
    region = next(g for g in bau.groups if g.name == "Region Hannover – Bauaufsicht")
    assert set(region.communes) == REGION_BAUAUFSICHT
    kfz = responsible_office(kb, "fahrzeug-zulassen")
    assert kfz.groups[0].communes == ("Hannover",) and not kfz.verified
    assert not responsible_office(kb, "kindergeld").varies


def test_commune_level_without_commune_names_the_kind_of_office(kb):
    r = responsible_office(kb, "wohnsitz-anmelden")
    assert r.office is None and not r.varies
    assert r.office_name == "das Bürgerbüro Ihrer Stadt oder Gemeinde"
    assert responsible_office(kb, "wohngeld").office_name == "die Wohngeldstelle Ihrer Stadt oder Gemeinde"


def test_commune_office_keeps_its_contact_fields(kb):
    r = responsible_office(kb, "wohngeld", "Seelze")
    assert r.office is not None and str(r.office.website) == "https://www.seelze.de"
    assert r.office.phone is None  # not known: stays empty, never invented


def test_depends_on_commune(kb):
    assert depends_on_commune(kb, "wohngeld") and depends_on_commune(kb, "baugenehmigung")
    assert not depends_on_commune(kb, "kindergeld") and not depends_on_commune(kb, "sperrmuell")


def test_spellings_resolve_to_the_commune(kb):
    assert resolve_commune_name(kb, "neustadt a. rbge.") == "Neustadt am Rübenberge"
    assert resolve_commune_name(kb, "Mellendorf") == "Wedemark"
    with pytest.raises(KnowledgeError, match="not one of the 21 communes"):
        resolve_commune_name(kb, "Bielefeld")


def test_old_press_cannot_make_an_entry_verified(kb_copy):
    path = kb_copy / "responsibility.yaml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace(
        "  - communes: [Burgdorf, Laatzen]\n    body: kommune\n",
        "  - communes: [Burgdorf, Laatzen]\n    body: kommune\n    verified: true\n",
    )
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(KnowledgeError, match="marked verified but cites no current source"):
        load_copy(kb_copy)


def test_a_service_without_rule_is_reported(kb_copy):
    path = kb_copy / "responsibility.yaml"
    text = path.read_text(encoding="utf-8").replace("- services: [kindergeld]", "- services: [kinderzuschlag]")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError, match="'kindergeld' is covered by 0 rules"):
        load_copy(kb_copy)
