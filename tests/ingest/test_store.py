"""The ingest's store against a real PostgreSQL: batches, repeats and a bad row."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from typing import Any

import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool

from core.db import migrate
from ingest.dispatcher import prune
from ingest.store import Acceptor
from ingest.webhook import Inbound
from tests.support.databases import new_database


@pytest.fixture(scope="module")
def database(postgres_url: str) -> Iterator[str]:
    url = new_database(postgres_url, "ingest_store_")
    migrate(url)
    yield url


def inbound(message: int, conversation: int, user: str = "+56911112222", **kw: Any) -> Inbound:
    fields: dict[str, Any] = {
        "account_id": 1,
        "conversation_id": conversation,
        "inbox_id": 1,
        "message_id": message,
        "channel": "whatsapp",
        "content": f"mensaje {message}",
        "user_identifier": user,
        "phone": user,
        "email": None,
        "identifier": None,
        "name": None,
    }
    return Inbound(**(fields | kw))


async def accept_all(url: str, items: Sequence[tuple[Inbound, str | None]]) -> list[Any]:
    """Accept every item concurrently through one Acceptor, as simultaneous webhooks would."""
    async with AsyncConnectionPool(url, kwargs={"autocommit": True}, min_size=1) as pool:
        acceptor = Acceptor(pool)
        runner = asyncio.create_task(acceptor.run_forever())
        try:
            return await asyncio.gather(
                *(acceptor.accept(work, delivery) for work, delivery in items),
                return_exceptions=True,
            )
        finally:
            runner.cancel()


def queued(url: str, conversations: list[int]) -> list[int]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT m.chatwoot_message_id FROM ingest.outbox o"
            " JOIN communication.message m ON m.id = o.message_id"
            " JOIN communication.conversation c ON c.id = m.conversation_id"
            " WHERE c.chatwoot_conversation_id = ANY(%s) ORDER BY o.id",
            (conversations,),
        ).fetchall()
    return [row[0] for row in rows]


def test_repeats_in_one_batch_are_stored_once(database: str) -> None:
    items = [
        (inbound(101, 11), "d-101"),
        (inbound(101, 11), "d-101"),  # the same delivery again
        (inbound(101, 11), "d-101-again"),  # the same message, a new delivery
        (inbound(102, 11), None),
    ]
    answers = asyncio.run(accept_all(database, items))
    assert answers == [True, False, False, True]
    assert queued(database, [11]) == [101, 102]
    assert asyncio.run(accept_all(database, items)) == [False] * 4


def test_a_new_conversation_ends_the_requesters_previous_one(database: str) -> None:
    user = "+56933334444"
    assert asyncio.run(accept_all(database, [(inbound(201, 21, user), None)])) == [True]
    answers = asyncio.run(
        accept_all(database, [(inbound(202, 22, user), None), (inbound(203, 23, user), None)])
    )
    assert answers == [True, True]
    with psycopg.connect(database) as conn:
        active = conn.execute(
            "SELECT chatwoot_conversation_id FROM communication.conversation"
            " WHERE user_identifier = %s AND is_active",
            (user,),
        ).fetchall()
    assert active == [(23,)]
    assert queued(database, [21, 22, 23]) == [201, 202, 203]


def test_many_simultaneous_deliveries_twice_each_queue_each_message_once(database: str) -> None:
    items = [(inbound(1000 + i, 100 + i % 7, f"+5697000{i % 7:04d}"), f"x-{i}") for i in range(150)]
    answers = asyncio.run(accept_all(database, items + items))
    assert answers.count(True) == 150 and answers.count(False) == 150
    assert sorted(queued(database, list(range(100, 107)))) == list(range(1000, 1150))


def test_a_row_the_database_refuses_fails_alone(database: str) -> None:
    items = [
        (inbound(301, 31), None),
        (inbound(302, 32, channel="fax"), None),  # violates the channel check
        (inbound(303, 33, user="+56955556666"), None),
    ]
    answers = asyncio.run(accept_all(database, items))
    assert answers[0] is True and answers[2] is True
    assert isinstance(answers[1], psycopg.errors.CheckViolation)
    assert queued(database, [31, 32, 33]) == [301, 303]


def test_prune_forgets_only_handled_rows_past_the_retention(database: str) -> None:
    items = [(inbound(401 + i, 41 + i, f"+5697100{i:04d}"), f"p-{i}") for i in range(3)]
    assert asyncio.run(accept_all(database, items)) == [True, True, True]
    with psycopg.connect(database, autocommit=True) as conn:
        ids = conn.execute(
            "SELECT o.id FROM ingest.outbox o JOIN communication.message m ON m.id = o.message_id"
            " WHERE m.chatwoot_message_id BETWEEN 401 AND 403 ORDER BY m.chatwoot_message_id"
        ).fetchall()
        old, recent, waiting = (row[0] for row in ids)
        conn.execute(
            "UPDATE ingest.outbox SET dispatched_at = now() - interval '40 days',"
            " completed_at = now() - interval '40 days' WHERE id = %s",
            (old,),
        )
        conn.execute(
            "UPDATE ingest.outbox SET dispatched_at = now(), completed_at = now() WHERE id = %s",
            (recent,),
        )
        conn.execute(  # never handled: kept however old
            "UPDATE ingest.outbox SET received_at = now() - interval '40 days' WHERE id = %s",
            (waiting,),
        )
        conn.execute(
            "UPDATE ingest.delivery SET received_at = now() - interval '40 days'"
            " WHERE delivery_id = 'p-0'"
        )

    async def prune_now() -> tuple[int, int]:
        async with AsyncConnectionPool(database, kwargs={"autocommit": True}) as pool:
            return await prune(pool, retention_days=30)

    assert asyncio.run(prune_now()) == (1, 1)
    with psycopg.connect(database) as conn:
        kept = {row[0] for row in conn.execute("SELECT id FROM ingest.outbox")}
        deliveries = {row[0] for row in conn.execute("SELECT delivery_id FROM ingest.delivery")}
    assert old not in kept and {recent, waiting} <= kept
    assert "p-0" not in deliveries and {"p-1", "p-2"} <= deliveries
    # the forgotten delivery, sent again, is still a repeat: its message id is known
    assert asyncio.run(accept_all(database, items[:1])) == [False]


def test_a_request_gone_before_its_batch_is_stored_does_not_stall_the_others(
    database: str,
) -> None:
    async def scenario() -> tuple[bool | BaseException, bool | BaseException]:
        async with AsyncConnectionPool(database, kwargs={"autocommit": True}) as pool:
            acceptor = Acceptor(pool)
            bad = asyncio.create_task(acceptor.accept(inbound(501, 51, channel="fax"), None))
            gone = asyncio.create_task(acceptor.accept(inbound(502, 52, "+56977770000"), None))
            good = asyncio.create_task(acceptor.accept(inbound(503, 53, "+56977770001"), None))
            await asyncio.sleep(0)  # all three are queued: one batch, which will fail
            gone.cancel()
            await asyncio.sleep(0)
            runner = asyncio.create_task(acceptor.run_forever())
            try:
                return await asyncio.wait_for(
                    asyncio.gather(bad, good, return_exceptions=True), timeout=30
                )
            finally:
                runner.cancel()

    bad, good = asyncio.run(scenario())
    assert isinstance(bad, psycopg.errors.CheckViolation) and good is True
    assert queued(database, [51, 52, 53]) == [502, 503]
