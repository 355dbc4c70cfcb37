"""The scaled configuration under faults: two Rasa replicas behind nginx, on PostgreSQL and Redis.

One stack for the module (two model loads, about a minute): a citizen talks over socket.io as the widget
does (WebSocket, `session_request` on every connect). A reply counts as lost when Rasa recorded it in the
conversation's tracker and it never reached the citizen, or when a turn gets no reply at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
from pathlib import Path
from typing import Dict, Iterator, List

import httpx
import pytest
import redis

from bot.training import train
from servicecenter.bench_load import ChatClient, compare, recorded_replies
from servicecenter.runner import Servers, running
from servicecenter.scaled import Layout, ensure_database, nginx_binary
from settings import Settings

pytestmark = pytest.mark.faults
BASE = int(os.environ.get("SC_TEST_PORT_BASE", "5100"))
DATABASE = f"postgresql://postgres@127.0.0.1:5432/sc_scaled_{BASE}"
REDIS_URL = "redis://127.0.0.1:6379/0"
PREFIX = f"scaled{BASE}"  # keys and the socket.io channel of this test session only
FIRST = "Ich wohne in Sehnde und brauche einen neuen Reisepass"
FOLLOW_UP = "Und was kostet das?"


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[Servers]:
    nginx_binary()  # fails with what to do when nginx is missing (Debian puts it in /usr/sbin, often not on PATH)
    work = tmp_path_factory.mktemp("scaled")
    settings = Settings(
        work_dir=work,
        rasa_port=BASE + 20,  # nginx; the replicas on +21 and +22
        action_port=BASE + 60,  # nginx; the action server on +61
        tracker_store_url=DATABASE,
        handoff_db_url=DATABASE,
        redis_url=REDIS_URL,
        redis_prefix=PREFIX,
    )
    ensure_database(DATABASE)
    with running(settings, train(settings).model, layout=Layout(replicas=2, action_servers=1)) as servers:
        yield servers


def replica_holding_socket(servers: Servers) -> int:
    """Index of the replica with an established connection from nginx (the citizen's WebSocket)."""
    ports = [int(url.rsplit(":", 1)[1]) for url in servers.replica_urls]
    held = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            port = int(local.rsplit(":", 1)[1], 16)
            if state == "01" and port in ports:  # 01: ESTABLISHED
                held.add(ports.index(port))
    assert len(held) == 1, f"the citizen's socket should sit on exactly one replica, found {held}"
    return held.pop()


async def tracker_replies(servers: Servers, session_id: str) -> List[str | None]:
    async with httpx.AsyncClient(timeout=30) as http:
        response = await http.get(
            f"{servers.rasa_url}/conversations/{session_id}/tracker", params={"token": servers.token}
        )
        response.raise_for_status()
        return recorded_replies(response.json())


async def all_replies(client: ChatClient, servers: Servers) -> Dict[str, int]:
    """Lost and out-of-order replies of the client's conversation, once every recorded reply could arrive."""
    recorded = await tracker_replies(servers, client.session_id)
    if len(client.received) < len(recorded):
        await client.replies_after(len(recorded) - 1, timeout=10)
    lost, out_of_order = compare(recorded, [m.get("text") for m in client.received])
    return {"recorded": len(recorded), "lost": lost, "out_of_order": out_of_order}


def test_an_agents_message_reaches_the_citizen_whichever_replica_holds_the_socket(stack):
    async def scenario() -> List[Dict]:
        client = ChatClient(stack.rasa_url)
        await client.open()
        try:
            for i, url in enumerate(stack.replica_urls):  # one of the two is not the citizen's replica
                async with httpx.AsyncClient(timeout=10) as http:
                    response = await http.post(
                        f"{url}/webhooks/webchat/agent",
                        headers={"Authorization": f"Bearer {stack.token}"},
                        json={
                            "session_id": client.session_id,
                            "text": f"Guten Tag, hier Replikat {i + 1}.",
                            "agent": "Frau Meyer",
                        },
                    )
                    assert response.json() == {"status": "sent"}
            await client.replies_after(1)  # both
            return client.received
        finally:
            await client.close()

    received = asyncio.run(scenario())
    assert received == [
        {"agent": {"name": "Frau Meyer"}, "text": "Guten Tag, hier Replikat 1."},
        {"agent": {"name": "Frau Meyer"}, "text": "Guten Tag, hier Replikat 2."},
    ]


def test_killing_the_citizens_replica_mid_conversation_loses_nothing(stack):
    async def scenario() -> tuple[ChatClient, List[Dict], Dict[str, int]]:
        client = ChatClient(stack.rasa_url)
        await client.open()
        try:
            first = await client.say(FIRST)
            assert "Reisepass" in first[0]["text"]
            victim = stack.children[1 + replica_holding_socket(stack)]  # after the one action server
            victim.process.send_signal(signal.SIGKILL)
            victim.process.wait(timeout=10)
            # the citizen writes on; the client, like the widget, holds the turn until it has reconnected through nginx
            second = await client.say(FOLLOW_UP)
            return client, second, await all_replies(client, stack)
        finally:
            await client.close()

    client, second, replies = asyncio.run(scenario())
    assert client.connects == 2
    assert second[0]["text"].startswith("Reisepass beantragen – Gebühr: 70 Euro")  # the service from turn 1
    assert replies["lost"] == 0 and replies["out_of_order"] == 0 and replies["recorded"] >= 2


def restart_postgresql_and_redis() -> None:
    version = os.listdir("/etc/postgresql")[0]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True)
    r = redis.Redis.from_url(REDIS_URL)
    with contextlib.suppress(redis.ConnectionError):  # the server closes the connection as it goes
        r.shutdown(nosave=True)
    subprocess.run(
        [
            "redis-server",
            "--daemonize",
            "yes",
            "--bind",
            "127.0.0.1",
            "-::1",
            "--port",
            "6379",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            "/var/lib/redis",
            "--logfile",
            "/var/log/redis/ci.log",
        ],
        check=True,
    )


async def resubscribed(r: redis.Redis, channel: str, subscribers: int) -> None:
    """Redis has no event for a new subscriber: asked five times a second."""
    while True:
        with contextlib.suppress(redis.ConnectionError):
            if r.pubsub_numsub(channel)[0][1] >= subscribers:
                return
        await asyncio.sleep(0.2)


def test_a_restart_of_postgresql_and_redis_loses_no_turn(stack):
    channel = f"{PREFIX}:socketio"
    r = redis.Redis.from_url(REDIS_URL)

    async def scenario() -> tuple[List[Dict], List[Dict], Dict[str, int]]:
        client = ChatClient(stack.rasa_url)
        await client.open()
        try:
            first = await client.say(FIRST)
            subscribers = r.pubsub_numsub(channel)[0][1]
            restart_postgresql_and_redis()
            # recovered: the replicas listen on the socket.io channel again (python-socketio reconnects with backoff)
            await asyncio.wait_for(resubscribed(r, channel, subscribers), 90)
            second = await client.say(FOLLOW_UP)
            return first, second, await all_replies(client, stack)
        finally:
            await client.close()

    first, second, replies = asyncio.run(scenario())
    assert "Reisepass" in first[0]["text"]
    assert second[0]["text"].startswith("Reisepass beantragen – Gebühr: 70 Euro")
    assert replies["lost"] == 0 and replies["out_of_order"] == 0 and replies["recorded"] >= 2
