"""Handing a conversation to people: the one routine the graph and the ingest both use.

A private note tells agents why, the conversation is set `open` (Chatwoot's bots stop on an
open conversation assigned to a person) and, when a team is configured, assigned to it.
"""

from __future__ import annotations

from tools.chatwoot import ChatwootClient


def hand_over(
    chatwoot: ChatwootClient,
    account_id: int,
    conversation_id: int,
    note: str,
    *,
    team_id: int | None,
    reply_key: str | None = None,
) -> None:
    """Raises ChatwootError when Chatwoot does not take it; the caller decides what then."""
    chatwoot.post_message(account_id, conversation_id, note, private=True, reply_key=reply_key)
    chatwoot.set_status(account_id, conversation_id, "open")
    if team_id:
        chatwoot.assign_team(account_id, conversation_id, team_id)
