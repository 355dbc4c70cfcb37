"""Which words of a message belong to one service's texts and not to another's.

After the Kfz-Zulassung, "kann ich mir die Buchstaben selbst aussuchen?" scores the Wunschkennzeichen only a
little above the Zulassung: siblings share most of their words, so the retrieval's gap stays small. Yet
"aussuchen" is a word of the Wunschkennzeichen's texts and none of the Zulassung's. A follow-up ("geht das
auch per Post?") rarely brings such a word. Counted over the service texts (name, search terms, summary,
aspects, and the translated names and summaries), not over the example questions, whose everyday words
belong to too many services.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, Set

from knowledge.lexical import fold
from knowledge.passages import Passage
from knowledge.vocabulary import MIN_WORD, forms

_WORD = re.compile(r"[^\W\d_]+")
_NOT_TEXTS = ("example", "centroid")
# words of every question, folded like the texts ("für" → "fuer"); shorter ones are skipped anyway
_FUNCTION_WORDS = frozenset(
    fold(
        "aber auch dann denn dass wenn weil welche welcher welches muss müssen kann können darf dürfen soll "
        "sollen habe haben hatte sind waren wird werden wurde gibt geht brauche brauch brauchen mache machen "
        "jetzt schon doch nicht kein keine eigentlich bitte danke hallo dafür dazu damit dort hier also wieder "
        "immer irgendwie etwas euch ihnen sich mein meine meinen meinem meiner unser unsere einen einem einer "
        "oder noch für von über unter nach"
    ).split()
)


def words_of(text: str) -> Set[str]:
    """A text's content words, folded (umlauts spelled out, lowercase)."""
    return {w for w in _WORD.findall(fold(text)) if len(w) >= MIN_WORD and w not in _FUNCTION_WORDS}


@dataclass(frozen=True)
class ServiceWords:
    by_service: Dict[str, FrozenSet[str]]

    @classmethod
    def of(cls, passages: Iterable[Passage]) -> ServiceWords:
        found: Dict[str, Set[str]] = defaultdict(set)
        for passage in passages:
            if passage.kind not in _NOT_TEXTS:
                for word in words_of(passage.text):
                    found[passage.service_id] |= forms(word)
        return cls({service: frozenset(words) for service, words in found.items()})

    def new_words(self, text: str, current: str, other: str) -> int:
        """How many of the message's words `other`'s texts use and `current`'s do not."""
        theirs = self.by_service.get(other, frozenset())
        ours = self.by_service.get(current, frozenset())
        # "Kennzeichens" meets "Kennzeichen": a word counts with its ending taken off, too; and a part of one of
        # the current service's compounds is its word ("Ausweis" in "Schwerbehindertenausweis")
        return sum(bool(forms(w) & theirs) and not self._ours(w, ours) for w in words_of(text))

    @staticmethod
    def _ours(word: str, ours: FrozenSet[str]) -> bool:
        return bool(forms(word) & ours) or any(word in other for other in ours if len(other) > len(word))
