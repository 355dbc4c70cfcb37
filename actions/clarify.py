"""Asking back when two or more services fit: the candidates as buttons, named in the citizen's language."""

from __future__ import annotations

from typing import Any, Dict, List

from actions.texts import Texts
from knowledge.store import KnowledgeBase


def clarify_buttons(kb: KnowledgeBase, texts: Texts, options: List[str]) -> List[Dict[str, Any]]:
    local = texts.knowledge
    return [
        {"title": local.field(kb.service(sid), "name").text, "payload": f'/inform{{"service":"{sid}"}}'}
        for sid in options
    ]
