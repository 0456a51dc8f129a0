"""What a purchase conversation remembers between turns, kept small on purpose.

The state holds references (order names, ids), never copies of Odoo figures: every number a
reply shows is read from Odoo during the turn that shows it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, NotRequired, TypedDict, cast

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages

from contract.runs import (
    ApprovalDecision,
    Contact,
    Conversation,
    Signal,
    StructuredRequest,
    TurnKind,
)

HISTORY_LIMIT = 20
HANDLED_LIMIT = 50


def add_recent_messages(left: Any, right: Any) -> list[AnyMessage]:
    """`add_messages`, then keep only the most recent messages so checkpoints stay bounded."""
    merged = cast(list[AnyMessage], add_messages(left, right))
    return merged[-HISTORY_LIMIT:]


class RequesterInfo(TypedDict):
    id: int
    name: str
    may_confirm: bool


class Pending(TypedDict):
    """The question the agent last asked and is waiting on: whether to confirm the orders,
    which of several orders, or whether to make a write it was not sure was asked for (the
    understanding it holds back, carried out on "sí")."""

    kind: Literal["confirm", "which_order", "make_sure"]
    action: NotRequired[str]
    orders: list[str]
    vendors: NotRequired[list[str]]
    codes: NotRequired[list[str]]
    understanding: NotRequired[dict[str, Any]]


class Declined(TypedDict):
    """A write the agent asked about and the requester turned down."""

    action: str
    orders: list[str]


class OrderSummary(TypedDict):
    name: str
    state: str
    vendor: str
    amount_total: float
    currency: str
    lines: list[dict[str, Any]]


class DeferredTurn(TypedDict):
    understanding: dict[str, Any]
    turn_key: str
    lang: str


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
    """What a caller sends (`contract.runs.RunInput`), with messages as LangChain messages."""

    messages: Annotated[list[AnyMessage], add_recent_messages]
    conversation: Conversation | None
    requester: Contact | None
    request: StructuredRequest | None
    approval: ApprovalDecision | None
    signal: Signal | None


class ApprovalOutcome(TypedDict):
    """What became of an approval decision: approved, rejected, or why it was refused
    (unknown_approver, not_awaiting, superseded, expired, decided, changed, over_limit,
    own_order, failed)."""

    order_ref: str
    status: str


class Notice(TypedDict):
    """A message for another conversation than the turn's (the requester, after a decision)."""

    target: Conversation
    text: str


class OutputState(TypedDict, total=False):
    """What every run returns: the reply and the orders it touched, as read from Odoo; for an
    approval, its outcome."""

    reply: str
    orders_touched: list[OrderSummary]
    approval_outcome: ApprovalOutcome | None


class State(InputState, OutputState, total=False):
    requester_info: RequesterInfo | None
    orders: list[str]
    pending: Pending | None
    lang: Literal["es", "en"]
    handled: list[str]
    silenced: bool
    deferred: Deferred | None
    unsent: Unsent | None
    turn_kind: TurnKind
    turn_text: str
    turn_key: str
    turn_ids: list[str]
    turn_request: StructuredRequest | None
    turn_approval: ApprovalDecision | None
    understanding: dict[str, Any] | None
    declined: Declined | None
    private_note: str | None
    handoff: bool
    notices: list[Notice]
    needs_approval: list[str]
    misunderstood: int
