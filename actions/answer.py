"""The answer for a service: one aspect, or an overview with aspect buttons; always sourced.

Form: the concrete fact first (the fee valid today, the deadline, the responsible office), then at
most about three sentences, then the source line with its Stand date. The phone reads the first
sentences only, so the fact must come first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Dict, List
from zoneinfo import ZoneInfo

from actions.asked_day import AskedDay
from actions.language import EASY_GERMAN
from actions.local_answer import GERMAN, citation_words, hours_known, local_lines
from actions.sentences import first_sentences
from actions.texts import Texts
from knowledge.facts import Fact, FactWording, render_fact
from knowledge.responsibility import Group, Responsibility, depends_on_commune, responsible_office
from knowledge.schema import ASPECTS, Service
from knowledge.sources import SourceRef
from knowledge.store import KnowledgeBase

COMMUNE_ASPECTS = ("zustaendigkeit", "oeffnungszeiten")
BERLIN = ZoneInfo("Europe/Berlin")
MAX_SENTENCES = 3  # after the lead fact


@dataclass
class Reply:
    text: str
    buttons: List[Dict[str, Any]] = field(default_factory=list)


def source_line(service: Service, texts: Texts, cited: SourceRef | None = None) -> str:
    """The source of the lead fact when there is one (with its own date), else the service record's."""
    if cited is not None:
        dated = f" ({cited.date_label})" if cited.published else ""
        return texts.say(
            "utter_line_source", title=f"{cited.title}{dated}", url=cited.url, date=_date(texts, cited.seen)
        )
    link = service.official_page or service.online_service
    date = _date(texts, service.source.stand)
    if service.source.sample:
        date += " " + texts.say("utter_line_sample_data")
    if link:
        return texts.say("utter_line_source", title=service.source.title, url=link.url, date=date)
    return texts.say("utter_line_source_no_link", title=service.source.title, date=date)


def _date(texts: Texts, day: dt.date) -> str:
    return texts.date(day)


def office_line(kb: KnowledgeBase, service_id: str, kommune: str | None, texts: Texts) -> str:
    """Who is responsible, from the sourced rules; unconfirmed entries name whom to ask instead."""
    resp = responsible_office(kb, service_id, kommune)
    if resp.varies:
        return _varies_line(resp, texts)
    website = f" ({resp.office.website})" if resp.office and resp.office.website else ""
    name = f"{_said_name(resp, texts)}{website}"
    if not resp.verified:
        key = "utter_line_office_unconfirmed_in" if resp.commune else "utter_line_office_unconfirmed"
        line = texts.say(key, name=name, commune=resp.commune)
    elif resp.commune:
        line = texts.say("utter_line_office_in", name=name, commune=resp.commune)
    elif resp.office:
        line = texts.say("utter_line_office", name=name)
    else:
        line = texts.say("utter_line_office_general", name=_said_name(resp, texts))
    contact = _authority_contact(resp, texts)
    if contact:
        line += f" {contact}"
    if resp.note:
        line += " " + texts.note(resp.note)
    if resp.decided_by:
        line += " " + texts.say("utter_line_decided_by", authority=resp.decided_by)
    if resp.counter:
        key = "utter_line_counter" if resp.counter_verified else "utter_line_counter_unconfirmed"
        line += " " + texts.say(key, counter=texts.note(resp.counter))
    return line


def _authority_contact(resp: Responsibility, texts: Texts) -> str:
    """An authority's phone, e-mail and hours, when authorities.yaml names them from a page that was read (a
    commune's own office says its contact in the lines of the commune layer)."""
    office = resp.office
    if resp.body == "kommune" or office is None or office.source.url is None or not resp.verified:
        return ""
    said = [
        f"{texts.say(f'utter_contact_{name}')} {getattr(office, name)}"
        for name in ("phone", "email")
        if getattr(office, name)
    ]
    if office.opening_hours:
        said.append(office.opening_hours)
    # the page gave no date of its own (its `stand` is the day it was read)
    words = citation_words(texts)
    cited = words.according.format(source=office.source.title, when=words.undated, old="", confirmed="")
    return f"{', '.join(said)} ({cited})." if said else ""


def _varies_line(resp: Responsibility, texts: Texts) -> str:
    *special, rest = resp.groups
    groups = ", ".join(
        texts.say("utter_line_office_group", name=_group_name(group, texts), communes=_names(group.communes, texts))
        for group in special
    )
    line = texts.say("utter_line_office_varies", groups=groups, rest=_group_name(rest, texts))
    if not resp.verified:
        line += " " + texts.say("utter_line_office_varies_unconfirmed")
    return line


def _said_name(resp: Responsibility, texts: Texts) -> str:
    """ "das Bürgerbüro Ihrer Stadt oder Gemeinde" in the citizen's language; a named office as it is called."""
    if not resp.generic or texts.info.locale.startswith("de"):  # German and Leichte Sprache keep the article
        return resp.name
    if resp.unit:
        return texts.say("utter_line_commune_unit", unit=resp.unit)
    return texts.say("utter_line_commune_administration")


def _group_name(group: Group, texts: Texts) -> str:
    if not group.commune_itself or texts.info.locale.startswith("de"):
        return group.name
    itself = texts.say("utter_line_commune_itself")
    return f"{itself} ({group.unit})" if group.unit else itself


def _names(names: tuple[str, ...], texts: Texts) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {texts.say('utter_word_and')} " + names[-1]


def commune_matters(kb: KnowledgeBase, service_id: str) -> bool:
    """True when the responsible office differs between communes."""
    return depends_on_commune(kb, service_id)


def fact_wording(texts: Texts) -> FactWording:
    """The fact table's words in the citizen's language (German: the table itself)."""
    if texts.german:
        return FactWording()
    return FactWording(
        locale=texts.info.locale,
        phrases=texts.knowledge.phrases,
        free=texts.say("utter_fact_free"),
        range=texts.say("utter_fact_range", low="{low}", high="{high}"),
        since=texts.say("utter_fact_since", date="{date}"),
        unconfirmed=texts.say("utter_fact_unconfirmed", date="{date}"),
        unconfirmed_undated=texts.say("utter_fact_unconfirmed_undated"),
        coming=texts.say("utter_fact_from", date="{date}", values="{values}"),
        translating=True,
    )


def fact_lines(
    kb: KnowledgeBase,
    service_id: str,
    aspect: str,
    day: dt.date,
    commune: str | None = None,
    wording: FactWording | None = None,
) -> List[str]:
    """The amounts and deadlines of this aspect valid on `day`, with the commune's local values."""
    return rendered(kb, kb.facts_for(service_id, aspect, commune), day, wording)


def rendered(kb: KnowledgeBase, facts: List[Fact], day: dt.date, wording: FactWording | None = None) -> List[str]:
    """The facts' lines valid on `day` (a fact with no value valid then says nothing)."""
    lines = (render_fact(fact, day, kb.sources, wording) for fact in facts)
    return [line for line in lines if line]


def compose_answer(
    kb: KnowledgeBase,
    service_id: str,
    aspect: str | None,
    kommune: str | None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    texts: Texts = GERMAN,
    asked: AskedDay | None = None,
) -> Reply:
    """The answer at the moment `now` (Europe/Berlin); with only `today`, no "open now" is computed. `asked`: the
    day a question about opening hours names ("mittwochs", "morgen").

    The clock is read here, at the entry, and only when neither is given; everything below gets it passed.
    In another language, a service text without a current translation is given in German after a note.
    """
    if now is None and today is None:
        now = dt.datetime.now(BERLIN)
    day = now.astimezone(BERLIN).date() if now is not None else today
    assert day is not None
    service = kb.service(service_id)
    local_texts = texts.knowledge
    name_text = local_texts.field(service, "name")
    name, fallback = name_text.text, name_text.fallback
    if aspect not in ASPECTS:
        summary = local_texts.field(service, "summary")
        local = local_lines(kb, service_id, kommune, day, now, with_hours=False, texts=texts)
        # the commune's own values come first even here: they are what its citizens most often ask for
        own = rendered(kb, kb.local_facts(service_id, kommune), day, fact_wording(texts))
        parts = [
            f"{name}: {first_sentences(summary.text, MAX_SENTENCES)}",
            *own,
            office_line(kb, service_id, kommune, texts),
        ]
        parts += [*local, source_line(service, texts)]
        return _reply(texts, parts, fallback or summary.fallback, aspect_buttons(texts))
    assert aspect is not None
    aspect_text = local_texts.field(service, aspect)
    text, fallback = aspect_text.text, fallback or aspect_text.fallback
    wording = fact_wording(texts)
    facts = fact_lines(kb, service_id, aspect, day, kommune, wording)
    office = aspect in COMMUNE_ASPECTS or bool(kommune and depends_on_commune(kb, service_id))
    cited = _cited(kb, kb.facts_for(service_id, aspect, kommune), day)
    with_hours = aspect == "oeffnungszeiten"
    asked_date = asked.date_from(day) if asked is not None and with_hours else None
    local = local_lines(kb, service_id, kommune, day, now, with_hours, texts, asked_date) if office else []
    if facts:
        parts = [f"{name} – {facts[0]}", *facts[1:], first_sentences(text, MAX_SENTENCES)]
    elif aspect == "zustaendigkeit":
        resp = responsible_office(kb, service_id, kommune)
        parts = [f"{name} – {office_line(kb, service_id, kommune, texts)}", *local, first_sentences(text, 2)]
        office, cited = False, next((s for s in resp.sources if s.current), None)
    elif aspect == "oeffnungszeiten" and local:
        general = [] if hours_known(kb, service_id, kommune) else [first_sentences(text, 2)]
        parts = [f"{name} – {local[0]}", *local[1:], *general]
        office = False
    else:
        label = texts.say(f"utter_aspect_{aspect}")
        parts = [f"{name} – {label}: {first_sentences(text, MAX_SENTENCES + 1)}"]
    if office:
        parts.append(office_line(kb, service_id, kommune, texts))
        parts += local
    if aspect == "online" and service.online_service:
        parts.append(
            texts.say("utter_line_online_service", title=service.online_service.title, url=service.online_service.url)
        )
    parts.append(source_line(service, texts, cited))
    fallback = fallback or bool(wording.untranslated)
    return _reply(texts, parts, fallback, aspect_buttons(texts, exclude=aspect, limit=4))


def _reply(texts: Texts, parts: List[str], fallback: bool, buttons: List[Dict[str, Any]]) -> Reply:
    """German text in an answer in another language is announced first; every answer offers Leichte Sprache."""
    if fallback and not texts.german:
        parts = [texts.say("utter_note_german_only"), *parts]
    if texts.language != EASY_GERMAN:
        buttons = [*buttons, texts.button("utter_button_easy_language", f'/set_language{{"language":"{EASY_GERMAN}"}}')]
    return Reply("\n".join(parts), buttons)


def _cited(kb: KnowledgeBase, facts: List[Fact], day: dt.date) -> SourceRef | None:
    """The first current source behind the values the answer states."""
    keys = [k for fact in facts for value in fact.valid_on(day) for k in value.sources]
    return next((kb.sources[k] for k in keys if kb.sources[k].current), None)


def aspect_buttons(texts: Texts, exclude: str | None = None, limit: int = len(ASPECTS)) -> List[Dict[str, Any]]:
    aspects = [a for a in ASPECTS if a != exclude][:limit]
    return [texts.button(f"utter_aspect_{a}", f'/inform{{"aspect":"{a}"}}') for a in aspects]
