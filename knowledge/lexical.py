"""Character n-gram scores that survive typos, missing umlauts and speech transcripts."""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """Lowercase, umlauts spelled out, punctuation to spaces: 'Führerschein' ~ 'fuehrerschein'."""
    return _NON_WORD.sub(" ", text.casefold().translate(_FOLD)).strip()


class CharNgramScorer:
    """TF-IDF over character 3–5-grams of passages (cosine) and term coverage (containment).

    Coverage asks how much of a search term's n-gram weight occurs in the query, so a long question
    that contains "reisepas" still matches the term "Reisepass" fully enough.
    """

    def __init__(self, passages: Sequence[str], terms: Sequence[str]) -> None:
        self._vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), preprocessor=fold, sublinear_tf=True, min_df=1
        )
        self._passages = self._vectorizer.fit_transform(list(passages) + list(terms))[: len(passages)].tocsr()
        term_matrix = self._vectorizer.transform(list(terms)).tocsr()
        weights = np.asarray(term_matrix.sum(axis=1)).ravel()
        # rows sum to 1, so coverage is the share of the term's weight found in the query
        self._terms = (sparse.diags(1.0 / np.maximum(weights, 1e-12)) @ term_matrix).tocsr()

    def scores(self, query: str, with_cosine: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Cosine with every passage (zeros when not asked for), and coverage of every term."""
        cosine, coverage = self.scores_many([query], with_cosine)
        return cosine[0], coverage[0]

    def scores_many(self, queries: Sequence[str], with_cosine: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """`scores` for many queries in one product (a row per query): the index build asks thousands."""
        vectors = self._vectorizer.transform(list(queries)).T.tocsc()
        if with_cosine:
            cosine = (self._passages @ vectors).T.toarray()
        else:
            cosine = np.zeros((len(queries), self._passages.shape[0]))
        vectors.data[:] = 1.0
        coverage = (self._terms @ vectors).T.toarray()
        return cosine, coverage
