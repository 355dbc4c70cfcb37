"""Rasa's REST channel (`/webhooks/rest/webhook`) with the abuse limits: sender ids, body size, rate.

Registered in bot/credentials.yml as `channels.rest.LimitedRestInput` under Rasa's name `rest`, so the
URL and the answer (a JSON list of bot messages) stay as before. Unlike Rasa's, it logs no message text.
"""

from __future__ import annotations

import json
import logging
import math
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict

import rasa.utils.endpoints
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.limits import MAX_BODY_BYTES, MAX_MESSAGE_CHARS, ChannelLimits, limit_text, request_address
from settings import Settings, get_settings

logger = logging.getLogger(__name__)
NOT_JSON = 'Erwartet wird ein JSON-Objekt wie {"sender": "…", "message": "…"}.'
NO_MESSAGE = "Die Nachricht (message) fehlt: bitte eine Zeichenkette angeben."
TOO_LARGE = f"Die Anfrage ist zu groß: höchstens {MAX_BODY_BYTES} Bytes."


class LimitedRestInput(RestInput):
    """Rasa's REST input; a message over the limits is answered with HTTP 429 and a polite text, not processed."""

    def __init__(self, settings: Settings | None = None) -> None:
        settings = settings or get_settings()
        self.limits = ChannelLimits.from_settings(settings)
        self.retry_after = str(math.ceil(60 / settings.rate_sender_per_minute))

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> LimitedRestInput:
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("rest_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> Any:
            return await self._receive(request, on_new_message)

        return bp

    async def _receive(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Any:
        if len(request.body or b"") > MAX_BODY_BYTES:
            return response.json({"error": TOO_LARGE}, status=413)
        try:
            body = json.loads(request.body or b"null")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return response.json({"error": NOT_JSON}, status=400)
        sender, text = body.get("sender"), body.get("message")
        problem = self.limits.sender_error(sender)
        if problem is None and not isinstance(text, str):
            problem = NO_MESSAGE
        if problem is not None or not isinstance(sender, str) or not isinstance(text, str):
            return response.json({"error": problem}, status=400)
        metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else None
        if not self.limits.allow(sender, request_address(self.limits, request)):
            polite = limit_text("rate_limited", (metadata or {}).get("language"))
            headers = {"Retry-After": self.retry_after}
            return response.json([{"recipient_id": sender, "text": polite}], status=429, headers=headers)
        text = text[:MAX_MESSAGE_CHARS]
        input_channel = body.get("input_channel") if isinstance(body.get("input_channel"), str) else self.name()
        if rasa.utils.endpoints.bool_arg(request, "stream", default=False):
            stream = self.stream_response(on_new_message, text, sender, input_channel, metadata)
            return response.stream(stream, content_type="text/event-stream")
        collector = CollectingOutputChannel()
        try:
            await on_new_message(UserMessage(text, collector, sender, input_channel=input_channel, metadata=metadata))
        except CancelledError:
            logger.error("rest: the message was not answered in time")
        except Exception as err:  # as in Rasa's channel: the client gets what was collected; no message text logged
            logger.error("rest: the message failed: %s", type(err).__name__)
        return response.json(collector.messages)
