"""Reading a message against the service already discussed: follow-up or a move to another service.

"Und bis wann?" names no service; "und das Kindergeld?" names a new one; "gilt das auch für mein
Kind?" after the Reisepass mentions a child, yet asks about the same passport. The message is
retrieved twice, alone and with the current service's name before it, and a rule fitted on our own
multi-turn data (`nlu_data/dialogues/context_fit.jsonl`, `servicecenter dialogue fit-context`)
decides which reading holds. The fitted thresholds live in `context_rule.json` beside this file.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Iterable, List, Protocol, Sequence

from knowledge.retriever import RetrievalResult

RULE_FILE = Path(__file__).with_name("context_rule.json")
NAMED = 0.8  # term coverage from which a message names a service
# The second retrieval (with context) runs only for a message that could move; below this confidence so many
# could that it set the 95th percentile of a turn: the fit's best rule moved from 0.6 (accuracy 0.896 on our
# 328 cases) and p95 per text turn rose from 137 to 155–175 ms (`servicecenter bench`, 300 turns, 2026-12-06).
# From 0.7 the fit reaches 0.884, above the 0.866 of the rule before named_gap.
MIN_MOVE_CONFIDENCE = 0.7
# "und …", "das", "dafür", "da": the message points back at what was said before
_REFERS_BACK = re.compile(
    r"^\W*(und|ach so|ach ja|okay und|ok und|gut und|dann|and|what about|peki|а|і|و)\b|"
    r"\b(dafür|dazu|damit|dort|dabei|dahin|davon|it|that|there|bunu|orada|это|там|це|там)\b",
    re.IGNORECASE,
)


def refers_back(text: str) -> bool:
    return bool(_REFERS_BACK.search(text))


# "damit", "dafür", "dort": a pronoun that stands for the thing discussed, whatever else the message says
_POINTS_BACK = re.compile(r"\b(dafür|dazu|damit|dabei|davon|dort|dorthin|dahin|hierfür|hierzu)\b", re.IGNORECASE)


def points_back(text: str) -> bool:
    return bool(_POINTS_BACK.search(text))


# "Nein, ich meinte …", "äh ne warte, ich mein …", "Korrektur: abmelden, nicht anmelden", "nicht für mich,
# für die Firma": the citizen corrects what the assistant understood, whatever intent DIET reads in the
# rest of the message. Fillers before the "nein" do not hide it; a bare "ne" counts only before a word
# that corrects ("ne Frage noch" asks on).
_FILLERS = (
    r"(?:(?:äh+m?|öh+m?|hm+|oh|ach|ups|oops|upps|sorry|pardon|moment|halt|warte|stopp?|wait|özür dilerim|"
    r"извините|простите|вибачте|عفوا|عفواً|آسف)\W+)*"
)
_CORRECTS = re.compile(
    rf"^\W*{_FILLERS}(nein|nee|nö|no|nope|falsch|quatsch|stopp|korrektur|hayır|yok|ні|нет|لا|non)\b|"
    r"^\W*(äh+m? )?ne\W+(warte|sorry|moment|halt|ich mein|nicht|falsch)\b|"
    r"\b(ich )?(meinte|meine eigentlich|meinte eigentlich|hab mich vertan|habe mich vertan|hab mich verschrieben)\b|"
    r"\bich mein(e)? (eigentlich|doch|natürlich|ja|ein|eine|einen|die|den|das|der)\b|"
    r"(das ist|es geht um) (was|etwas) (ganz )?anderes|"
    r"\bnicht (das|die|den|der|für mich)\b.{0,40}\b(sondern|für|um)\b|\w, nicht \w+( \w+)?\W*$|"
    # "also eher diese Grundsicherung", "geht eher um den Anbau": what was meant, said as "rather"
    r"\b(also|dann|nee|nein|ne|doch) eher (die|der|das|den|dem|diese\w*|so|um|für|in)\b|\beher (so )?(gemeint|um)\b|"
    # the citizen says the question came out wrong: "hab mich schlecht ausgedrückt", "let me rephrase"
    r"\b(unklar|falsch|missverständlich|ungenau|schlecht|blöd|undeutlich) ausgedrückt\b|\banders gemeint\b|"
    r"\b(sie haben|du hast) mich (falsch verstanden|missverstanden)\b|\blet me (rephrase|clarify)\b|"
    r"\bi (wasn'?t|was not) clear\b|yanlış anlattım|неправильно (выразил|сформулировал)|неточно висловил|"
    r"\bi (meant|mean)\b|\bnot that\b|\bwrong one\b|demek istedim|kastettim|"
    r"имел[аи]? в виду|\bвернее\b|\bточнее\b|мала? на увазі|\bтобто\b|أقصد|قصدت|je voulais dire|\bplutôt\b",
    re.IGNORECASE,
)


def corrects(text: str) -> bool:
    return bool(_CORRECTS.search(text))


# "es geht um meinen Sohn, der ist 8", "das ist für meine Mutter": who the service is for, said after it was named
_FOR_WHOM = re.compile(
    r"\b(es geht|geht es|das ist|ist das|es ist|wäre das) (\w+ )?(um|für) (mein|meine|meinen|meinem|meiner|unser\w*) "
    r"(sohn|tochter|kind\w*|vater|mutter|papa|mama|mann|frau|ehemann|ehefrau|partner\w*|eltern|oma|opa|großmutter|"
    r"großvater|schwester|bruder|enkel\w*|schwieger\w*|neffe\w*|nichte\w*|tante|onkel)\b|"
    # "nicht für mich, für meinen Sohn", "für meine Tochter, nicht für mich": said against the citizen themself
    r"\bnicht (für )?(mich|mir)\W+(sondern )?(für|um) (mein|meine|meinen|meinem|meiner|unser\w*) \w+|"
    r"\b(für|um) (mein|meine|meinen|meinem|meiner|unser\w*) \w+\W+nicht (für )?(mich|mir)\b|"
    r"\b(it'?s|it is) (actually |really )?for my (son|daughter|child|father|mother|husband|wife|parents)\b|"
    r"\bnot for me\W+(but )?for my \w+|"
    # in the other languages of the widget: "oğlum değil, kızım", "kızım için", "это для моей дочери", "це для мого
    # сина", "هذا لابني", "c'est pour ma fille"
    r"\b(oğlum|kızım|çocuğum|eşim|annem|babam|kocam|karım)\w* (değil|için)\b|"
    r"\b(это|не для меня\W+а|не для мене\W+а|це) (для|для мо\w+) (мо\w+ )?"
    r"(сын\w*|син\w*|дочер\w*|доч\w*|донь\w*|ребён\w*|дитин\w*|муж\w*|чолов\w*|жен\w*|дружин\w*|мам\w*|отц\w*|батьк\w*)|"
    r"(هذا|هذه|ليس لي بل|مش إلي) ?ل(ابني|ابنتي|بنتي|زوجي|زوجتي|أمي|أبي|طفلي)|"
    r"\bc'est pour (mon|ma) (fils|fille|enfant|mari|femme|mère|père)\b",
    re.IGNORECASE,
)


def names_whom_it_is_for(text: str) -> bool:
    return bool(_FOR_WHOM.search(text))


@dataclass(frozen=True)
class Reading:
    """One retrieval of a message: its top service, calibrated confidence and the current service's score gap."""

    top: str | None
    confidence: float
    gap_to_current: float  # top score minus the current service's score (1.0 when it is not among the candidates)
    named: float = 0.0  # how fully the message contains a search term of the top service
    # words of the top service's texts that the current service's texts lack (knowledge/service_words.py)
    new_words: int = 0


@dataclass(frozen=True)
class ContextRule:
    # the message alone must name another service at least this surely …
    move_confidence: float = 0.5
    # … and score it this far above the service discussed so far …
    move_gap: float = 0.05
    # … unless the reading with context still prefers the current service, then it must be this sure,
    override_confidence: float = 0.9
    # … and this sure when the message also points back ("und was muss ich da mitbringen")
    refers_back_confidence: float = 0.95
    # a message that does not name the new service (no search term of it, "was kostet der Spaß?")
    # moves only when the reading is this sure
    unnamed_confidence: float = 1.0
    # a message that names the new service in its own words needs only this gap: siblings of one family
    # ("Hundesteuer" – "und die Registrierung beim Land?") share most of their words, so their scores stay close
    named_gap: float = 0.1
    # a message less sure than that still moves from this confidence when the reading with the service discussed
    # as context agrees on the other service: "Bierbänke auf den Gehweg" after the street party is the
    # Sondernutzung even with the party in mind (1.0: never)
    agree_confidence: float = 1.0
    # a message with a word of the other service's texts that the current service's lack ("aussuchen" after the
    # Zulassung is the Wunschkennzeichen) moves from this confidence and gap, whatever the reading with context
    # (1.0: never)
    new_word_confidence: float = 1.0
    new_word_gap: float = 1.0

    def moves_by_new_words(self, alone: Reading) -> bool:
        return (
            self.new_word_confidence < 1.0
            and alone.new_words > 0
            and alone.confidence >= self.new_word_confidence
            and alone.gap_to_current >= self.new_word_gap
        )

    def _sure_move(self, alone: Reading) -> bool:
        named = alone.named >= NAMED
        # the smaller lead needs a word the current service lacks ("Registrierung beim Land"): a term of words both
        # share ("Kind anmelden" after the Kita place) names nothing new
        gap = min(self.move_gap, self.named_gap) if named and alone.new_words > 0 else self.move_gap
        if alone.confidence < self.move_confidence or alone.gap_to_current < gap:
            return False
        return named or alone.confidence >= self.unnamed_confidence

    def may_move(self, current: str, alone: Reading) -> bool:
        """Whether the message alone could move at all; only then is the reading with context needed."""
        if alone.top is None or alone.top == current:
            return False
        return self._sure_move(alone) or alone.confidence >= self.agree_confidence or self.moves_by_new_words(alone)

    def moves(self, current: str, alone: Reading, with_context: Reading | None, points_back: bool = False) -> bool:
        """True when the message is about another service than `current`."""
        if not self.may_move(current, alone):
            return False
        if self.moves_by_new_words(alone):
            return True
        if not self._sure_move(alone):
            return with_context is not None and with_context.top == alone.top and not points_back
        if with_context is not None and with_context.top == current:
            needed = self.refers_back_confidence if points_back else self.override_confidence
            return alone.confidence >= needed
        return True

    @classmethod
    def load(cls, path: Path = RULE_FILE) -> ContextRule:
        return cls(**json.loads(path.read_text(encoding="utf-8"))["rule"]) if path.exists() else cls()


class Searcher(Protocol):
    def search(self, text: str, k: int = 3) -> RetrievalResult: ...


def reading(result: RetrievalResult, current: str | None) -> Reading:
    """A retrieval result seen from the current service."""
    if not result.matches:
        return Reading(None, 0.0, 0.0)
    top = result.matches[0]
    score = next((m.score for m in result.matches if m.service_id == current), None)
    return Reading(top.service_id, result.confidence, 1.0 if score is None else top.score - score, result.named)


def read_in_context(searcher: Searcher, service_name: str, text: str, current: str, k: int = 25) -> Reading:
    """The message with the current service's name before it ("Reisepass beantragen: und bis wann?")."""
    return reading(searcher.search(f"{service_name}: {text}", k=k), current)


@dataclass(frozen=True)
class FitCase:
    current: str
    target: str
    alone: Reading
    with_context: Reading
    points_back: bool = False


def accuracy(rule: ContextRule, cases: Sequence[FitCase]) -> float:
    """Share of cases whose resulting service is the target: the current one, or the alone reading's top."""
    right = 0
    for case in cases:
        moved = rule.moves(case.current, case.alone, case.with_context, case.points_back)
        chosen = case.alone.top if moved else case.current
        right += chosen == case.target
    return right / len(cases) if cases else 0.0


def fit(
    cases: Sequence[FitCase], grid: Iterable[tuple[float, float, float, float, float, float]] | None = None
) -> tuple[ContextRule, float]:
    """The thresholds with the best accuracy; ties go to the rule that moves least (staying is the safer error)."""
    if grid is None:
        confidences = _steps(0.3, 1.0, 0.1)
        moves = _steps(MIN_MOVE_CONFIDENCE, 1.0, 0.1)
        gaps = _steps(0.0, 0.1, 0.02)
        named_gaps = _steps(0.0, 0.1, 0.01)
        grid = itertools.product(moves, gaps, confidences, confidences, confidences, named_gaps)
    best: tuple[float, float, ContextRule] | None = None
    for move_confidence, move_gap, override, back, unnamed, named_gap in grid:
        if not move_confidence <= override <= back or unnamed < move_confidence or named_gap > move_gap:
            continue
        rule = ContextRule(move_confidence, move_gap, override, back, unnamed, named_gap)
        score = accuracy(rule, cases)
        caution = move_confidence + move_gap + override + back + unnamed + named_gap
        if best is None or (score, caution) > (best[0], best[1]):
            best = (score, caution, rule)
    assert best is not None
    # then the agreeing move on top of the best rule; ties go to the higher threshold (moving less)
    rule, score = best[2], best[0]
    for agree in sorted(_steps(0.2, 1.0, 0.1), reverse=True):
        candidate = replace(rule, agree_confidence=agree)
        candidate_score = accuracy(candidate, cases)
        if candidate_score > score:
            rule, score = candidate, candidate_score
    # then the move by new words, again moving least among equals
    start = rule
    for confidence, gap in itertools.product(
        sorted(_steps(0.4, 0.95, 0.05), reverse=True), sorted(_steps(0.0, 0.06, 0.005), reverse=True)
    ):
        candidate = replace(start, new_word_confidence=confidence, new_word_gap=gap)
        candidate_score = accuracy(candidate, cases)
        if candidate_score > score:
            rule, score = candidate, candidate_score
    return rule, score


def save(rule: ContextRule, score: float, cases: int, path: Path = RULE_FILE) -> None:
    data = {"rule": asdict(rule), "fit_accuracy": round(score, 4), "fit_cases": cases}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def _steps(start: float, stop: float, step: float) -> List[float]:
    count = round((stop - start) / step) + 1
    return [round(start + i * step, 4) for i in range(count)]
