import asyncio
import time

import pytest

from bot.turn_gate import gated


def test_no_more_than_the_limit_at_once_and_in_order_of_arrival():
    under_way, most, finished = 0, 0, []

    async def handle(n: int) -> int:
        nonlocal under_way, most
        under_way += 1
        most = max(most, under_way)
        await asyncio.sleep(0.01)
        under_way -= 1
        finished.append(n)
        return n * 2

    async def main() -> list:
        handle_gated = gated(handle, 3)
        return await asyncio.gather(*(handle_gated(n) for n in range(12)))

    assert asyncio.run(main()) == [n * 2 for n in range(12)]
    assert most == 3
    assert finished == list(range(12))


def test_a_handshake_is_not_kept_waiting_behind_queued_turns():
    """The loop stays free while turns wait: what blocks it is only the turns let through."""
    order = []

    async def blocking_turn(n: int) -> None:
        await asyncio.sleep(0)
        time.sleep(0.02)  # an NLU run holds the loop
        order.append(f"turn {n}")

    async def handshake() -> None:
        await asyncio.sleep(0.001)
        order.append("handshake")

    async def main() -> None:
        handle = gated(blocking_turn, 2)
        await asyncio.gather(*(handle(n) for n in range(20)), handshake())

    asyncio.run(main())
    assert order.index("handshake") <= 4  # ungated: after all 20


def test_an_error_frees_the_place():
    async def failing() -> None:
        raise RuntimeError("boom")

    async def main() -> None:
        handle = gated(failing, 1)
        for _ in range(3):
            with pytest.raises(RuntimeError):
                await asyncio.wait_for(handle(), 1)

    asyncio.run(main())


def test_the_limit_is_at_least_one():
    with pytest.raises(ValueError):
        gated(lambda: None, 0)  # type: ignore[arg-type, return-value]
