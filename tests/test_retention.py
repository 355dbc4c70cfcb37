"""Retention: conversations nobody handed over are deleted after their time; handed-over ones follow their case."""

from __future__ import annotations

import asyncio
import datetime as dt

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import insert

from actions.handoff_store import HandoffStore
from channels.console.store import ConsoleStore, cases
from servicecenter.retention import purge_all, purge_conversations
from settings import Settings

NOW = dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.timezone.utc)


def _say(store: SQLTrackerStore, sender: str, days_ago: float) -> None:
    at = (NOW - dt.timedelta(days=days_ago)).timestamp()
    tracker = DialogueStateTracker.from_events(sender, [UserUttered("Was kostet ein Reisepass?", timestamp=at)])
    asyncio.run(store.save(tracker))


def _senders(store: SQLTrackerStore) -> set[str]:
    return set(asyncio.run(store.keys()))


def test_quiet_conversations_go_and_handed_over_ones_stay_while_their_case_does(tmp_path):
    settings = Settings(work_dir=tmp_path, handoff_db_url=f"sqlite:///{tmp_path / 'handoff.db'}")
    (tmp_path / "rasa").mkdir()
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "rasa" / "tracker.db"))
    _say(store, "quiet-old", days_ago=8)
    _say(store, "recent", days_ago=2)
    _say(store, "handed-over-open", days_ago=40)
    _say(store, "handed-over-closed-long-ago", days_ago=40)
    handoffs = HandoffStore(settings.handoff_db_url)
    handoffs.add("handed-over-open", "request_human", [])
    closed = handoffs.add("handed-over-closed-long-ago", "request_human", [])
    console = ConsoleStore(settings.handoff_db_url)  # its tables; the case as an agent closed it 31 days ago
    with console.engine.begin() as conn:
        conn.execute(insert(cases).values(handoff_id=closed, status="closed", closed_at=NOW - dt.timedelta(days=31)))

    result = purge_conversations(settings, now=NOW)

    assert _senders(store) == {"recent", "handed-over-open"}
    assert result.conversations == 2 and result.events >= 2


def test_the_purge_line_counts_and_names_no_conversation(tmp_path):
    settings = Settings(work_dir=tmp_path, handoff_db_url=f"sqlite:///{tmp_path / 'handoff.db'}")
    line = purge_all(settings)
    assert line.startswith("0 abgeschlossene Gespräche älter als 30 Tage gelöscht; 0 Gespräche ohne offene Übergabe")
