"""`purchase-agent chat --as PHONE_OR_EMAIL`: write to the sandbox Chatwoot as that contact.

Each line you type is delivered as an incoming message (a real signed webhook to the ingest);
the agent's replies are read back from Chatwoot's REST API and printed.
"""

from __future__ import annotations

import sys
import time

import httpx


def _contact(who: str) -> tuple[str, dict[str, str]]:
    if "@" in who:
        return "email", {"email": who}
    return "whatsapp", {"phone_number": who}


def send_and_wait(
    http: httpx.Client, who: str, text: str, *, timeout: float = 60.0, settle: float = 1.5
) -> list[str]:
    """Deliver one message and return the agent's public replies to it."""
    channel, contact = _contact(who)
    sent = http.post(
        "/sandbox/inbound", json={"channel": channel, "contact": contact, "content": text}
    )
    sent.raise_for_status()
    info = sent.json()
    params = {"conversation_id": info["conversation_id"], "account_id": info["account_id"]}
    replies: list[str] = []
    seen: set[int] = set()
    deadline = time.monotonic() + timeout
    last_new = 0.0
    while time.monotonic() < deadline:
        for message in http.get("/sandbox/messages", params=params).json().get("payload", []):
            if (
                message["id"] > info["message_id"]
                and message["id"] not in seen
                and message.get("message_type") == 1
                and not message.get("private")
            ):
                seen.add(message["id"])
                replies.append(str(message.get("content") or ""))
                last_new = time.monotonic()
        if replies and time.monotonic() - last_new > settle:
            break
        time.sleep(0.2)
    return replies


def chat(chatwoot_url: str, token: str, who: str) -> int:
    with httpx.Client(
        base_url=chatwoot_url, headers={"api_access_token": token}, timeout=10
    ) as http:
        try:
            http.get("/api").raise_for_status()
        except httpx.HTTPError:
            print(
                f"No sandbox Chatwoot at {chatwoot_url}: start it with `make run`.", file=sys.stderr
            )
            return 1
        print(f"Writing to the sandbox Chatwoot as {who}. Empty line or Ctrl-D to quit.")
        while True:
            try:
                text = input("you> ").strip()
            except EOFError:
                break
            if not text:
                break
            replies = send_and_wait(http, who, text)
            for reply in replies or ["(no reply within 60 s: see .data/logs/)"]:
                print(f"agent> {reply}\n")
            sys.stdout.flush()
    return 0
