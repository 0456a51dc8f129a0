"""Chatwoot JSON shapes (v4.15.1): webhook payloads and REST bodies, from contract §1.5-§3.

Two families that differ on purpose, as in Chatwoot: webhook top-level messages carry a string
`message_type` and ISO `created_at`; nested and REST messages carry an int and an epoch int.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sandbox.chatwoot.store import Msg, Party, Row, Snapshot, can_reply

MESSAGE_TYPES = {0: "incoming", 1: "outgoing", 2: "activity", 3: "template"}
ASSIGNEE_TYPES = {"user": "User", "agent_bot": "AgentBot"}


def iso(value: datetime | None) -> str | None:
    """Rails' ActiveSupport format: UTC with milliseconds and a Z."""
    if value is None:
        return None
    v = value.astimezone(UTC)
    return v.strftime("%Y-%m-%dT%H:%M:%S.") + f"{v.microsecond // 1000:03d}Z"


def epoch(value: datetime | None) -> int:
    return int(value.timestamp()) if value is not None else 0


def ref(row: Row) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"]}


def contact_push(c: Row) -> dict[str, Any]:
    return {
        "additional_attributes": c["additional_attributes"],
        "custom_attributes": c["custom_attributes"],
        "email": c["email"],
        "id": c["id"],
        "identifier": c["identifier"],
        "name": c["name"],
        "phone_number": c["phone_number"],
        "thumbnail": "",
        "blocked": False,
        "type": "contact",
    }


def party_push(p: Party | None) -> dict[str, Any] | None:
    """`push_event_data`: used inside conversation payloads and in REST responses."""
    if p is None:
        return None
    r = p.row
    if p.kind == "contact":
        return contact_push(r)
    if p.kind == "user":
        return {
            "id": r["id"],
            "name": r["name"],
            "available_name": r["name"],
            "avatar_url": "",
            "type": "user",
            "availability_status": "online",
            "thumbnail": "",
        }
    return {"id": r["id"], "name": r["name"], "avatar_url": "", "type": "agent_bot"}


def party_webhook(p: Party | None, account: Row) -> dict[str, Any] | None:
    """`webhook_data`: the top-level `sender`. Contacts have NO `type` key (removed in v2.14)."""
    if p is None:
        return None
    r = p.row
    if p.kind == "contact":
        return {
            "account": ref(account),
            "additional_attributes": r["additional_attributes"],
            "avatar": "",
            "custom_attributes": r["custom_attributes"],
            "email": r["email"],
            "id": r["id"],
            "identifier": r["identifier"],
            "name": r["name"],
            "phone_number": r["phone_number"],
            "thumbnail": "",
            "blocked": False,
        }
    if p.kind == "user":
        return {"id": r["id"], "name": r["name"], "email": r["email"], "type": "user"}
    return {"id": r["id"], "name": r["name"], "type": "agent_bot"}


def message_push(m: Msg, snap: Snapshot) -> dict[str, Any]:
    """`Message#webhook_push_event_data`: every column, int type, epoch created_at."""
    r, conv = m.row, snap.conversation
    data: dict[str, Any] = {
        "id": r["id"],
        "content": r["content"],
        "account_id": r["account_id"],
        "inbox_id": r["inbox_id"],
        "conversation_id": conv["display_id"],
        "message_type": r["message_type"],
        "created_at": epoch(r["created_at"]),
        "updated_at": iso(r["updated_at"]),
        "private": r["private"],
        "status": r["status"],
        "source_id": r["source_id"],
        "content_type": r["content_type"],
        "content_attributes": r["content_attributes"],
        "sender_type": r["sender_type"],
        "sender_id": r["sender_id"],
        "external_source_ids": {},
        "additional_attributes": r["additional_attributes"],
        "processed_message_content": r["content"],
        "sentiment": {},
        "conversation": {
            "assignee_id": conv["assignee_id"],
            "unread_count": snap.unread_count,
            "last_activity_at": epoch(conv["last_activity_at"]),
            "contact_inbox": {"source_id": (snap.contact_inbox or {}).get("source_id")},
        },
    }
    if m.sender is not None:
        data["sender"] = party_push(m.sender)
    return data


def _meta(snap: Snapshot) -> dict[str, Any]:
    return {
        "sender": contact_push(snap.contact),
        "assignee": party_push(snap.assignee),
        "assignee_type": ASSIGNEE_TYPES[snap.assignee.kind] if snap.assignee else None,
        "team": ref(snap.team) if snap.team else None,
        "hmac_verified": bool(snap.contact_inbox and snap.contact_inbox["hmac_verified"]),
    }


def _contact_inbox(ci: Row | None) -> dict[str, Any] | None:
    if ci is None:
        return None
    keys = ("id", "contact_id", "inbox_id", "source_id")
    return {k: ci[k] for k in keys} | {
        "created_at": iso(ci["created_at"]),
        "updated_at": iso(ci["updated_at"]),
        "hmac_verified": ci["hmac_verified"],
        "pubsub_token": ci["pubsub_token"],
    }


def conversation_webhook(snap: Snapshot) -> dict[str, Any]:
    """`conversation.webhook_data`: push_data + account; `id` is the display id."""
    c = snap.conversation
    return {
        "additional_attributes": c["additional_attributes"],
        "can_reply": can_reply(snap),
        "channel": snap.inbox["channel_type"],
        "contact_inbox": _contact_inbox(snap.contact_inbox),
        "id": c["display_id"],
        "inbox_id": c["inbox_id"],
        "messages": [message_push(snap.last_message, snap)] if snap.last_message else [],
        "labels": list(c["labels"]),
        "meta": _meta(snap),
        "status": c["status"],
        "custom_attributes": c["custom_attributes"],
        "snoozed_until": iso(c["snoozed_until"]),
        "unread_count": snap.unread_count,
        "first_reply_created_at": iso(c["first_reply_created_at"]),
        "priority": c["priority"],
        "waiting_since": epoch(c["waiting_since"]),
        "agent_last_seen_at": epoch(c["agent_last_seen_at"]),
        "contact_last_seen_at": epoch(c["contact_last_seen_at"]),
        "last_activity_at": epoch(c["last_activity_at"]),
        "timestamp": epoch(c["last_activity_at"]),
        "created_at": epoch(c["created_at"]),
        "updated_at": c["updated_at"].timestamp(),
        "account": ref(snap.account),
    }


def message_webhook(m: Msg, snap: Snapshot, event: str) -> dict[str, Any]:
    """`Message#webhook_data.merge(event:)`, keys in Chatwoot's order; no `attachments` key."""
    r = m.row
    return {
        "account": ref(snap.account),
        "additional_attributes": r["additional_attributes"],
        "content_attributes": r["content_attributes"],
        "content_type": r["content_type"],
        "content": r["content"],
        "conversation": conversation_webhook(snap),
        "created_at": iso(r["created_at"]),
        "id": r["id"],
        "inbox": ref(snap.inbox),
        "message_type": MESSAGE_TYPES[r["message_type"]],
        "private": r["private"],
        "sender": party_webhook(m.sender, snap.account),
        "source_id": r["source_id"],
        "event": event,
    }


def conversation_event(snap: Snapshot, event: str, **extra: Any) -> dict[str, Any]:
    """`conversation.webhook_data.merge(event:, ...)`; callers add `changed_attributes`."""
    return conversation_webhook(snap) | {"event": event} | extra


def message_rest(m: Msg, display_id: int, echo_id: Any = None) -> dict[str, Any]:
    """`api/v1/models/_message.json.jbuilder`."""
    r = m.row
    data: dict[str, Any] = {"id": r["id"], "content": r["content"], "inbox_id": r["inbox_id"]}
    if echo_id is not None:
        data["echo_id"] = echo_id
    data |= {
        "conversation_id": display_id,
        "message_type": r["message_type"],
        "content_type": r["content_type"],
        "status": r["status"],
        "content_attributes": r["content_attributes"],
        "created_at": epoch(r["created_at"]),
        "private": r["private"],
        "source_id": r["source_id"],
    }
    if m.sender is not None:
        data["sender"] = party_push(m.sender)
    return data


def messages_rest(snap: Snapshot, msgs: list[Msg]) -> dict[str, Any]:
    c = snap.conversation
    meta = {
        "labels": list(c["labels"]),
        "additional_attributes": c["additional_attributes"],
        "contact": contact_push(snap.contact),
        "assignee": party_push(snap.assignee),
        "agent_last_seen_at": iso(c["agent_last_seen_at"]),
        "assignee_last_seen_at": None,
    }
    return {"meta": meta, "payload": [message_rest(m, c["display_id"]) for m in msgs]}


def conversation_rest(snap: Snapshot) -> dict[str, Any]:
    """`conversations/show`: the push data plus the REST-only keys from the OpenAPI schema."""
    c = snap.conversation
    data = conversation_webhook(snap)
    data["meta"] = _meta(snap) | {"channel": snap.inbox["channel_type"]}
    last = message_push(snap.last_message, snap) if snap.last_message else None
    return data | {
        "account_id": c["account_id"],
        "uuid": str(c["uuid"]),
        "assignee_last_seen_at": 0,
        "muted": False,
        "last_non_activity_message": last,
    }


def agent_json(u: Row) -> dict[str, Any]:
    return {
        "id": u["id"],
        "account_id": u["account_id"],
        "availability_status": "online",
        "auto_offline": True,
        "confirmed": True,
        "email": u["email"],
        "provider": "email",
        "available_name": u["name"],
        "name": u["name"],
        "role": u["role"],
        "thumbnail": "",
        "custom_role_id": None,
    }


def agent_bot_json(b: Row) -> dict[str, Any]:
    keys = ("id", "name", "description", "outgoing_url", "account_id")
    return {k: b[k] for k in keys} | {
        "thumbnail": "",
        "bot_type": "webhook",
        "bot_config": {},
        "system_bot": False,
    }


def team_json(t: Row) -> dict[str, Any]:
    keys = ("id", "name", "description", "allow_auto_assign", "account_id")
    return {k: t[k] for k in keys} | {
        "created_at": iso(t["created_at"]),
        "updated_at": iso(t["updated_at"]),
    }
