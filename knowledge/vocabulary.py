"""Which words of a message the knowledge base has never heard of.

A question about a matter outside the Top 100 ("Genehmigung für eine Drohne", "tote Amsel im Garten")
names things that no service text, search term or example question contains, while a vague question
inside it ("Ich brauche eine Bescheinigung") uses only words the services use. The retrieval's
confidence cannot tell the two apart: both score low and alike over several services.

A word counts as known when the knowledge base contains it, an inflection of it (same stem), a
compound of known parts ("Hundesteuerbescheid"), or a word with one letter left out or added ("Persnalausweis").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import FrozenSet, Iterable, List, Set

from knowledge.lexical import fold

MIN_WORD = 4  # shorter words are function words, abbreviations or numbers
MIN_PART = 4  # the shortest part of a compound
MIN_TYPO_WORD = 6  # below, one edit turns too many words into others
_SUFFIXES = ("ern", "en", "er", "es", "em", "et", "e", "n", "s", "t")
_LINKS = ("", "s", "es", "n", "en", "e")  # Fugenelemente between the parts of a compound
_WORD = re.compile(r"[^\W\d_]+")
# "ein-ge-äschert", "ab-ge-holt": a separable verb's participle is known when the verb is
_SEPARABLE = (
    "ab",
    "an",
    "auf",
    "aus",
    "bei",
    "ein",
    "fest",
    "her",
    "hin",
    "mit",
    "nach",
    "um",
    "vor",
    "weg",
    "zu",
    "zurueck",
)


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_PART:
            return word[: -len(suffix)]
    return word


def forms(word: str) -> Set[str]:
    """The word and what is left after taking off an ending: "ausweises" and "ausweis" share "ausweis"."""
    return {word, stem(word)}


def _without_participle(word: str) -> List[str]:
    """The word, and without the "ge" of a participle: "geklappt" → "klappt", "eingeaeschert" → "einaeschert"."""
    found = [word]
    for prefix in ("", *_SEPARABLE):
        if word.startswith(prefix + "ge") and len(word) - len(prefix) - 2 >= MIN_PART:
            found.append(prefix + word[len(prefix) + 2 :])
    return found


def _deletions(word: str) -> Set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@dataclass(frozen=True)
class Vocabulary:
    forms: FrozenSet[str]
    long_words: FrozenSet[str]  # the words of at least MIN_TYPO_WORD letters …
    missing_letter: FrozenSet[str]  # … and each of them with one letter left out

    @classmethod
    def of(cls, texts: Iterable[str]) -> Vocabulary:
        words = {w for text in texts for w in _WORD.findall(fold(text)) if len(w) >= MIN_PART}
        long_words = {w for w in words if len(w) >= MIN_TYPO_WORD}
        missing = {d for w in long_words for d in _deletions(w)}
        return cls(frozenset(f for w in words for f in forms(w)), frozenset(long_words), frozenset(missing))

    def knows(self, word: str) -> bool:
        word = fold(word)
        return self._stem_known(word) or self._compound(word, 3) or self._typo(word)

    def unknown(self, words: Iterable[str]) -> List[str]:
        """The content words (MIN_WORD letters or more) that the vocabulary does not know."""
        found = [w for text in words for w in _WORD.findall(fold(text)) if len(w) >= MIN_WORD]
        return [w for w in found if not self.knows(w)]

    def _stem_known(self, word: str) -> bool:
        return any(not self.forms.isdisjoint(forms(w)) for w in _without_participle(word))

    def _compound(self, word: str, parts: int) -> bool:
        """Known head with a known first part (or, with three parts, a known compound of two)."""
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head = word[cut:]
            if not self._stem_known(head):
                continue
            first = word[:cut]
            for link in _LINKS:
                if link and not first.endswith(link):
                    continue
                base = first[: len(first) - len(link)] if link else first
                if len(base) < MIN_PART:
                    continue
                if self._stem_known(base) or (parts > 2 and self._compound(base, parts - 1)):
                    return True
        return False

    def _typo(self, word: str) -> bool:
        """A letter left out or one too many; not a changed letter, which makes "Drohne" of "drohen"."""
        if len(word) < MIN_TYPO_WORD:
            return False
        return word in self.missing_letter or any(d in self.long_words for d in _deletions(word))
