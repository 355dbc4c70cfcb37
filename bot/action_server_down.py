"""When the action server cannot answer, the citizen is told so, in their language, and can try again.

Rasa 3.6 logs the failed call ("Encountered an exception while running action …") and answers nothing:
the web chat stays silent, the phone hangs in silence. With this change to RemoteAction.run the citizen
reads that there is a technical fault and the Behördennummer 115; the conversation then listens again
(no further prediction that would call the unreachable server once more). Once the supervisor has started
the action server again, the next message is answered as usual.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any, Dict, List

import yaml

from actions.texts import choose_variation

FAULT_TEXTS = Path(__file__).resolve().parent / "fault_texts.yaml"
logger = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def _fault_texts() -> Dict[str, List[Dict[str, Any]]]:
    return yaml.safe_load(FAULT_TEXTS.read_text(encoding="utf-8"))


def technical_fault_text(language: str | None) -> str:
    return str(choose_variation(_fault_texts()["technical_fault"], {"language": language or "de"}, None)["text"])


def patch_action_server_down() -> None:
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
    from rasa.shared.core.constants import ACTION_LISTEN_NAME
    from rasa.shared.core.events import BotUttered, FollowupAction
    from rasa.shared.exceptions import RasaException

    rasa_run = RemoteAction.run
    if getattr(rasa_run, "says_technical_fault", False):
        return

    @functools.wraps(rasa_run)
    async def run(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List[Any]:
        try:
            return await rasa_run(self, output_channel, nlg, tracker, domain)
        except ActionExecutionRejection:
            raise
        except RasaException as err:  # not reachable, or it failed: Rasa has logged the details
            logger.error("Action-Server antwortet nicht (%s): Hinweis auf technische Störung gesendet.", err)
            text = technical_fault_text(tracker.get_slot("language"))
            return [BotUttered(text, {}, {}), FollowupAction(ACTION_LISTEN_NAME)]

    run.says_technical_fault = True  # type: ignore[attr-defined]
    RemoteAction.run = run
