"""Run input, turn kinds, thread ids and the outbox: the ingest-graph contract in one place.

The ingest stores each piece of work as an outbox row whose payload is a fragment of the run
input (`OutboxPayload`); the dispatcher merges a conversation's due rows into one `RunInput`.
The graph may also write to the outbox (a `retry` signal for deferred work), so the writes and
their NOTIFY, which wakes the dispatcher, live here and nowhere else.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Sequence
from typing import Any, Literal, NotRequired, TypedDict

import psycopg
from psycopg import AsyncConnection

THREAD_NAMESPACE = uuid.UUID("6d1c9a3e-0f5b-4c1e-9d2a-5b7e8f9a0c41")
# The dispatcher LISTENs on it; sql/006's accept_messages spells it out too.
OUTBOX_CHANNEL = "purchase_agent_outbox"
NOTIFY_SQL = f"NOTIFY {OUTBOX_CHANNEL}"

TurnKind = Literal["none", "message", "request", "approval", "retry"]
Signal = Literal["resume", "retry"]
Action = Literal["create_rfq", "modify_order", "confirm_order", "cancel_order", "order_status"]


class Contact(TypedDict, total=False):
    phone: str | None
    email: str | None
    identifier: str | None
    name: str | None


class Conversation(TypedDict):
    """The Chatwoot conversation a thread answers in (absent for programmatic threads)."""

    account_id: int
    conversation_id: int
    inbox_id: NotRequired[int | None]
    channel: NotRequired[str]
    contact: NotRequired[Contact]


class RunMessage(TypedDict):
    """A chat message as the graph receives it; its id makes a redelivery harmless."""

    type: Literal["human", "ai"]
    content: str
    id: str
    name: NotRequired[str]


class StructuredRequest(TypedDict, total=False):
    """A programmatic request (Juan): skips the language model entirely."""

    action: Action
    items: list[dict[str, Any]]
    order_ref: str | None
    requester: Contact


class ApprovalDecision(TypedDict, total=False):
    """An approver's decision on an order waiting for approval."""

    order_ref: str
    decision: Literal["approve", "reject"]
    by: str  # the approver's email or phone
    note: str
    request_id: str  # from a link: decides that request only


class OutboxPayload(TypedDict, total=False):
    """One outbox row's share of a run: a message, the conversation, or a signal."""

    message: RunMessage
    conversation: Conversation
    signal: Signal


class RunInput(TypedDict, total=False):
    """What a run of the graph takes: new messages, or a structured request, or an approval
    decision, or a signal; plus who is writing and where to answer."""

    messages: list[RunMessage]
    conversation: Conversation | None
    requester: Contact | None
    request: StructuredRequest | None
    approval: ApprovalDecision | None
    signal: Signal | None


@functools.lru_cache(maxsize=4096)
def thread_id_for(account_id: int, conversation_id: int) -> str:
    """One LangGraph thread per Chatwoot conversation, the same id on every delivery."""
    return str(uuid.uuid5(THREAD_NAMESPACE, f"chatwoot:{account_id}:{conversation_id}"))


def is_conversation_thread(thread_id: object) -> bool:
    """Whether a thread id has the shape of `thread_id_for`'s (a version-5 UUID): such ids
    belong to Chatwoot conversations, and the API keeps them for the ingest."""
    try:
        return uuid.UUID(str(thread_id)).version == 5
    except ValueError:
        return False


def message_id_for(account_id: int, message_id: int) -> str:
    """The graph-side id of a Chatwoot message (message ids are unique per installation)."""
    return f"chatwoot:{account_id}:{message_id}"


def run_input(payloads: Sequence[OutboxPayload]) -> RunInput:
    """One run's input from a conversation's queued rows, oldest first."""
    data: RunInput = {"messages": [p["message"] for p in payloads if "message" in p]}
    conversations = [p["conversation"] for p in payloads if "conversation" in p]
    if conversations:
        data["conversation"] = conversations[-1]
    signals = [p["signal"] for p in payloads if "signal" in p]
    if signals:
        data["signal"] = signals[-1]
    return data


_SIGNAL_SQL = (
    "INSERT INTO ingest.outbox (kind, thread_id, payload, next_attempt_at)"
    " VALUES ('signal', %s, %s, now() + make_interval(secs => %s))"
)
_CONTEXT_SQL = (
    "INSERT INTO ingest.outbox (kind, message_id, thread_id, payload)"
    " VALUES ('agent_message', %s, %s, %s)"
)


def _signal_params(thread_id: str, signal: Signal, delay: float) -> tuple[str, str, float]:
    payload: OutboxPayload = {"signal": signal}
    return thread_id, json.dumps(payload), delay


def queue_signal(
    conn: psycopg.Connection, thread_id: str, signal: Signal, delay_seconds: float = 0.0
) -> None:
    """Wake a thread later (`retry`: deferred work is due) from a synchronous caller."""
    conn.execute(_SIGNAL_SQL, _signal_params(thread_id, signal, delay_seconds))
    conn.execute(NOTIFY_SQL)


async def aqueue_signal(
    conn: AsyncConnection, thread_id: str, signal: Signal, delay_seconds: float = 0.0
) -> None:
    """`queue_signal` for the ingest's asynchronous connections (`resume`)."""
    await conn.execute(_SIGNAL_SQL, _signal_params(thread_id, signal, delay_seconds))
    await conn.execute(NOTIFY_SQL)


async def aqueue_context(
    conn: AsyncConnection, message_row: int, thread_id: str, message: RunMessage
) -> None:
    """Queue a human agent's message (stored as `message_row`) as context for the thread."""
    payload: OutboxPayload = {"message": message}
    await conn.execute(_CONTEXT_SQL, (message_row, thread_id, json.dumps(payload)))
    await conn.execute(NOTIFY_SQL)
