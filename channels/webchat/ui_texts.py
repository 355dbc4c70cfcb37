"""The widget's interface texts per language (ui_texts.yaml) with the language list, as the widget loads them.

The languages come from knowledge/languages.yaml only, so a new language needs a block in ui_texts.yaml and
nothing in the widget's code. A language without a complete block is an error at start, not a half-German widget.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List

from knowledge.files import KnowledgeError, read_yaml
from knowledge.translations import GERMAN, LANGUAGES_FILE, load_languages

UI_TEXTS_FILE = Path(__file__).parent / "ui_texts.yaml"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def load_ui_texts(path: Path = UI_TEXTS_FILE, languages_file: Path = LANGUAGES_FILE) -> Dict[str, Dict[str, str]]:
    """Every language's block, checked against the German one: same keys, same placeholders, no empty text."""
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get(GERMAN), dict):
        raise KnowledgeError(f"{path}: expected a block per language code, German ('de') first")
    german = data[GERMAN]
    texts: Dict[str, Dict[str, str]] = {}
    for code in load_languages(languages_file):
        block = data.get(code)
        if not isinstance(block, dict):
            raise KnowledgeError(f"{path}: no texts for language '{code}'")
        missing, extra = sorted(set(german) - set(block)), sorted(set(block) - set(german))
        if missing or extra:
            raise KnowledgeError(f"{path}: '{code}' lacks {missing or '-'}, has unknown {extra or '-'}")
        for key, text in block.items():
            if not isinstance(text, str) or not text.strip():
                raise KnowledgeError(f"{path}: '{code}.{key}' is empty")
            if set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(german[key])):
                raise KnowledgeError(f"{path}: '{code}.{key}' must keep the placeholders of the German text")
        texts[code] = {str(key): str(text) for key, text in block.items()}
    return texts


@lru_cache(maxsize=1)
def widget_ui() -> Dict[str, Any]:
    """The body of GET /webhooks/webchat/ui: the menu's languages in the order of languages.yaml, and their texts."""
    languages: List[Dict[str, str]] = [
        {"code": lang.code, "name": lang.name, "html_lang": lang.html_lang, "direction": lang.direction}
        for lang in load_languages().values()
    ]
    return {"languages": languages, "texts": load_ui_texts()}
