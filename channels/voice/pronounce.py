"""How the phone voice says things: the one place for pronunciation, pure functions, no I/O.

A TTS engine reads "Kfz" as a word, "0511 616-0" as one large number and "37,00 €" as it pleases;
written out here, every engine (Pico, espeak-ng) says them the same way and the tests can check it.
Abbreviations become words, amounts, dates, times and percentages are spelled out, service numbers
(115, 112) are said digit by digit as callers know them, and other phone numbers in pairs after the
area code (DIN 5008 grouping), so a caller can write them down.
"""

from __future__ import annotations

import re
from typing import List

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

# Letter words and symbols engines get wrong: said as callers say them.
LEXICON = {
    "Kfz": "Ka-eff-zett",
    "KFZ": "Ka-eff-zett",
    "Pkw": "Pe-ka-we",
    "PKW": "Pe-ka-we",
    "Lkw": "El-ka-we",
    "LKW": "El-ka-we",
    "SGB": "Sozialgesetzbuch",
    "WBS": "Wohnberechtigungsschein",
    "BAföG": "Bafög",
    "ÖPNV": "öffentlicher Nahverkehr",
    "TÜV": "Tüff",
    "PLZ": "Postleitzahl",
    "§§": "Paragrafen",
    "§": "Paragraf",
    "€": "Euro",
    "&": "und",
}

_DATE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.(?!\d)")
_DAY_NAMED = re.compile(rf"\b(\d{{1,2}})\.\s+({'|'.join(MONTHS)})\b")
_TIME = re.compile(r"\b(\d{1,2})[:.](\d{2})\s*Uhr\b")
_EURO = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{2}|-))?\s*(?:€|EUR|Euro)(?![\wäöü])")
_EURO_BEFORE = re.compile(r"(?:€|EUR)\s*(\d+)(?:,(\d{2}))?")
_RANGE = re.compile(r"(\d)\s*[–-]\s*(\d)")
_PERCENT = re.compile(r"(\d)\s*%")
_PHONE = re.compile(r"(?<![\w,.])(?:\+49\s?|0)\d{2,5}(?:[ /-]+\d+)+(?![\w])")
_NUMBER = re.compile(r"(?<![\w,.])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\w])")
_LEXICON = re.compile(
    "|".join(rf"(?<![\wäöüÄÖÜ]){re.escape(k)}(?![\wäöüÄÖÜ])" if k[0].isalpha() else re.escape(k) for k in LEXICON)
)
_ABBREVIATION = re.compile("|".join(rf"(?<![\wäöü]){re.escape(k)}" for k in ABBREVIATIONS))


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
    if cents and cents.isdigit() and int(cents):
        text += f" {number_words(int(cents))}"
    return text


def _date(match: re.Match[str]) -> str:
    day, month = int(match.group(1)), int(match.group(2))
    year = match.group(3) if match.re.groups >= 3 else None
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return match.group(0)
    said = f"{ordinal_words(day)} {MONTHS[month - 1]}"
    return f"{said} {year_words(int(year))}" if year else said


def _time(match: re.Match[str]) -> str:
    hours, minutes = int(match.group(1)), int(match.group(2))
    text = f"{'ein' if hours == 1 else number_words(hours)} Uhr"
    return text + (f" {number_words(minutes)}" if minutes else "")


def _digits(digits: str) -> str:
    return " ".join(_ONES[int(d)] for d in digits)


def _pair(pair: str) -> str:
    """ "05" is "null fünf", "16" is "sechzehn", a single digit is itself."""
    return _digits(pair) if pair.startswith("0") or len(pair) == 1 else number_words(int(pair))


def phone_words(number: str) -> str:
    """A phone number as callers write it down: the area code digit by digit, the rest in pairs.

    Groups are read as written (space, slash or hyphen), separated by a comma for a short pause; a group of
    odd length starts with a single digit (DIN 5008: "1 23 45"). "+49" is said as "plus vier neun".
    """
    groups = [g for g in re.split(r"[ /-]+", number.strip()) if g]
    spoken: List[str] = []
    for index, group in enumerate(groups):
        if group.startswith("+"):
            spoken.append("plus " + _digits(group[1:]))
        elif (index == 0 and group.startswith("0")) or (index == 1 and groups[0].startswith("+")):
            spoken.append(_digits(group))  # the area code (with or without its 0)
        else:
            head = len(group) % 2
            pairs = ([group[:head]] if head else []) + [group[i : i + 2] for i in range(head, len(group), 2)]
            spoken.append(" ".join(_pair(p) for p in pairs))
    return ", ".join(spoken)


def _number(match: re.Match[str]) -> str:
    digits, decimals = match.group(1), match.group(2)
    if digits in SHORT_NUMBERS and not decimals:
        return _digits(digits)
    if len(digits) > 1 and digits.startswith("0"):  # codes and numbers written without groups: digit by digit
        return _digits(digits)
    text = number_words(int(digits.replace(".", "")))
    if decimals:
        text += " Komma " + _digits(decimals)
    return text


def speak_numbers(text: str) -> str:
    """Phone numbers, dates, times, euro amounts, percentages, ranges and plain numbers as words."""
    text = _PHONE.sub(lambda m: phone_words(m.group(0)), text)
    text = _DATE.sub(_date, text)
    text = _TIME.sub(_time, text)
    text = _DAY_NAMED.sub(lambda m: f"{ordinal_words(int(m.group(1)))} {m.group(2)}", text)
    text = _DAY_MONTH.sub(_date, text)
    text = _EURO.sub(lambda m: _euro(m.group(1), m.group(2)), text)
    text = _EURO_BEFORE.sub(lambda m: _euro(m.group(1), m.group(2)), text)
    text = _PERCENT.sub(r"\1 Prozent", text)
    text = _RANGE.sub(r"\1 bis \2", text)
    return _NUMBER.sub(_number, text)


def expand_abbreviations(text: str) -> str:
    """ "z. B." and "ggf." as words, then letter words and symbols ("Kfz", "€", "§") as callers say them."""
    text = _ABBREVIATION.sub(lambda m: ABBREVIATIONS[m.group(0)], text)
    return _LEXICON.sub(lambda m: LEXICON[m.group(0)], text)


def spoken(text: str) -> str:
    """Text as the phone voice should say it; applying it twice changes nothing."""
    return re.sub(r"[ \t]{2,}", " ", expand_abbreviations(speak_numbers(text)))


# English (calls answered in English): Pico's English voice reads plain numbers well; it needs help only where the
# German-style source texts and symbols meet it: amounts, dates written 07.02.2026, service numbers, "e.g.".
ENGLISH_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
ENGLISH_ABBREVIATIONS = {"e.g.": "for example", "i.e.": "that is", "approx.": "about", "incl.": "including"}
_EN_DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_EN_EURO = re.compile(r"(\d[\d,]*)(?:\.(\d{2}))?\s*(?:€|EUR\b|euros?\b)|€\s*(\d[\d,]*)(?:\.(\d{2}))?")
_EN_ABBREVIATION = re.compile("|".join(rf"(?<![\w.]){re.escape(k)}" for k in ENGLISH_ABBREVIATIONS))


def _english_euro(match: re.Match[str]) -> str:
    whole, cents = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    said = f"{whole.replace(',', '')} euros"
    return f"{said} {int(cents)}" if cents and int(cents) else said


def _english_date(match: re.Match[str]) -> str:
    day, month = int(match.group(1)), int(match.group(2))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return match.group(0)
    return f"{day} {ENGLISH_MONTHS[month - 1]} {match.group(3)}"


def spoken_english(text: str) -> str:
    """English text as the phone voice should say it: "€37.50" is "37 euros 50", 115 is "one one five"."""
    text = _EN_ABBREVIATION.sub(lambda m: ENGLISH_ABBREVIATIONS[m.group(0)], text)
    text = _DATE.sub(_english_date, text)
    text = _EN_EURO.sub(_english_euro, text)
    text = re.sub(
        rf"(?<![\w,.])({'|'.join(SHORT_NUMBERS)})(?![\w])", lambda m: " ".join(_EN_DIGITS[int(d)] for d in m[1]), text
    )
    text = text.replace("€", " euros").replace("&", " and ").replace("§", "section ")
    return re.sub(r"[ \t]{2,}", " ", text)
