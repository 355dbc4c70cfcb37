"""Answer texts shaped for the ear: pure functions, no I/O.

A caller cannot click a link or re-read a paragraph. So links become "auf der Internetseite Ihrer
Stadt", abbreviations, amounts, dates and times are written out as words (channels.voice.pronounce,
so any TTS engine speaks them the same way), and an answer keeps at most three sentences and ends
with a question that hands the turn back to the caller.
"""

from __future__ import annotations

import re
from typing import List, Sequence

from channels.voice.phone_texts import GERMAN, PhoneTexts, texts_for
from channels.voice.pronounce import spoken, spoken_english

FOLLOW_UP = GERMAN.follow_up
WEBSITE = GERMAN.website
MAX_SENTENCES = 3
MAX_OPTIONS = 3

_URL = re.compile(
    r"\b(?:(?:unter|auf|siehe|über|at|on|see|under)\s+)?(?:https?://|www\.)[^\s)<>\]]*[^\s)<>\].,;:!?]", re.IGNORECASE
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ0-9„\"])")


def remove_links(text: str, phone: PhoneTexts = GERMAN) -> str:
    """Links and e-mail addresses are not read out; the caller is sent to the website of their town."""
    website = phone.website
    text = _EMAIL.sub(f"{phone.email_address} {website}", text)
    text = re.sub(r"\(\s*(?:https?://|www\.)[^)]*\)", "", text)
    text = _URL.sub(website, text)
    # "Quelle: Titel – auf der Internetseite …" and doubled hints read badly: keep one.
    text = re.sub(rf"(?:\s*[–-]\s*)?{website}(?:\s*[,;]?\s*{website})+", " " + website, text)
    return re.sub(r"[ \t]{2,}", " ", text)


def plain(text: str) -> str:
    """Markdown, list bullets, dashes and line breaks become plain spoken sentences."""
    text = re.sub(r"[*_#`]+", "", text)
    lines = []
    for raw in text.splitlines():
        line = re.sub(r"^\s*(?:[-•·]|\d+\.)\s+", "", raw).strip()
        if not line or line.startswith(("Quelle:", "Source:")):
            continue  # the source line is for reading; the caller hears the answer only
        if line[-1] not in ".!?:":
            line += "."
        lines.append(line)
    text = " ".join(lines)
    text = text.replace(" – ", ", ").replace(";", ",").replace("„", "").replace("“", "")
    return re.sub(r"\s{2,}", " ", text).strip()


def sentences(text: str) -> List[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def for_the_ear(
    texts: Sequence[str], follow_up: str | None = None, max_sentences: int = MAX_SENTENCES, language: str = "de"
) -> str:
    """The bot messages of one turn as one short spoken answer, in the call's language ("de" or "en").

    When the bot asks a question itself (for the commune, say), that question ends the answer instead
    of the generic follow-up. German pronunciation rules are applied to German only.
    """
    phone = texts_for(language)
    follow_up = phone.follow_up if follow_up is None else follow_up
    say = spoken if phone is GERMAN else spoken_english
    parts: List[str] = []
    for text in texts:
        parts.extend(sentences(say(plain(remove_links(text, phone)))))
    if not parts:
        return follow_up
    question = next((p for p in reversed(parts) if p.endswith("?")), None)
    body = [p for p in parts if p is not question]
    if question is not None:
        return " ".join([*body[: max_sentences - 1], question])
    return " ".join([*body[:max_sentences], follow_up]) if follow_up else " ".join(body[:max_sentences])


def options_question(titles: Sequence[str], language: str = "de") -> str:
    """Buttons of a clarifying question, offered by voice: "Meinen Sie A, B oder C?"."""
    # At most three, without bracketed additions: a caller has to keep them in mind.
    names = [re.sub(r"\s*\([^)]*\)", "", t).strip() for t in titles if t.strip()][:MAX_OPTIONS]
    phone = texts_for(language)
    if not names:
        return ""
    if len(names) == 1:
        return phone.options_one.format(names[0])
    return phone.options_many.format(phone.options_or.join(names[:-1]), names[-1])
