"""The handoff latency bench (`servicecenter bench handoff`) on the session's servers, with a few rounds."""

from __future__ import annotations

import asyncio

from channels.console.app import create_app
from servicecenter.bench_handoff import report, run_bench
from tests.console_helpers import PASSWORD, add_agent, serve


def test_bench_measures_handoff_to_console_queue(assistant):
    settings = assistant.settings.copy(update={"console_poll_seconds": 0.1})
    add_agent(settings.handoff_db_url, "bench", "Bench")
    app = create_app(settings, rasa_url=assistant.servers.rasa_url, token=assistant.servers.token)
    with serve(app) as console_url:
        results = asyncio.run(run_bench(assistant.servers.rasa_url, console_url, "bench", PASSWORD, rounds=3))
    assert len(results) == 3
    assert all(0 <= r.from_record_ms <= r.from_message_ms < 10_000 for r in results)
    text = report(results, 0.1)
    assert text.startswith("3 Übergaben über den Web-Chat-Kanal, Konsole pollt alle 0.10 s\n")
    assert "p95" in text
