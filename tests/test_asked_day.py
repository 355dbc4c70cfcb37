"""The day a question about opening hours asks for (actions/asked_day.py)."""

import datetime as dt

import pytest

from actions.asked_day import AskedDay, asked_day

MONDAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("hat die Zulassungsstelle dienstags länger auf", dt.date(2026, 12, 8)),
        ("Kann ich am Samstag ins Bürgeramt?", dt.date(2026, 12, 12)),
        ("sonnabends offen?", dt.date(2026, 12, 12)),
        ("Ist das Standesamt heute, also Montag, besetzt?", MONDAY),
        ("is the office open on Friday", dt.date(2026, 12, 11)),
        ("und morgen?", dt.date(2026, 12, 8)),
        ("übermorgen vormittag geöffnet?", dt.date(2026, 12, 9)),
    ],
)
def test_the_day_named_is_the_next_such_date(text, date):
    found = asked_day(text)
    assert found is not None and found.date_from(MONDAY) == date


def test_the_citizens_language_names_its_days():
    french = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    assert asked_day("La mairie est ouverte le mercredi ?", french) == AskedDay(weekday=2)


@pytest.mark.parametrize(
    "text", ["Guten Morgen, wann hat das Bürgerbüro offen?", "Öffnungszeiten Rathaus Lehrte", "am Morgen geöffnet?"]
)
def test_no_day_named(text):
    assert asked_day(text) is None
