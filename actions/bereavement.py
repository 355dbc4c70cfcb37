"""A death told as a loss ("ich habe meinen Mann verloren", "babamı kaybettim"): the services after a death.

The retrieval and the life-situation detector read "verloren" as a lost thing and offer the lost identity card or the
lost-property office; DIET reads a case. A close person lost is a death (a child lost in a crowd is not: it is missed,
and the emergency detector reads it)."""

from __future__ import annotations

import re

DEATH = "todesfall"  # the life situation of knowledge/life_situations.yaml

_PERSON_DE = r"(mann|ehemann|frau|ehefrau|vater|mutter|papa|mama|partner\w*|lebensgefährt\w*|oma|opa|bruder|schwester)"
_WHAT_THE_PERSON_HAS = r"(hat|haben|ihr\w*|sein\w*|den|das|einen|eine)"
_DEATH_AS_LOSS = re.compile(
    # the words between the person and "verloren" tell when, not what the person lost ("meine Frau hat ihren Pass …")
    rf"\b(meinen|meine|unseren|unsere) (\w+ )?{_PERSON_DE} ((?!{_WHAT_THE_PERSON_HAS}\b)\w+ ){{0,3}}verloren\b|"
    r"\blost (my|our) (husband|wife|father|mother|dad|mum|mom|partner|grandma|grandpa|brother|sister)\b|"
    r"\b(eşimi|kocamı|karımı|annemi|babamı|dedemi|ninemi|anneannemi|babaannemi|kardeşimi) kaybett|"
    r"\b(потерял\w*|втратил\w*) (мужа|жену|отца|мать|маму|папу|бабушку|дедушку|чоловіка|дружину|батька|матір|"
    r"маму|тата|бабусю|дідуся)|فقدت (زوجي|زوجتي|أبي|أمي|والدي|والدتي)|توفي (زوجي|أبي|والدي)|توفيت (زوجتي|أمي|والدتي)|"
    r"\bj'ai perdu (mon mari|ma femme|mon père|ma mère|mon papa|ma maman)",
    re.IGNORECASE,
)


def tells_a_death(text: str) -> bool:
    return bool(_DEATH_AS_LOSS.search(text))
