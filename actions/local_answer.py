"""The local part of an answer: the commune's office with address, phone and opening hours.

Every value is said with its source and Stand; values the commune has not confirmed are marked,
old ones (over two years, or undated) too, and the computed "heute geöffnet" is then only a
"nach diesen Angaben wäre …". The moment of the question is passed in, never read here.
"""

from __future__ import annotations

import datetime as dt
from typing import Dict, List, Literal

from babel.dates import format_date, get_day_names

from actions.texts import Texts
from knowledge.hours import HoursWords, closed_reason, day_ranges_text, open_state, state_text, week_text
from knowledge.local import LocalAnswer, local_office
from knowledge.offices import CitationWords, Hours, LocalOffice, Sourced, citation, is_old
from knowledge.store import KnowledgeBase

GERMAN = Texts()

FIELDS = ("address", "phone", "email", "appointment_url")


def _with_note(value: str, item: Sourced, texts: Texts) -> str:
    return f"{value} ({texts.note(item.note)})" if item.note else value


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
        month_format=texts.month,  # a source dated by month only ("07.2019") gets no invented day
    )


def contact_line(kb: KnowledgeBase, office: LocalOffice, today: dt.date, texts: Texts = GERMAN) -> str | None:
    """ "Stadt Seelze – Bürgerbüro: Telefon …, E-Mail … – laut …, Stand …, nicht von der Kommune bestätigt." """
    by_citation: Dict[str, List[str]] = {}
    words = citation_words(texts)
    for name in FIELDS:
        item = getattr(office, name)
        if item is not None:
            said = f"{texts.say(f'utter_contact_{name}')} {_with_note(item.value, item, texts)}"
            by_citation.setdefault(citation(item, kb.sources, today, words), []).append(said)
    if not by_citation:
        return None
    parts = [f"{', '.join(values)} – {cited}" for cited, values in by_citation.items()]
    return f"{office.name}: " + "; ".join(parts) + "."


def hours_words(texts: Texts) -> HoursWords:
    if texts.german:
        return HoursWords()
    locale = texts.info.locale
    german_clock = locale.startswith("de")  # Leichte Sprache reads "8 Uhr" as German does
    say = texts.say
    return HoursWords(
        day_names=HoursWords().day_names if german_clock else tuple(_days(locale, "wide")),
        short_names=HoursWords().short_names if german_clock else tuple(_days(locale, "abbreviated")),
        german_clock=german_clock,
        date=HoursWords().date if german_clock else lambda day: str(format_date(day, "d MMM", locale=locale)),
        open_until=say("utter_hours_open_until", time="{time}"),
        none_known=say("utter_hours_none_known"),
        reopens_today=say("utter_hours_reopens_today", range="{range}"),
        from_time=say("utter_hours_from_time", time="{time}"),
        closed_for=say("utter_hours_closed_for", reason="{reason}"),
        no_longer_open=say("utter_hours_no_longer_open"),
        closed_today=say("utter_hours_closed_today"),
        next_opening=say("utter_hours_next_opening", today="{today}", when="{when}", date="{date}", time="{time}"),
        tomorrow=say("utter_hours_tomorrow"),
        appointment=say("utter_hours_appointment"),
        even_weeks=say("utter_hours_even_weeks"),
        odd_weeks=say("utter_hours_odd_weeks"),
        nth=say("utter_hours_nth", nths="{nths}", day="{day}"),
        nth_except=say("utter_hours_nth_except", nths="{nths}", day="{day}"),
        ordinal=say("utter_hours_ordinal", n="{n}"),
        and_word=say("utter_word_and"),
        reason=texts.note,
    )


def _days(locale: str, width: Literal["abbreviated", "wide"]) -> List[str]:
    names = get_day_names(width, locale=locale)
    return [str(names[i]) for i in range(7)]  # Babel counts from Monday = 0, as Python does


def hours_lines(
    kb: KnowledgeBase,
    office: LocalOffice,
    today: dt.date,
    now: dt.datetime | None,
    texts: Texts = GERMAN,
    asked: dt.date | None = None,
) -> List[str]:
    """The computed state first (when the moment is known), the hours of the `asked` date, then the regular week,
    then where it comes from."""
    hours = office.hours
    if hours is None:
        return [texts.say("utter_hours_missing", office=office.name)]
    cited = citation(hours, kb.sources, today, citation_words(texts))
    old = is_old(hours, kb.sources, today)
    words = hours_words(texts)
    lines = []
    if now is not None:
        state = state_text(open_state(hours, now), now, words)
        if hours.verified and not old:
            lines.append(texts.say("utter_hours_state", office=office.name, state=state))
        elif old:
            lines.append(texts.say("utter_hours_last_known", office=office.name, state=state, cited=cited))
        else:
            lines.append(texts.say("utter_hours_state_cited", office=office.name, state=state, cited=cited))
    if asked is not None:
        lines.append(day_line(hours, asked, words, texts, unconfirmed=not hours.verified or old))
    week = week_text(hours, words)
    if now is not None:
        lines.append(texts.say("utter_hours_regular", week=week))
    else:
        lines.append(texts.say("utter_hours_regular_cited", office=office.name, cited=cited, week=week))
    if not hours.verified or old:
        lines.append(texts.say("utter_hours_check"))
    return lines


def day_line(hours: Hours, day: dt.date, words: HoursWords, texts: Texts, unconfirmed: bool) -> str:
    """ "Am Mittwoch, 09.12.: 8 bis 12 Uhr." or "…, ist geschlossen (Feiertag …)."; hours that are old or not
    confirmed by the commune say so in the same line."""
    name, date = words.day_names[day.weekday()], words.date(day)
    mark = " " + texts.say("utter_hours_unconfirmed_mark") if unconfirmed else ""
    ranges = day_ranges_text(hours, day, words)
    if ranges:
        return texts.say("utter_hours_on_day", day=name, date=date, ranges=ranges + mark)
    reason = closed_reason(hours, day)
    said = f" ({words.reason(reason)})" if reason else ""
    return texts.say("utter_hours_closed_on_day", day=name, date=date, reason=said + mark)


def local_lines(
    kb: KnowledgeBase,
    service_id: str,
    commune: str | None,
    today: dt.date,
    now: dt.datetime | None,
    with_hours: bool,
    texts: Texts = GERMAN,
    asked: dt.date | None = None,
) -> List[str]:
    """What the commune layer adds to an answer; empty when there is nothing local to say. `asked`: the date the
    question asks the hours for ("mittwochs", "morgen")."""
    found: LocalAnswer | None = local_office(kb, service_id, commune)
    if found is None:
        return []
    if found.office is None:
        unit = found.responsibility.unit or "Bürgerbüro"
        return [texts.say("utter_local_unknown", unit=unit, commune=commune)] if with_hours else []
    lines = (
        hours_lines(kb, found.office, today, now, texts, asked) if with_hours else []
    )  # asked for the hours: they come first
    if not found.exact:
        lines.append(texts.say("utter_local_via", office=found.office.name))
    contact = contact_line(kb, found.office, today, texts)
    if contact:
        lines.append(contact)
    return lines


def hours_known(kb: KnowledgeBase, service_id: str, commune: str | None) -> bool:
    found = local_office(kb, service_id, commune)
    return bool(found and found.office and found.office.hours)
