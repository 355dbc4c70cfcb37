"""The index as a build artifact: manifest, rebuild only on change, stale index refused."""

import json

import faiss
import numpy as np
import pytest

from knowledge.build import build_index
from knowledge.index import MANIFEST_FILE, StaleIndexError, index_hash, stale_reason
from knowledge.retriever import Retriever
from tests.conftest import HashingEmbedder, copy_knowledge, load_copy


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One index for the tests that only read it (a build takes seconds)."""
    root = copy_knowledge(tmp_path_factory.mktemp("kb"))
    kb = load_copy(root)
    index_dir = root / "index"
    return kb, index_dir, build_index(kb, HashingEmbedder(), index_dir)


def test_build_writes_manifest_and_normalised_flat_ip_index(built):
    kb, index_dir, result = built
    assert result.built
    manifest = json.loads((index_dir / MANIFEST_FILE).read_text())
    assert manifest["embedder_id"] == "test:hashing:64"
    assert manifest["dim"] == 64
    assert manifest["knowledge_hash"] == index_hash(kb)
    assert manifest["calibration_report"]["fitted"] is True
    index = faiss.read_index(str(index_dir / "passages.faiss"))
    assert isinstance(index, faiss.IndexFlatIP)
    vectors = index.reconstruct_n(0, index.ntotal)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_second_build_is_skipped_until_the_knowledge_changes(kb_copy):
    kb, index_dir = load_copy(kb_copy), kb_copy / "index"
    assert build_index(kb, HashingEmbedder(), index_dir).built
    assert not build_index(kb, HashingEmbedder(), index_dir).built
    path = kb_copy / "services" / "wohngeld.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Wohngeld", "Wohngeld (Mietzuschuss)", 1), "utf-8")
    changed = load_copy(kb_copy)
    assert stale_reason(index_dir, changed, "test:hashing:64") == "the knowledge changed since the index was built"
    with pytest.raises(StaleIndexError, match="run 'servicecenter kb build'"):
        Retriever.open(changed, index_dir, HashingEmbedder())
    assert build_index(changed, HashingEmbedder(), index_dir).built


def test_index_of_another_embedder_is_refused(built):
    kb, index_dir, _ = built
    with pytest.raises(StaleIndexError, match="built with test:hashing:64"):
        Retriever.open(kb, index_dir, HashingEmbedder(name="other"))


def test_missing_index_is_reported(kb, tmp_path):
    assert stale_reason(tmp_path, kb, "x") == f"no index in {tmp_path}"


def test_retriever_returns_ranked_services_with_passages(built):
    kb, index_dir, _ = built
    retriever = Retriever.open(kb, index_dir, HashingEmbedder())
    result = retriever.search("Hundesteuer anmelden", k=3)
    assert [m.score for m in result.matches] == sorted((m.score for m in result.matches), reverse=True)
    assert result.matches[0].service_id == "hundesteuer-anmelden"
    assert result.matches[0].passages and 0.0 <= result.confidence <= 1.0


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂🙂", "<<<>>>", "\x00\x01"])
def test_empty_or_symbol_only_input_returns_no_match(built, text):
    kb, index_dir, _ = built
    result = Retriever.open(kb, index_dir, HashingEmbedder()).search(text)
    assert result.matches == [] and result.confidence == 0.0


def test_top_k_mean_of_examples_matches_a_plain_loop(built):
    kb, index_dir, _ = built
    groups = Retriever.open(kb, index_dir, HashingEmbedder()).groups
    scores = np.random.default_rng(3).random(len(groups.kind))
    expected = [np.sort(scores[rows])[-3:].mean() if len(rows) else -1.0 for rows in groups.example_rows]
    assert np.allclose(groups.top_k_mean(scores), expected)
