"""A caller's short answer at the end of a call: "ja"/"nein" to the feedback question, "nein, danke" to "noch etwas?".

The answer is heard as a whole utterance of known words, in any of the assistant's languages (a caller may
answer "oui" in a German call, and Whisper may take a lone "Ja" for another language). One word outside
these lists makes it no answer at all: "Nein, aber was kostet der Pass?" is a new question, not a "nein".
Pure functions, no I/O.
"""

from __future__ import annotations

import re
from typing import FrozenSet, List

YES = frozenset("ja jawohl genau jo jep jap klar sicher yes yeah yep yup sure oui ouais evet так да نعم".split())
NO = frozenset("nein nee nö ne no nope non hayır hayir ні нет لا".split())
# Negations make a "no" of the words around them: "eher nicht", "not really", "pas vraiment", "pek değil", "не очень".
NEGATIONS = frozenset("nicht kaum wenig not pas değil degil не ليس".split())
# Words that only praise: "hilfreich" alone is a yes, "nicht hilfreich" a no.
PRAISE = frozenset(
    "hilfreich gut super prima toll helpful good great useful utile bien yararlı faydalı корисно полезно".split()
)
# Words that change nothing: politeness, "sehr", "war", "es", "das", "also" ... in each language.
NEUTRAL = frozenset(
    """
    danke dankeschön vielen dank schön sehr schon eher wirklich so ganz leider gar war es das die auskunft sie
    also äh ähm hm okay ok ich würde sagen
    thanks thank you very much it was really quite rather the information i would say
    merci beaucoup c était très vraiment trop
    teşekkürler teşekkür ederim çok pek sağ olun
    дякую спасибо очень дуже було было это це
    شكرا جزيلا كانت مفيدة
    """.split()
)
# After "nein" to "Möchten Sie noch etwas wissen?": thanks, "das war's", goodbye, and nothing else.
CLOSING = frozenset(
    """
    danke dankeschön vielen dank das war wars war's alles es ist ich bin fertig nichts mehr okay ok also gut schön schon
    passt reicht tschüss tschüs auf wiederhören wiedersehen
    thanks thank you that's thats that is all i'm im done nothing else bye goodbye
    merci au revoir teşekkürler teşekkür ederim дякую спасибо شكرا
    """.split()
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def words(text: str) -> List[str]:
    """The words of a transcript, lower case, apostrophes kept ("that's"), punctuation and digits dropped."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def _all_in(found: List[str], known: FrozenSet[str]) -> bool:
    return bool(found) and all(w in known for w in found)


def feedback_answer(text: str) -> bool | None:
    """True for "ja (, sehr hilfreich)", False for "nein", "eher nicht", "not really"; None for anything else."""
    found = words(text)
    if not _all_in(found, YES | NO | NEGATIONS | PRAISE | NEUTRAL):
        return None
    negative = any(w in NO or w in NEGATIONS for w in found)
    positive = any(w in YES for w in found) or (not negative and any(w in PRAISE for w in found))
    if negative == positive:  # "ja, nein", or only "danke"
        return None
    return positive


def declines_more(text: str) -> bool:
    """ "Nein, danke", "nee, das war's", "no, that's all, bye": a "no" and only thanks and goodbyes around it."""
    found = words(text)
    return any(w in NO for w in found) and _all_in(found, NO | CLOSING)
