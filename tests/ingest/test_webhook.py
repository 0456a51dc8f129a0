"""Which Chatwoot payloads are work for the agent, and who sent them."""

from __future__ import annotations

from typing import Any

import pytest

from contract.runs import thread_id_for
from ingest.webhook import AgentReply, BadPayload, BotResumed, Inbound, classify


def payload(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "event": "message_created",
        "id": 41,
        "message_type": "incoming",
        "private": False,
        "content": "necesito 100 kilos de aceite de coco",
        "account": {"id": 1, "name": "Cocina Central SpA"},
        "inbox": {"id": 7, "name": "WhatsApp"},
        "conversation": {
            "id": 12,
            "channel": "Channel::Whatsapp",
            "contact_inbox": {"source_id": "56911112222"},
        },
        "sender": {"id": 3, "name": "Camila", "phone_number": "+56911112222", "email": None},
    }
    body.update(overrides)
    return body


def test_incoming_whatsapp_message_is_work_with_e164_sender() -> None:
    inbound = classify(payload())
    assert isinstance(inbound, Inbound)
    assert inbound.channel == "whatsapp" and inbound.phone == "+56911112222"
    assert inbound.user_identifier == "+56911112222"
    assert inbound.inbox_id == 7
    assert inbound.thread_id == thread_id_for(1, 12)
    assert inbound.run_message()["id"] == "chatwoot:1:41"


def test_whatsapp_sender_without_phone_uses_the_source_id() -> None:
    inbound = classify(payload(sender={"id": 3, "name": "x"}))
    assert isinstance(inbound, Inbound) and inbound.phone == "+56911112222"


def test_email_sender_is_identified_by_address() -> None:
    conversation = {"id": 3, "channel": "Channel::Email", "contact_inbox": {"source_id": "a@b.cl"}}
    inbound = classify(payload(conversation=conversation, sender={"id": 1, "email": "Camila@X.cl"}))
    assert isinstance(inbound, Inbound)
    assert (inbound.channel, inbound.email, inbound.user_identifier) == (
        "email",
        "camila@x.cl",
        "camila@x.cl",
    )


def test_web_widget_anonymous_contact_falls_back_to_contact_id() -> None:
    conversation = {"id": 3, "channel": "Channel::WebWidget", "contact_inbox": {"source_id": "u-u"}}
    inbound = classify(payload(conversation=conversation, sender={"id": 99, "name": "late-frost"}))
    assert isinstance(inbound, Inbound) and inbound.user_identifier == "contact:99"


def test_twilio_whatsapp_is_whatsapp() -> None:
    conversation = {
        "id": 3,
        "channel": "Channel::TwilioSms",
        "contact_inbox": {"source_id": "whatsapp:+56911112222"},
    }
    inbound = classify(payload(conversation=conversation, sender={"id": 1}))
    assert isinstance(inbound, Inbound) and inbound.channel == "whatsapp"
    assert inbound.phone == "+56911112222"


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"event": "conversation_updated"}, "event conversation_updated ignored"),
        ({"message_type": "outgoing"}, "outgoing message ignored"),
        ({"message_type": "template", "sender": None}, "template message ignored"),
        ({"private": True}, "private note ignored"),
        ({"sender": {"id": 1, "type": "user"}}, "message not from a contact ignored"),
        ({"sender": {"id": 1, "type": "agent_bot"}}, "message not from a contact ignored"),
        ({"content": None}, "message without text ignored"),
    ],
)
def test_everything_else_is_acknowledged_and_ignored(
    overrides: dict[str, Any], reason: str
) -> None:
    assert classify(payload(**overrides)) == reason


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"id": 1},
        {"event": 5},
        payload(id="41"),
        payload(id=True),
        payload(private="no"),
        payload(conversation=None),
        payload(conversation={"id": "12"}),
        payload(account={}),
        payload(content=5),
    ],
)
def test_malformed_payloads_are_rejected_with_a_reason(body: Any) -> None:
    with pytest.raises(BadPayload) as error:
        classify(body)
    assert "\n" not in str(error.value) and str(error.value)


def test_human_agent_reply_is_context() -> None:
    work = classify(
        payload(message_type="outgoing", sender={"id": 1, "type": "user", "name": "Ana"})
    )
    assert isinstance(work, AgentReply)
    assert work.run_message()["type"] == "ai" and "[Ana]" in work.run_message()["content"]


def test_back_to_pending_resumes_the_bot() -> None:
    body = {"event": "conversation_status_changed", "id": 12, "status": "pending"}
    assert classify({**body, "account": {"id": 1}}) == BotResumed(1, 12)
    assert classify({**body, "status": "open", "account": {"id": 1}}) == "status open ignored"


def test_text_with_a_nul_character_is_refused() -> None:
    """PostgreSQL cannot store NUL in text: refused as bad input, not failed at the store."""
    with pytest.raises(BadPayload, match="NUL"):
        classify(payload(content="hola\x00"))
