"""A crude stand-in for Chatwoot's Liquid pass on outgoing messages (`Liquidable`).

Real Chatwoot renders `{{ ... }}` and `{% ... %}` in every outgoing/template message with the
drops contact, agent, conversation, inbox and account. Text inside backticks is protected, and
invalid Liquid (an unterminated tag) leaves the content unchanged. This version interpolates
dotted variables (with `default`, `upcase`, `downcase`, `capitalize`) and drops every tag, which
is enough for tests to catch a client that forgets to neutralise generated text.
"""

from __future__ import annotations

import re
from typing import Any

_CODE = re.compile(r"```.*?```|`[^`]*`", re.S)
_MARKUP = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.S)
_PATH = re.compile(r"[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*")
_QUOTED = re.compile(r"""^(['"])(.*)\1$""", re.S)


def _literal(text: str) -> str | None:
    match = _QUOTED.match(text.strip())
    return match.group(2) if match else None


def _value(expr: str, drops: dict[str, Any]) -> str:
    head, *filters = [part.strip() for part in expr.strip().strip("-").split("|")]
    value: Any = _literal(head)
    if value is None and _PATH.fullmatch(head):
        value = drops
        for key in head.split("."):
            value = value.get(key) if isinstance(value, dict) else None
    elif value is None and re.fullmatch(r"-?\d+(\.\d+)?", head):
        value = head
    text = "" if value is None else str(value)
    for flt in filters:
        name, _, arg = flt.partition(":")
        name = name.strip()
        if name == "default" and not text:
            text = _literal(arg) or ""
        elif name == "upcase":
            text = text.upper()
        elif name == "downcase":
            text = text.lower()
        elif name == "capitalize":
            text = text[:1].upper() + text[1:]
    return text


def _render_plain(text: str, drops: dict[str, Any]) -> str | None:
    def sub(match: re.Match[str]) -> str:
        return _value(match.group(1), drops) if match.group(1) is not None else ""

    out = _MARKUP.sub(sub, text)
    # Whatever opener is left was never closed: Liquid raises a SyntaxError on that.
    return None if "{{" in out or "{%" in out else out


def render(content: str, drops: dict[str, Any]) -> str:
    """Render `content`; return it unchanged when the markup would not parse."""
    if "{{" not in content and "{%" not in content:
        return content
    pieces: list[str] = []
    pos = 0
    for code in _CODE.finditer(content):
        plain = _render_plain(content[pos : code.start()], drops)
        if plain is None:
            return content
        pieces += [plain, code.group(0)]
        pos = code.end()
    tail = _render_plain(content[pos:], drops)
    return content if tail is None else "".join(pieces) + tail


def drops_for(
    contact: dict[str, Any],
    agent: dict[str, Any] | None,
    conv: dict[str, Any],
    names: dict[str, str],
) -> dict[str, Any]:
    """The variables Chatwoot exposes; `names` carries the inbox and account names."""
    name = contact.get("name") or ""
    first, _, last = name.partition(" ")
    agent_name = (agent or {}).get("name") or ""
    return {
        "contact": {
            "id": contact.get("id"),
            "name": name,
            "first_name": first,
            "last_name": last,
            "email": contact.get("email"),
            "phone_number": contact.get("phone_number"),
        },
        "agent": {
            "name": agent_name,
            "available_name": agent_name,
            "first_name": agent_name.partition(" ")[0],
            "last_name": agent_name.partition(" ")[2],
            "email": (agent or {}).get("email"),
        },
        "conversation": {"id": conv.get("display_id"), "display_id": conv.get("display_id")},
        "inbox": {"name": names.get("inbox", "")},
        "account": {"name": names.get("account", "")},
    }
