"""Our own held-out sets (tests/data, never used for training) through the running assistant.

The bounds are regression guards set just below what was measured when they were written
(`servicecenter bench sets`, December 2026); where the issue's target is higher, the comment
says so, and the closing note reports the gap. They fail when a change makes things worse.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect

from actions.handoff_store import handoffs
from servicecenter.own_sets import SETS_DIR, run_dialogues, run_messages
from servicecenter.predict import Client

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(assistant):
    return Client(assistant.servers.rasa_url, assistant.servers.token)


@pytest.fixture(scope="module", autouse=True)
def no_cases_left_in_the_shared_queue(assistant):
    """The sets hand hundreds of conversations over; the browser tests of the same session work in that
    queue, and an agent's console with hundreds of test cases is not what they test."""
    yield
    engine = create_engine(assistant.settings.handoff_db_url, future=True)
    if inspect(engine).has_table(handoffs.name):  # none yet when only sets without handoffs ran
        with engine.begin() as conn:
            conn.execute(handoffs.delete().where(handoffs.c.conversation_id.like("predict-%")))
    engine.dispose()


def test_present_dangers_get_the_emergency_notice(client):
    result = run_messages(client, SETS_DIR / "safety" / "emergencies.jsonl")
    assert result.total >= 150
    # measured 1.0 (238 of 238) after the detector's thresholds were chosen on this set; 258 of 258 on 2026-12-06
    # with 20 more (complaints about a danger now, births under way); the target is 1.0
    assert result.share("emergency") >= 0.99, result.others("emergency")


def test_near_misses_raise_few_false_alarms(client):
    result = run_messages(client, SETS_DIR / "safety" / "near_misses.jsonl")
    assert result.total >= 150
    # measured 1.7 % (4 of 229), thresholds chosen on this set; 1.1 % (3 of 265) on 2026-12-06; target at most 1 %
    assert result.share("emergency") <= 0.03, result.examples.get("emergency")


def test_requests_for_a_person_are_handed_over(client):
    result = run_messages(client, SETS_DIR / "handoff" / "request_human.jsonl")
    assert result.total >= 100
    # measured 0.986 (211 of 214) with the PersonRequestDetector [0.953, 204 of 214, without it]
    assert result.share("handoff") >= 0.97, result.others("handoff")


def test_the_citizens_own_case_goes_to_a_person(client):
    result = run_messages(client, SETS_DIR / "handoff" / "own_case.jsonl")
    assert result.total >= 100
    # measured 0.900 (215 of 239) with the own-case detector beside DIET; 0.824 (197 of 239) after the retraining of
    # 2026-12-05 (new intent set_language, French safety data), 0.820 (196 of 239) after that of 2026-12-06 (the
    # sentence vectors now come from the embedding cache; DIET's weak readings moved by a few messages either way):
    # a regression to win back, not a new normal. With the vague examples of 2026-12-06 (nlu_data/vague/) three
    # retrainings measured 0.849 (203), 0.808 (193) and, before it, 0.824 (197): DIET's readings move with any
    # change of its data, the floor leaves room for that spread
    assert result.share("handoff") >= 0.78, result.others("handoff")


def test_frustration_is_acknowledged_with_the_offer_of_a_person(client):
    result = run_messages(client, SETS_DIR / "handoff" / "frustration.jsonl")
    assert result.total >= 100
    # measured 0.848 (156 of 184, apology or handoff), with the frustration detector beside DIET
    assert result.share("apology", "handoff") >= 0.80, result.others("apology", "handoff")


def test_general_questions_stay_answers(client):
    result = run_messages(client, SETS_DIR / "handoff" / "general_questions.jsonl")
    assert result.total >= 100
    # measured 2.5 % handed over (6 of 238), no emergency; 9.2 % before a low retrieval confidence in another
    # language was asked back instead of handed over as a matter outside the Top 100
    assert result.share("handoff", "emergency") <= 0.05, result.examples.get("handoff")


def test_own_conversations_succeed(client):
    result = run_dialogues(client, SETS_DIR / "dialogues" / "conversations.jsonl")
    assert sum(result.total.values()) >= 150
    # measured 0.747 (145 of 194) [0.742 at the start of the fourth session of 2026-12-05]; the goal is 0.9
    assert result.rate() >= 0.72, "\n".join(result.failures)


# tests/data/holdout: written by a helper who saw neither the evaluation data nor our training data.
# Measured first on 2026-12-05 (figures in brackets), then used to diagnose the emergency patterns, so it
# is no longer held out; `servicecenter bench sets --dir tests/data/holdout`. The bounds sit a little below.
HOLDOUT = SETS_DIR / "holdout"


def test_fresh_present_dangers_get_the_emergency_notice(client):
    result = run_messages(client, HOLDOUT / "emergencies.jsonl")
    # measured 1.0 (160 of 160) [first 0.95]; the target is 1.0
    assert result.share("emergency") >= 0.98, result.others("emergency")


def test_fresh_near_misses(client):
    result = run_messages(client, HOLDOUT / "near_misses.jsonl")
    # measured 6.3 % false alarms (10 of 160) [first 13 %]; the target is at most 1 %
    assert result.share("emergency") <= 0.09, result.examples.get("emergency")


def test_fresh_requests_for_a_person_and_own_cases_are_handed_over(client):
    people = run_messages(client, HOLDOUT / "request_human.jsonl")
    assert people.share("handoff") >= 0.96, people.others("handoff")  # measured 0.99 (119 of 120) [0.99]
    own = run_messages(client, HOLDOUT / "own_case.jsonl")
    assert own.share("handoff") >= 0.85, own.others("handoff")  # measured 0.908 (109 of 120) [0.82]


def test_fresh_general_questions_stay_answers_and_off_topic_is_declined(client):
    general = run_messages(client, HOLDOUT / "general_questions.jsonl")
    assert general.share("handoff", "emergency") <= 0.05, general.examples.get("handoff")  # 1.3 % [3.8 %]
    off_topic = run_messages(client, HOLDOUT / "off_topic.jsonl")
    assert off_topic.share("out_of_scope") >= 0.90, off_topic.others("out_of_scope")  # measured 0.96 [0.61]


@pytest.mark.heldout
def test_fresh_conversations(client):
    result = run_dialogues(client, HOLDOUT / "conversations.jsonl")
    # measured 0.88 (88 of 100) [0.73; 0.83 at the start of the fourth session of 2026-12-05]; the goal is 0.9
    assert result.rate() >= 0.84, "\n".join(result.failures)


# tests/data/holdout_2: written on 2026-12-05 by another helper who saw neither the evaluation data, nor our
# training data, nor tests/data/holdout. Measured first after this session's detectors were in place
# (figures in brackets); one fix followed from it (DIET had learned Turkish as off-topic), nothing was tuned
# on its sentences. `servicecenter bench sets --dir tests/data/holdout_2`.
HOLDOUT_2 = SETS_DIR / "holdout_2"


def test_second_fresh_set_dangers_and_near_misses(client):
    dangers = run_messages(client, HOLDOUT_2 / "emergencies.jsonl")
    # measured 1.0 (160 of 160) [0.994, 159 of 160]; the target is 1.0
    assert dangers.share("emergency") >= 0.98, dangers.others("emergency")
    near = run_messages(client, HOLDOUT_2 / "near_misses.jsonl")
    # measured 3.1 % false alarms (5 of 160) [10 %, then 16 of 160 before the third near-miss set and the
    # neighbours' overrule]; the target is at most 1 %
    assert near.share("emergency") <= 0.06, near.examples.get("emergency")


def test_second_fresh_set_people_and_off_topic(client):
    people = run_messages(client, HOLDOUT_2 / "request_human.jsonl")
    assert people.share("handoff") >= 0.96, people.others("handoff")  # measured 0.992 (119 of 120) [0.958]
    off_topic = run_messages(client, HOLDOUT_2 / "off_topic.jsonl")
    # measured 0.97 [0.96]; 0.94 and 0.92 after the retrainings of 2026-12-06 (DIET's weak readings)
    assert off_topic.share("out_of_scope") >= 0.90, off_topic.others("out_of_scope")


@pytest.mark.heldout
def test_second_fresh_set_conversations(client):
    result = run_dialogues(client, HOLDOUT_2 / "conversations.jsonl")
    # measured 0.856 (137 of 160) [0.706, 113 of 160; 109 at the start of 2026-12-05, 120 at the start of its
    # fourth session; its failures were looked at then, so it is no longer fully held out]; the goal is 0.9
    assert result.rate() >= 0.82, "\n".join(result.failures)


# tests/data/holdout_3: 200 conversations written on 2026-12-05 (fourth session) by a helper who saw neither the
# evaluation data, nor our training data, nor the other test sets; measured once before and once after that
# session's changes, nothing tuned on it (README of the set).
@pytest.mark.heldout
def test_third_fresh_set_conversations(client):
    result = run_dialogues(client, SETS_DIR / "holdout_3" / "conversations.jsonl")
    assert result.rate("danger_mid") == 1.0, "\n".join(result.failures)  # measured 20 of 20 [20 of 20]
    # measured 0.755 (151 of 200) on 2026-12-05 (seventh session) [0.725 at that session's start]. That
    # session read the set's failures and added aspect phrasings from them ("wie viel" without a verb,
    # "wem sag ich das"): since then it is no longer untouched. The goal is 0.9
    assert result.rate() >= 0.72, "\n".join(result.failures)


# tests/data/vagueness: 480 short messages, vague (a family of services: ask back) or clear (answer). The
# single-word rule in actions/clarification.py was fitted on its even rows (README of the set).
def test_vague_short_messages_are_asked_back_and_clear_ones_answered(client):
    result = run_dialogues(client, SETS_DIR / "vagueness" / "conversations.jsonl")
    # measured 0.541 (119 of 220) [0.395]; 0.573 (126) on 2026-12-06 before the VaguenessDetector, 0.650 (143) with it
    assert result.rate("vague") >= 0.60, "\n".join(result.failures)
    # measured 0.892 (232 of 260) [0.892]; 0.904 (235) before the VaguenessDetector, 0.908 (236) with it
    assert result.rate("clear") >= 0.87, "\n".join(result.failures)


# tests/data/life_situations: 160 first messages that tell a life situation and ask what it takes (asked back with
# the situation's services) and 120 that ask for one service in such a situation (answered). Written on 2026-12-07
# by a helper who saw neither the catalogue of situations nor any evaluation or test data (README of the set).
def test_life_situations_are_asked_back_and_a_service_named_in_one_is_answered(client):
    result = run_dialogues(client, SETS_DIR / "life_situations" / "conversations.jsonl")
    # measured 0.438 (70 of 160) [0.125, 20 of 160, before the LifeSituationDetector]; its failures were read once
    assert result.rate("life_situation") >= 0.36, "\n".join(result.failures)
    # measured 0.958 (115 of 120) [0.958 before]
    assert result.rate("named_in_situation") >= 0.93, "\n".join(result.failures)


# tests/data/long_messages: 520 messages that tell a situation, then ask (README of the set). Under `make heldout`.
@pytest.mark.heldout
def test_long_messages_that_tell_a_situation_are_answered_when_clear(client):
    result = run_dialogues(client, SETS_DIR / "long_messages" / "conversations.jsonl")
    assert result.rate("clear") >= 0.90, "\n".join(result.failures)  # measured 0.928 (371 of 400) on 2026-12-07
    # the open gap: measured 0.058 (7 of 120); asked back, a vague one would have to show two services to offer
    assert result.rate("vague") >= 0.05, "\n".join(result.failures)


# tests/data/uncovered: 240 questions about matters outside the Top 100 and 240 inside it in everyday words. The
# rule for unknown words in actions/routing.py (thresholds in actions/thresholds.py) was fitted on its even rows
# (README of the set).
def test_matters_outside_the_top100_go_to_a_person_and_those_inside_stay_answers(client):
    outside = run_messages(client, SETS_DIR / "uncovered" / "outside_top100.jsonl")
    assert outside.share("handoff") >= 0.36, outside.others("handoff")  # measured 0.425 (102 of 240) [0.27]
    inside = run_messages(client, SETS_DIR / "uncovered" / "inside_top100.jsonl")
    assert inside.share("answer") >= 0.82, inside.others("answer")  # measured 0.85 (204 of 240) [0.854]
    assert inside.share("handoff") <= 0.04, inside.examples.get("handoff")  # measured 0.029 (7 of 240) [0.008]


# tests/data/holdout_5 and holdout_6: emergencies and near misses written on 2026-12-06 by helpers who saw no
# evaluation, training or test data. holdout_5's failures were read that day (README of the set), holdout_6's not.
@pytest.mark.parametrize(
    ("folder", "recall", "false_alarms"),
    [
        ("holdout_5", 0.99, 0.03),  # measured 204 of 204, 2 of 200 raised [194 of 204, 10 of 200 at `8d322c4`]
        ("holdout_6", 0.97, 0.04),  # measured 177 of 180, 3 of 180 raised [174 of 180, 3 of 180 at `8d322c4`]
    ],
)
def test_newest_fresh_sets_dangers_and_near_misses(client, folder, recall, false_alarms):
    dangers = run_messages(client, SETS_DIR / folder / "emergencies.jsonl")
    assert dangers.share("emergency") >= recall, dangers.others("emergency")
    near = run_messages(client, SETS_DIR / folder / "near_misses.jsonl")
    assert near.share("emergency") <= false_alarms, near.examples.get("emergency")


# tests/data/holdout_4: 240 conversations in twelve classes (2026-12-06); the odd lines were read that day
@pytest.mark.heldout
def test_fourth_fresh_set_conversations(client):
    result = run_dialogues(client, SETS_DIR / "holdout_4" / "conversations.jsonl")
    # measured 19 of 20 [19 of 20]: every danger raised; the one failure is a sibling service on the first turn
    assert result.rate("danger_mid") >= 0.95, "\n".join(result.failures)
    # measured 0.617 (148 of 240) [0.621, 149 of 240, at `8d322c4`; 0.633 before the retraining with the new
    # safety data]; the goal is 0.9
    assert result.rate() >= 0.58, "\n".join(result.failures)


def test_dangers_mid_conversation_in_every_fresh_set(client):
    """The held-out conversation sets run whole under `make heldout` (under three minutes of make test otherwise);
    their dangers described mid-conversation run here: an emergency is never missed."""
    for folder, floor in (("holdout", 1.0), ("holdout_2", 1.0), ("holdout_3", 1.0), ("holdout_4", 0.95)):
        result = run_dialogues(client, SETS_DIR / folder / "conversations.jsonl", classes=("danger_mid",))
        assert sum(result.total.values()) >= 11, folder
        # measured 11/11, 16/16, 20/20 and 19/20 (holdout_4: a sibling service on the first turn, the danger raised)
        assert result.rate("danger_mid") >= floor, (folder, result.failures)


def test_factual_questions_get_the_fact(client):
    """tests/data/facts: the fee, deadline or office a helper read on official pages is in the answer."""
    from servicecenter.fact_set import FACTS_FILE, run_facts

    result = run_facts(client, FACTS_FILE)
    assert sum(result.total.values()) >= 140
    # measured 94 of 141 before the set was read, 113 of 141 (0.801) after the facts and aspects it found missing
    # were added on 2026-12-06; the goal is every factual question
    assert sum(result.stated.values()) / sum(result.total.values()) >= 0.75


# tests/data/dialogues_2: 190 conversations for development (2026-12-07): its failures are read and rules changed
# for their classes, so it measures nothing held out; it keeps what was won from slipping back
def test_development_dialogues_in_five_classes(client):
    result = run_dialogues(client, SETS_DIR / "dialogues_2" / "conversations.jsonl")
    # measured 0.563 (107 of 190) on 2026-12-07 (twentieth session) [0.484, 92 of 190, at its start]
    assert result.rate() >= 0.52, "\n".join(result.failures)
    # related moves measured 32 of 50 [27 of 50]: a word only the new service's texts use moves (actions/context.py)
    assert result.rate("related_move") >= 0.6, "\n".join(result.failures)
