"""Conversation actions: toggle_status, assignments, toggle_typing_status (contract §3.3)."""

from __future__ import annotations

from typing import Any

from sandbox.chatwoot import payloads, store
from sandbox.chatwoot.errors import unprocessable
from sandbox.chatwoot.service import STATUSES, Chatwoot, epoch_to_datetime
from sandbox.chatwoot.store import Kind, Party

_STATUS_TEXT = {
    "resolved": "Conversation was marked resolved by {}",
    "open": "Conversation was reopened by {}",
    "pending": "Conversation was marked as pending by {}",
    "snoozed": "Conversation was snoozed by {}",
}


async def toggle_status(
    cw: Chatwoot, account_id: int, display_id: int, actor: Party, body: dict[str, Any]
) -> dict[str, Any]:
    status = body.get("status")
    if status is not None and status not in STATUSES:
        raise unprocessable(f"'{status}' is not a valid status")
    async with cw.op() as op:
        conv = await cw.conversation(op, account_id, display_id, True)
        new = status or ("resolved" if conv["status"] == "open" else "open")
        changes: dict[str, Any] = {"status": new, "snoozed_until": None}
        if new == "snoozed":
            changes["snoozed_until"] = epoch_to_datetime(body.get("snoozed_until"))
        success: bool | None = True
        if actor.kind == "agent_bot" and conv["status"] == "pending" and new == "open":
            success = None  # Conversation#bot_handoff! answers success: null
            changes["waiting_since"] = conv["waiting_since"] or store.now()
        if actor.kind == "user" and actor.row["role"] == "agent" and new == "open":
            if conv["assignee_id"] is None:  # an agent who opens a conversation takes it
                changes |= {"assignee_id": actor.row["id"], "assignee_agent_bot_id": None}
        before = conv["status"]
        conv = await cw.update(op, conv, changes)
        if conv["status"] != before:
            await cw.activity(op, conv, _STATUS_TEXT[new].format(actor.row["name"]))
    result = {
        "success": success,
        "conversation_id": conv["display_id"],
        "current_status": conv["status"],
        "snoozed_until": payloads.iso(conv["snoozed_until"]),
    }
    return {"meta": {}, "payload": result}


async def assign(
    cw: Chatwoot, account_id: int, display_id: int, actor: Party, body: dict[str, Any]
) -> dict[str, Any] | None:
    """Assign an agent, a bot (assignee_type AgentBot) or a team; unknown assignee unassigns."""
    as_bot = body.get("assignee_type") == "AgentBot"
    async with cw.op() as op:
        conv = await cw.conversation(op, account_id, display_id, True)
        result: dict[str, Any] | None = None
        if "assignee_id" in body or as_bot:
            kind: Kind = "agent_bot" if as_bot else "user"
            target_id = body.get("assignee_id")
            target = None
            if isinstance(target_id, int | str) and str(target_id).isdigit():
                target = await store.party(op.conn, kind, int(target_id))
            if target is not None and target.row["account_id"] != account_id:
                target = None
            if target is None:
                changes = {"assignee_id": None}
                text = "Conversation unassigned by {}"
            elif as_bot:
                changes = {"assignee_agent_bot_id": target.row["id"], "assignee_id": None}
                result = payloads.agent_bot_json(target.row)
                text = f"Assigned to {target.row['name']} by {{}}"
            else:
                changes = {"assignee_id": target.row["id"], "assignee_agent_bot_id": None}
                result = payloads.agent_json(target.row)
                text = f"Assigned to {target.row['name']} by {{}}"
        elif "team_id" in body:
            team = await store.team(op.conn, account_id, body.get("team_id"))
            changes = {"team_id": team["id"] if team else None}
            result = payloads.team_json(team) if team else None
            text = (
                f"Assigned to {team['name']} team by {{}}" if team else "Unassigned from team by {}"
            )
        else:
            return None
        updated = await cw.update(op, conv, changes)
        if updated is not conv:
            await cw.activity(op, updated, text.format(actor.row["name"]))
    return result


async def typing(
    cw: Chatwoot, account_id: int, display_id: int, actor: Party, body: dict[str, Any]
) -> None:
    """Fires conversation_typing_on/off to account webhooks; the REST answer is empty."""
    state = body.get("typing_status")
    if state not in ("on", "off"):
        raise unprocessable("typing_status must be 'on' or 'off'")
    async with cw.op() as op:
        conv = await cw.conversation(op, account_id, display_id, True)
        snap = await store.snapshot(op.conn, conv["id"])
        event = f"conversation_typing_{state}"
        payload = {
            "event": event,
            "user": payloads.party_webhook(actor, snap.account),
            "conversation": payloads.conversation_webhook(snap),
            "is_private": bool(body.get("is_private")),
        }
        op.add(event, payload, snap)
