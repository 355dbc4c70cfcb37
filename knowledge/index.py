"""The FAISS index as a build artifact: normalised passage vectors in an IndexFlatIP, with a
manifest (embedder id, dimension, knowledge hash, scoring parameters). A stale or mismatched
index is reported, never silently used."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List

import faiss
import numpy as np

from knowledge.passages import PASSAGE_FORMAT, SEARCHED_TRANSLATIONS, Passage
from knowledge.store import KnowledgeBase, KnowledgeError
from knowledge.translations import translations_hash

MANIFEST_FILE = "manifest.json"
INDEX_FILE = "passages.faiss"
PASSAGES_FILE = "passages.jsonl"


class StaleIndexError(KnowledgeError):
    """The index is missing, built from other knowledge, or by another embedder."""


def index_hash(kb: KnowledgeBase) -> str:
    translated = translations_hash(SEARCHED_TRANSLATIONS)
    return hashlib.sha256(f"{kb.content_hash}:{translated}:{PASSAGE_FORMAT}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Manifest:
    embedder_id: str
    dim: int
    knowledge_hash: str
    passages: int
    built_at: str
    build_seconds: float
    scoring: Dict[str, float]
    calibration_report: Dict[str, Any]
    negatives_hash: str = ""

    @classmethod
    def read(cls, index_dir: Path) -> Manifest | None:
        path = index_dir / MANIFEST_FILE
        if not path.exists():
            return None
        try:
            return cls(**json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, TypeError) as err:
            raise StaleIndexError(f"{path}: unreadable manifest ({err}); run 'servicecenter kb build'") from err


def stale_reason(index_dir: Path, kb: KnowledgeBase, embedder_id: str) -> str | None:
    """Why the index cannot be used as it is, or None when it is current."""
    manifest = Manifest.read(index_dir)
    if manifest is None:
        return f"no index in {index_dir}"
    if manifest.embedder_id != embedder_id:
        return f"index was built with {manifest.embedder_id}, settings ask for {embedder_id}"
    if manifest.knowledge_hash != index_hash(kb):
        return "the knowledge changed since the index was built"
    for name in (INDEX_FILE, PASSAGES_FILE):
        if not (index_dir / name).exists():
            return f"{name} is missing in {index_dir}"
    return None


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def write_index(
    index_dir: Path,
    kb: KnowledgeBase,
    embedder_id: str,
    passages: List[Passage],
    vectors: np.ndarray,
    scoring: Dict[str, float],
    calibration_report: Dict[str, Any],
    build_seconds: float,
    negatives_hash: str = "",
) -> Manifest:
    index_dir.mkdir(parents=True, exist_ok=True)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    _atomic_write(index_dir / INDEX_FILE, faiss.serialize_index(index).tobytes())
    lines = (json.dumps(p.__dict__, ensure_ascii=False) for p in passages)
    _atomic_write(index_dir / PASSAGES_FILE, ("\n".join(lines) + "\n").encode("utf-8"))
    manifest = Manifest(
        embedder_id=embedder_id,
        dim=int(vectors.shape[1]),
        knowledge_hash=index_hash(kb),
        passages=len(passages),
        built_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        build_seconds=round(build_seconds, 1),
        scoring=scoring,
        calibration_report=calibration_report,
        negatives_hash=negatives_hash,
    )
    # the manifest goes last: an interrupted build leaves an index that reads as stale
    _atomic_write(index_dir / MANIFEST_FILE, json.dumps(manifest.__dict__, indent=2).encode())
    return manifest


@dataclass
class LoadedIndex:
    manifest: Manifest
    faiss_index: faiss.Index
    passages: List[Passage]


def load_index(index_dir: Path, kb: KnowledgeBase, embedder_id: str, dim: int) -> LoadedIndex:
    reason = stale_reason(index_dir, kb, embedder_id)
    if reason:
        raise StaleIndexError(f"{reason}: run 'servicecenter kb build'")
    manifest = Manifest.read(index_dir)
    assert manifest is not None
    if manifest.dim != dim:
        raise StaleIndexError(f"index has dimension {manifest.dim}, embedder gives {dim}: rebuild it")
    raw = np.frombuffer((index_dir / INDEX_FILE).read_bytes(), dtype=np.uint8)
    faiss_index = faiss.deserialize_index(raw)
    passages = [
        Passage(**json.loads(line))
        for line in (index_dir / PASSAGES_FILE).read_text(encoding="utf-8").splitlines()
        if line
    ]
    if faiss_index.ntotal != len(passages) or len(passages) != manifest.passages:
        raise StaleIndexError(f"index in {index_dir} is inconsistent: rebuild it")
    return LoadedIndex(manifest, faiss_index, passages)
