"""A bound on the messages one Rasa process works on at once; the others wait their turn, in order.

Rasa 3.6 runs the NLU graph synchronously on the event loop. With a hundred turns under way, every pass of
the loop runs dozens of them before it reads a socket again, so a new chat's socket.io handshake (three
round trips) and the pings of open chats wait for seconds: under load, new chats timed out while the
process was busy (`servicecenter bench load`, one process). A waiting turn costs the loop nothing, so with
this gate a handshake waits for at most a few NLU runs. All channels (REST, web chat, phone) go through
`Agent.handle_message`, so one gate per process covers them all.
"""

from __future__ import annotations

import asyncio
import functools
import weakref
from typing import Any, Awaitable, Callable

Handle = Callable[..., Awaitable[Any]]


def gated(handle: Handle, limit: int) -> Handle:
    """`handle` with at most `limit` calls under way per event loop; the others wait in order of arrival."""
    if limit < 1:
        raise ValueError("concurrent_turns must be at least 1")
    gates: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()

    @functools.wraps(handle)
    async def gated_handle(*args: Any) -> Any:
        loop = asyncio.get_running_loop()
        gate = gates.get(loop)
        if gate is None:
            gate = gates[loop] = asyncio.Semaphore(limit)
        async with gate:
            return await handle(*args)

    gated_handle.turn_gate = limit  # type: ignore[attr-defined]
    return gated_handle


def patch_turn_gate(limit: int) -> None:
    from rasa.core.agent import Agent

    if getattr(Agent.handle_message, "turn_gate", None) is None:
        Agent.handle_message = gated(Agent.handle_message, limit)
