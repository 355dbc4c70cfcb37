"""The commune layer: office records, opening hours by computation, and what the answer says of them."""

import datetime as dt
import re

import pytest
import yaml

from actions.answer import compose_answer
from actions.asked_day import AskedDay
from actions.sentences import first_sentences
from actions.texts import Texts
from knowledge.facts import verified
from knowledge.hours import BERLIN, easter_sunday, holidays, open_state, state_text, week_text
from knowledge.local import local_office
from knowledge.offices import Hours, is_old
from knowledge.store import KnowledgeError
from tests.conftest import load_copy

WEEK = {
    "sources": ["haz-laatzen-buergerbuero-2020"],
    "spans": [
        {"days": ["mo", "di", "mi"], "opens": "08:00", "closes": "12:00"},
        {"days": ["do"], "opens": "14:00", "closes": "18:30"},
        {"days": ["sa"], "opens": "10:00", "closes": "12:00", "weeks": "gerade"},
        {"days": ["fr"], "opens": "09:00", "closes": "12:00", "nth": [1]},
    ],
    "closures": [{"start": "2026-08-03", "end": "2026-08-07", "note": "Sommerschließung"}],
}


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


def test_easter_and_lower_saxony_holidays():
    assert easter_sunday(2026) == dt.date(2026, 4, 5)
    assert easter_sunday(2027) == dt.date(2027, 3, 28)
    days = holidays(2026)
    assert days[dt.date(2026, 4, 3)] == "Karfreitag"
    assert days[dt.date(2026, 5, 14)] == "Christi Himmelfahrt"
    assert days[dt.date(2026, 10, 31)] == "Reformationstag"
    assert dt.date(2026, 11, 1) not in days  # Allerheiligen is no holiday in Lower Saxony


def test_open_state_follows_the_week_weeks_nth_closures_and_holidays():
    hours = Hours(**WEEK)
    monday = at(2026, 12, 7, 9, 15)
    assert open_state(hours, monday).open_now and open_state(hours, monday).closes_at == dt.time(12)
    late = open_state(hours, at(2026, 12, 7, 12, 0))  # closing time itself is closed
    assert not late.open_now and late.open_earlier_today and late.next_open == at(2026, 12, 8, 8, 0)
    thursday_morning = open_state(hours, at(2026, 12, 10, 9, 0))
    assert thursday_morning.next_open == at(2026, 12, 10, 14, 0) and thursday_morning.next_close == dt.time(18, 30)
    # Saturday 12.12.2026 is in ISO week 50 (even), 05.12. in week 49 (odd)
    assert open_state(hours, at(2026, 12, 12, 11, 0)).open_now
    assert not open_state(hours, at(2026, 12, 5, 11, 0)).open_now
    # Friday only on the first Friday of the month
    assert open_state(hours, at(2026, 12, 4, 10, 0)).open_now
    assert not open_state(hours, at(2026, 12, 11, 10, 0)).open_now
    closed = open_state(hours, at(2026, 8, 4, 9, 0))
    assert not closed.open_now and closed.closed_reason == "Sommerschließung"
    assert closed.next_open == at(2026, 8, 8, 10, 0)  # Saturday 08.08. lies in ISO week 32 (even)
    good_friday = open_state(hours, at(2026, 4, 3, 10, 0))  # first Friday of April, but Karfreitag
    assert not good_friday.open_now and good_friday.closed_reason == "Feiertag (Karfreitag)"


def test_the_moment_is_read_in_berlin_time_and_must_be_aware():
    hours = Hours(**WEEK)
    summer_utc = dt.datetime(2026, 6, 1, 6, 30, tzinfo=dt.timezone.utc)  # 08:30 CEST, Monday
    assert open_state(hours, summer_utc).open_now
    with pytest.raises(ValueError, match="aware"):
        open_state(hours, dt.datetime(2026, 6, 1, 9, 0))


def test_state_and_week_are_said_for_the_ear():
    hours = Hours(**WEEK)
    assert state_text(open_state(hours, at(2026, 12, 10, 15, 0)), at(2026, 12, 10, 15, 0)) == (
        "heute bis 18.30 Uhr geöffnet"
    )
    sunday = at(2026, 12, 13, 10, 0)
    assert (
        state_text(open_state(hours, sunday), sunday) == "heute geschlossen, nächste Öffnung morgen, 14.12., um 8 Uhr"
    )
    week = week_text(hours)
    assert week.startswith("Mo–Mi 8 bis 12 Uhr, Do 14 bis 18.30 Uhr")
    assert "am 1. Freitag im Monat" in week and "gerade Kalenderwochen" in week


def test_office_fields_need_sources_and_confirmation_for_verified(kb_copy):
    path = kb_copy / "offices.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    phone = data["communes"]["Laatzen"]["offices"][0]["phone"]
    phone["verified"] = True
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="confirmed_on"):
        load_copy(kb_copy)
    phone["verified"], phone["sources"] = False, ["nie-gelesen"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="unknown source 'nie-gelesen'"):
        load_copy(kb_copy)
    phone["sources"] = []
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="give sources"):
        load_copy(kb_copy)


def _seen(field: str, value: str) -> str:
    """The part of a value that must appear in what was noted from its source."""
    if field == "phone":
        return re.sub(r"\D", "", value)
    if field == "address":
        return value.split(",")[0]
    if field == "appointment_url":
        return re.sub(r"^https?://(www\.)?", "", value)
    return value


def test_every_contact_value_was_read_in_one_of_its_sources(kb):
    """No invented values: each phone, mail, address and URL appears in the note taken from a cited source."""
    checked = 0
    for name, layer in kb.offices.items():
        assert name in kb.communes
        for office in layer.offices:
            for field, item in office.fields().items():
                if item is None:
                    continue
                assert item.verified == (item.confirmed_on is not None), (office.id, field)
                if field == "hours" or not item.sources:
                    continue
                notes = [kb.sources[k].note or "" for k in item.sources]
                wanted = _seen(field, item.value)
                plain = [re.sub(r"\D", "", n) if field == "phone" else n.replace("www.", "") for n in notes]
                assert any(wanted.replace("www.", "") in n for n in plain), (office.id, field, wanted)
                checked += 1
    assert checked >= 10


def _layer_with(kb_copy, hours=None, verified=False):
    path = kb_copy / "offices.yaml"
    office = {
        "id": "testkommune-buergerbuero",
        "name": "Gemeinde Uetze – Bürgerbüro (Testdaten)",
        "units": ["Bürgerbüro"],
        "phone": {"value": "(01234) 5678", "sources": ["haz-uetze-rathaus-2020"]},
        "hours": {**(hours or WEEK)},
    }
    if verified:
        office["hours"].update(
            {"verified": True, "confirmed_on": "2026-12-01", "origin": "Test", "stand": "2026-12-01"}
        )
    data = {"communes": {"Uetze": {"offices": [office]}}}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_copy(kb_copy)


def hours_answer(kb, **moment):
    return compose_answer(kb, "personalausweis-beantragen", "oeffnungszeiten", "Uetze", **moment).text


def test_answer_gives_computed_hours_first_with_stand_and_unconfirmed_note(kb_copy):
    kb = _layer_with(kb_copy)
    office = kb.offices_of("Uetze")[0]
    assert is_old(office.hours, kb.sources, dt.date(2026, 12, 10))
    text = compose_answer(
        kb, "personalausweis-beantragen", "oeffnungszeiten", "Uetze", now=at(2026, 12, 10, 15, 0)
    ).text
    first = text.splitlines()[0]
    assert "heute bis 18.30 Uhr geöffnet" in first
    assert "Stand 30.01.2020 (veraltet), nicht von der Kommune bestätigt" in first
    assert "Bitte prüfen Sie die Zeiten" in text and "(01234) 5678" in text
    assert (
        "nächste Öffnung"
        in compose_answer(kb, "personalausweis-beantragen", "oeffnungszeiten", "Uetze", now=at(2026, 12, 13, 9, 0)).text
    )


def test_confirmed_hours_are_said_plainly(kb_copy):
    kb = _layer_with(kb_copy, verified=True)
    text = compose_answer(
        kb, "personalausweis-beantragen", "oeffnungszeiten", "Uetze", now=at(2026, 12, 10, 15, 0)
    ).text
    first = text.splitlines()[0]
    assert first.endswith("Gemeinde Uetze – Bürgerbüro (Testdaten): heute bis 18.30 Uhr geöffnet.")
    assert "Bitte prüfen" not in text


def test_without_a_moment_no_open_state_is_claimed(kb_copy):
    kb = _layer_with(kb_copy)
    text = compose_answer(
        kb, "personalausweis-beantragen", "oeffnungszeiten", "Uetze", today=dt.date(2026, 12, 10)
    ).text
    assert "geöffnet" not in text.splitlines()[0] and "Mo–Mi 8 bis 12 Uhr" in text


def test_office_lookup_uses_the_responsible_unit_or_the_switchboard(kb):
    for commune in kb.offices:
        for sid in ("personalausweis-beantragen", "geburtsurkunde"):
            found = local_office(kb, sid, commune)
            assert found is not None
            if found.office is not None and found.exact:
                assert (found.responsibility.unit or "Bürgerbüro") in found.office.units
            elif found.office is not None:
                assert "Zentrale" in found.office.units
    assert local_office(kb, "personalausweis-beantragen", None) is None


def test_local_hundesteuer_only_for_its_commune(kb):
    day = dt.date(2026, 12, 4)
    local = [f for f in kb.facts_for("hundesteuer-anmelden", "kosten", None) if f.communes]
    assert local == []
    for fact in kb.facts:
        if not fact.communes:
            continue
        own = compose_answer(kb, fact.services[0], fact.aspect, fact.communes[0], today=day).text
        assert fact.label in own
        # an unconfirmed value says so; one from a current official page does not need to
        unconfirmed = not all(verified(v, kb.sources) for v in fact.values)
        assert ("(nicht bestätigt, " in own) == unconfirmed, own
        other = next(c for c in kb.communes if c not in fact.communes)
        assert fact.label not in compose_answer(kb, fact.services[0], fact.aspect, other, today=day).text


def test_leika_keys_have_14_digits_and_a_source(kb):
    keyed = [s for s in kb.services.values() if s.leika]
    for service in keyed:
        assert re.fullmatch(r"\d{14}", service.leika or ""), service.id
        assert service.leika_source in kb.sources, service.id
    assert len(keyed) >= 1


def test_without_local_hours_the_general_text_stays(kb):
    commune = next(c for c in sorted(kb.communes) if not kb.offices_of(c))
    service = kb.service("personalausweis-beantragen")
    text = compose_answer(kb, service.id, "oeffnungszeiten", commune, now=at(2026, 12, 10, 10, 0)).text
    assert f"in {commune} liegen hier noch nicht vor" in text.splitlines()[0]
    assert first_sentences(service.aspects.oeffnungszeiten, 1) in text


def test_an_authority_s_own_undated_page_is_current_and_an_old_press_item_is_not(kb):
    """The commune's service page shows no date but is what the office publishes now (as for facts); the same value
    from a press item of 2020 is marked old."""
    day = dt.date(2026, 12, 10)
    official = [
        item
        for layer in kb.offices.values()
        for office in layer.offices
        for item in office.fields().values()
        if item is not None
        and item.sources
        and kb.sources[item.sources[0]].kind == "amtlich"
        and kb.sources[item.sources[0]].published is None
    ]
    assert official, "no office field rests on an undated official page"
    assert not any(is_old(item, kb.sources, day) for item in official)
    press = official[0].copy(update={"sources": ["haz-uetze-rathaus-2020"]})
    assert is_old(press, kb.sources, day)


def test_an_authority_says_its_contact_from_the_page_that_named_it(kb):
    day = dt.date(2026, 12, 6)
    text = compose_answer(kb, "sperrmuell", "zustaendigkeit", "Garbsen", today=day).text
    # aha's hotline, as the Stadt Neustadt a. Rbge. names it, with where it was read
    assert "Telefon 0800 999 11 99" in text and "Mo–Do 7.00–16.30 Uhr" in text
    assert "laut Stadt Neustadt am Rübenberge: Wilder Müll (Kontakt aha), ohne Datum" in text
    # an authority without such a page names no contact of its own
    assert "Telefon" not in compose_answer(kb, "steuer-id", "zustaendigkeit", "Garbsen", today=day).text


def test_a_day_asked_for_gets_its_hours_computed_with_weeks_and_closures(kb_copy):
    kb = _layer_with(kb_copy, verified=True)
    monday = at(2026, 12, 7, 9, 0)

    def day_line(weekday: int, texts: Texts | None = None) -> str:
        extra = {"texts": texts} if texts else {}
        reply = compose_answer(
            kb, "personalausweis-beantragen", "oeffnungszeiten", "Uetze", now=monday, asked=AskedDay(weekday), **extra
        )
        return reply.text.splitlines()[1]

    assert day_line(3) == "Am Donnerstag, 10.12.: 14 bis 18.30 Uhr."
    # Saturdays only in even weeks: 12.12.2026 is in week 50, the first Friday of the month was 04.12.
    assert day_line(5) == "Am Samstag, 12.12.: 10 bis 12 Uhr."
    assert day_line(4) == "Am Freitag, 11.12., ist geschlossen."
    assert day_line(0) == "Am Montag, 07.12.: 8 bis 12 Uhr."  # the weekday of today is today
    assert day_line(3, Texts("en", None)).startswith("On Thursday, 10 Dec: 14:00–18:30")
    holiday = compose_answer(
        kb, "personalausweis-beantragen", "oeffnungszeiten", "Uetze", now=at(2026, 12, 21, 9), asked=AskedDay(offset=4)
    )
    assert "Am Freitag, 25.12., ist geschlossen (Feiertag (1. Weihnachtstag))." in holiday.text


def test_a_day_from_old_hours_is_marked_as_not_confirmed(kb_copy):
    kb = _layer_with(kb_copy)
    text = compose_answer(
        kb, "personalausweis-beantragen", "oeffnungszeiten", "Uetze", now=at(2026, 12, 7, 9), asked=AskedDay(3)
    ).text
    assert "Am Donnerstag, 10.12.: 14 bis 18.30 Uhr (nach den letzten bekannten, nicht bestätigten Zeiten)." in text
