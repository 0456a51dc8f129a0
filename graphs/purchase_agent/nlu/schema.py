"""Typed results of understanding one chat message.

These models are the contract between the NLU layer and the graph, and the LLM's
structured-output schema: field descriptions are written for the model as much as for people.
"""

from __future__ import annotations

from typing import Literal, Protocol, get_args

from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema

Intent = Literal[
    "create_rfq",
    "modify_order",
    "confirm_order",
    "cancel_order",
    "order_status",
    "human_handoff",
    "greeting",
    "other",
]
INTENTS: tuple[Intent, ...] = get_args(Intent)
ITEM_INTENTS: tuple[Intent, ...] = ("create_rfq", "modify_order")  # the intents that carry items
Lang = Literal["es", "en"]
Change = Literal["set", "add"]


class Item(BaseModel):
    """One requested or changed line, in the catalog unit of measure of its product."""

    code: str | None = Field(
        default=None, description="Catalog product code, or null when not in the catalog"
    )
    product_text: str | None = Field(
        default=None, description="The product exactly as written in the message, or null"
    )
    qty: float | None = Field(
        default=None, description="Quantity in the uom below; 0 removes the line; null if none"
    )
    uom: str | None = Field(default=None, description="One of kg, l, unit, box")
    price: float | None = Field(
        default=None, description="Price per uom offered or requested, or null"
    )
    change: Change = Field(
        default="set", description='"add" to a line already on the order, else "set" it'
    )
    # Set by code, never by the LLM (not in its schema): the unit code the quantity was
    # written in when it is of another kind than the product's (kilos of a product bought
    # by the unit). `qty` is then as written, and the graph asks back instead of ordering.
    asked_in: SkipJsonSchema[str | None] = None
    # Set by code: the products a shared kind word ("tornillo") may mean when nothing in the
    # message tells which; the graph asks which one instead of ordering.
    candidates: SkipJsonSchema[list[str]] = Field(default_factory=list)


class Understanding(BaseModel):
    """What one message asks for."""

    intent: Intent
    items: list[Item] = Field(
        default_factory=list, description="Only for create_rfq and modify_order, else empty"
    )
    order_ref: str | None = Field(
        default=None, description='Order reference as "P" + 5 digits (P00012), or null'
    )
    lang: Lang = Field(default="es", description="Language of most of the words")


class PendingLine(BaseModel):
    """A line of the request the conversation is currently about."""

    code: str | None = None
    qty: float | None = None
    uom: str | None = None


class PendingContext(BaseModel):
    """The open request of the conversation, used to resolve 'it', bare numbers and generic names."""

    order_ref: str | None = None
    lines: list[PendingLine] = Field(default_factory=list)


class Model(Protocol):
    """What the graph and the CLI call: the offline model and the LLM model both are one."""

    def understand(self, text: str, pending: PendingContext | None = None) -> Understanding: ...
