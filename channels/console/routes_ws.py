"""The agents' WebSocket: queue and transcript updates pushed; an open socket is the agent's presence."""

from __future__ import annotations

from urllib.parse import urlparse

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from channels.console.deps import COOKIE
from channels.console.hub import Hub
from channels.console.store import ConsoleStore

router = APIRouter()
MAX_FRAME = 4096


def same_origin(socket: WebSocket) -> bool:
    """Browsers send Origin on WebSockets; a page of another site must not ride on the agent's cookie."""
    origin = socket.headers.get("origin")
    return origin is None or urlparse(origin).netloc == socket.headers.get("host")


@router.websocket("/ws")
async def agent_socket(socket: WebSocket) -> None:
    store: ConsoleStore = socket.app.state.store
    hub: Hub = socket.app.state.hub
    token = socket.cookies.get(COOKIE)
    session = store.session(token) if token else None
    if session is None or not same_origin(socket):
        await socket.close(code=4401)
        return
    await socket.accept()
    if not session.agent.has("agent"):  # only those who work cases count as present and read the live queue
        await socket.close(code=4403)
        return
    try:  # joining is inside: a socket closed while it joins must leave too, or the agent stays "online"
        await hub.join(socket, session.agent)
        while True:
            frame = await socket.receive_text()
            if len(frame) > MAX_FRAME:
                break
            if frame == "ping":
                await socket.send_text('{"type":"pong"}')
    except WebSocketDisconnect:
        pass
    finally:
        await hub.leave(socket)
