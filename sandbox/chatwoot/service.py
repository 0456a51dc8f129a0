"""What each Chatwoot action does: rows written in one transaction, then webhook events emitted
after commit (a receiver that calls straight back always finds the data), in listener order.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sandbox.chatwoot import payloads, store
from sandbox.chatwoot.contacts import Identity, identity_for
from sandbox.chatwoot.errors import NOT_FOUND, ApiError, unprocessable
from sandbox.chatwoot.liquid import drops_for, render
from sandbox.chatwoot.schema import INBOXES
from sandbox.chatwoot.store import Conn, Msg, Party, Row, Snapshot
from sandbox.chatwoot.webhooks import Deliverer

MAX_CONTENT = 150_000
MESSAGE_TYPES = {"incoming": 0, "outgoing": 1, "template": 3}
CONTENT_TYPES = set(
    "text input_text input_textarea input_email input_select cards form article incoming_email"
    " input_csat integrations sticker voice_call".split()
)
STATUSES = ("open", "resolved", "pending", "snoozed")
# Conversation#list_of_keys: a change to one of these fires conversation_updated.
TRACKED = {
    "status",
    "assignee_id",
    "assignee_agent_bot_id",
    "team_id",
    "snoozed_until",
    "priority",
    "waiting_since",
    "first_reply_created_at",
}
CHANNELS = {channel_type: name for name, (_, _, channel_type) in INBOXES.items()}


def _identity_keys(contact: Row) -> dict[str, Any]:
    keys = ("name", "email", "phone_number", "identifier")
    return {k: contact[k] for k in keys if contact[k]}


def _int_field(body: dict[str, Any], key: str) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not str(value).isdigit():
        raise unprocessable(f"{key} must be an integer")
    return int(value)


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "1")


def _plain(value: Any) -> Any:
    return payloads.iso(value) if isinstance(value, datetime) else value


Event = tuple[str, dict[str, Any], dict[str, Any]]


def _event(event: str, payload: dict[str, Any], snap: Snapshot, msg_id: Any = None) -> Event:
    """An event plus the ids the delivery log is searched by."""
    conv = snap.conversation
    where = {"account_id": conv["account_id"], "conversation_id": conv["display_id"]}
    return event, payload, where | {"message_id": msg_id}


@dataclass
class Op:
    """One write transaction and the webhook events it will emit once committed."""

    conn: Conn
    events: list[Event] = field(default_factory=list)
    created: list[int] = field(default_factory=list)
    delivery_ids: dict[str, str] = field(default_factory=dict)

    def add(self, event: str, payload: dict[str, Any], snap: Snapshot, msg_id: Any = None) -> None:
        self.events.append(_event(event, payload, snap, msg_id))


class Chatwoot:
    def __init__(self, db: store.Store, deliverer: Deliverer) -> None:
        self.db = db
        self.deliverer = deliverer

    @asynccontextmanager
    async def op(self) -> AsyncIterator[Op]:
        async with self.db.write() as conn:
            op = Op(conn)
            yield op
            first = []  # conversation_created precedes the events of its first message
            for conv_id in op.created:
                snap = await store.snapshot(conn, conv_id)
                payload = payloads.conversation_event(snap, "conversation_created")
                first.append(_event("conversation_created", payload, snap))
            op.events[:0] = first
        for event, payload, where in op.events:
            op.delivery_ids[event] = await self.deliverer.emit(event, payload, **where)

    # --- conversations -------------------------------------------------------------------

    async def conversation(self, op: Op, account_id: int, display_id: int, create: bool) -> Row:
        conv = await store.conversation(op.conn, account_id, display_id)
        if conv is not None:
            return conv
        if not create:
            raise ApiError(404, NOT_FOUND)
        # Programmatic callers may post to an id nobody created: make it, in the API inbox.
        box = await store.inbox_by_channel(op.conn, account_id, "Channel::Api")
        if box is None:
            raise ApiError(404, NOT_FOUND)
        ident = identity_for("api", {"identifier": f"sandbox-conversation-{display_id}"})
        return await self._start(op, box, ident, display_id)

    async def _start(self, op: Op, box: Row, ident: Identity, display_id: int | None) -> Row:
        """Find or create the contact and its contact_inbox, then a new pending conversation."""
        contact = await store.find_contact(op.conn, box["account_id"], **ident.keys())
        if contact is None:
            contact = await store.insert(op.conn, "contacts", ident.contact_row(box["account_id"]))
        cinbox = await store.contact_inbox(op.conn, contact["id"], box["id"])
        if cinbox is None:
            cinbox = await store.create_contact_inbox(
                op.conn, contact["id"], box["id"], ident.source_id
            )
        if display_id is None:
            conv = await store.active_conversation(op.conn, cinbox["id"])
            if conv is not None:
                return conv
        values = {
            "account_id": box["account_id"],
            "inbox_id": box["id"],
            "contact_id": contact["id"],
            "contact_inbox_id": cinbox["id"],
            "status": "pending",  # an inbox with an active bot starts conversations pending
            "additional_attributes": ident.conversation_attrs,
            "waiting_since": store.now(),
        }
        conv = await store.create_conversation(op.conn, values, display_id)
        op.created.append(conv["id"])
        return conv

    async def update(self, op: Op, conv: Row, changes: dict[str, Any]) -> Row:
        """Apply changes and fire conversation_status_changed / conversation_updated as Rails does."""
        diff = {k: v for k, v in changes.items() if conv[k] != v}
        if not diff:
            return conv
        new = await store.update_conversation(op.conn, conv, diff)
        if TRACKED.isdisjoint(diff):
            return new
        snap = await store.snapshot(op.conn, conv["id"])
        if "status" in diff:  # Rails 7.1 dirty tracking leaves changed_attributes nil here
            payload = payloads.conversation_event(
                snap, "conversation_status_changed", changed_attributes=None
            )
            op.add("conversation_status_changed", payload, snap)
        changed = [
            {k: {"previous_value": _plain(conv[k]), "current_value": _plain(new[k])}}
            for k in [*diff, "updated_at"]
        ]
        payload = payloads.conversation_event(
            snap, "conversation_updated", changed_attributes=changed
        )
        op.add("conversation_updated", payload, snap)
        return new

    async def activity(self, op: Op, conv: Row, text: str) -> None:
        """Chatwoot logs status and assignment changes as activity messages (never webhooked)."""
        await store.insert_message(op.conn, conv, {"content": text, "message_type": 2}, None)

    # --- messages ----------------------------------------------------------------------------

    async def add_message(
        self, op: Op, conv: Row, values: dict[str, Any], sender: Party | None
    ) -> Msg:
        msg = await store.insert_message(op.conn, conv, values, sender)
        created = msg.row["created_at"]
        changes: dict[str, Any] = {"last_activity_at": created}
        if values["message_type"] == 0 and conv["waiting_since"] is None:
            changes["waiting_since"] = created
        human = sender is not None and sender.kind == "user"
        if human and values["message_type"] == 1 and not values.get("private"):
            changes["waiting_since"] = None
            if conv["first_reply_created_at"] is None:
                changes["first_reply_created_at"] = created
        conv = await self.update(op, conv, changes)
        if conv["status"] == "snoozed" and values["message_type"] == 0:
            conv = await self.update(op, conv, {"status": "open", "snoozed_until": None})
        snap = await store.snapshot(op.conn, conv["id"])
        op.add(
            "message_created",
            payloads.message_webhook(msg, snap, "message_created"),
            snap,
            msg.row["id"],
        )
        return msg

    async def inbound(self, body: dict[str, Any]) -> dict[str, Any]:
        """The simulated contact writes in: find/create contact and conversation, store, webhook.

        With `conversation_id` the message joins that conversation whatever its channel.
        """
        content = body.get("content")
        if not isinstance(content, str):
            raise unprocessable("content must be a string")
        account_id = _int_field(body, "account_id") or 1
        known = _int_field(body, "conversation_id")
        contact_in = body.get("contact") or {}
        channel = str(body.get("channel") or "whatsapp")
        ident = None if known is not None else identity_for(channel, contact_in, body)
        async with self.op() as op:
            if await store.account(op.conn, account_id) is None:
                raise ApiError(404, NOT_FOUND)
            if known is not None:
                conv = await self.conversation(op, account_id, known, False)
                box = await store.inbox(op.conn, conv["inbox_id"])
                contact = await store.party(op.conn, "contact", conv["contact_id"])
                assert box is not None and contact is not None
                ident = identity_for(
                    CHANNELS[box["channel_type"]], _identity_keys(contact.row), body
                )
            else:
                assert ident is not None
                box = await store.inbox_by_channel(op.conn, account_id, ident.channel_type)
                if box is None:
                    raise ApiError(404, NOT_FOUND)
                conv = await self._start(op, box, ident, None)
                contact = await store.party(op.conn, "contact", conv["contact_id"])
            msg = await self.add_message(op, conv, ident.message_row(content), contact)
        return {
            "account_id": account_id,
            "inbox_id": conv["inbox_id"],
            "conversation_id": conv["display_id"],
            "message_id": msg.row["id"],
            "delivery_id": op.delivery_ids.get("message_created"),
        }

    async def create_message(
        self, account_id: int, display_id: int, actor: Party, body: dict[str, Any]
    ) -> dict[str, Any]:
        """POST .../messages (MessageBuilder): validate like Chatwoot, render Liquid, echo."""
        type_name = body.get("message_type") or "outgoing"
        if type_name not in MESSAGE_TYPES:
            raise unprocessable(f"'{type_name}' is not a valid message_type")
        mtype = MESSAGE_TYPES[type_name]
        content = body.get("content")
        content = None if content is None else str(content)
        if content is not None and len(content) > MAX_CONTENT:
            raise unprocessable(
                "Validation failed: Content is too long (maximum is 150000 characters)"
            )
        content_type = body.get("content_type") or "text"
        if content_type not in CONTENT_TYPES:
            raise unprocessable(f"'{content_type}' is not a valid content_type")
        attrs = body.get("content_attributes") or {}
        if isinstance(attrs, str):
            try:
                attrs = json.loads(attrs)
            except ValueError as exc:
                raise unprocessable(f"content_attributes: {exc}") from exc
        if not isinstance(attrs, dict):
            raise unprocessable("content_attributes must be an object")
        extra: dict[str, Any] = {}
        for key in ("template_params", "campaign_id"):
            if body.get(key) is not None:
                extra[key] = body[key]
        async with self.op() as op:
            conv = await self.conversation(op, account_id, display_id, True)
            snap = await store.snapshot(op.conn, conv["id"])
            if mtype == 0 and snap.inbox["channel_type"] != "Channel::Api":
                raise unprocessable("Incoming messages are only allowed in Api inboxes")
            sender = Party("contact", snap.contact) if mtype == 0 else actor
            if content and mtype in (1, 3):
                agent = actor.row if actor.kind == "user" else None
                names = {"inbox": snap.inbox["name"], "account": snap.account["name"]}
                content = render(content, drops_for(snap.contact, agent, conv, names))
            values = {
                "content": content,
                "message_type": mtype,
                "content_type": content_type,
                "content_attributes": attrs,
                "additional_attributes": extra,
                "private": _truthy(body.get("private")),
                "source_id": body.get("source_id"),
            }
            msg = await self.add_message(op, conv, values, sender)
        return payloads.message_rest(msg, conv["display_id"], body.get("echo_id"))

    # --- reads -------------------------------------------------------------------------------

    async def show(self, account_id: int, display_id: int) -> dict[str, Any]:
        async with self.db.read() as conn:
            conv = await store.conversation(conn, account_id, display_id)
            if conv is None:
                raise ApiError(404, NOT_FOUND)
            return payloads.conversation_rest(await store.snapshot(conn, conv["id"]))

    async def list_messages(
        self, account_id: int, display_id: int, after: int | None, before: int | None
    ) -> dict[str, Any]:
        async with self.db.read() as conn:
            conv = await store.conversation(conn, account_id, display_id)
            if conv is None:
                raise ApiError(404, NOT_FOUND)
            msgs = await store.messages(conn, conv["id"], after, before)
            return payloads.messages_rest(await store.snapshot(conn, conv["id"]), msgs)


def epoch_to_datetime(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        return datetime.fromtimestamp(float(value), UTC)
    except (TypeError, ValueError, OverflowError) as exc:
        raise unprocessable(f"snoozed_until: {exc}") from exc
