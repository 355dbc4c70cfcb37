"""The socket.io input channel `webchat` (a SocketIOInput) and its output channel."""

from __future__ import annotations

import asyncio
import hmac
import inspect
import json
import logging
import re
import uuid
from collections import OrderedDict
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncRedisManager, AsyncServer

from actions.editor_queue import editor_queue
from actions.stats_store import open_stats
from channels.limits import MAX_MESSAGE_CHARS, ChannelLimits, limit_text, request_address
from channels.security_headers import RESOURCE_CSP, STRICT_CSP, security_headers, with_inline_styles
from channels.webchat.feedback import (
    FeedbackError,
    commune_names,
    language_codes,
    parse_feedback,
    record_feedback,
    service_ids,
)
from channels.webchat.origins import OriginCheck, default_origins
from channels.webchat.ui_texts import widget_ui
from settings import get_settings

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
ASSETS = {"widget.js": "text/javascript", "widget.css": "text/css", "demo.html": "text/html"}
MAX_AGENT_CHARS = 4000
MAX_FEEDBACK_BYTES = 4000
AGENT_EVENTS = ("joined", "returned", "closed", "typing")  # typing: shown a few seconds, not kept
# Session ids become conversation ids and parts of Rasa API paths: letters, digits, - and _ only.
SESSION_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


class SessionLanguages:
    """The language each conversation was last announced in (the bot's `language` message), for the channel's own
    texts; the longest unused is forgotten first."""

    def __init__(self, max_sessions: int = 10_000) -> None:
        self._codes: OrderedDict[str, str] = OrderedDict()
        self._max = max_sessions

    def set(self, session_id: str, code: str) -> None:
        self._codes.pop(session_id, None)
        self._codes[session_id] = code
        while len(self._codes) > self._max:
            self._codes.popitem(last=False)

    def get(self, session_id: str) -> str | None:
        return self._codes.get(session_id)


class WebchatOutput(SocketIOOutput):
    """Rasa's socket.io output, except that custom JSON always reaches the client as `{"custom": ...}`.

    Rasa 3.6 passes custom JSON as keyword arguments to `sio.emit`, which fails for any key but `data`;
    messages with `data` keep Rasa's behaviour so existing widgets see what they expect.
    """

    def __init__(self, sio: Any, bot_message_evt: str, languages: SessionLanguages | None = None) -> None:
        super().__init__(sio, bot_message_evt)
        self.languages = languages

    @classmethod
    def name(cls) -> str:
        return "webchat"

    async def send_custom_json(self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any) -> None:
        announced = json_message.get("language")
        if self.languages is not None and isinstance(announced, dict) and isinstance(announced.get("code"), str):
            self.languages.set(recipient_id, announced["code"])
        if set(json_message) <= {"data", "room"}:
            await super().send_custom_json(recipient_id, json_message, **kwargs)
            return
        await self._send_message(recipient_id, {"custom": json_message})


def client_manager() -> AsyncRedisManager | None:
    """With several Rasa replicas (SC_REDIS_URL set) an emit reaches the citizen on whichever replica holds the
    socket; alone, python-socketio's in-process manager."""
    settings = get_settings()
    if not settings.redis_url:
        return None
    return AsyncRedisManager(settings.redis_url, channel=f"{settings.redis_prefix}:socketio")


class WebchatInput(SocketIOInput):
    """Socket.io input with session persistence, origin allow-list and the authenticated agent route."""

    @classmethod
    def name(cls) -> str:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> WebchatInput:
        credentials = credentials or {}
        return cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("namespace"),
            credentials.get("session_persistence", True),
            credentials.get("socketio_path", "/socket.io"),
            credentials.get("jwt_key"),
            credentials.get("jwt_method", "HS256"),
            credentials.get("metadata_key", "customData"),
            credentials.get("cors_allowed_origins", []),
        )

    def __init__(
        self,
        user_message_evt: str = "user_uttered",
        bot_message_evt: str = "bot_uttered",
        namespace: str | None = None,
        session_persistence: bool = True,
        socketio_path: str | None = "/socket.io",
        jwt_key: str | None = None,
        jwt_method: str | None = "HS256",
        metadata_key: str | None = "customData",
        cors_allowed_origins: Any = (),
    ) -> None:
        super().__init__(
            user_message_evt,
            bot_message_evt,
            namespace,
            session_persistence,
            socketio_path,
            jwt_key,
            jwt_method,
            metadata_key,
        )
        if not session_persistence:
            raise ValueError("webchat: session_persistence muss true sein (Agenten schreiben in den Gesprächsraum)")
        if not isinstance(cors_allowed_origins, (list, tuple)) or not all(
            isinstance(o, str) and o.startswith(("http://", "https://")) for o in cors_allowed_origins
        ):
            raise ValueError("webchat: cors_allowed_origins ist eine Liste von Origins wie https://www.burgdorf.de")
        settings = get_settings()
        # empty: SC_WEBCHAT_ORIGINS, or the communes' websites; the Rasa server's own pages always
        self.cors_allowed_origins: List[str] = list(cors_allowed_origins) or default_origins(settings)
        self.origins = OriginCheck(self.cors_allowed_origins)
        self.limits = ChannelLimits.from_settings(settings)
        self._sessions: Dict[str, str] = {}  # socket id -> the session (conversation) it confirmed
        self.languages = SessionLanguages()

    def get_output_channel(self) -> WebchatOutput | None:
        return WebchatOutput(self.sio, self.bot_message_evt, self.languages) if self.sio else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # cors_allowed_origins a callable: python-socketio then answers CORS for these origins (a list [] would
        # mean no CORS headers, so rasa-webchat's long-polling from a commune's site failed); with Redis configured,
        # a message sent on any replica reaches the citizen's socket wherever it is
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=self.origins.socketio,
            max_http_buffer_size=64_000,
            client_manager=client_manager(),
        )
        bp = SocketBlueprint(sio, self.socketio_path, "webchat_webhook", __name__)
        self.sio = sio

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/ui", methods=["GET"])
        async def ui(_: Request) -> HTTPResponse:
            # read by the widget on the commune's website, so from any origin
            headers = {**security_headers(RESOURCE_CSP, cross_origin=True), "Cache-Control": "no-cache"}
            return response.json(widget_ui(), headers=headers, ensure_ascii=False)

        @bp.route("/<asset:str>", methods=["GET"])
        async def asset(_: Request, asset: str) -> HTTPResponse:
            if asset not in ASSETS:
                return response.json({"error": "not found"}, status=404, headers=security_headers(RESOURCE_CSP))
            body = (STATIC / asset).read_text(encoding="utf-8")
            if asset == "demo.html":  # our own page: strict, its <style> allowed by hash
                headers = security_headers(with_inline_styles(STRICT_CSP, body))
            else:  # embedded in the communes' websites: loadable from any origin
                headers = security_headers(RESOURCE_CSP, cross_origin=True)
            headers["Cache-Control"] = "no-cache"
            return response.text(body, content_type=f"{ASSETS[asset]}; charset=utf-8", headers=headers)

        @bp.route("/feedback", methods=["POST", "OPTIONS"])
        async def feedback(request: Request) -> HTTPResponse:
            return await self._feedback(request)

        @bp.route("/agent", methods=["POST"])
        async def agent(request: Request) -> HTTPResponse:
            return await self._agent_message(request)

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: str, *args: Any) -> None:
            self._sessions.pop(sid, None)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Dict | None) -> None:
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id")
            if not isinstance(session_id, str) or not SESSION_ID.fullmatch(session_id):
                session_id = uuid.uuid4().hex
            self._sessions[sid] = session_id
            # a coroutine in python-socketio 5.18 (Rasa 3.6 forgets to await it: its rooms stay empty)
            entered = sio.enter_room(sid, session_id, namespace=self.namespace)
            if inspect.isawaitable(entered):
                await entered
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Dict) -> None:
            if not isinstance(data, dict) or data.get("session_id") != self._sessions.get(sid):
                # only the session this socket asked for (Rasa's channel would take any id it is given)
                logger.warning("webchat: message without this socket's session_id ignored")
                return
            metadata = data.get(self.metadata_key or "customData") or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            environ = sio.get_environ(sid, namespace=self.namespace) or {}
            address = request_address(self.limits, environ.get("sanic.request"))
            if not self.limits.allow(data["session_id"], address):  # not processed; only this socket is told
                polite = {"text": limit_text("rate_limited", self.languages.get(data["session_id"]))}
                await sio.emit(self.bot_message_evt, polite, room=sid, namespace=self.namespace)
                return
            text = data.get("message")
            message = UserMessage(
                str(text or "")[:MAX_MESSAGE_CHARS],
                WebchatOutput(sio, self.bot_message_evt, self.languages),
                data["session_id"],
                input_channel=self.name(),
                metadata=metadata if isinstance(metadata, dict) else {},
            )
            await on_new_message(message)

        return bp

    async def _feedback(self, request: Request) -> HTTPResponse:
        """ "War das hilfreich?" from the widget on a commune's website: only from an allowed origin."""
        origin = request.headers.get("origin")
        if origin and not self.origins.allows(origin, getattr(request, "scheme", ""), getattr(request, "host", "")):
            return response.json({"error": "Herkunft nicht erlaubt"}, status=403)
        headers = {"Access-Control-Allow-Origin": origin or "*", "Vary": "Origin"}
        if request.method == "OPTIONS":
            headers.update({"Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": "Content-Type"})
            return response.empty(headers=headers)
        if len(request.body or b"") > MAX_FEEDBACK_BYTES:
            return response.json({"error": "zu groß"}, status=413, headers=headers)
        if not self.limits.allow_address(request_address(self.limits, request)):  # counts are not to be inflated
            return response.json({"error": "zu viele Anfragen, bitte später noch einmal"}, status=429, headers=headers)
        try:
            body = json.loads(request.body or b"null")
            found = parse_feedback(body, service_ids(), commune_names(), language_codes())
        except (ValueError, FeedbackError) as err:
            reason = str(err) if isinstance(err, FeedbackError) else "kein JSON"
            return response.json({"error": reason}, status=400, headers=headers)
        url = get_settings().handoff_db_url
        await asyncio.to_thread(record_feedback, found, editor_queue(url), open_stats(url))
        return response.json({"status": "danke"}, headers=headers)

    async def _agent_message(self, request: Request) -> HTTPResponse:
        """From the agent console: an agent's text, or joined/returned/closed/typing, into the citizen's room."""
        from settings import api_token  # the Rasa API token is the shared secret with the console

        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not given or not hmac.compare_digest(given, api_token(get_settings())):
            return response.json({"error": "unauthorized"}, status=401)
        body = request.json if isinstance(request.json, dict) else {}
        session_id, text, event = body.get("session_id"), body.get("text"), body.get("event")
        agent_name = str(body.get("agent") or "Servicecenter")[:64]
        if not isinstance(session_id, str) or not session_id or self.sio is None:
            return response.json({"error": "session_id fehlt"}, status=400)
        if event is not None and event not in AGENT_EVENTS:
            return response.json({"error": "unbekanntes Ereignis"}, status=400)
        if event is None and (not isinstance(text, str) or not text.strip() or len(text) > MAX_AGENT_CHARS):
            return response.json({"error": "Text fehlt oder ist zu lang"}, status=400)
        payload: Dict[str, Any] = {"agent": {"name": agent_name}}
        if event:
            payload["custom"] = {"agent_event": event, "agent": agent_name}
        else:
            payload["text"] = text
        await self.sio.emit(self.bot_message_evt, payload, room=session_id, namespace=self.namespace)
        return response.json({"status": "sent"})
