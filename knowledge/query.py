"""Preparing a citizen's message for the embedder: fillers out, length bounded.

The embedder's cost grows with every token (about 1.2 ms each on one core), and speech
transcripts open with words that carry no meaning ("ja hallo äh ich wollte mal fragen").
"""

from __future__ import annotations

import re

MAX_QUERY_CHARS = 600  # a 10 000-character paste must not take seconds
MAX_EMBED_WORDS = 18

_FILLERS = re.compile(
    r"\b(?:äh+m?|öh+m?|hm+|ähm+|ja\s+hallo|hallo|guten\s+(?:tag|morgen|abend)|moin|servus|hi|"
    r"ich\s+wollte\s+(?:mal\s+)?fragen|ich\s+hätte\s+(?:mal\s+)?eine\s+frage|eine\s+frage|"
    r"sag\s+mal|sagen\s+sie\s+mal|also|halt|eben|eigentlich|irgendwie|quasi|bitte|danke|mal)\b[,.!]?",
    re.IGNORECASE,
)


# Function words that the embedder reads as tokens but that never tell services apart.
_FUNCTION_WORDS = frozenset(
    "der die das den dem des ein eine einen einem einer eines ich du er sie es wir ihr mich mir dich dir "
    "uns euch mein meine meinen meinem meiner dein deine unser unsere und oder aber auch noch schon doch "
    "denn dann da so nun jetzt gerade wohl ja zu zum zur am im beim vom von mit bei an auf aus für "
    "ist sind bin bist war hat habe haben hätte würde kann könnte muss möchte will wollte soll "
    "man dass ob the a an is i my to of".split()
)


def clean_query(text: str) -> str:
    """Whitespace folded and the length bounded; what the retriever answers for."""
    return " ".join(text.split())[:MAX_QUERY_CHARS]


def embedding_text(query: str) -> str:
    """The words that go to the embedder: fillers and function words out, at most MAX_EMBED_WORDS."""
    words = [w for w in _FILLERS.sub(" ", query).split() if w.casefold().strip(",.;:!?") not in _FUNCTION_WORDS]
    return " ".join(words[:MAX_EMBED_WORDS]) or query
