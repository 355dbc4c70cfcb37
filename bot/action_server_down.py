"""When the action server cannot answer, the citizen is told so, in their language, and can try again.

Rasa 3.6 logs the failed call ("Encountered an exception while running action …") and answers nothing:
the web chat stays silent, the phone hangs in silence. With this change to RemoteAction.run the citizen
reads that there is a technical fault and the Behördennummer 115 (the domain response
`utter_technical_fault`, through Rasa's NLG, so its language variations are chosen as for any response);
the conversation then listens again (no further prediction that would call the unreachable server once
more). Once the supervisor has started the action server again, the next message is answered as usual.
"""

from __future__ import annotations

import functools
import logging
from typing import Any, Dict, List

RESPONSE = "utter_technical_fault"
# said when the NLG has no such response (a model trained before it existed) or fails: the plain variation
FALLBACK_TEXT = (
    "Entschuldigung, wegen einer technischen Störung kann ich Ihnen gerade nicht antworten. Bitte versuchen Sie "
    "es in ein paar Minuten noch einmal oder rufen Sie die Behördennummer 115 an."
)
logger = logging.getLogger(__name__)


async def technical_fault_message(nlg: Any, tracker: Any, channel: str | None) -> Dict[str, Any]:
    """`utter_technical_fault` for the tracker's language and the channel; the German text if that fails."""
    try:
        message: Dict[str, Any] | None = await nlg.generate(RESPONSE, tracker, channel)
    except Exception:  # the citizen still gets an answer; the cause goes to the log
        logger.exception("%s: Antwort nicht erzeugt, deutscher Text gesendet.", RESPONSE)
        message = None
    if not message or not message.get("text"):
        return {"text": FALLBACK_TEXT}
    return message


def patch_action_server_down() -> None:
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction, create_bot_utterance
    from rasa.shared.core.constants import ACTION_LISTEN_NAME
    from rasa.shared.core.events import FollowupAction
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
            message = await technical_fault_message(nlg, tracker, output_channel.name())
            return [create_bot_utterance(message), FollowupAction(ACTION_LISTEN_NAME)]

    run.says_technical_fault = True  # type: ignore[attr-defined]
    RemoteAction.run = run
