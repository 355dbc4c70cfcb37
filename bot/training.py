"""Training the Rasa model once per change of its inputs (config, domain, rules, NLU data).

The service questions of `nlu_data/service_examples/` become examples of the intent `ask_service`;
the conversational intents are in `nlu_data/conversation.yml`. The model file is named after a
hash of all inputs, so an unchanged model is reused.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import List

import rasa

from knowledge.store import EXAMPLES_DIR, load_examples_file
from settings import PROJECT_ROOT, Settings

BOT_DIR = PROJECT_ROOT / "bot"
CONFIG = BOT_DIR / "config.yml"
DOMAIN = BOT_DIR / "domain.yml"
RULES = BOT_DIR / "data" / "rules.yml"
NLU_DATA = PROJECT_ROOT / "nlu_data"
CONVERSATION = NLU_DATA / "conversation.yml"
# Conversational intents beside conversation.yml: present dangers and their near misses,
# requests for a person, the citizen's own case, frustration, everyday off-topic questions, vague service
# questions and their clear near misses.
INTENT_DIRS = ("safety", "handoff", "off_topic", "vague")


def intent_files() -> List[Path]:
    """The NLU files of the conversational intents (the service questions are generated)."""
    return [CONVERSATION, *(path for name in INTENT_DIRS for path in sorted((NLU_DATA / name).glob("*.yml")))]


@dataclass(frozen=True)
class TrainResult:
    model: Path
    trained: bool
    seconds: float


# DIET only needs to tell service questions from the conversational intents; which service is
# meant is the retriever's job. Every third example per service keeps training fast and balanced.
ASK_SERVICE_STRIDE = 3
# Service questions in other languages are few; all of them are taken, or DIET learns from the everyday
# off-topic questions in Turkish or Ukrainian that the language itself means off-topic.
MULTILINGUAL_EXAMPLES = "mehrsprachig.yml"


def ask_service_yaml() -> str:
    """Example service questions (every ASK_SERVICE_STRIDE-th per service) as the intent `ask_service`."""
    texts: List[str] = []
    for path in sorted(EXAMPLES_DIR.glob("*.yml")):
        stride = 1 if path.name == MULTILINGUAL_EXAMPLES else ASK_SERVICE_STRIDE
        for examples in load_examples_file(path).values():
            texts.extend(" ".join(t.split()) for t in examples[::stride])
    lines = ['version: "3.1"', "nlu:", "- intent: ask_service", "  examples: |"]
    lines += [f"    - {text}" for text in dict.fromkeys(texts)]
    return "\n".join(lines) + "\n"


def training_files(settings: Settings) -> List[Path]:
    generated = settings.work_dir / "train" / "ask_service.yml"
    generated.parent.mkdir(parents=True, exist_ok=True)
    content = ask_service_yaml()
    if not generated.exists() or generated.read_text(encoding="utf-8") != content:
        generated.write_text(content, encoding="utf-8")
    return [*intent_files(), generated, RULES]


def model_hash(settings: Settings) -> str:
    """Over Rasa's version, the config, domain and data, and our components' code (what they persist may change)."""
    digest = hashlib.sha256(rasa.__version__.encode())
    components = sorted((BOT_DIR / "components").glob("*.py"))
    for path in [CONFIG, DOMAIN, *training_files(settings), *components]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def train(settings: Settings, force: bool = False) -> TrainResult:
    name = f"servicecenter-{model_hash(settings)}"
    model = settings.models_dir / f"{name}.tar.gz"
    if model.exists() and not force:
        return TrainResult(model, False, 0.0)
    started = time.perf_counter()
    data = [str(p) for p in training_files(settings)]
    settings.models_dir.mkdir(parents=True, exist_ok=True)
    # Rasa writes the archive as it goes: into a directory of its own, then renamed, so a server that starts
    # meanwhile, or a second training of the same data, never reads a half-written model.
    with tempfile.TemporaryDirectory(dir=settings.models_dir, prefix=".training-") as out:
        _run_rasa_train(data, Path(out), name)
        os.replace(Path(out) / f"{name}.tar.gz", model)
    return TrainResult(model, True, time.perf_counter() - started)


def _run_rasa_train(data: List[str], out: Path, name: str) -> None:
    command = [
        sys.executable,
        "-m",
        "rasa",
        "train",
        "--config",
        str(CONFIG),
        "--domain",
        str(DOMAIN),
        "--data",
        *data,
        "--out",
        str(out),
        "--fixed-model-name",
        name,
    ]
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    subprocess.run(command, check=True, env=env, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL)
