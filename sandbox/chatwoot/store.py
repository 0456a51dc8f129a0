"""PostgreSQL access (psycopg 3): small query functions over one pooled connection each.

Writes go through `Store.write()`, which serialises them in-process with one lock: there is a
single sandbox process per database, and serialising makes "find or create the contact's open
conversation" and display-id allocation race-free without clever SQL.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from psycopg import AsyncConnection
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool

from sandbox.chatwoot.schema import SCHEMA, migrate

Row = dict[str, Any]
Conn = AsyncConnection[Row]
Kind = Literal["contact", "user", "agent_bot"]
SENDER_TYPES: dict[Kind, str] = {"contact": "Contact", "user": "User", "agent_bot": "AgentBot"}
_TABLES: dict[Kind, str] = {"contact": "contacts", "user": "users", "agent_bot": "agent_bots"}
_KINDS: dict[str, Kind] = {v: k for k, v in SENDER_TYPES.items()}


@dataclass(frozen=True)
class Party:
    """A contact, a human agent (user) or an agent bot: message senders and assignees."""

    kind: Kind
    row: Row


@dataclass(frozen=True)
class Msg:
    row: Row
    sender: Party | None


@dataclass(frozen=True)
class Snapshot:
    """A conversation with everything its Chatwoot JSON needs, read in one transaction."""

    account: Row
    inbox: Row
    conversation: Row
    contact: Row
    contact_inbox: Row | None
    assignee: Party | None
    team: Row | None
    last_message: Msg | None
    unread_count: int
    last_incoming_at: datetime | None


def now() -> datetime:
    return datetime.now(UTC)


class Store:
    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self._pool: AsyncConnectionPool[Conn] | None = None
        self._write_lock = asyncio.Lock()

    async def open(self, *, api_token: str, agent_token: str, webhook_url: str) -> None:
        await migrate(
            self.database_url, api_token=api_token, agent_token=agent_token, webhook_url=webhook_url
        )

        async def configure(conn: Conn) -> None:
            await conn.execute(f"SET search_path TO {SCHEMA}")

        pool: AsyncConnectionPool[Conn] = AsyncConnectionPool(
            self.database_url,
            min_size=1,
            max_size=8,
            open=False,
            configure=configure,
            kwargs={"autocommit": True, "row_factory": dict_row},
        )
        await pool.open(wait=True, timeout=30)
        self._pool = pool

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Conn]:
        assert self._pool is not None, "store not open"
        async with self._pool.connection() as conn:
            yield conn

    @asynccontextmanager
    async def write(self) -> AsyncIterator[Conn]:
        assert self._pool is not None, "store not open"
        async with self._write_lock, self._pool.connection() as conn, conn.transaction():
            yield conn


async def one(conn: Conn, sql: str, params: Any = None) -> Row | None:
    cur = await conn.execute(sql, params)
    return await cur.fetchone()


async def many(conn: Conn, sql: str, params: Any = None) -> list[Row]:
    cur = await conn.execute(sql, params)
    return await cur.fetchall()


def _jsonb(values: dict[str, Any]) -> dict[str, Any]:
    """Dicts go to jsonb columns; lists stay Python lists, i.e. PostgreSQL arrays."""
    return {k: Jsonb(v) if isinstance(v, dict) else v for k, v in values.items()}


async def insert(conn: Conn, table: str, values: dict[str, Any]) -> Row:
    cols = ", ".join(values)
    marks = ", ".join(f"%({k})s" for k in values)
    row = await one(
        conn, f"INSERT INTO {table} ({cols}) VALUES ({marks}) RETURNING *", _jsonb(values)
    )
    assert row is not None
    return row


# --- principals, accounts, inboxes ---------------------------------------------------------


async def principal_by_token(conn: Conn, token: str) -> Party | None:
    user = await one(conn, "SELECT * FROM users WHERE access_token = %s", (token,))
    if user is not None:
        return Party("user", user)
    bot = await one(conn, "SELECT * FROM agent_bots WHERE access_token = %s", (token,))
    return Party("agent_bot", bot) if bot is not None else None


async def party(conn: Conn, kind: Kind, party_id: int | None) -> Party | None:
    if party_id is None:
        return None
    row = await one(conn, f"SELECT * FROM {_TABLES[kind]} WHERE id = %s", (party_id,))
    return Party(kind, row) if row is not None else None


async def account(conn: Conn, account_id: int) -> Row | None:
    return await one(conn, "SELECT * FROM accounts WHERE id = %s", (account_id,))


async def inbox(conn: Conn, inbox_id: int) -> Row | None:
    return await one(conn, "SELECT * FROM inboxes WHERE id = %s", (inbox_id,))


async def inbox_by_channel(conn: Conn, account_id: int, channel_type: str) -> Row | None:
    sql = "SELECT * FROM inboxes WHERE account_id = %s AND channel_type = %s ORDER BY id LIMIT 1"
    return await one(conn, sql, (account_id, channel_type))


async def team(conn: Conn, account_id: int, team_id: Any) -> Row | None:
    if not isinstance(team_id, int | str) or not str(team_id).isdigit():
        return None
    sql = "SELECT * FROM teams WHERE account_id = %s AND id = %s"
    return await one(conn, sql, (account_id, int(team_id)))


# --- contacts and conversations --------------------------------------------------------------


async def find_contact(conn: Conn, account_id: int, **keys: str | None) -> Row | None:
    """Chatwoot reuses an account's contact when identifier, email or phone matches."""
    for column in ("identifier", "email", "phone_number"):
        value = keys.get(column)
        if value:
            sql = f"SELECT * FROM contacts WHERE account_id = %s AND {column} = %s ORDER BY id"
            row = await one(conn, sql, (account_id, value))
            if row is not None:
                return row
    return None


async def contact_inbox(conn: Conn, contact_id: int, inbox_id: int) -> Row | None:
    sql = "SELECT * FROM contact_inboxes WHERE contact_id = %s AND inbox_id = %s ORDER BY id"
    return await one(conn, sql, (contact_id, inbox_id))


async def create_contact_inbox(conn: Conn, contact_id: int, inbox_id: int, source_id: str) -> Row:
    values = {"contact_id": contact_id, "inbox_id": inbox_id, "source_id": source_id}
    return await insert(
        conn, "contact_inboxes", values | {"pubsub_token": secrets.token_urlsafe(18)}
    )


async def conversation(conn: Conn, account_id: int, display_id: int) -> Row | None:
    sql = "SELECT * FROM conversations WHERE account_id = %s AND display_id = %s"
    return await one(conn, sql, (account_id, display_id))


async def active_conversation(conn: Conn, contact_inbox_id: int) -> Row | None:
    sql = (
        "SELECT * FROM conversations WHERE contact_inbox_id = %s AND status <> 'resolved'"
        " ORDER BY id DESC LIMIT 1"
    )
    return await one(conn, sql, (contact_inbox_id,))


async def create_conversation(conn: Conn, values: dict[str, Any], display_id: int | None) -> Row:
    """Allocate the next display id, or take a caller-chosen one and move the counter past it."""
    account_id = values["account_id"]
    if display_id is None:
        sql = "UPDATE accounts SET last_display_id = last_display_id + 1 WHERE id = %s RETURNING *"
        counter = await one(conn, sql, (account_id,))
        assert counter is not None
        display_id = int(counter["last_display_id"])
    else:
        sql = "UPDATE accounts SET last_display_id = GREATEST(last_display_id, %s) WHERE id = %s"
        await conn.execute(sql, (display_id, account_id))
    return await insert(conn, "conversations", values | {"display_id": display_id})


async def update_conversation(conn: Conn, conv: Row, changes: dict[str, Any]) -> Row:
    sets = ", ".join(f"{k} = %({k})s" for k in changes)
    sql = f"UPDATE conversations SET {sets}, updated_at = now() WHERE id = %(_id)s RETURNING *"
    row = await one(conn, sql, _jsonb(changes) | {"_id": conv["id"]})
    assert row is not None
    return row


async def conversations_of(conn: Conn, column: str, value: str) -> list[Row]:
    sql = (
        "SELECT c.account_id, c.display_id, c.inbox_id, c.status, c.contact_id, i.channel_type,"
        f" c.created_at FROM conversations c JOIN contacts k ON k.id = c.contact_id"
        f" JOIN inboxes i ON i.id = c.inbox_id WHERE k.{column} = %s ORDER BY c.id"
    )
    return await many(conn, sql, (value,))


# --- messages ---------------------------------------------------------------------------------


async def insert_message(
    conn: Conn, conv: Row, values: dict[str, Any], sender: Party | None
) -> Msg:
    base = {
        "account_id": conv["account_id"],
        "inbox_id": conv["inbox_id"],
        "conversation_id": conv["id"],
    }
    if sender is not None:
        base |= {"sender_type": SENDER_TYPES[sender.kind], "sender_id": sender.row["id"]}
    row = await insert(conn, "messages", base | values)
    return Msg(row, sender)


async def _with_senders(conn: Conn, rows: list[Row]) -> list[Msg]:
    cache: dict[tuple[str, int], Party | None] = {}
    out = []
    for row in rows:
        key = (row["sender_type"], row["sender_id"])
        if key not in cache:
            kind = _KINDS.get(row["sender_type"] or "")
            cache[key] = await party(conn, kind, row["sender_id"]) if kind else None
        out.append(Msg(row, cache[key]))
    return out


async def messages(conn: Conn, conv_id: int, after: int | None, before: int | None) -> list[Msg]:
    """Oldest first, like Chatwoot: up to 100 after an id, else the last 20 (before an id)."""
    if after is not None:
        sql = "SELECT * FROM messages WHERE conversation_id = %s AND id > %s ORDER BY id LIMIT 100"
        return await _with_senders(conn, await many(conn, sql, (conv_id, after)))
    sql = "SELECT * FROM messages WHERE conversation_id = %s AND id < %s ORDER BY id DESC LIMIT 20"
    rows = await many(conn, sql, (conv_id, before if before is not None else 2**62))
    return await _with_senders(conn, rows[::-1])


async def snapshot(conn: Conn, conv_id: int) -> Snapshot:
    conv = await one(conn, "SELECT * FROM conversations WHERE id = %s", (conv_id,))
    assert conv is not None
    acct = await account(conn, conv["account_id"])
    box = await inbox(conn, conv["inbox_id"])
    contact = await one(conn, "SELECT * FROM contacts WHERE id = %s", (conv["contact_id"],))
    assert acct is not None and box is not None and contact is not None
    cinbox = await one(
        conn, "SELECT * FROM contact_inboxes WHERE id = %s", (conv["contact_inbox_id"],)
    )
    assignee = await party(conn, "user", conv["assignee_id"]) or await party(
        conn, "agent_bot", conv["assignee_agent_bot_id"]
    )
    last = await many(
        conn,
        "SELECT * FROM messages WHERE conversation_id = %s AND message_type <> 2 AND NOT private"
        " ORDER BY id DESC LIMIT 1",
        (conv_id,),
    )
    stats = await one(
        conn,
        "SELECT count(*) FILTER (WHERE created_at > COALESCE(%s, '-infinity'::timestamptz)) AS unread,"
        " max(created_at) AS last_in FROM messages WHERE conversation_id = %s AND message_type = 0",
        (conv["agent_last_seen_at"], conv_id),
    )
    assert stats is not None
    return Snapshot(
        account=acct,
        inbox=box,
        conversation=conv,
        contact=contact,
        contact_inbox=cinbox,
        assignee=assignee,
        team=await team(conn, conv["account_id"], conv["team_id"]),
        last_message=(await _with_senders(conn, last))[0] if last else None,
        unread_count=min(int(stats["unread"]), 10),
        last_incoming_at=stats["last_in"],
    )


def can_reply(snap: Snapshot) -> bool:
    """WhatsApp only allows free-form replies within 24 h of the contact's last message."""
    if snap.inbox["channel_type"] != "Channel::Whatsapp":
        return True
    last = snap.last_incoming_at
    return last is not None and now() - last < timedelta(hours=24)


# --- webhook deliveries -----------------------------------------------------------------------


async def record_delivery(conn: Conn, values: dict[str, Any]) -> Row:
    return await insert(conn, "deliveries", values)


async def finish_delivery(
    conn: Conn, row_id: int, state: str, code: int | None, error: str | None
) -> None:
    sql = (
        "UPDATE deliveries SET state = %s, status_code = %s, error = %s, attempted_at = now()"
        " WHERE id = %s"
    )
    await conn.execute(sql, (state, code, error, row_id))


async def deliveries(conn: Conn, filters: dict[str, Any]) -> list[Row]:
    where = " AND ".join(f"{k} = %({k})s" for k in filters) or "true"
    sql = f"SELECT * FROM deliveries WHERE {where} ORDER BY id"
    return await many(conn, sql, filters)
