"""Which websites may open the web chat: the configured origins, else the communes' websites, and our own pages."""

from __future__ import annotations

from typing import Any, Dict, List, Sequence
from urllib.parse import urlparse

from knowledge.files import read_yaml
from knowledge.store import COMMUNES_FILE
from settings import Settings


def commune_origins() -> List[str]:
    """The origin (scheme://host) of each commune's website in communes.yaml, in its order."""
    data = read_yaml(COMMUNES_FILE)
    rows = data.get("communes") if isinstance(data, dict) else None
    origins: List[str] = []
    for row in rows or []:
        url = urlparse(str(row.get("website") or "")) if isinstance(row, dict) else None
        if url and url.scheme in ("http", "https") and url.netloc:
            origin = f"{url.scheme}://{url.netloc}"
            if origin not in origins:
                origins.append(origin)
    return origins


def default_origins(settings: Settings) -> List[str]:
    return list(settings.webchat_origins) or commune_origins()


class OriginCheck:
    """An origin is allowed if listed ("*": any), or if it is the Rasa server itself (the demo page)."""

    def __init__(self, allowed: Sequence[str]) -> None:
        self.allowed = frozenset(origin.rstrip("/") for origin in allowed)

    def allows(self, origin: str, scheme: str, host: str) -> bool:
        return "*" in self.allowed or origin in self.allowed or (bool(host) and origin == f"{scheme}://{host}")

    def socketio(self, origin: str | None, environ: Dict[str, Any]) -> bool:
        """For python-socketio's `cors_allowed_origins` (called with the request's WSGI-like environ)."""
        if not origin:
            return True
        return self.allows(origin, environ.get("wsgi.url_scheme", "http"), environ.get("HTTP_HOST", ""))
