"""Generated input: hypothesis against InputGuard's cleaning, schemathesis against the agent console's OpenAPI."""

from __future__ import annotations

import time
import unicodedata

import hypothesis.strategies as st
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings

from actions.handoff_store import HandoffStore
from bot.components.input_guard import InputGuard, clean_text
from channels.console.app import create_app
from tests.console_helpers import PASSWORD, FakeRasa, console_settings, serve

PROBLEMS = {None, "empty", "too_long", "markup", "no_words"}
# text as citizens and attackers send it: any code point, markup and entities, long runs
texts = st.one_of(
    st.text(max_size=3000),
    st.lists(st.sampled_from([*"<>/&;#x \n\tabcÄ🙂", "<script>", "</script>", "<b>", "&lt;", "&#0;"])).map("".join),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=20), st.integers(1, 2000)),
)


@settings(
    max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(text=texts, max_chars=st.integers(50, 2000))
def test_input_guard_never_raises_and_gives_bounded_plain_text(text, max_chars):
    cleaned, problem = clean_text(text, max_chars)
    assert problem in PROBLEMS
    assert len(cleaned) <= max_chars
    assert all(unicodedata.category(ch)[0] != "C" for ch in cleaned)  # no control, format or unassigned
    # one space between words, none in front or at the end (a cut at max_chars once left one there)
    assert cleaned == " ".join(cleaned.split())
    if problem is None:
        assert any(ch.isalpha() for ch in cleaned)
    if not text.strip():
        assert (cleaned, problem) == ("", "empty")


@settings(max_examples=50, deadline=None, derandomize=True, database=None)
@given(text=st.text(max_size=5000))
def test_the_input_guard_component_sets_text_and_problem_on_every_message(text):
    from rasa.shared.nlu.training_data.message import Message

    message = Message(data={"text": text})
    InputGuard({"max_chars": 100}).process([message])
    assert len(message.get("text")) <= 100
    assert message.get("input_problem") in PROBLEMS


@pytest.mark.faults
def test_the_consoles_api_answers_generated_requests_without_a_server_error(tmp_path):
    """A few generated requests per operation, logged in as an admin with a case in the queue: never a 5xx."""
    config = console_settings(tmp_path)
    from channels.console.store import ConsoleStore

    ConsoleStore(config.handoff_db_url).create_agent("chefin", PASSWORD, "Frau Chefin", roles=("admin", "agent"))
    lines = [{"from": "citizen", "text": "Ich möchte mit einem Menschen sprechen", "time": time.time()}]
    HandoffStore(config.handoff_db_url).add("conv-fuzz", "request_human", lines, "wohngeld", "Garbsen")
    app = create_app(config, rasa=FakeRasa())
    schema = schemathesis.openapi.from_dict(app.openapi())
    failures, statuses = [], []
    with serve(app) as url, requests.Session() as session:
        login = session.post(f"{url}/api/login", json={"username": "chefin", "password": PASSWORD})
        assert login.status_code == 200, login.text
        session.headers["X-CSRF-Token"] = login.json()["csrf"]
        operations = [result.ok() for result in schema.get_all_operations()]
        operations = [op for op in operations if op.path != "/api/logout"]  # would end the session for the rest
        assert len(operations) >= 25

        for operation in operations:

            @settings(
                max_examples=4, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
            )
            @given(case=operation.as_strategy())
            def check(case):
                response = case.call(base_url=url, session=session, timeout=10)
                statuses.append(response.status_code)
                if response.status_code >= 500:
                    failures.append((case.method, case.path, response.status_code))

            check()
    assert failures == []
    assert len(statuses) >= 2 * len(operations) and statuses.count(200) >= len(operations) // 2, statuses
