"""How the load bench counts lost and out-of-order replies (servicecenter.bench_load.compare)."""

from servicecenter.bench_load import compare


def test_replies_in_order_are_neither_lost_nor_out_of_order():
    assert compare(["a", "b", "c"], ["a", "b", "c"]) == (0, 0)


def test_a_missing_reply_is_lost_and_a_swapped_one_out_of_order():
    assert compare(["a", "b", "c"], ["a", "c"]) == (1, 0)
    assert compare(["a", "b", "c"], ["b", "a", "c"]) == (0, 1)


def test_custom_payloads_without_text_are_not_matched_across_turns():
    """The web chat announces the language after each answer; those payloads have no text."""
    assert compare(["b", "c", None], ["a", None, "b", "c", None]) == (0, 0)
