"""Answer texts shaped for the ear: pure functions, no I/O.

A caller cannot click a link or re-read a paragraph. So links become "auf der Internetseite Ihrer
Stadt", abbreviations, amounts, dates and times are written out as words (any TTS engine then
speaks them the same way), and an answer keeps at most three sentences and ends with a question
that hands the turn back to the caller.
"""

from __future__ import annotations

import re
from typing import List, Sequence

FOLLOW_UP = "Möchten Sie noch etwas wissen?"
WEBSITE = "auf der Internetseite Ihrer Stadt"
MAX_SENTENCES = 3
MAX_OPTIONS = 3

_ONES = ["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"]
_TEENS = ["zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn"]
_TENS = ["", "", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig"]
MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
# Emergency and service numbers are said digit by digit ("eins eins zwei"), as callers know them.
SHORT_NUMBERS = ("110", "112", "115", "116117")
ABBREVIATIONS = {
    "z. B.": "zum Beispiel",
    "z.B.": "zum Beispiel",
    "u. a.": "unter anderem",
    "u.a.": "unter anderem",
    "d. h.": "das heißt",
    "bzw.": "beziehungsweise",
    "ggf.": "gegebenenfalls",
    "ca.": "circa",
    "inkl.": "inklusive",
    "mind.": "mindestens",
    "max.": "höchstens",
    "Nr.": "Nummer",
    "usw.": "und so weiter",
    "evtl.": "eventuell",
    "Tel.": "Telefon",
    "Std.": "Stunden",
    "Mo.": "Montag",
    "Di.": "Dienstag",
    "Mi.": "Mittwoch",
    "Do.": "Donnerstag",
    "Fr.": "Freitag",
    "Sa.": "Samstag",
    "So.": "Sonntag",
}

_URL = re.compile(r"\b(?:(?:unter|auf|siehe|über)\s+)?(?:https?://|www\.)[^\s)<>\]]*[^\s)<>\].,;:!?]", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_DATE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b")
_TIME = re.compile(r"\b(\d{1,2})[:.](\d{2})\s*Uhr\b")
_EURO = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{2}))?\s*(?:€|EUR|Euro)(?![\wäöü])")
_EURO_BEFORE = re.compile(r"(?:€|EUR)\s*(\d+)(?:,(\d{2}))?")
_RANGE = re.compile(r"(\d)\s*[–-]\s*(\d)")
_PERCENT = re.compile(r"(\d)\s*%")
_PHONE = re.compile(r"(?<![\w,.])0\d{2,5}(?:[ /-]+\d+)+(?![\w])")
_NUMBER = re.compile(r"(?<![\w,.])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\w])")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ0-9„\"])")


def number_words(n: int) -> str:
    """Cardinal number in German words, 0 to 999 999 999 ("einundzwanzig", "dreihundertsiebzig")."""
    if n < 0:
        return "minus " + number_words(-n)
    if n < 10:
        return _ONES[n]
    if n < 20:
        return _TEENS[n - 10]
    if n < 100:
        ones, tens = n % 10, n // 10
        if ones == 0:
            return _TENS[tens]
        return ("ein" if ones == 1 else _ONES[ones]) + "und" + _TENS[tens]
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = ("ein" if hundreds == 1 else _ONES[hundreds]) + "hundert"
        return head + (number_words(rest) if rest else "")
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        head = ("ein" if thousands == 1 else number_words(thousands)) + "tausend"
        return head + (number_words(rest) if rest else "")
    millions, rest = divmod(n, 1_000_000)
    head = "eine Million" if millions == 1 else number_words(millions) + " Millionen"
    return head + (" " + number_words(rest) if rest else "")


def ordinal_words(n: int) -> str:
    """Ordinal as after "am"/"zum" ("ersten", "dritten", "zwanzigsten")."""
    special = {1: "ersten", 3: "dritten", 7: "siebten", 8: "achten"}
    if n in special:
        return special[n]
    return number_words(n) + ("ten" if n < 20 else "sten")


def year_words(year: int) -> str:
    if 1100 <= year < 2000:
        hundreds, rest = divmod(year, 100)
        return number_words(hundreds) + "hundert" + (number_words(rest) if rest else "")
    return number_words(year)


def _euro(whole: str, cents: str | None) -> str:
    text = f"{number_words(int(whole.replace('.', '')))} Euro"
    if cents and int(cents):
        text += f" {number_words(int(cents))}"
    return text


def _date(match: re.Match[str]) -> str:
    day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return match.group(0)
    return f"{ordinal_words(day)} {MONTHS[month - 1]} {year_words(year)}"


def _time(match: re.Match[str]) -> str:
    hours, minutes = int(match.group(1)), int(match.group(2))
    text = f"{'ein' if hours == 1 else number_words(hours)} Uhr"
    return text + (f" {number_words(minutes)}" if minutes else "")


def _number(match: re.Match[str]) -> str:
    digits, decimals = match.group(1), match.group(2)
    if digits in SHORT_NUMBERS and not decimals:
        return " ".join(_ONES[int(d)] for d in digits)
    if len(digits) > 1 and digits.startswith("0"):  # phone numbers and codes: digit by digit
        return " ".join(_ONES[int(d)] for d in digits)
    text = number_words(int(digits.replace(".", "")))
    if decimals:
        text += " Komma " + " ".join(_ONES[int(d)] for d in decimals)
    return text


def speak_numbers(text: str) -> str:
    """Dates, times, euro amounts, percentages, ranges and plain numbers as words."""
    text = _PHONE.sub(lambda m: " ".join(_ONES[int(d)] for d in re.sub(r"\D", "", m.group(0))), text)
    text = _DATE.sub(_date, text)
    text = _TIME.sub(_time, text)
    text = _EURO.sub(lambda m: _euro(m.group(1), m.group(2)), text)
    text = _EURO_BEFORE.sub(lambda m: _euro(m.group(1), m.group(2)), text)
    text = _PERCENT.sub(r"\1 Prozent", text)
    text = _RANGE.sub(r"\1 bis \2", text)
    return _NUMBER.sub(_number, text)


def remove_links(text: str) -> str:
    """Links and e-mail addresses are not read out; the caller is sent to the website of their town."""
    text = _EMAIL.sub("die E-Mail-Adresse " + WEBSITE, text)
    text = re.sub(r"\(\s*(?:https?://|www\.)[^)]*\)", "", text)
    text = _URL.sub(WEBSITE, text)
    # "Quelle: Titel – auf der Internetseite …" and doubled hints read badly: keep one.
    text = re.sub(rf"(?:\s*[–-]\s*)?{WEBSITE}(?:\s*[,;]?\s*{WEBSITE})+", " " + WEBSITE, text)
    return re.sub(r"[ \t]{2,}", " ", text)


def plain(text: str) -> str:
    """Markdown, list bullets, dashes and line breaks become plain spoken sentences."""
    text = re.sub(r"[*_#`]+", "", text)
    lines = []
    for raw in text.splitlines():
        line = re.sub(r"^\s*(?:[-•·]|\d+\.)\s+", "", raw).strip()
        if not line or line.startswith("Quelle:"):
            continue  # the source line is for reading; the caller hears the answer only
        if line[-1] not in ".!?:":
            line += "."
        lines.append(line)
    text = " ".join(lines)
    for short, long in ABBREVIATIONS.items():
        text = re.sub(rf"(?<![\wäöü]){re.escape(short)}", long, text)
    text = text.replace(" – ", ", ").replace(";", ",").replace("„", "").replace("“", "")
    return re.sub(r"\s{2,}", " ", text).strip()


def sentences(text: str) -> List[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def for_the_ear(texts: Sequence[str], follow_up: str = FOLLOW_UP, max_sentences: int = MAX_SENTENCES) -> str:
    """The bot messages of one turn as one short spoken answer.

    When the bot asks a question itself (for the commune, say), that question ends the answer instead
    of the generic follow-up.
    """
    parts: List[str] = []
    for text in texts:
        parts.extend(sentences(speak_numbers(plain(remove_links(text)))))
    if not parts:
        return follow_up
    question = next((p for p in reversed(parts) if p.endswith("?")), None)
    body = [p for p in parts if p is not question]
    if question is not None:
        return " ".join([*body[: max_sentences - 1], question])
    return " ".join([*body[:max_sentences], follow_up]) if follow_up else " ".join(body[:max_sentences])


def options_question(titles: Sequence[str]) -> str:
    """Buttons of a clarifying question, offered by voice: "Meinen Sie A, B oder C?"."""
    # At most three, without bracketed additions: a caller has to keep them in mind.
    names = [re.sub(r"\s*\([^)]*\)", "", t).strip() for t in titles if t.strip()][:MAX_OPTIONS]
    if not names:
        return ""
    if len(names) == 1:
        return f"Meinen Sie {names[0]}?"
    return f"Meinen Sie {', '.join(names[:-1])} oder {names[-1]}?"
