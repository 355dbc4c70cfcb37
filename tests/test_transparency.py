"""EU AI Act Art. 50: the citizen is told plainly that a machine answers, and how to reach a person, in every
language: on the widget's first screen (ui_texts.yaml `ai_notice`) and in the answer to "Bist du ein Mensch?"."""

import re
from pathlib import Path

import yaml

from channels.webchat.ui_texts import load_ui_texts
from knowledge.translations import load_languages

ROOT = Path(__file__).parent.parent
# language -> (it says a machine answers / it is no person, the word that brings a person, written in the text)
PLAIN = {
    "de": ("kein Mensch", "„Mitarbeiter“"),
    "ls": ("Kein Mensch", "„Mitarbeiter“"),
    "en": ("not a person", "“agent”"),
    "fr": ("pas un être humain", "« conseiller »"),
    "tr": ("insan değil", "“görevli”"),
    "ar": ("ليس إنسانًا", "«موظف»"),
    "uk": ("не людина", "«співробітник»"),
    "ru": ("не человек", "«сотрудник»"),
}
CHALLENGE_NO_PERSON = {**PLAIN, "ls": ("Ich bin kein Mensch", ""), "ar": ("لست إنسانًا", "")}


def test_every_language_is_checked():
    assert set(PLAIN) == set(load_languages())


def test_the_first_screen_says_a_machine_answers_and_how_to_reach_a_person():
    texts = load_ui_texts()
    for code, (no_person, keyword) in PLAIN.items():
        notice = texts[code]["ai_notice"]
        assert no_person in notice, code
        assert keyword in notice and "115" in notice, code
    assert texts["de"]["ai_notice"].startswith("Hier antwortet ein automatischer Assistent (KI), kein Mensch.")
    script = (ROOT / "channels/webchat/static/widget.js").read_text(encoding="utf-8")
    assert "[aiNotice, privacyTitle, privacyData, privacyStorage, ack]" in script  # first in the first screen


def test_every_variation_of_the_bot_challenge_says_it_is_no_person_and_names_the_way_to_one():
    domain = yaml.safe_load((ROOT / "bot/domain.yml").read_text(encoding="utf-8"))
    variations = domain["responses"]["utter_bot_challenge"]
    seen = set()
    for v in variations:
        code = next((c["value"] for c in v.get("condition", []) if c["name"] == "language"), "de")
        seen.add((code, v.get("channel", "text")))
        no_person = CHALLENGE_NO_PERSON[code][0]
        keyword = re.sub("[„“”«» ]", "", PLAIN[code][1])
        assert no_person in v["text"], (code, v["text"])
        assert keyword in v["text"], (code, v["text"])
        if v.get("channel") == "voice":  # on the phone: the key that brings a person
            assert any(k in v["text"] for k in ("Null", "0", "zero", "zéro", "sıfır", "الصفر", "нуль", "ноль")), code
    assert seen == {(c, ch) for c in PLAIN for ch in ("text", "voice")}
