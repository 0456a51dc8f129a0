"""Getting words out: the reply in Chatwoot (once per turn), notes for agents, and the
approvers' notification in Slack."""

from __future__ import annotations

import logging
from typing import Any

import psycopg
from langchain_core.messages import AIMessage
from langgraph.runtime import Runtime
from langsmith.run_helpers import get_current_run_tree

from contract.handoff import hand_over
from contract.runs import Conversation, queue_signal
from core.settings import get_settings
from graphs.purchase_agent import approvals, services
from graphs.purchase_agent.context import Context, context_of
from graphs.purchase_agent.run import mark_handled, retry_delay, thread_id
from graphs.purchase_agent.state import Notice, State, Unsent
from records import audit
from records import replies as outbound
from tools.chatwoot import ChatwootError

log = logging.getLogger("purchase_agent.graph")


def post_reply(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Post the reply where it belongs, once per turn, unless a person took over meanwhile.

    The reply is recorded (queued) under a key before it is posted, so a retried run finds
    it sent and does not post it twice; a Chatwoot outage defers it to a later retry.
    """
    label_trace(state)
    update: dict[str, Any] = {"handled": mark_handled(state, state.get("turn_ids") or [])}
    unsent = state.get("unsent") if state.get("turn_kind") == "retry" else None
    if unsent:
        reply, key, attempts = unsent["reply"], unsent["reply_key"], unsent["attempts"]
        target: Conversation | None = unsent["target"]
        update["unsent"] = None
    else:
        reply, attempts = str(state.get("reply") or ""), 0
        key = f"{thread_id()}:{state.get('turn_key', '')}"
        target = state.get("conversation")
        if reply:
            update["messages"] = [AIMessage(content=reply)]
    if context_of(runtime).dry_run:
        return update
    if state.get("notices") and not unsent:
        _post_notices(state.get("notices") or [], key)
    if not reply or not target:
        return update
    account, conversation = target["account_id"], target["conversation_id"]
    with services.db().connection() as conn:
        if _human_took_over(account, conversation):
            return update | {"silenced": True}
        try:
            if not _send_once(conn, account, conversation, reply, key):
                return update
        except ChatwootError as exc:
            log.warning("reply to conversation %s failed: %s", conversation, exc)
            return update | _keep_unsent(conn, reply, key, target, attempts)
        _after_reply(state, conn, account, conversation, key)
        tid = thread_id()
        if unsent and state.get("deferred") and tid:
            queue_signal(conn, tid, "retry")  # requests still waiting for Odoo
    return update


def _send_once(
    conn: psycopg.Connection, account: int, conversation: int, text: str, key: str
) -> bool:
    """Record a message under its key, then post it unless a run before already did: True
    when posted now. A Chatwoot failure marks it failed and is raised to the caller."""
    queued = outbound.queue_reply(
        conn, account_id=account, conversation_id=conversation, reply_key=key, content=text
    )
    if queued is not None and queued.status == "sent":
        return False
    try:
        message_id = services.chatwoot().post_message(account, conversation, text, reply_key=key)
    except ChatwootError:
        if queued is not None:
            outbound.mark_reply(conn, queued.id, "failed")
        raise
    if queued is not None:
        outbound.mark_reply(conn, queued.id, "sent", message_id)
    _audit(conn, "reply", conversation, {"chatwoot_message_id": message_id, "reply_key": key})
    return True


def _post_notices(notices: list[Notice], key: str) -> None:
    """Messages for other conversations (the requester, after an approver decided), each
    once under its own key; a failure is logged, the decision itself stands."""
    with services.db().connection() as conn:
        for index, notice in enumerate(notices):
            target = notice["target"]
            try:
                _send_once(
                    conn,
                    target["account_id"],
                    target["conversation_id"],
                    notice["text"],
                    f"{key}:notice:{index}",
                )
            except ChatwootError as exc:
                log.warning("notice to conversation %s failed: %s", target["conversation_id"], exc)


def label_trace(state: State) -> None:
    """Metadata and tags on the trace, so reviews can filter by intent, order or channel."""
    run = get_current_run_tree()
    if run is None:
        return
    intent = str((state.get("understanding") or {}).get("intent") or state.get("turn_kind"))
    conversation: dict[str, Any] = dict(state.get("conversation") or {})
    channel = str(conversation.get("channel") or "sdk")
    run.add_metadata(
        {
            "intent": intent,
            "orders": [o["name"] for o in state.get("orders_touched") or []],
            "requester": dict(state.get("requester_info") or {}).get("name"),
            "chatwoot_conversation_id": conversation.get("conversation_id"),
            "channel": channel,
        }
    )
    run.add_tags([f"intent:{intent}", f"channel:{channel}"])


def _audit(conn: psycopg.Connection, action: str, conversation: int, after: dict[str, Any]) -> None:
    audit.audit(
        conn,
        actor_kind="agent",
        actor="purchase-agent",
        action=action,
        thread_id=thread_id(),
        conversation_id=conversation,
        after=after,
    )


def _human_took_over(account: int, conversation: int) -> bool:
    try:
        return services.chatwoot().conversation_state(account, conversation).human_in_charge
    except ChatwootError:
        return False


def _keep_unsent(
    conn: psycopg.Connection, reply: str, key: str, target: Conversation, attempts: int
) -> dict[str, Any]:
    tid = thread_id()
    if tid is None:
        return {}
    queue_signal(conn, tid, "retry", retry_delay(attempts + 1))
    unsent: Unsent = {"reply": reply, "reply_key": key, "target": target, "attempts": attempts + 1}
    return {"unsent": unsent}


def _after_reply(
    state: State, conn: psycopg.Connection, account: int, conversation: int, key: str
) -> None:
    """Handoff note and status, and approval requests, once the reply is out."""
    chatwoot = services.chatwoot()
    try:
        if state.get("handoff"):
            note = state.get("private_note") or ""
            team = get_settings().handoff_team_id
            hand_over(chatwoot, account, conversation, note, team_id=team, reply_key=key + ":n")
            _audit(conn, "handoff", conversation, {"note": note[:500]})
        for name in state.get("needs_approval") or []:
            text = approvals.notify(conn, name)
            if text:
                chatwoot.post_message(
                    account, conversation, text, private=True, reply_key=f"{key}:approval:{name}"
                )
    except ChatwootError as exc:
        log.warning("follow-up in conversation %s failed: %s", conversation, exc)
