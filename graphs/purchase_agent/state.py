"""What a purchase conversation remembers between turns, kept small on purpose.

The state holds references (order names, ids), never copies of Odoo figures: every number a
reply shows is read from Odoo during the turn that shows it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, NotRequired, TypedDict, cast

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages

HISTORY_LIMIT = 20
HANDLED_LIMIT = 50


def add_recent_messages(left: Any, right: Any) -> list[AnyMessage]:
    """`add_messages`, then keep only the most recent messages so checkpoints stay bounded."""
    merged = cast(list[AnyMessage], add_messages(left, right))
    return merged[-HISTORY_LIMIT:]


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


class RequesterInfo(TypedDict):
    id: int
    name: str
    may_confirm: bool


class Pending(TypedDict):
    """The question the agent last asked and is waiting on."""

    kind: Literal["confirm", "which_order"]
    action: NotRequired[str]
    orders: list[str]


class OrderSummary(TypedDict):
    name: str
    state: str
    vendor: str
    amount_total: float
    currency: str
    lines: list[dict[str, Any]]


class StructuredRequest(TypedDict, total=False):
    """A programmatic request (Juan): skips the language model entirely."""

    action: Literal["create_rfq", "modify_order", "confirm_order", "cancel_order", "order_status"]
    items: list[dict[str, Any]]
    order_ref: str | None
    requester: Contact


class ApprovalDecision(TypedDict, total=False):
    """An approver's decision on an order waiting for approval."""

    order_ref: str
    decision: Literal["approve", "reject"]
    by: str
    note: str


class DeferredTurn(TypedDict):
    understanding: dict[str, Any]
    turn_key: str
    lang: str
    text: NotRequired[str]  # the words, which still matter ("agrega" adds to a line)


class Deferred(TypedDict):
    """Requests understood while Odoo was unreachable, oldest first, retried on `retry`."""

    turns: list[DeferredTurn]
    attempts: int


class Unsent(TypedDict):
    """A reply Chatwoot did not take, posted again on `retry` under the same key."""

    reply: str
    reply_key: str
    target: Conversation
    attempts: int


class InputState(TypedDict, total=False):
    """What a caller sends: chat messages or a structured request or an approval decision,
    plus who is writing and where to answer."""

    messages: Annotated[list[AnyMessage], add_recent_messages]
    conversation: Conversation | None
    requester: Contact | None
    request: StructuredRequest | None
    approval: ApprovalDecision | None
    signal: Literal["resume", "retry"] | None


class OutputState(TypedDict, total=False):
    """What every run returns: the reply and the orders it touched, as read from Odoo."""

    reply: str
    orders_touched: list[OrderSummary]


class State(InputState, OutputState, total=False):
    requester_info: RequesterInfo | None
    orders: list[str]
    pending: Pending | None
    lang: Literal["es", "en"]
    handled: list[str]
    silenced: bool
    deferred: Deferred | None
    unsent: Unsent | None
    turn_kind: Literal["none", "message", "request", "approval", "retry"]
    turn_text: str
    turn_key: str
    turn_ids: list[str]
    turn_request: StructuredRequest | None
    turn_approval: ApprovalDecision | None
    understanding: dict[str, Any] | None
    private_note: str | None
    handoff: bool
    reply_to: Conversation | None
    needs_approval: list[str]
    misunderstood: int
