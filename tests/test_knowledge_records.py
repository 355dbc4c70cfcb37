"""The knowledge files: complete, consistent, and honest about what they do not know."""

import datetime as dt
import re

import pytest

from knowledge.schema import ASPECTS
from knowledge.sources import SourceRef
from knowledge.store import KnowledgeError, load_examples_file, load_service_file, read_top100
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
    assert "46,00 Euro" in kb.services["personalausweis-beantragen"].aspects.kosten
    assert "27,60 Euro" in kb.services["kinderreisepass-beantragen"].aspects.kosten
    assert "ElterngeldDigital" in kb.services["elterngeld"].aspects.online
    assert "Grundsicherungsgeld" in kb.services["buergergeld"].summary
    for sid in ("fahrzeug-zulassen", "fuehrerschein-ersterteilung"):
        assert "auch für die" not in kb.services[sid].aspects.zustaendigkeit
    assert "Burgwedel, Gehrden, Hemmingen, Isernhagen, Pattensen, Sehnde, Uetze und Wennigsen" in (
        kb.services["baugenehmigung"].aspects.zustaendigkeit
    )
