"""Asking back when two or more services fit: the candidates as buttons, named in the citizen's language."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Dict, List

from actions.answer import COMMUNE_ASPECTS
from actions.office_named import office_kinds
from actions.routing import Route, RouteKind
from actions.state import Turn
from actions.texts import Texts
from actions.thresholds import TOPIC_WORDS
from knowledge.responsibility import responsible_office
from knowledge.store import KnowledgeBase

# The aspects whose answer is the office (COMMUNE_ASPECTS): where all the offered services have the same one,
# asking which service is meant changes nothing ("Wer ist die Zulassungsbehörde für Barsinghausen?" fits
# registering, re-registering and deregistering a car alike, all three at the Region's Zulassungsstelle).


def clarify_buttons(kb: KnowledgeBase, texts: Texts, options: List[str]) -> List[Dict[str, Any]]:
    local = texts.knowledge
    return [
        {"title": local.field(kb.service(sid), "name").text, "payload": f'/inform{{"service":"{sid}"}}'}
        for sid in options
    ]


def answer_if_one_office(kb: KnowledgeBase, route: Route, turn: Turn) -> Route:
    """A clarifying question about who is responsible (or when they are open) whose options all have the same
    office in the citizen's commune is answered with the first option; the answer names the office. Only for a
    message that names a topic: a bare "Öffnungszeiten?" is still asked back."""
    asks_office = route.aspect in COMMUNE_ASPECTS and turn.aspect_named and turn.content_words >= TOPIC_WORDS
    if route.kind != RouteKind.CLARIFY or not asks_office or not route.kommune or not route.options:
        return route
    responsible = {sid: responsible_office(kb, sid, route.kommune) for sid in route.options}
    # "Standesamt Garbsen Sprechzeiten?": the office the citizen names, where some options are done there
    named = office_kinds(turn.text)
    there = [sid for sid in route.options if named & office_kinds(responsible[sid].name or "")]
    options = there or route.options
    offices = {(responsible[sid].body, responsible[sid].name, responsible[sid].verified) for sid in options}
    if len(offices) != 1:
        return route
    return replace(route, kind=RouteKind.ANSWER, service=options[0], options=[])
