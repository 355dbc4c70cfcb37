"""`servicecenter predict`: every row through a running assistant, one fresh conversation per row.

Each TURN (format of ../shared/eval/score.py) is read from the assistant's own tracker: the slots
after the message and the route that `action_process_turn` set for it. Latency is measured by
this client around each REST call.
"""

from __future__ import annotations

import argparse
import json
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List

import requests

from settings import Settings, api_token

SMALL_TALK = ("greet", "thank", "goodbye", "bot_challenge")


@dataclass
class Client:
    url: str
    token: str
    timeout: float = 30.0

    def __post_init__(self) -> None:
        self.url = self.url.rstrip("/")
        self._session = requests.Session()

    def send(
        self, sender: str, text: str, metadata: Dict[str, Any] | None = None
    ) -> tuple[List[Dict[str, Any]], float]:
        """The replies and the wall time; `metadata` as the widget sends it (e.g. its commune)."""
        body: Dict[str, Any] = {"sender": sender, "message": text}
        if metadata:
            body["metadata"] = metadata
        started = time.perf_counter()
        response = self._session.post(f"{self.url}/webhooks/rest/webhook", json=body, timeout=self.timeout)
        elapsed = (time.perf_counter() - started) * 1000
        response.raise_for_status()
        return response.json(), elapsed

    def tracker(self, sender: str) -> Dict[str, Any]:
        response = self._session.get(
            f"{self.url}/conversations/{sender}/tracker", params={"token": self.token}, timeout=self.timeout
        )
        response.raise_for_status()
        result: Dict[str, Any] = response.json()
        return result


def rasa_address(args: argparse.Namespace, settings: Settings) -> tuple[str, str]:
    """URL and API token of the Rasa server a command talks to: its --url and --token (where it has them),
    else this installation's (SC_HOST, SC_RASA_PORT, var/run/token)."""
    url = getattr(args, "url", None) or f"http://{settings.host}:{settings.rasa_port}"
    return url, getattr(args, "token", None) or api_token(settings)


def client_from(args: argparse.Namespace, settings: Settings) -> Client:
    """A Client of the Rasa server a command talks to (see rasa_address)."""
    return Client(*rasa_address(args, settings))


def route_of_last_turn(events: List[Dict[str, Any]]) -> str | None:
    """The route set after the latest user message; None when the assistant did not act (paused)."""
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    routes = [e.get("value") for e in events[last_user + 1 :] if e.get("event") == "slot" and e.get("name") == "route"]
    return routes[-1] if routes else None


def turn_record(tracker: Dict[str, Any], replies: List[Dict[str, Any]], latency_ms: float) -> Dict[str, Any]:
    slots = tracker.get("slots") or {}
    route = route_of_last_turn(tracker.get("events") or [])
    return {
        "service": slots.get("service"),
        "aspect": slots.get("aspect"),
        "kommune": slots.get("kommune"),
        "intent": route if route in SMALL_TALK else None,
        "handoff": route == "handoff",
        "clarify": (slots.get("clarify_options") or None) if route == "clarify" else None,
        "out_of_scope": route == "out_of_scope",
        "emergency": route == "emergency",
        "route": route,
        "language": slots.get("language"),
        "reply": "\n".join(r.get("text", "") for r in replies if r.get("text")),
        "latency_ms": round(latency_ms, 1),
    }


def read_rows(path: Path) -> Iterator[Dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as err:
                    raise ValueError(f"{path}:{number}: not JSON ({err.msg})") from err


def user_texts(row: Dict[str, Any]) -> List[str]:
    if "turns" in row:
        return [str(t["user"]) for t in row["turns"]]
    return [str(row["text"])]


def predict_row(client: Client, row: Dict[str, Any]) -> Dict[str, Any]:
    sender = f"predict-{row.get('id', 'x')}-{uuid.uuid4().hex[:10]}"
    turns = []
    for text in user_texts(row):
        replies, latency = client.send(sender, text)
        turns.append(turn_record(client.tracker(sender), replies, latency))
    return {"id": row.get("id"), "turns": turns}


def predict_file(client: Client, source: Path, target: Path) -> int:
    count = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as out:
        for row in read_rows(source):
            out.write(json.dumps(predict_row(client, row), ensure_ascii=False) + "\n")
            count += 1
    return count
