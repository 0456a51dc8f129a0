"""`purchase-agent chat --as PHONE_OR_EMAIL`: write to the sandbox Chatwoot as that contact.

Each line you type is delivered as an incoming message (a real signed webhook to the ingest);
the agent's replies, and the private notes it leaves for agents, are read back and printed.
`/approve P00012` and `/reject P00012` play the approver clicking the link in that note.
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass, field

import httpx

HELP = "Empty line or Ctrl-D to quit; /approve [order] or /reject [order] decides an approval."


@dataclass
class ChatSession:
    http: httpx.Client
    who: str
    approver: str
    conversation: dict[str, int] = field(default_factory=dict)
    last_seen: int = 0
    awaiting: str | None = None
    links: dict[tuple[str, str], str] = field(default_factory=dict)  # (order, decision) -> link

    def say(self, text: str) -> list[str]:
        channel, contact = (
            ("email", {"email": self.who})
            if "@" in self.who
            else ("whatsapp", {"phone_number": self.who})
        )
        body = {"channel": channel, "contact": contact, "content": text}
        sent = self.http.post("/sandbox/inbound", json=body)
        sent.raise_for_status()
        info = sent.json()
        self.conversation = {
            "account_id": info["account_id"],
            "conversation_id": info["conversation_id"],
        }
        self.last_seen = max(self.last_seen, int(info["message_id"]))
        return self.wait()

    def decide(self, order: str, decision: str) -> list[str]:
        """Play the approver: follow the link of the approval note, as a person would."""
        url = self.links.get((order, decision))
        if url is None:
            return [f"(no approval link for {order} in this conversation)"]
        base, _, query = url.partition("?")
        sig = dict(pair.split("=", 1) for pair in query.split("&")).get("sig", "")
        form = {"decision": decision, "sig": sig, "by": self.approver}
        answer = httpx.post(base, data=form, timeout=30)
        if answer.status_code >= 400:
            return [f"(approval refused: {answer.json().get('detail', answer.text)})"]
        return self.wait()

    def wait(self, timeout: float = 60.0, settle: float = 1.5) -> list[str]:
        """New outgoing messages (replies and notes) until the conversation goes quiet."""
        lines: list[str] = []
        deadline = time.monotonic() + timeout
        last_new = 0.0
        while time.monotonic() < deadline and self.conversation:
            params = {**self.conversation, "after": self.last_seen}
            for message in self.http.get("/sandbox/messages", params=params).json()["payload"]:
                if message["id"] <= self.last_seen or message.get("message_type") != 1:
                    continue
                self.last_seen = message["id"]
                content = str(message.get("content") or "")
                if message.get("private"):
                    found = re.search(r"Approval needed: (P\d{5})", content)
                    self.awaiting = found.group(1) if found else self.awaiting
                    for verb, link in re.findall(r"(Approve|Reject): (http\S+)", content):
                        if found:
                            self.links[(found.group(1), verb.lower())] = link
                lines.append(("note> " if message.get("private") else "agent> ") + content)
                last_new = time.monotonic()
            if lines and time.monotonic() - last_new > settle:
                break
            time.sleep(0.2)
        return lines or ["(no reply within 60 s: see .data/logs/)"]


def chat(
    chatwoot_url: str,
    token: str,
    who: str,
    *,
    approver: str,
) -> int:
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
        session = ChatSession(http, who, approver)
        print(f"Writing to the sandbox Chatwoot as {who}. {HELP}")
        while True:
            try:
                text = input("you> ").strip()
            except EOFError:
                break
            if not text:
                break
            words = text.split()
            if words[0] in ("/approve", "/reject"):
                order = words[1].upper() if len(words) > 1 else session.awaiting
                out = session.decide(order, words[0][1:]) if order else ["(which order?)"]
            else:
                out = session.say(text)
            print("\n".join(out) + "\n", flush=True)
    return 0
