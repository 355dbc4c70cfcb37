"""The checkable rules of Leichte Sprache (Netzwerk Leichte Sprache), applied to every text in it.

A machine can check the form, not whether a reader understands: that is the review by the target
group, which the data records per text (`checked_by_target_group`). The rules checked here:
short sentences with one statement each, active voice, no abbreviations or symbols, no subjunctive,
long compounds divided (Personal-Ausweis, Personal·ausweis), numbers as digits, the reader addressed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List

MAX_WORDS = 15  # per sentence
MAX_COMMAS = 1  # one statement per sentence: at most one comma (a list of two, or a short "wenn" part)
LONG_WORD = 14  # letters; a longer noun without a hyphen or middle dot is taken for an undivided compound

_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß·\-]+")
_DOTTED_ABBREVIATION = re.compile(
    r"\b(z\.\s?B|d\.\s?h|u\.\s?a|o\.\s?ä|bzw|ggf|usw|evtl|inkl|ca|Nr|Str|Tel|etc|vgl|Abs|max|min|mind)\.", re.I
)
_SHORT_FORMS = {"kfz", "pkw", "lkw", "bafög", "bzw", "ggf", "usw", "inkl", "eid", "rbge", "stvo", "sgb"}
# names that are written in capitals and read as such; the driving-licence classes are names, not abbreviations
_ALLOWED_CAPITALS = {"PIN", "PUK", "WC", "PDF", "SMS", "IBAN", "AM", "BE", "CE", "DE"}
_CLAUSE_COMMA = re.compile(r",(?!\d)")  # not the decimal comma of "46,70 Euro"
_SYMBOLS = re.compile(r"[€§%&]")
_SUBJUNCTIVE = re.compile(
    r"\b(würde|würden|würdest|könnte|könnten|müsste|müssten|sollte|sollten|hätte|hätten|wäre|wären|"
    r"dürfte|dürften|möchte|möchten|bräuchte|bräuchten)\b",
    re.I,
)
_PASSIVE_AUX = re.compile(r"\b(wird|werden|wurde|wurden|worden)\b", re.I)
_PARTICIPLE = re.compile(r"\b([a-zäöüß]*ge[a-zäöüß]{2,}(t|en)|[a-zäöüß]+iert)\b")
_NUMBER_WORDS = re.compile(
    r"\b(zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig|vierzig|fünfzig|hundert|tausend)\b",
    re.I,
)
_READER = re.compile(r"\b(Sie|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres|Ihnen)\b")
# long words that are not compounds, or that are names
_LONG_WORDS_ALLOWED = {
    "informationen", "unterschriften", "verantwortlich", "niedersachsen", "niedersächsisch", "entschuldigung",
}  # fmt: skip


@dataclass(frozen=True)
class Problem:
    rule: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.excerpt}"


def sentences(text: str) -> List[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def check(text: str, addressed: bool = True) -> List[Problem]:
    """The broken rules of one text; `addressed=False` for labels and fragments, which need not say "Sie"."""
    problems: List[Problem] = []
    for sentence in sentences(text):
        words = _WORD.findall(sentence)
        if len(words) > MAX_WORDS:
            problems.append(Problem(f"Satz mit mehr als {MAX_WORDS} Wörtern", sentence))
        if len(_CLAUSE_COMMA.findall(sentence)) > MAX_COMMAS or ";" in sentence:
            problems.append(Problem("mehr als eine Aussage im Satz", sentence))
        if _PASSIVE_AUX.search(sentence) and _PARTICIPLE.search(sentence):
            problems.append(Problem("Passiv", sentence))
    for match in _DOTTED_ABBREVIATION.finditer(text):
        problems.append(Problem("Abkürzung", match.group(0)))
    for word in re.findall(r"[\wÄÖÜäöüß\-·]+", text):
        bare = word.strip("-·")
        if bare.lower() in _SHORT_FORMS or (
            len(bare) >= 2 and bare.isupper() and bare.isalpha() and bare not in _ALLOWED_CAPITALS
        ):
            problems.append(Problem("Abkürzung", bare))
        letters = bare.replace("-", "").replace("·", "")
        noun = bare[:1].isupper()  # compounds are nouns; a long verb or adjective ("unterschiedlich") is none
        if (
            noun
            and len(letters) >= LONG_WORD
            and "-" not in bare
            and "·" not in bare
            and bare.lower() not in _LONG_WORDS_ALLOWED
        ):
            problems.append(Problem("langes Wort nicht getrennt", bare))
    for match in _SYMBOLS.finditer(text):
        problems.append(Problem("Zeichen statt Wort", match.group(0)))
    for match in _SUBJUNCTIVE.finditer(text):
        problems.append(Problem("Konjunktiv", match.group(0)))
    for match in _NUMBER_WORDS.finditer(text):
        problems.append(Problem("Zahl als Wort", match.group(0)))
    if addressed and not _READER.search(text):
        problems.append(Problem("Leser nicht direkt angesprochen", text[:60]))
    return problems


def main(argv: List[str] | None = None) -> int:
    """`python -m knowledge.easy_language FILE …`: checks every `text:` of Leichte-Sprache YAML files."""
    import sys

    import yaml

    paths = sys.argv[1:] if argv is None else argv
    failures = 0
    for path in paths:
        with open(path, encoding="utf-8") as file:
            data = yaml.safe_load(file)
        for where, text in _texts(data, path):
            for problem in check(text, addressed=not where.endswith((".name", "_phrases"))):
                failures += 1
                print(f"{where}: {problem}")
    return 1 if failures else 0


def _texts(data: object, where: str) -> List[tuple[str, str]]:
    if isinstance(data, dict):
        if isinstance(data.get("text"), str):
            return [(where, data["text"])] if data["text"].strip() else []
        return [t for key, value in data.items() for t in _texts(value, f"{where}.{key}")]
    if isinstance(data, list):
        return [t for i, value in enumerate(data) for t in _texts(value, f"{where}[{i}]")]
    return []


if __name__ == "__main__":
    raise SystemExit(main())
