"""The local part of an answer: the commune's office with address, phone and opening hours.

Every value is said with its source and Stand; values the commune has not confirmed are marked,
old ones (over two years, or undated) too, and the computed "heute geöffnet" is then only a
"nach diesen Angaben wäre …". The moment of the question is passed in, never read here.
"""

from __future__ import annotations

import datetime as dt
from typing import Dict, List

from actions.texts import Texts
from knowledge.hours import open_state, state_text, week_text
from knowledge.local import LocalAnswer, local_office
from knowledge.offices import CitationWords, LocalOffice, Sourced, citation, is_old
from knowledge.store import KnowledgeBase

GERMAN = Texts()

FIELDS = ("address", "phone", "email", "appointment_url")


def _with_note(value: str, item: Sourced) -> str:
    return f"{value} ({item.note})" if item.note else value


def citation_words(texts: Texts) -> CitationWords:
    if texts.german:
        return CitationWords()
    date = texts.date
    return CitationWords(
        according=texts.say(
            "utter_cite_according", source="{source}", when="{when}", old="{old}", confirmed="{confirmed}"
        ),
        stand=texts.say("utter_cite_stand", date="{date}"),
        undated=texts.say("utter_cite_undated"),
        old=" " + texts.say("utter_cite_old"),
        confirmed=", " + texts.say("utter_cite_confirmed", date="{date}"),
        unconfirmed=", " + texts.say("utter_cite_unconfirmed"),
        date_format=date,
        month_format=date,
    )


def contact_line(kb: KnowledgeBase, office: LocalOffice, today: dt.date, texts: Texts = GERMAN) -> str | None:
    """ "Stadt Seelze – Bürgerbüro: Telefon …, E-Mail … – laut …, Stand …, nicht von der Kommune bestätigt." """
    by_citation: Dict[str, List[str]] = {}
    words = citation_words(texts)
    for name in FIELDS:
        item = getattr(office, name)
        if item is not None:
            said = f"{texts.say(f'utter_contact_{name}')} {_with_note(item.value, item)}"
            by_citation.setdefault(citation(item, kb.sources, today, words), []).append(said)
    if not by_citation:
        return None
    parts = [f"{', '.join(values)} – {cited}" for cited, values in by_citation.items()]
    return f"{office.name}: " + "; ".join(parts) + "."


def hours_lines(kb: KnowledgeBase, office: LocalOffice, today: dt.date, now: dt.datetime | None) -> List[str]:
    """The computed state first (when the moment is known), then the regular week, then where it comes from."""
    hours = office.hours
    if hours is None:
        return [f"Öffnungszeiten von {office.name} liegen hier nicht vor."]
    cited = citation(hours, kb.sources, today)
    old = is_old(hours, kb.sources, today)
    lines = []
    if now is not None:
        state = state_text(open_state(hours, now), now)
        if hours.verified and not old:
            lines.append(f"{office.name}: {state}.")
        elif old:
            lines.append(f"{office.name}: nach den letzten bekannten Zeiten {state} ({cited}).")
        else:
            lines.append(f"{office.name}: {state} ({cited}).")
    week = f"Regelmäßig: {week_text(hours)}."
    lines.append(week if now is not None else f"{office.name}, {cited}: {week_text(hours)}.")
    if not hours.verified or old:
        lines.append("Bitte prüfen Sie die Zeiten vor dem Besuch auf der Website der Kommune oder unter der 115.")
    return lines


def local_lines(
    kb: KnowledgeBase,
    service_id: str,
    commune: str | None,
    today: dt.date,
    now: dt.datetime | None,
    with_hours: bool,
    texts: Texts = GERMAN,
) -> List[str]:
    """What the commune layer adds to an answer; empty when there is nothing local to say.

    The opening hours are said in German only (knowledge/hours.py); the answer then carries the German note.
    """
    found: LocalAnswer | None = local_office(kb, service_id, commune)
    if found is None:
        return []
    if found.office is None:
        unit = found.responsibility.unit or "Bürgerbüro"
        return [texts.say("utter_local_unknown", unit=unit, commune=commune)] if with_hours else []
    lines = hours_lines(kb, found.office, today, now) if with_hours else []  # asked for the hours: they come first
    if not found.exact:
        lines.append(texts.say("utter_local_via", office=found.office.name))
    contact = contact_line(kb, found.office, today, texts)
    if contact:
        lines.append(contact)
    return lines


def hours_known(kb: KnowledgeBase, service_id: str, commune: str | None) -> bool:
    found = local_office(kb, service_id, commune)
    return bool(found and found.office and found.office.hours)
