"""The widget's interface texts: complete in every language of languages.yaml, all used, served at /ui."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest
import yaml

from channels.webchat import WebchatInput
from channels.webchat.channel import STATIC
from channels.webchat.ui_texts import UI_TEXTS_FILE, load_ui_texts, widget_ui
from knowledge.files import KnowledgeError
from knowledge.translations import LANGUAGES_FILE, load_languages

RAW = yaml.safe_load(UI_TEXTS_FILE.read_text(encoding="utf-8"))
GERMAN_KEYS = set(RAW["de"])


@pytest.mark.parametrize("code", list(load_languages()))
def test_every_language_has_every_key_of_the_german_block(code):
    assert set(RAW[code]) == GERMAN_KEYS
    assert all(isinstance(text, str) and text.strip() for text in RAW[code].values())


def test_the_german_texts_are_the_ones_the_widget_showed_before():
    german = load_ui_texts()["de"]
    assert german["privacy_ack"] == "Verstanden – Chat beginnen"
    assert german["input_label"] == "Ihre Nachricht"
    assert german["agent_joined"].format(agent="Frau Meyer") == (
        "Frau Meyer ist jetzt für Sie da und liest Ihr bisheriges Gespräch mit."
    )


def test_placeholders_survive_translation():
    texts = load_ui_texts()
    assert texts["ar"]["agent_joined"].format(agent="Frau Meyer") == "Frau Meyer معكم الآن ويقرأ محادثتكم حتى الآن."
    assert texts["ls"]["callback_requested"].format(phone="0511 123456") == "Rück-Ruf bestellt: 0511 123456"


def write(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_missing_key_or_a_lost_placeholder_is_an_error(tmp_path):
    missing = {code: dict(block) for code, block in RAW.items()}
    del missing["fr"]["send"]
    with pytest.raises(KnowledgeError, match=r"'fr' lacks \['send'\], has unknown -"):
        load_ui_texts(write(tmp_path / "a.yaml", missing), LANGUAGES_FILE)
    lost = {code: dict(block) for code, block in RAW.items()}
    lost["tr"]["agent_joined"] = "Bir çalışan şimdi sizinle."
    with pytest.raises(KnowledgeError, match=r"'tr.agent_joined' must keep the placeholders"):
        load_ui_texts(write(tmp_path / "b.yaml", lost), LANGUAGES_FILE)
    without = {code: block for code, block in RAW.items() if code != "uk"}
    with pytest.raises(KnowledgeError, match="no texts for language 'uk'"):
        load_ui_texts(write(tmp_path / "c.yaml", without), LANGUAGES_FILE)


def test_the_widget_uses_exactly_the_keys_of_the_file():
    """A key the widget asks for but the file lacks shows nothing; a key no one uses is an untested text."""
    script = (STATIC / "widget.js").read_text(encoding="utf-8")
    asked = set(re.findall(r'\bt\("([a-z_]+)"', script))
    quoted = set(re.findall(r'"([a-z_]+)"', script))
    assert asked <= GERMAN_KEYS, asked - GERMAN_KEYS
    assert quoted >= GERMAN_KEYS, GERMAN_KEYS - quoted
    assert "innerHTML" not in script


def test_the_route_serves_the_languages_and_their_texts():
    channel = WebchatInput()
    blueprint = channel.blueprint(lambda message: None)  # type: ignore[arg-type,return-value]
    route = next(r for r in blueprint._future_routes if r.uri == "/ui")
    reply = asyncio.run(route.handler(None))
    assert reply.status == 200 and reply.headers["Access-Control-Allow-Origin"] == "*"
    body = json.loads(reply.body)
    assert body == widget_ui()
    assert [lang["code"] for lang in body["languages"]] == ["de", "ls", "en", "fr", "tr", "ar", "uk", "ru"]
    assert body["languages"][5] == {"code": "ar", "name": "العربية", "html_lang": "ar", "direction": "rtl"}
    assert set(body["texts"]) == set(load_languages())
    assert body["texts"]["ar"]["send"] == "إرسال"
    assert "العربية".encode() in reply.body  # UTF-8, not \\u escapes
