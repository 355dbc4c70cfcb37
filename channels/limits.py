"""Abuse limits shared by the Rasa channels (REST, web chat, phone webhook).

A token bucket per sender and per client address, a check of sender ids and a cap on message text.
Behind a reverse proxy the client address is the last X-Forwarded-For hop not sent by a trusted proxy.
Limits live in this process's memory: with several Rasa replicas each counts its own share.
"""

from __future__ import annotations

import time
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from ipaddress import ip_address, ip_network
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

from knowledge.files import KnowledgeError, read_yaml
from knowledge.translations import GERMAN, load_languages
from settings import Settings

LIMIT_TEXTS_FILE = Path(__file__).parent / "limit_texts.yaml"
# A citizen message longer than this is cut before Rasa sees it (the NLU's InputGuard cuts further and answers
# politely that the message was too long); a request body larger than MAX_BODY_BYTES is refused with 413.
MAX_MESSAGE_CHARS = 4000
MAX_BODY_BYTES = 1_000_000
MAX_KEYS = 10_000  # buckets kept per limiter; the longest unused goes first (a full bucket again)


class RateLimiter:
    """Token bucket per key: `burst` at once, refilled at `per_minute`; memory bounded by `max_keys`."""

    def __init__(
        self,
        burst: int,
        per_minute: float,
        max_keys: int = MAX_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if burst < 1 or per_minute <= 0 or max_keys < 1:
            raise ValueError("RateLimiter: burst, per_minute and max_keys must be positive")
        self.burst = float(burst)
        self.rate = per_minute / 60.0
        self.max_keys = max_keys
        self._clock = clock
        self._buckets: OrderedDict[str, Tuple[float, float]] = OrderedDict()  # key -> (tokens, at)

    def allow(self, key: str) -> bool:
        """Takes one token for `key` if there is one."""
        now = self._clock()
        tokens, at = self._buckets.pop(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - at) * self.rate)
        allowed = tokens >= 1.0
        self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return allowed

    def __len__(self) -> int:
        return len(self._buckets)


def sender_id_error(sender: Any, max_chars: int, field: str = "sender") -> str | None:
    """Why `sender` cannot be a conversation id, or None: 1 to `max_chars` printable characters."""
    if not isinstance(sender, str) or not sender.strip():
        return f"Die Absender-ID ({field}) fehlt: bitte eine Zeichenkette angeben."
    if len(sender) > max_chars:
        return f"Die Absender-ID ({field}) ist zu lang: höchstens {max_chars} Zeichen."
    if any(unicodedata.category(ch)[0] == "C" or unicodedata.category(ch) in ("Zl", "Zp") for ch in sender):
        return f"Die Absender-ID ({field}) enthält Steuerzeichen oder Umbrüche: nur druckbare Zeichen sind erlaubt."
    return None


@dataclass
class ChannelLimits:
    """The limits of one channel: per sender and per client address; loopback clients exempt unless configured."""

    sender: RateLimiter
    address: RateLimiter
    trusted_proxies: List[Any]
    limit_loopback: bool
    sender_id_max_chars: int

    @classmethod
    def from_settings(cls, settings: Settings, clock: Callable[[], float] = time.monotonic) -> ChannelLimits:
        return cls(
            RateLimiter(settings.rate_sender_burst, settings.rate_sender_per_minute, clock=clock),
            RateLimiter(settings.rate_address_burst, settings.rate_address_per_minute, clock=clock),
            [ip_network(net, strict=False) for net in settings.trusted_proxies],
            settings.rate_limit_loopback,
            settings.sender_id_max_chars,
        )

    def _trusted(self, address: str) -> bool:
        try:
            ip = ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in self.trusted_proxies)

    def client_address(self, peer: str, forwarded_for: str | None) -> str:
        """The citizen's address: the peer, or behind trusted proxies the last hop they did not add."""
        address = peer or ""
        hops = [hop.strip() for hop in (forwarded_for or "").split(",") if hop.strip()]
        while self._trusted(address) and hops:
            address = hops.pop()
        return address

    def allow(self, sender: str, address: str) -> bool:
        """False when this message is one too many for its sender or its address (the message is not processed)."""
        if not self.limit_loopback and _loopback(address):
            return True
        # both buckets are asked, so a limited sender still counts against its address
        by_address = self.address.allow(address)
        by_sender = self.sender.allow(sender)
        return by_address and by_sender

    def allow_address(self, address: str) -> bool:
        """For requests without a sender (the widget's feedback): the address's bucket only."""
        return (not self.limit_loopback and _loopback(address)) or self.address.allow(address)

    def sender_error(self, sender: Any, field: str = "sender") -> str | None:
        return sender_id_error(sender, self.sender_id_max_chars, field)


def request_address(limits: ChannelLimits, request: Any) -> str:
    """The client address of a Sanic request, honouring X-Forwarded-For only from trusted proxies."""
    if request is None:
        return ""
    conn_info = getattr(request, "conn_info", None)
    peer = conn_info.client_ip if conn_info else ""
    return limits.client_address(peer, request.headers.get("x-forwarded-for"))


def _loopback(address: str) -> bool:
    try:
        return ip_address(address).is_loopback
    except ValueError:
        return False


@lru_cache(maxsize=1)
def limit_texts() -> Dict[str, Dict[str, str]]:
    """limit_texts.yaml, checked: every language of languages.yaml with exactly the German keys."""
    data = read_yaml(LIMIT_TEXTS_FILE)
    if not isinstance(data, dict) or not isinstance(data.get(GERMAN), dict):
        raise KnowledgeError(f"{LIMIT_TEXTS_FILE}: expected a block per language code, German ('de') first")
    texts: Dict[str, Dict[str, str]] = {}
    for code in load_languages():
        block = data.get(code)
        if not isinstance(block, dict) or set(block) != set(data[GERMAN]):
            raise KnowledgeError(f"{LIMIT_TEXTS_FILE}: '{code}' needs exactly the keys of 'de'")
        texts[code] = {str(key): str(text) for key, text in block.items()}
    return texts


def limit_text(key: str, language: Any) -> str:
    """The text in the citizen's language if known, else German."""
    texts = limit_texts()
    return texts.get(language if isinstance(language, str) else GERMAN, texts[GERMAN])[key]
