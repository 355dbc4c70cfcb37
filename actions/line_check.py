"""A caller checking the line ("hallo, hören Sie mich?"): the assistant answers that it is there, with its greeting.

On the phone the first words after a pause are often this check. Read as a request for a person, a frustration or
a danger, it would hand the call over or alarm for nothing; the citizen has not said yet what it is about."""

from __future__ import annotations

import re

_LINE_CHECK = re.compile(
    r"\bh(ö|oe)r(en|t|st)\s+(sie|du|ihr|man)\s+mich\b|\bh(ö|oe)rt\s+mich\b|\bmich\s+(gut\s+|noch\s+)?h(ö|oe)ren\b|"
    r"\b(sind\s+sie|bist\s+du|seid\s+ihr)\s+(noch\s+)?(da|dran)\b|"
    r"\b(can|could|do)\s+(you|anyone|anybody)\s+hear\s+me\b|\bare\s+you\s+(still\s+)?there\b|"
    r"\bduyuyor\s+mu(sunuz|sun)\b|\bbeni\s+duyabiliyor|"
    r"слышите\s+меня|меня\s+(слышите|слышно)|слышно\s+меня|чуєте\s+мене|мене\s+(чуєте|чути)|"
    r"\bm['’]entend(ez|s)\b|تسمعني|تسمعونني",
    re.IGNORECASE,
)


def checks_the_line(text: str) -> bool:
    return bool(_LINE_CHECK.search(text))
