"""How each channel identifies a contact (contract §2), for the simulated contact side.

WhatsApp keeps the E.164 number on the contact and the bare digits as contact_inbox.source_id;
SMS keeps the E.164 number in both; email uses the address; widget and API sessions get a
random UUID, and an anonymous widget visitor gets a Haikunator-style name.
"""

from __future__ import annotations

import random
import re
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sandbox.chatwoot.errors import unprocessable
from sandbox.chatwoot.schema import INBOXES

ALIASES = {"web_widget": "web", "webwidget": "web", "widget": "web", "mail": "email"}
_ADJECTIVES = "late ancient calm bold quiet misty snowy broad young autumn".split()
_NOUNS = "frost river leaf cloud meadow pine sun wave field moon".split()
OUR_ADDRESS = "compras@cocinacentral.example"


def e164(phone: Any) -> str:
    digits = re.sub(r"\D", "", str(phone or ""))
    if not 7 <= len(digits) <= 15:
        raise unprocessable("contact.phone_number must be an E.164 number, e.g. +56912345678")
    return "+" + digits


def _clean(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


@dataclass
class Identity:
    channel: str
    channel_type: str
    name: str
    source_id: str
    email: str | None = None
    phone_number: str | None = None
    identifier: str | None = None
    subject: str | None = None
    contact_attrs: dict[str, Any] = field(default_factory=dict)
    conversation_attrs: dict[str, Any] = field(default_factory=dict)

    def keys(self) -> dict[str, str | None]:
        return {
            "identifier": self.identifier,
            "email": self.email,
            "phone_number": self.phone_number,
        }

    def contact_row(self, account_id: int) -> dict[str, Any]:
        return {"account_id": account_id, "name": self.name, **self.keys()} | {
            "additional_attributes": self.contact_attrs
        }

    def message_row(self, content: str) -> dict[str, Any]:
        """Columns of an incoming message as this channel stores it."""
        row: dict[str, Any] = {"content": content, "message_type": 0, "content_type": "text"}
        if self.channel == "whatsapp":
            row["source_id"] = "wamid." + secrets.token_urlsafe(24)
        elif self.channel == "sms":
            row["source_id"] = "SM" + secrets.token_hex(16)
        elif self.channel == "web":
            row["content_attributes"] = {"in_reply_to": None}
        elif self.channel == "email":
            message_id = f"{uuid.uuid4()}@sandbox.chatwoot"
            row |= {"source_id": message_id, "content_type": "incoming_email"}
            row["content_attributes"] = {"email": self._email(content, message_id)}
            row["content_attributes"] |= {"cc_email": None, "bcc_email": None}
        return row

    def _email(self, content: str, message_id: str) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "from": [self.email],
            "to": [OUR_ADDRESS],
            "cc": None,
            "bcc": None,
            "in_reply_to": None,
            "message_id": message_id,
            "references": [],
            "date": datetime.now(UTC).isoformat(),
            "multipart": False,
            "number_of_attachments": 0,
            "headers": {},
            "text_content": {"full": content, "reply": content, "quoted": content},
            "html_content": {},
            "content_type": "text/plain",
            "auto_reply": False,
        }


def identity_for(
    channel: str, contact: dict[str, Any], body: dict[str, Any] | None = None
) -> Identity:
    channel = ALIASES.get(channel.lower(), channel.lower())
    if channel not in INBOXES:
        raise unprocessable(f"channel must be one of {', '.join(INBOXES)}")
    channel_type = INBOXES[channel][2]
    name = _clean(contact.get("name"))
    email = (_clean(contact.get("email")) or "").lower() or None
    identifier = _clean(contact.get("identifier"))
    phone = e164(contact["phone_number"]) if contact.get("phone_number") else None
    started = {"timestamp": datetime.now(UTC).strftime("%a %b %d %Y %H:%M:%S GMT+0000")}
    if channel in ("whatsapp", "sms"):
        if phone is None:
            raise unprocessable(f"{channel} needs contact.phone_number")
        source = phone[1:] if channel == "whatsapp" else phone
        ident = Identity(channel, channel_type, name or phone, source, phone_number=phone)
        if channel == "sms":
            twilio = {"from_zip_code": None, "from_country": None, "from_state": None}
            ident.contact_attrs = dict(twilio)
            ident.conversation_attrs = dict(twilio)
        return ident
    if channel == "email":
        if email is None:
            raise unprocessable("email needs contact.email")
        subject = _clean((body or {}).get("subject")) or "Sin asunto"
        ident = Identity(channel, channel_type, name or email.split("@")[0], email, email=email)
        ident.subject = subject
        ident.contact_attrs = {"source_id": f"email:{uuid.uuid4()}@sandbox.chatwoot"}
        ident.conversation_attrs = {
            "source": "email",
            "auto_reply": False,
            "in_reply_to": None,
            "initiated_at": started,
            "mail_subject": subject,
        }
        return ident
    if name is None and not (email or identifier or phone):
        name = f"{random.choice(_ADJECTIVES)}-{random.choice(_NOUNS)}-{random.randint(100, 999)}"
    ident = Identity(
        channel,
        channel_type,
        name or identifier or email or phone or "",
        str(uuid.uuid4()),
        email=email,
        phone_number=phone,
        identifier=identifier,
    )
    if channel == "web":
        ident.conversation_attrs = {
            "browser": {
                "device_name": "Unknown",
                "browser_name": "Firefox",
                "platform_name": "Linux",
                "browser_version": "128.0",
                "platform_version": "",
            },
            "referer": "http://localhost/",
            "initiated_at": started,
            "browser_language": "es",
        }
    return ident
