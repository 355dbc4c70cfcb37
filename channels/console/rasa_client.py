"""What the console asks of Rasa over its HTTP API: the tracker, resume, and agent messages to the web chat."""

from __future__ import annotations

from typing import Any, Dict, List, Protocol
from urllib.parse import quote

import httpx


class RasaApi(Protocol):
    async def tracker(self, conversation_id: str) -> Dict[str, Any]: ...
    async def resume(self, conversation_id: str) -> None: ...
    async def push(self, conversation_id: str, text: str | None, event: str | None, agent: str) -> bool: ...
    async def aclose(self) -> None: ...


def tracker_lines(tracker: Dict[str, Any]) -> List[Dict[str, Any]]:
    """Citizen and assistant messages of a tracker, with their timestamps (the import cursor)."""
    lines = []
    for event in tracker.get("events") or []:
        kind = event.get("event")
        if kind in ("user", "bot") and event.get("text") and event.get("timestamp"):
            sender = "citizen" if kind == "user" else "assistant"
            lines.append({"from": sender, "text": event["text"], "time": float(event["timestamp"])})
    return lines


class RasaClient:
    """Rasa server with `--enable-api --auth-token`; the web chat's agent route takes the same token."""

    def __init__(self, base_url: str, token: str, timeout: float = 10.0) -> None:
        self._base = base_url.rstrip("/")
        self._token = token
        self._http = httpx.AsyncClient(timeout=timeout)

    async def tracker(self, conversation_id: str) -> Dict[str, Any]:
        url = f"{self._base}/conversations/{quote(conversation_id, safe='')}/tracker"
        response = await self._http.get(url, params={"token": self._token, "include_events": "ALL"})
        response.raise_for_status()
        data: Dict[str, Any] = response.json()
        return data

    async def resume(self, conversation_id: str) -> None:
        """Resume, then `action_listen`: the citizen's messages from the pause have no action after them, and
        without a listen the rules do not match the next turn (Rasa then repeats the action up to ten times)."""
        url = f"{self._base}/conversations/{quote(conversation_id, safe='')}/tracker/events"
        events = [{"event": "resume"}, {"event": "action", "name": "action_listen"}]
        response = await self._http.post(url, params={"token": self._token}, json=events)
        response.raise_for_status()

    async def push(self, conversation_id: str, text: str | None, event: str | None, agent: str) -> bool:
        """Into the citizen's web chat room; False when the channel is not reachable (e.g. a REST conversation)."""
        body: Dict[str, Any] = {"session_id": conversation_id, "agent": agent}
        if text is not None:
            body["text"] = text
        if event is not None:
            body["event"] = event
        try:
            response = await self._http.post(
                f"{self._base}/webhooks/webchat/agent", json=body, headers={"Authorization": f"Bearer {self._token}"}
            )
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    async def aclose(self) -> None:
        await self._http.aclose()
