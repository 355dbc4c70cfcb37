"""Asking back when two or more services fit: the candidates as buttons."""

from __future__ import annotations

from typing import Any, Dict, List

from knowledge.store import KnowledgeBase

CLARIFY_TEXT = "Ich bin nicht ganz sicher, was Sie meinen. Geht es um eine dieser Leistungen?"


def clarify_buttons(kb: KnowledgeBase, options: List[str]) -> List[Dict[str, Any]]:
    return [{"title": kb.service(sid).name, "payload": f'/inform{{"service":"{sid}"}}'} for sid in options]
