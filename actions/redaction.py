"""Personal data out of a citizen's text before it is stored for the editors (names, phone, e-mail, IBAN,
street address, file numbers, dates of birth).

The editors need the wording of a question, never who asked it. Each kind becomes a placeholder such as
`[Name]`, so an editor still sees that something was there. Patterns err on the side of removing too much:
a date or a number with a slash may go, a name may not stay.
"""

from __future__ import annotations

import re
from typing import List, Tuple

UPPER = "A-ZÄÖÜÀ-ÖØ-ÞА-ЯЁЄІЇҐ"
WORD = r"[^\W\d_][\w'’-]*"
CAPITAL = rf"[{UPPER}][\w'’-]*"
MONTHS = (
    "januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|"
    "january|february|march|may|june|july|october|december|"
    "janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre"
)

# Cues after which a name follows: "ich heiße …", "Frau …", "my name is …".
NAME_CUES = (
    r"ich\s+hei(?:ß|ss)e|mein\s+name\s+(?:ist|lautet)|name\s*:|unterschrift\s*:|"
    r"my\s+name\s+is|i\s+am\s+called|je\s+m'appelle|je\s+m’appelle|mon\s+nom\s+est|"
    r"benim\s+ad[ıi]m|ad[ıi]m|меня\s+зовут|мене\s+звати|моё\s+имя|моє\s+ім'я|моє\s+ім’я|اسمي|أنا\s+اسمي"
)
TITLES = r"herrn?|frau|hr\.|fr\.|mr\.?|mrs\.?|ms\.?|monsieur|madame|mme\.?|m\.|bay|bayan|господин|госпожа|пан|пані"
ACADEMIC = r"(?:(?i:dr|prof)\.\s*)*"
FILE_CUES = (
    r"aktenzeichen|az\.|az:|geschäftszeichen|kassenzeichen|kundennummer|kunden-nr\.?|vorgangsnummer|"
    r"antragsnummer|bescheidnummer|fallnummer|steuernummer|steuer-id|steuer-identifikationsnummer|"
    r"personalausweisnummer|ausweisnummer|versichertennummer|mitgliedsnummer|"
    r"file\s+number|reference\s+number|case\s+number|numéro\s+de\s+dossier|référence|"
    r"dosya\s+numaras[ıi]|başvuru\s+numaras[ıi]|номер\s+дела|номер\s+справи|رقم\s+الملف"
)
STREET_SUFFIX = r"(?:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|kamp|stieg|wall|markt)"
STREET_WORD = r"(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer|Chaussee|Markt)"
HOUSE = r"\d{1,4}\s?[a-zA-Z]?\b(?:\s*[-/]\s*\d{1,4}[a-zA-Z]?\b)?"

PATTERNS: List[Tuple[str, re.Pattern[str]]] = [
    ("[E-Mail]", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)),
    ("[IBAN]", re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,3})?\b", re.IGNORECASE)),
    (
        "[Datum]",
        re.compile(
            r"\b\d{1,2}\s?[./-]\s?\d{1,2}\s?[./-]\s?(?:19|20)?\d{2}\b"
            r"|\b(?:19|20)\d{2}-\d{1,2}-\d{1,2}\b"
            rf"|\b\d{{1,2}}\.?\s+(?:{MONTHS})\s+(?:19|20)\d{{2}}\b"
            rf"|\b(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}\b",
            re.IGNORECASE,
        ),
    ),
    (
        "[Aktenzeichen]",
        re.compile(
            rf"(?<=\b)(?:{FILE_CUES})(?:\s*(?:ist|lautet|is|est|:|-|–|№|nr\.?|no\.?))*\s*"
            r"[A-Za-zÄÖÜ]{0,6}[\s-]?\d[\w./-]*(?:\s(?=[\w./-]*\d)[\w./-]+){0,4}",
            re.IGNORECASE,
        ),
    ),
    (
        "[Adresse]",
        re.compile(
            rf"\b{CAPITAL}{STREET_SUFFIX}\s+{HOUSE}"
            rf"|\b(?:{CAPITAL}\s+){{1,2}}{STREET_WORD}\s+{HOUSE}"
            rf"|\b(?:Am|An\s+der|An\s+den|Auf\s+dem|Auf\s+der|Zum|Zur|In\s+der|Hinter\s+der|Unter\s+den)\s+"
            rf"{CAPITAL}\s+{HOUSE}"
            r"|\b\d{1,4}\s?[a-z]?,?\s+(?:rue|avenue|boulevard|place|chemin|allée)\s+(?:[\w'’-]+\s+){0,3}[\w'’-]+"
            r"|\b\d{1,4}\s+(?:[A-Z][a-z]+\s+){1,2}(?:Street|St\.|Road|Rd\.|Avenue|Lane|Way|Drive)\b"
            rf"|\b{CAPITAL}\s+(?:Caddesi|Sokak|Sokağı|Cad\.|Sok\.)\s+(?:No\.?\s*)?\d{{1,4}}"
            r"|\b(?:улица|ул\.|вулиця|вул\.|проспект)\s+[\w'’-]+(?:\s+[\w'’-]+)?,?\s+(?:д\.\s*)?\d{1,4}"
            r"|\b\d{5}\s+" + CAPITAL,
            re.UNICODE,
        ),
    ),
    (
        "[Telefon]",
        re.compile(
            r"(?<![\w+])(?:\+|00)\d{1,3}[\s/.-]?(?:\(0\)\s?)?\d(?:[\s/.-]?\d){5,}"
            r"|(?<![\w.,])\(?0\d{2,5}\)?(?:[\s/.-]?\d){4,}"
            r"|(?<=\b)(?:tel\.?|telefon|handy|mobil|phone|téléphone|telefonnummer|номер)\s*:?\s*\d(?:[\s/.-]?\d){4,}",
            re.IGNORECASE,
        ),
    ),
    (
        "[Name]",
        re.compile(
            rf"(?:(?<=\b)|(?<=^)|(?<=\s))(?i:{NAME_CUES})\s*[:,]?\s*{ACADEMIC}{WORD}(?:\s+{CAPITAL}){{0,2}}"
            rf"|\b(?i:{TITLES})\s+{ACADEMIC}{CAPITAL}(?:\s+{CAPITAL})?"
            rf"|\b(?i:{TITLES})\s+(?i:dr|prof)\.\s*{CAPITAL}",
            re.UNICODE,
        ),
    ),
]
# Cue words stay readable: "mein Name ist [Name]", "Aktenzeichen [Aktenzeichen]", "Tel. [Telefon]".
HEADS = {
    "[Name]": re.compile(rf"^(?i:{NAME_CUES}|{TITLES})\s*[:,]?\s*"),
    "[Aktenzeichen]": re.compile(rf"^(?i:{FILE_CUES})"),
    "[Telefon]": re.compile(r"^[^\W\d][^\d+(]*"),
}


def redact(text: str) -> str:
    """The text with every recognised piece of personal data replaced by its placeholder."""
    for placeholder, pattern in PATTERNS:
        text = pattern.sub(lambda m, p=placeholder: _replacement(p, m.group(0)), text)  # type: ignore[misc]
    return text


def _replacement(placeholder: str, found: str) -> str:
    """The placeholder, after the cue word that introduced the item (the cue tells the editor the context)."""
    head_pattern = HEADS.get(placeholder)
    head = head_pattern.match(found) if head_pattern else None
    if head and head.group(0).strip() and head.end() < len(found):
        return f"{head.group(0).rstrip()} {placeholder}"
    return placeholder
