"""Chatwoot webhook payloads: the only module that knows their format.

A payload becomes an `Inbound` message for the agent, or the reason it is ignored. Only
`message_created` + `message_type == "incoming"` + `private == false` from a contact is work;
echoes of our own replies, notes, templates, typing and every other event are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from contract.runs import Conversation, RunMessage, message_id_for, thread_id_for

CHANNELS = {
    "Channel::Whatsapp": "whatsapp",
    "Channel::Email": "email",
    "Channel::WebWidget": "web",
    "Channel::Api": "api",
    "Channel::Sms": "sms",
    "Channel::TwilioSms": "sms",
}


class BadPayload(ValueError):
    """The payload lacks a field the ingest needs, or has the wrong type (answered 422)."""


@dataclass(frozen=True)
class _InConversation:
    account_id: int
    conversation_id: int

    @property
    def thread_id(self) -> str:
        return thread_id_for(self.account_id, self.conversation_id)


@dataclass(frozen=True)
class Inbound(_InConversation):
    """A requester's message: work for the agent."""

    inbox_id: int | None
    message_id: int
    channel: str
    content: str
    user_identifier: str
    phone: str | None
    email: str | None
    identifier: str | None
    name: str | None

    def run_message(self) -> RunMessage:
        """The message as the graph receives it; its id makes redelivery harmless."""
        return {
            "type": "human",
            "content": self.content,
            "id": message_id_for(self.account_id, self.message_id),
        }

    def conversation(self) -> Conversation:
        return {
            "account_id": self.account_id,
            "conversation_id": self.conversation_id,
            "inbox_id": self.inbox_id,
            "channel": self.channel,
            "contact": {
                "phone": self.phone,
                "email": self.email,
                "identifier": self.identifier,
                "name": self.name,
            },
        }


@dataclass(frozen=True)
class AgentReply(_InConversation):
    """A human agent wrote in the conversation: context for the agent, and a reason to be quiet."""

    message_id: int
    content: str
    agent_name: str

    def run_message(self) -> RunMessage:
        return {
            "type": "ai",
            "name": "human_agent",
            "content": f"[{self.agent_name}] {self.content}",
            "id": message_id_for(self.account_id, self.message_id),
        }


@dataclass(frozen=True)
class BotResumed(_InConversation):
    """The conversation went back to `pending`: the bot may answer again."""


Work = Inbound | AgentReply | BotResumed


def _obj(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadPayload(f"'{name}' must be an object")
    return value


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadPayload(f"'{name}' must be an integer")
    return value


def _str(value: Any, name: str, *, optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise BadPayload(f"'{name}' must be a string")
    return value


def classify(payload: Any) -> Work | str:
    """The work in `payload`, or a short reason why there is none for us."""
    work = _classify(payload)
    if not isinstance(work, str):
        for value in vars(work).values():
            if isinstance(value, str) and "\x00" in value:
                raise BadPayload("text fields must not contain NUL characters")
    return work


def _classify(payload: Any) -> Work | str:
    body = _obj(payload, "body")
    event = _str(body.get("event"), "event", optional=False)
    if event == "conversation_status_changed":
        return _status_change(body)
    if event != "message_created":
        return f"event {event} ignored"
    message_type = _str(body.get("message_type"), "message_type", optional=False)
    private = body.get("private", False)
    if not isinstance(private, bool):
        raise BadPayload("'private' must be a boolean")
    message_id = _int(body.get("id"), "id")
    conversation = _obj(body.get("conversation"), "conversation")
    conversation_id = _int(conversation.get("id"), "conversation.id")
    account = _obj(body.get("account"), "account")
    account_id = _int(account.get("id"), "account.id")
    content = _str(body.get("content"), "content")
    sender = body.get("sender")
    if private:
        return "private note ignored"
    if message_type == "outgoing" and isinstance(sender, dict) and sender.get("type") == "user":
        if not content or not content.strip():
            return "agent message without text ignored"
        return AgentReply(
            account_id=account_id,
            conversation_id=conversation_id,
            message_id=message_id,
            content=content,
            agent_name=_clean(sender.get("name")) or "agent",
        )
    if message_type != "incoming":
        return f"{message_type} message ignored"
    if not isinstance(sender, dict) or sender.get("type") not in (None, "contact"):
        return "message not from a contact ignored"
    if not content or not content.strip():
        return "message without text ignored"
    inbox = body.get("inbox")
    inbox_id = inbox.get("id") if isinstance(inbox, dict) else None
    if not isinstance(inbox_id, int):
        inbox_id = None
    if inbox_id is None and isinstance(conversation.get("inbox_id"), int):
        inbox_id = conversation["inbox_id"]
    channel_class = conversation.get("channel")
    contact_inbox = conversation.get("contact_inbox")
    source_id = contact_inbox.get("source_id") if isinstance(contact_inbox, dict) else None
    channel = _channel(channel_class, source_id)
    phone = _phone(sender.get("phone_number"), source_id, channel)
    email = _clean(sender.get("email"))
    if channel == "email" and not email and isinstance(source_id, str) and "@" in source_id:
        email = source_id
    email = email.lower() if email else None
    identifier = _clean(sender.get("identifier"))
    contact_id = sender.get("id")
    return Inbound(
        account_id=account_id,
        conversation_id=conversation_id,
        inbox_id=inbox_id,
        message_id=message_id,
        channel=channel,
        content=content,
        user_identifier=_user_identifier(channel, phone, email, identifier, contact_id),
        phone=phone,
        email=email,
        identifier=identifier,
        name=_clean(sender.get("name")),
    )


def _status_change(body: dict[str, Any]) -> BotResumed | str:
    status = _str(body.get("status"), "status", optional=False)
    conversation_id = _int(body.get("id"), "id")
    account = body.get("account")
    if not isinstance(account, dict) or not isinstance(account.get("id"), int):
        return "status change without account ignored"
    if status != "pending":
        return f"status {status} ignored"
    return BotResumed(account_id=account["id"], conversation_id=conversation_id)


def _clean(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _channel(channel_class: Any, source_id: Any) -> str:
    channel = CHANNELS.get(channel_class if isinstance(channel_class, str) else "", "api")
    if channel == "sms" and isinstance(source_id, str) and source_id.startswith("whatsapp:"):
        return "whatsapp"
    return channel


def _phone(phone_number: Any, source_id: Any, channel: str) -> str | None:
    """E.164 from the contact, or from a WhatsApp/SMS source id (digits, maybe prefixed)."""
    for candidate in (phone_number, source_id if channel in ("whatsapp", "sms") else None):
        if isinstance(candidate, str):
            digits = re.sub(r"\D", "", candidate.removeprefix("whatsapp:"))
            if 7 <= len(digits) <= 15:
                return "+" + digits
    return None


def _user_identifier(
    channel: str, phone: str | None, email: str | None, identifier: str | None, contact_id: Any
) -> str:
    if channel in ("whatsapp", "sms"):
        ordered = (phone, email, identifier)
    elif channel == "email":
        ordered = (email, phone, identifier)
    else:
        ordered = (identifier, email, phone)
    for value in ordered:
        if value:
            return value
    return f"contact:{contact_id}"
