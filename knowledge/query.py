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


# German separable verbs put their particle at the clause's end: "wie melde ich meinen Hund ab?" reads as
# "anmelden" to the embedder unless the two are joined again ("wie abmelden ich meinen Hund?").
_SEPARABLE = {
    "meld": ("an", "ab", "um"),
    "schreib": ("um",),
    "tausch": ("um",),
    "zieh": ("um", "aus", "ein"),
    "hol": ("ab",),
    "geb": ("ab",),
    "gib": ("ab",),
    "sag": ("ab",),
    "leg": ("ein",),
    "reich": ("ein",),
    "stell": ("aus", "um"),
    "ruf": ("an",),
    "zeig": ("an",),
    "hör": ("auf",),
    "füll": ("aus",),
    "druck": ("aus",),
}
_INFINITIVE = {"gib": "geben"}
_SEPARATED = re.compile(
    r"\b(?P<verb>" + "|".join(_SEPARABLE) + r")(?:e|st|t|en|et)?\b"
    r"(?P<middle>(?:\s+[^\s.,;:!?]+){1,8}?)\s+(?P<particle>an|ab|um|aus|ein|auf)\b"
    r"(?=\s*(?:[.,;:!?]|$|\b(?:und|oder|aber|wenn|weil|damit|bitte)\b))",
    re.IGNORECASE,
)


def _join(match: re.Match[str]) -> str:
    verb, particle = match["verb"].casefold(), match["particle"].casefold()
    if particle not in _SEPARABLE[verb]:
        return match[0]
    return f"{particle}{_INFINITIVE.get(verb, verb + 'en')}{match['middle']}"


# "um ein Gewerbe anzumelden": the infinitive with "zu" inside reads as "ummelden" to the embedder
_ZU_INFINITIVE = re.compile(r"\b(an|ab|um|aus|ein|auf)zu(melden|schreiben|tauschen|ziehen|holen|geben|zeigen|hören)\b")


def join_separable_verbs(text: str) -> str:
    return _ZU_INFINITIVE.sub(r"\1\2", _SEPARATED.sub(_join, text))


# Car makes and models that citizens name instead of the car ("meinen alten Passat abmelden", "den Opel
# ummelden"): the service texts say Auto, Fahrzeug or Kfz, so "Auto" is put beside the first name. Model names
# that are also everyday words (Golf, Polo, Focus) count only after "mein", "den", "alten" and the like.
_CAR_NAME = re.compile(
    r"\b(?:vw|volkswagen|passat|tiguan|touran|corsa|astra|zafira|opel|audi|bmw|mercedes|skoda|octavia|renault|"
    r"peugeot|citroen|citroën|toyota|yaris|hyundai|kia|fiat|dacia|mazda|nissan|volvo|tesla|porsche|suzuki)\b|"
    r"\b(?:mein|meinen|meinem|den|dem|unser|unseren|unserem|alten|neuen|gebrauchten)\s+(?:golf|polo|clio|fiesta|focus)\b",
    re.IGNORECASE,
)
_CAR_WORD = re.compile(r"\b(auto|autos|pkw|kfz|fahrzeug|wagen|car)\b", re.IGNORECASE)


def name_the_car(text: str) -> str:
    if _CAR_WORD.search(text):
        return text
    return _CAR_NAME.sub(lambda m: f"{m[0]} Auto", text, count=1)


def clean_query(text: str) -> str:
    """Whitespace folded, separable verbs joined, a car's make named as a car, and the length bounded; what the
    retriever answers for."""
    return name_the_car(join_separable_verbs(" ".join(text.split())[:MAX_QUERY_CHARS]))


def embedding_text(query: str) -> str:
    """The words that go to the embedder: fillers and function words out, at most MAX_EMBED_WORDS."""
    words = [w for w in _FILLERS.sub(" ", query).split() if w.casefold().strip(",.;:!?") not in _FUNCTION_WORDS]
    return " ".join(words[:MAX_EMBED_WORDS]) or query
