"""Cutting a text after a few sentences without cutting inside "z. B.", "Nr. 63" or "24. Lebensjahr".

An answer leads with the concrete fact and then keeps to about three sentences, so chat stays short
and the phone reads the fact before anything else.
"""

from __future__ import annotations

import re
from typing import List

_CANDIDATE = re.compile(r"[.!?](?=\s+[A-ZÄÖÜ0-9„\"(])")
_LAST_WORD = re.compile(r"(\S+)$")
_DATE_OR_YEAR = re.compile(r"(\d{1,2}\.\d{1,2}\.)?\d{4}")  # "07.02.2026." or "2024." end a sentence
# Words that end with a period without ending the sentence (lower-case forms are compared).
_ABBREVIATIONS = {
    "z", "b", "u", "a", "d", "h", "i", "o", "s", "e", "bzw", "ggf", "evtl", "nr", "abs", "str", "ca", "usw",
    "etc", "inkl", "st", "dr", "rbge", "vgl", "tel", "max", "min", "mind", "gem", "bzgl", "ff",
}  # fmt: skip


def sentences(text: str) -> List[str]:
    parts, start = [], 0
    for match in _CANDIDATE.finditer(text):
        word = _LAST_WORD.search(text[start : match.start()])
        token = word.group(1).lstrip('(„"') if word else ""
        ordinal = token[-1:].isdigit() and not _DATE_OR_YEAR.fullmatch(token)
        if token.lower().rstrip(".") in _ABBREVIATIONS or ordinal:
            continue
        parts.append(text[start : match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    return [*parts, rest] if rest else parts


def first_sentences(text: str, count: int) -> str:
    return " ".join(sentences(text)[:count])
