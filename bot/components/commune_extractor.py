"""Finds the citizen's commune in a message: lowercase, typos, abbreviations, districts.

"Neustadt a. Rbge.", "in der Wedemark", "ich bin aus sehnde", "Garbesen" all resolve to the
official name. "Region Hannover" is the Region, not the city.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rapidfuzz import fuzz
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from knowledge.lexical import fold
from knowledge.moving import MOVING_HOME

# The word before a commune tells its role: "von Lehrte nach Sehnde" moves to Sehnde, "nicht Sehnde,
# sondern Lehrte" corrects to Lehrte. A destination wins over an origin, anything over a negated name.
_DESTINATION = frozenset("nach to into zu sondern eher doch до إلى الى à vers".split())
# French "de Wunstorf à Neustadt", "d'Hannover" (folded "d hannover")
_ORIGIN = frozenset("von vom aus from из із з від от من de d depuis".split())
# Turkish marks the role with a suffix after the name ("Hannover'dan Lehrte'ye"; folded "hannover dan")
_ORIGIN_SUFFIX = frozenset("dan den tan ten".split())
_DESTINATION_SUFFIX = frozenset("ye ya e a".split())
_NEGATION = frozenset("nicht kein keine not nee nein не ні ليس".split())
# Turkish negates after the name: "Hannover değil, Laatzen'de"
_NEGATION_AFTER = frozenset("değil degil".split())
_PREPOSITIONS = frozenset("in im aus nach von vom bei at в у".split())
# "nicht mehr in Garbsen", "not any more in …": a word between the negation and the place
_STILL = frozenset("mehr länger laenger ja gar more longer".split())
COMMUNE_ORIGIN = "commune_origin"  # the other commune of a move between two communes
# "across": a move into the commune from elsewhere (another commune, "aus Hamburg", "aus Polen");
# "within": between two districts of one commune ("von Kaltenweide nach Godshorn"). Registering the
# first is an Anmeldung, the second an Ummeldung (BMG § 17).
COMMUNE_MOVE = "commune_move"
_INTO = frozenset("in ins nach to into".split())
_TOWARD = _DESTINATION & _INTO | frozenset("до إلى الى".split())  # unambiguously towards the commune
_NOT_A_PLACE = frozenset("hier dort da der die dem den einer einem meiner meinem unserer unserem zu zuhause".split())
ROLE_PRIORITY = {"destination": 0, "plain": 1, "origin": 2, "negated": 3}
# the citizen moves home; here also told as where one lives no longer ("wohne ab Mai nicht mehr in …")
_MOVES = re.compile(rf"\b({MOVING_HOME}|gezogen|wohne\w* (\w+ ){{0,2}}nicht mehr)|ننتقل", re.IGNORECASE)


# A move that stays in the commune, said without naming two districts: "ich wohne schon in Laatzen, ich
# ziehe nur in eine andere Straße", "Umzug innerhalb der Stadt", "within the same town".
_WITHIN = re.compile(
    r"\b(innerhalb (der|des|von|meiner|unserer) (stadt|gemeinde|ortes?|ort)|im (gleichen|selben) (ort|haus|dorf|stadtteil)|"
    r"in (der gleichen|derselben|der selben) (stadt|gemeinde|straße)|(in|im) (gleichen|selben) (ort|dorf|stadtteil)|"
    r"(ander\w*|neue\w*) (straße|wohnung|hausnummer|adresse|ecke) (im|in unserem|in meinem|hier im) (ort|dorf|stadtteil)|"
    r"(wohne|wohnen) (ja |doch )?(schon|bereits) (hier|in)\b.{0,60}\b(ziehe|ziehen|zieh)\b|"
    r"(ziehe|ziehen|zieh) (nur|bloß|lediglich) (\w+ ){0,3}(in eine andere|in die nächste|um die ecke|ein haus weiter)|"
    r"within the (same )?(town|city|municipality)|same (town|city)|aynı şehir|в пределах (города|села)|в межах міста|"
    r"в том же городе|у тому ж місті|في نفس المدينة)",
    re.IGNORECASE,
)


def within_commune(text: str) -> str | None:
    return "within" if _WITHIN.search(text) else None


class CommuneMatcher:
    """Word n-grams of the message against names and spellings, exact first, then fuzzy."""

    def __init__(self, spellings: Dict[str, List[str]], min_score: float) -> None:
        self._lexicon: Dict[str, str] = {}
        for name, variants in spellings.items():
            for variant in [name, *variants]:
                self._lexicon[fold(variant)] = name
        self._longest = max(len(k.split()) for k in self._lexicon)
        self._min_score = min_score

    def find(self, text: str) -> str | None:
        """The commune the citizen means: the destination of a move, not a negated one, else the first named."""
        return self.find_with_origin(text)[0]

    def find_with_origin(self, text: str) -> tuple[str | None, str | None]:
        """The commune meant, and the other commune a move comes from ("von Lehrte nach Sehnde": Sehnde, Lehrte)."""
        chosen, origin, _ = self.find_move(text)
        return chosen, origin

    def find_move(self, text: str) -> tuple[str | None, str | None, str | None]:
        """The commune meant, the commune a move comes from, and whether the move is "across" or "within"."""
        words = fold(text).split()
        mentions = self.mentions(words)
        if not mentions:
            return None, None, None
        ranked = sorted(mentions, key=lambda m: (ROLE_PRIORITY[_role(words, m[0], m[1])], m[0]))
        start, end, chosen = ranked[0]
        later_plain = [m for m in mentions if m[0] > start and m[2] != chosen and _role(words, m[0], m[1]) == "plain"]
        if _role(words, start, end) == "plain" and later_plain and _MOVES.search(text):
            # "ich ziehe aus meiner WG in Limmer aus und in eine Wohnung in Ronnenberg ein": a move told in its
            # order, from the first place to the last
            start, end, chosen = later_plain[-1]
        if "innerhalb" in words[max(0, start - 2) : start]:
            return chosen, None, "within"
        if _role(words, start, end) not in ("destination", "plain"):
            return chosen, None, None
        origins = [m for m in mentions if m[0] < start and _role(words, m[0], m[1]) == "origin"]
        if origins:
            other = next((m[2] for m in origins if m[2] != chosen), None)
            return chosen, other, "across" if other else "within"
        earlier = [m for m in mentions if m[0] < start]
        if earlier and _MOVES.search(text):
            # "wohne nicht mehr in Gehrden, sondern in Wennigsen", "переезжаем из Лаатцена в Зельце": a move that
            # names two places without a word for "from" this reader knows; the earlier one is where it starts
            other = earlier[0][2]
            return chosen, other if other != chosen else None, "across" if other != chosen else "within"
        into = start > 0 and (words[start - 1] in _INTO or (start > 1 and words[start - 2] in _INTO))
        toward = (start > 0 and words[start - 1] in _TOWARD) or (end < len(words) and words[end] in _DESTINATION_SUFFIX)
        if toward or (into and _unknown_origin(words[:start])):
            # "ich ziehe nach Garbsen": "nach" points from outside the commune ("in" may mean within it)
            return chosen, None, "across"
        if (into or _role(words, start, end) == "destination") and _unknown_origin(words[end : end + 4], after=True):
            # the place of origin named after the commune: "nach Garbsen aus Hamburg", "à Hemmingen depuis Lyon"
            return chosen, None, "across"
        apart = [m for m in mentions if m[2] == chosen and (m[0] > end or m[1] < start)]
        if apart and _MOVES.search(text):
            # "wir wohnen in Mellendorf und ziehen in ein Haus in Bissendorf": two districts of one commune, words
            # between them ("Barsinghausen-Egestorf" is one place), and a move
            return chosen, None, "within"
        return chosen, None, None

    def mentions(self, words: List[str]) -> List[tuple[int, int, str]]:
        """(start, end, name) of every commune named, longest spelling first, without overlaps; misspelt
        names only when no name is spelt right (a fuzzy match elsewhere must not outvote a real one)."""
        for matcher in (self._exact, self._fuzzy):
            found: List[tuple[int, int, str]] = []
            taken: set[int] = set()
            for size in range(min(self._longest, len(words)), 0, -1):
                for start in range(len(words) - size + 1):
                    span = set(range(start, start + size))
                    if span & taken or (start > 0 and words[start - 1] == "region"):
                        continue
                    name = matcher(" ".join(words[start : start + size]))
                    if name:
                        found.append((start, start + size, name))
                        taken |= span
            if found:
                return found
        return []

    def _exact(self, gram: str) -> str | None:
        """A name as spelt, or with a Slavic case ending ("из Лаацена"): a grammatical form, not a misspelling."""
        name = self._lexicon.get(gram)
        if name or len(gram) < 6 or not _CYRILLIC.search(gram):
            return name
        return next((n for key, n in self._lexicon.items() if len(key) >= 6 and _inflected(gram, key)), None)

    def _fuzzy(self, gram: str) -> str | None:
        if len(gram) < 6:
            return None
        best: tuple[float, str | None] = (0.0, None)
        for key, name in self._lexicon.items():
            if abs(len(key) - len(gram)) > 2 or len(key) < 6:
                continue
            if _inflected(gram, key):
                return name
            score = fuzz.ratio(gram, key)
            if score >= self._min_score and score > best[0]:
                best = (score, name)
        return best[1]


_CYRILLIC = re.compile(r"[а-яёіїєґ]")


def _inflected(gram: str, key: str) -> bool:
    """A Slavic case ending on a Cyrillic name, its last consonant changed ("в Ронненберзі" for Ронненберг):
    the name without its last letter starts the word, which is at most two letters longer."""
    return bool(_CYRILLIC.search(key)) and gram.startswith(key[:-1]) and 0 <= len(gram) - len(key) <= 2


# after the commune, "seit"/"depuis"/"since" tell for how long, not where from ("à Hemmingen depuis longtemps")
_NOT_A_PLACE_AFTER = _NOT_A_PLACE | frozenset(
    "longtemps toujours quelques plusieurs peu des un une janvier fevrier mars avril mai juin juillet aout septembre "
    "octobre novembre decembre jahren jahre wochen monaten kurzem langem years months weeks".split()
)


def _unknown_origin(words: List[str], after: bool = False) -> bool:
    """ "aus Hamburg nach …", "von Polen in die …" (or after the commune: "… depuis Lyon"): a move from a place
    that is no commune of the Region."""
    window = words[:4] if after else words[-5:]
    stop = _NOT_A_PLACE_AFTER if after else _NOT_A_PLACE
    for index, word in enumerate(window[:-1]):
        following = window[index + 1]
        if word in _ORIGIN and following not in stop and following.isalpha():
            return True
    return False


def _role(words: List[str], start: int, end: int | None = None) -> str:
    before = words[max(0, start - 3) : start]
    after = words[end] if end is not None and end < len(words) else ""
    negated = (bool(before) and before[-1] in _NEGATION) or after in _NEGATION_AFTER
    negated_place = len(before) >= 2 and before[-2] in _NEGATION and before[-1] in _PREPOSITIONS
    no_longer = len(before) == 3 and before[0] in _NEGATION and before[1] in _STILL and before[2] in _PREPOSITIONS
    if negated or negated_place or no_longer:
        return "negated"
    if any(w in _DESTINATION for w in before[-2:]) or after in _DESTINATION_SUFFIX:
        return "destination"
    if any(w in _ORIGIN for w in before[-2:]) or after in _ORIGIN_SUFFIX:
        return "origin"
    return "plain"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class CommuneExtractor(GraphComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # rapidfuzz ratio (0-100) a misspelt commune name must reach
            "min_score": 86,
        }

    @staticmethod
    def validate_config(config: Dict[str, Any]) -> None:
        score = config.get("min_score")
        if not isinstance(score, (int, float)) or not 50 <= score <= 100:
            raise ValueError("CommuneExtractor: min_score must be a number from 50 to 100")

    def __init__(self, config: Dict[str, Any], matcher: CommuneMatcher) -> None:
        self.validate_config(config)
        self._matcher = matcher

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CommuneExtractor:
        from knowledge.store import load_knowledge

        config = {**cls.get_default_config(), **config}
        communes = load_knowledge().communes
        matcher = CommuneMatcher({n: c.spellings for n, c in communes.items()}, float(config["min_score"]))
        return cls(config, matcher)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            name, origin, move = self._matcher.find_move(text)
            move = move or within_commune(text)
            if origin:
                message.set(COMMUNE_ORIGIN, origin, add_to_output=True)
            if move:
                message.set(COMMUNE_MOVE, move, add_to_output=True)
            if name:
                entity = {"entity": "kommune", "value": name, "start": 0, "end": 0, "confidence_entity": 1.0}
                message.set(
                    ENTITIES, [*message.get(ENTITIES, []), *self.add_extractor_name([entity])], add_to_output=True
                )
        return messages
