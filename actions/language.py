"""Which language a message is in, among those citizens write to us in (py3langid, restricted)."""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

LANGUAGES = ("de", "en", "fr", "tr", "ar", "uk", "ru")
# below this probability the message is taken for German: short German messages ("Reisepass") are
# sometimes read as another language with little certainty
MIN_PROBABILITY = 0.9


@cache
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def language_of(text: str) -> str:
    language, probability = _identifier().classify(text)
    return str(language) if probability >= MIN_PROBABILITY else "de"
