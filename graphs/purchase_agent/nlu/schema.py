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
# The intents whose action writes to Odoo: below ASK_BELOW confidence the agent asks first.
WRITE_INTENTS: tuple[Intent, ...] = ("create_rfq", "modify_order", "confirm_order", "cancel_order")
ASK_BELOW = 0.7
# The action the agent names when it asks about an intent on existing orders, and back.
ACTION_OF_INTENT: dict[Intent, str] = {
    "confirm_order": "confirm",
    "cancel_order": "cancel",
    "modify_order": "modify",
}
INTENT_OF_ACTION: dict[str, Intent] = {a: i for i, a in ACTION_OF_INTENT.items()}
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
    confidence: float = Field(
        default=1.0,
        ge=0.0,
        le=1.0,
        description="How sure the intent is: 1 for an explicit request, about 0.5 when the "
        "words could mean something else (a thank-you, a need mentioned, a soft 'forget it')",
    )
    # Set by code: catalogue codes a confirm, cancel or status message names ("ya no necesito
    # la leche de coco"), which select the open order that has them; every order reference
    # the message names, when it names several.
    mentioned: SkipJsonSchema[list[str]] = Field(default_factory=list)
    order_refs: SkipJsonSchema[list[str]] = Field(default_factory=list)

    @property
    def writes(self) -> bool:
        return self.intent in WRITE_INTENTS

    @property
    def held(self) -> bool:
        """A write on evidence too weak to act on: the agent asks before it."""
        return self.writes and self.confidence < ASK_BELOW


class PendingLine(BaseModel):
    """A line of the request the conversation is currently about."""

    code: str | None = None
    qty: float | None = None
    uom: str | None = None


class PendingContext(BaseModel):
    """The open request of the conversation, used to resolve 'it', bare numbers and generic names."""

    order_ref: str | None = None
    lines: list[PendingLine] = Field(default_factory=list)
    # The action the agent's last question asked about ("confirm", "cancel", "modify"), so a
    # bare "sí" answering it is explicit evidence and not a thank-you.
    asked: str | None = None


class Model(Protocol):
    """What the graph and the CLI call: the offline model and the LLM model both are one."""

    def understand(self, text: str, pending: PendingContext | None = None) -> Understanding: ...
