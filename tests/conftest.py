"""Shared fixtures: the real knowledge base, a copy to change, and a tiny deterministic embedder."""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np
import pytest

from bot.training import train
from channels.voice.caller import free_udp_port
from knowledge.embedders import normalise_rows
from knowledge.store import (
    AUTHORITIES_FILE,
    COMMUNES_FILE,
    EXAMPLES_DIR,
    PACKAGE_DIR,
    SERVICES_DIR,
    TOP100_FILE,
    KnowledgeBase,
    load_knowledge,
)
from servicecenter.runner import Servers, running
from settings import Settings, get_settings

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


def copy_knowledge(tmp_path: Path) -> Path:
    shutil.copytree(SERVICES_DIR, tmp_path / "services")
    shutil.copytree(EXAMPLES_DIR, tmp_path / "examples")
    for path in (COMMUNES_FILE, AUTHORITIES_FILE, TOP100_FILE, *PACKAGE_DIR.glob("*.yaml")):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the knowledge files, laid out like the package."""
    return copy_knowledge(tmp_path)


def load_copy(root: Path) -> KnowledgeBase:
    return load_knowledge(
        root / "services",
        root / "communes.yaml",
        root / "authorities.yaml",
        root / "examples",
        root / "top100.csv",
    )


class HashingEmbedder:
    """Bag of hashed character trigrams: deterministic and fast, for tests of the index plumbing."""

    def __init__(self, dim: int = 64, name: str = "hashing") -> None:
        self._dim = dim
        self._name = name
        self._buckets: dict[str, int] = {}  # md5 per trigram once: an index build sees millions of them

    @property
    def id(self) -> str:
        return f"test:{self._name}:{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            padded = f"  {text.lower()}  "
            for i in range(len(padded) - 2):
                out[row, self._bucket(padded[i : i + 3])] += 1.0
        return normalise_rows(out)

    def _bucket(self, trigram: str) -> int:
        bucket = self._buckets.get(trigram)
        if bucket is None:
            bucket = self._buckets[trigram] = int(hashlib.md5(trigram.encode()).hexdigest()[:8], 16) % self._dim
        return bucket

    embed_queries = _embed
    embed_passages = _embed


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--voice-samples",
        default=None,
        help="directory for the phone test's sample recordings of both sides (docs/voice in the repository)",
    )


def pytest_configure(config: pytest.Config) -> None:
    # Rasa, TensorFlow and SQLAlchemy 1.4 warn about their own internals; our tests should not drown in it
    for module in ("rasa", "tensorflow", "sqlalchemy", "pkg_resources", "jax", "keras", "sanic_cors", "google"):
        config.addinivalue_line("filterwarnings", f"ignore::DeprecationWarning:{module}")


def foreign_page_origin() -> str:
    """A website of another origin (host and port) than the Rasa server, as a commune's site is."""
    return f"http://localhost:{int(os.environ.get('SC_TEST_PORT_BASE', '5100')) + 83}"


@dataclass
class Assistant:
    settings: Settings
    model: Path
    servers: Servers


@pytest.fixture(scope="session")
def assistant(tmp_path_factory) -> Iterator[Assistant]:
    """The trained model with Rasa and action server on test ports: one model load for the whole session.

    Trains only when the training data changed (model cached in var/models). Channel tests (REST,
    web chat, voice) all talk to these servers; each uses its own conversation ids.
    """
    work = tmp_path_factory.mktemp("assistant")
    # Another port base lets two test sessions run side by side on one machine.
    base = int(os.environ.get("SC_TEST_PORT_BASE", "5100"))
    settings = Settings(
        work_dir=work,
        rasa_port=base + 5,
        action_port=base + 55,
        console_port=base + 80,
        health_port=base + 95,
        handoff_db_url=f"sqlite:///{work / 'handoff.db'}",
        # The phone tests: transfers go to a sipp agent of tests/test_voice_sip.py, and the synthetic voice
        # scores a low confidence, so confirmation questions are tested in test_voice_channel.py instead.
        voice_agent_uri=f"sip:agent@127.0.0.1:{free_udp_port()}",
        voice_confidence_threshold=0.05,
        # the web chat accepts the page of tests/test_webchat_cors_browser.py as it would a commune's website
        webchat_origins=[foreign_page_origin()],
    )
    model = train(settings).model
    with running(settings, model) as servers:
        yield Assistant(settings, model, servers)


@pytest.fixture
def handoff_db(tmp_path, monkeypatch):
    """A handoff store of this test's own (the actions read its URL from the settings)."""
    monkeypatch.setenv("SC_HANDOFF_DB_URL", f"sqlite:///{tmp_path / 'handoff.db'}")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
