"""What the action tells the editors' queue about a turn: a fallback, or a clarifying question left unresolved.

Kept apart from the dispatcher so that the one call there stays one line, and a broken queue database never
costs the citizen an answer (the failure is logged without any text of the conversation).
"""

from __future__ import annotations

import logging
from typing import List

from rasa_sdk import Tracker

from actions.editor_queue import editor_queue
from actions.routing import Route, RouteKind
from actions.state import Turn
from settings import get_settings

logger = logging.getLogger(__name__)


def note_for_editors(tracker: Tracker, turn: Turn, route: Route) -> None:
    try:
        _note(tracker, turn, route)
    except Exception as err:  # the answer goes out whatever happens here
        logger.warning("editors' queue: not recorded (%s)", type(err).__name__)


def _note(tracker: Tracker, turn: Turn, route: Route) -> None:
    queue = editor_queue(get_settings().handoff_db_url)
    if route.kind == RouteKind.FALLBACK:
        guess = turn.top.service if turn.top else None
        queue.add("fallback", turn.text, route.service or guess, route.aspect or turn.aspect)
    if tracker.get_slot("route") == RouteKind.CLARIFY.value and turn.clarify_options:
        resolved = route.kind == RouteKind.ANSWER and route.service in turn.clarify_options
        if not resolved:
            asked = _earlier_user_texts(tracker)
            queue.add("clarify", asked[0] if asked else turn.text, None, turn.aspect, turn.clarify_options)


def _earlier_user_texts(tracker: Tracker) -> List[str]:
    """The citizen's messages before this turn's, newest first (the first one is what was clarified)."""
    texts = [e.get("text") or "" for e in reversed(tracker.events) if e.get("event") == "user"]
    return [t for t in texts[1:] if t and not t.startswith("/")]
