"""The on-disk cache of our own texts' vectors: same vectors, fewer model calls, never wrong when broken."""

from __future__ import annotations

import numpy as np

from knowledge.embedding_cache import CachedEmbedder


class CountingEmbedder:
    """A vector from the text's length and first letter; records every text the model really embeds."""

    def __init__(self, id: str = "fake:1") -> None:
        self.id = id
        self.dim = 3
        self.embedded: list[str] = []

    def _vectors(self, prefix: str, texts):
        self.embedded += [prefix + t for t in texts]
        return np.array([[len(t), ord(t[0]), 1.0 if prefix == "q:" else 2.0] for t in texts], np.float32)

    def embed_queries(self, texts):
        return self._vectors("q:", texts)

    def embed_passages(self, texts):
        return self._vectors("p:", texts)


def test_a_second_run_embeds_nothing_and_returns_the_same_vectors(tmp_path):
    model = CountingEmbedder()
    first = CachedEmbedder(model, tmp_path / "e.sqlite").embed_queries(["Ausweis", "Wohngeld", "Ausweis"])
    assert model.embedded == ["q:Ausweis", "q:Wohngeld"]
    again = CachedEmbedder(model, tmp_path / "e.sqlite")
    second = again.embed_queries(["Wohngeld", "Ausweis", "Hund"])
    assert model.embedded[2:] == ["q:Hund"]
    assert np.array_equal(second[:2], first[[1, 0]])
    assert (again.hits, again.misses) == (2, 1)


def test_queries_passages_and_models_are_kept_apart(tmp_path):
    model = CountingEmbedder()
    cache = CachedEmbedder(model, tmp_path / "e.sqlite")
    query = cache.embed_queries(["Ausweis"])
    passage = cache.embed_passages(["Ausweis"])
    assert query[0, 2] == 1.0 and passage[0, 2] == 2.0
    other = CountingEmbedder("fake:2")
    CachedEmbedder(other, tmp_path / "e.sqlite").embed_queries(["Ausweis"])
    assert other.embedded == ["q:Ausweis"]


def test_a_broken_cache_file_only_costs_time(tmp_path):
    path = tmp_path / "e.sqlite"
    path.write_bytes(b"this is not a database")
    model = CountingEmbedder()
    vectors = CachedEmbedder(model, path).embed_queries(["Ausweis"])
    assert model.embedded == ["q:Ausweis"]
    assert vectors.tolist() == [[7.0, 65.0, 1.0]]


def test_no_texts_no_file(tmp_path):
    cache = CachedEmbedder(CountingEmbedder(), tmp_path / "e.sqlite")
    assert cache.embed_queries([]).shape == (0, 3)
    assert not (tmp_path / "e.sqlite").exists()
