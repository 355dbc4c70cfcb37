"""Which language a message is in, and which language the assistant answers in.

The answer language is sticky: a short message ("und Kosten?", "ok", "Garbsen") keeps the language of
the conversation, because py3langid cannot tell a language from two words. It changes when the
citizen asks for a language ("auf Englisch bitte", the widget's menu), when a message is long enough
to be recognised with confidence, or at once for a script only one of our languages uses. Leichte
Sprache is left only when the citizen asks: a long German message does not end it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Dict, FrozenSet, Tuple

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from knowledge.translations import GERMAN, Language, load_languages

# below this probability a message is taken for German: short German messages ("Reisepass") are
# sometimes read as another language with little certainty
MIN_PROBABILITY = 0.9
# a Latin-script message changes the conversation's language only from this many words on
MIN_WORDS_TO_SWITCH = 4
# a message naming a language is a request for it only when it is short ("English please", "auf Türkisch?")
MAX_WORDS_OF_A_REQUEST = 6
EASY_GERMAN = "ls"

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN_LETTERS = re.compile(r"[ыэъёЫЭЪЁ]")
_WORDS = re.compile(r"\w+")
# Cyrillic without the letters only one of the two has: their most common small words differ
_RUSSIAN_WORDS = frozenset(
    "что кто это как мне меня где есть нет или если когда чтобы можно нужно его она они очень уже ещё еще сейчас здесь "
    "только ко лезет помогите пожалуйста".split()
)
_UKRAINIAN_WORDS = frozenset(
    "що хто це як мені мене де є немає або якщо коли щоб можна потрібно його вона вони дуже вже ще зараз тут тільки "
    "допоможіть будь ласка".split()
)
# "kein Deutsch", "no English": naming a language to say one does not speak it is no request for it
_NEGATION = re.compile(r"(?<!\w)(kein|keine|nicht|no|not|don't|dont|pas|ne|değil|yok|bilmiyorum|не|ні|لا)(?!\w)", re.I)


# frequent small words only one of the Latin-script languages we recognise uses ("will", "in", "was", "man" are
# left out: German and English share them); py3langid reads "Ich will mein Kind anmelden" as English
_FUNCTION_WORDS: Dict[str, FrozenSet[str]] = {
    "de": frozenset(
        "ich du wir ihr mein meine meinen meinem meiner dein unser und oder nicht kein keine keinen der die das den "
        "dem des ein eine einen einem ist bin sind habe haben hat wie wo wann warum kann muss möchte bitte mit für "
        "auf zu von im vom zum zur noch auch schon mir mich uns jetzt wieder aber wenn dass".split()
    ),
    "en": frozenset(
        "i you we my your our the and or not no is are am have has how what where when why can must would please "
        "with for on to of still also already me us now again but if that".split()
    ),
    "fr": frozenset(
        "je tu nous vous mon ma mes le la les une et ou pas est suis sont ai comment quoi où quand pourquoi peux "
        "dois veux avec pour sur du des dans".split()
    ),
    "tr": frozenset("ben sen biz siz benim ve veya değil bir bu şu nasıl nerede neden için ile".split()),
}


def german_after_all(text: str, language: str) -> bool:
    """More of German's small words than of the language detected, at least two: the message is German."""
    if language == GERMAN or language not in _FUNCTION_WORDS:
        return False
    words = _WORDS.findall(text.casefold())
    german = sum(word in _FUNCTION_WORDS[GERMAN] for word in words)
    return german >= 2 and german > sum(word in _FUNCTION_WORDS[language] for word in words)


@cache
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    # py3langid's codes of the languages we recognise (knowledge/languages.yaml, `detect`)
    identifier.set_languages(sorted({lang.detect for lang in load_languages().values() if lang.detect}))
    return identifier


def detect(text: str) -> Tuple[str, float]:
    language, probability = _identifier().classify(text)
    return str(language), float(probability)


def language_of(text: str) -> str:
    language, probability = detect(text)
    return language if probability >= MIN_PROBABILITY and not german_after_all(text, language) else "de"


def script_language(text: str) -> str | None:
    """Arabic script is Arabic; Cyrillic is Ukrainian or Russian by the letters only one of them has."""
    if len(_ARABIC.findall(text)) >= 2:
        return "ar"
    if len(_CYRILLIC.findall(text)) >= 2:
        if _UKRAINIAN_LETTERS.search(text) and not _RUSSIAN_LETTERS.search(text):
            return "uk"
        if _RUSSIAN_LETTERS.search(text) and not _UKRAINIAN_LETTERS.search(text):
            return "ru"
        words = set(_WORDS.findall(text.lower()))
        russian, ukrainian = len(words & _RUSSIAN_WORDS), len(words & _UKRAINIAN_WORDS)
        if russian != ukrainian:
            return "ru" if russian > ukrainian else "uk"
        language, _ = detect(text)
        return language if language in ("uk", "ru") else "ru"
    return None


def requested_language(text: str, languages: Dict[str, Language]) -> str | None:
    """The language a short message asks for by name ("auf Englisch bitte", "English?", "по-русски")."""
    folded = text.casefold()
    if len(_WORDS.findall(folded)) > MAX_WORDS_OF_A_REQUEST or _NEGATION.search(folded):
        return None
    for code, language in languages.items():
        for name in language.called:
            if re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)", folded):
                return code
    return None


_HYPHENATED = re.compile(r"\b([A-ZÄÖÜ][a-zäöüß]{2,})-([A-ZÄÖÜ][a-zäöüß]{2,})\b")


def writes_easy_language(text: str, vocabulary: FrozenSet[str]) -> bool:
    """A compound divided the way Leichte Sprache divides it ("Personal-Ausweis", "Wohn-Geld"): written
    together it is an ordinary German word of the service texts. "Online-Antrag" or "Kfz-Steuer" are
    hyphenated in everyday German too and are not such words."""
    return any(f"{a}{b}".lower() in vocabulary for a, b in _HYPHENATED.findall(text))


@dataclass(frozen=True)
class LanguageChoice:
    code: str
    requested: bool  # the citizen asked for it (by name or in the menu)


def choose_language(
    text: str,
    previous: str | None,
    languages: Dict[str, Language],
    menu_choice: str | None = None,
    vocabulary: FrozenSet[str] = frozenset(),
) -> LanguageChoice:
    """`vocabulary`: the German words of the service texts, to notice a message written in Leichte Sprache."""
    current = previous if previous in languages else GERMAN
    if menu_choice in languages:
        return LanguageChoice(str(menu_choice), True)
    named = requested_language(text, languages)
    if named:
        return LanguageChoice(named, True)
    if current == GERMAN and EASY_GERMAN in languages and writes_easy_language(text, vocabulary):
        return LanguageChoice(EASY_GERMAN, False)
    found = script_language(text)
    if found is None and len(_WORDS.findall(text)) >= MIN_WORDS_TO_SWITCH:
        language, probability = detect(text)
        sure = probability >= MIN_PROBABILITY
        found = GERMAN if german_after_all(text, language) else (language if sure else None)
    recognised = {lang.detect: code for code, lang in languages.items() if lang.detect}
    if found not in recognised or (current == EASY_GERMAN and recognised[str(found)] == GERMAN):
        return LanguageChoice(current, False)
    return LanguageChoice(recognised[str(found)], False)
