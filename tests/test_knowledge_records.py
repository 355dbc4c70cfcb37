"""The knowledge files: complete, consistent, and honest about what they do not know."""

import re

import pytest

from knowledge.schema import ASPECTS
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
