"""The Chatwoot sandbox over real HTTP: signed webhooks, REST replies, actions, faults, restarts.

One sandbox process (`python -m sandbox.chatwoot`) on its own database, and a tiny webhook
receiver that keeps raw bodies, so signatures are checked over the exact bytes sent.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import re
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from tests.support.net import free_port, wait_for

SECRET = "sandbox-secret"
BOT = {"api_access_token": "sandbox-token"}
AGENT = {"api_access_token": "sandbox-agent-token"}
ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Hook:
    headers: dict[str, str]
    raw: bytes

    @property
    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.raw)
        return data


class Receiver:
    """A webhook endpoint that records every raw body with its (lower-cased) headers."""

    def __init__(self) -> None:
        self.hooks: list[Hook] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                headers = {k.lower(): v for k, v in self.headers.items()}
                with receiver._lock:
                    receiver.hooks.append(Hook(headers, raw))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def all(self, predicate: Callable[[dict[str, Any]], bool]) -> list[Hook]:
        with self._lock:
            hooks = list(self.hooks)
        return [h for h in hooks if predicate(h.body)]

    def wait(self, predicate: Callable[[dict[str, Any]], bool], count: int = 1) -> list[Hook]:
        def enough() -> list[Hook] | None:
            found = self.all(predicate)
            return found if len(found) >= count else None

        return wait_for(enough, timeout=10)


class SandboxProcess:
    def __init__(self, database_url: str, webhook_url: str, log: Path) -> None:
        self.database_url, self.webhook_url, self.log = database_url, webhook_url, log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        args = [sys.executable, "-m", "sandbox.chatwoot", "--host", "127.0.0.1"]
        args += ["--port", str(self.port), "--database-url", self.database_url]
        args += ["--webhook-url", self.webhook_url, "--webhook-secret", SECRET]
        args += ["--api-token", "sandbox-token"]
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)

        def ready() -> bool:
            assert self.proc is not None and self.proc.poll() is None, self.log.read_text()
            return httpx.get(self.url + "/api", timeout=1, trust_env=False).status_code == 200

        wait_for(ready, timeout=30)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None


@dataclass
class Env:
    sandbox: SandboxProcess
    receiver: Receiver
    http: httpx.Client


@pytest.fixture(scope="module")
def env(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    name = f"sandbox_chatwoot_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    receiver = Receiver()
    log = tmp_path_factory.mktemp("chatwoot") / "sandbox.log"
    sandbox = SandboxProcess(make_conninfo(postgres_url, dbname=name), receiver.url, log)
    sandbox.start()
    http = httpx.Client(base_url=sandbox.url, timeout=10, trust_env=False)
    try:
        yield Env(sandbox, receiver, http)
    finally:
        http.close()
        sandbox.stop()
        receiver.server.shutdown()


def new_phone() -> str:
    return f"+569{random.randint(10_000_000, 99_999_999)}"


def inbound(
    env: Env,
    content: str,
    channel: str = "whatsapp",
    conversation_id: int | None = None,
    **contact: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "conversation_id": conversation_id,
        "account_id": 1,
        "channel": channel,
        "contact": contact,
        "content": content,
    }
    resp = env.http.post("/sandbox/inbound", json=body)
    assert resp.status_code == 200, resp.text
    data: dict[str, Any] = resp.json()
    return data


def conv_url(conv: int, tail: str = "") -> str:
    return f"/api/v1/accounts/1/conversations/{conv}{tail}"


def is_message(msg_id: int) -> Callable[[dict[str, Any]], bool]:
    return lambda b: b["event"] == "message_created" and b["id"] == msg_id


def on_conversation(event: str, conv: int) -> Callable[[dict[str, Any]], bool]:
    return lambda b: (
        b["event"] == event and b.get("id", b.get("conversation", {}).get("id")) == conv
    )


def verify(hook: Hook, secret: str = SECRET) -> None:
    ts = hook.headers["x-chatwoot-timestamp"]
    mac = hmac.new(secret.encode(), ts.encode() + b"." + hook.raw, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(hook.headers["x-chatwoot-signature"], "sha256=" + mac)
    assert abs(time.time() - int(ts)) < 60


def test_inbound_whatsapp_produces_signed_message_created(env: Env) -> None:
    info = inbound(
        env, "Necesito 10 kg de <harina> & sal", phone_number="+56 9 8765 4321", name="Pedro"
    )
    conv = info["conversation_id"]
    (hook,) = env.receiver.wait(is_message(info["message_id"]))
    verify(hook)
    assert hook.headers["content-type"] == "application/json"
    assert hook.headers["x-chatwoot-delivery"] == info["delivery_id"]
    assert b"\\u003charina\\u003e \\u0026 sal" in hook.raw and b"<" not in hook.raw
    body = hook.body
    assert (body["message_type"], body["private"], body["content_type"]) == (
        "incoming",
        False,
        "text",
    )
    assert body["content"] == "Necesito 10 kg de <harina> & sal"
    assert ISO_MS.match(body["created_at"]) and body["source_id"].startswith("wamid.")
    assert body["account"] == {"id": 1, "name": "Cocina Central SpA"}
    assert body["inbox"]["id"] == info["inbox_id"] and "attachments" not in body
    sender = body["sender"]
    assert "type" not in sender and sender["phone_number"] == "+56987654321"
    assert sender["name"] == "Pedro" and sender["account"]["id"] == 1
    c = body["conversation"]
    assert (c["id"], c["channel"], c["status"]) == (conv, "Channel::Whatsapp", "pending")
    assert c["contact_inbox"]["source_id"] == "56987654321" and c["inbox_id"] == info["inbox_id"]
    assert c["messages"][0]["message_type"] == 0 and isinstance(c["messages"][0]["created_at"], int)
    assert c["meta"]["sender"]["type"] == "contact" and isinstance(c["updated_at"], float)
    assert c["can_reply"] is True and isinstance(c["timestamp"], int)
    env.receiver.wait(on_conversation("conversation_created", conv))

    again = inbound(env, "y 5 litros de aceite", phone_number="56987654321")
    assert again["conversation_id"] == conv and again["message_id"] > info["message_id"]

    def delivered() -> list[dict[str, Any]]:
        params = {"delivery_id": info["delivery_id"]}
        rows = env.http.get("/sandbox/deliveries", params=params).json()["payload"]
        return [r for r in rows if r["state"] == "delivered"]

    (row,) = wait_for(delivered, timeout=10)
    assert row["status_code"] == 200 and row["event"] == "message_created"
    assert row["url"] == env.receiver.url and row["conversation_id"] == conv
    found = env.http.get("/sandbox/conversations", params={"phone": "+56987654321"}).json()
    assert [c["conversation_id"] for c in found["payload"]] == [conv]


def test_bot_reply_and_private_note_are_echoed(env: Env) -> None:
    info = inbound(env, "Hola", phone_number=new_phone(), name="Marta")
    conv, marker = info["conversation_id"], str(uuid.uuid4())
    reply = {"content": "Cotización lista", "message_type": "outgoing", "private": False}
    reply["content_attributes"] = {"x_purchase_agent_ref": marker}
    resp = env.http.post(conv_url(conv, "/messages"), headers=BOT, json=reply)
    assert resp.status_code == 200, resp.text
    msg = resp.json()
    assert (msg["message_type"], msg["conversation_id"], msg["private"]) == (1, conv, False)
    assert isinstance(msg["created_at"], int) and msg["sender"]["type"] == "agent_bot"
    assert msg["content_attributes"] == {"x_purchase_agent_ref": marker}
    (echo,) = env.receiver.wait(is_message(msg["id"]))
    verify(echo)
    body = echo.body
    assert body["sender"] == {"id": 1, "name": "purchase-agent", "type": "agent_bot"}
    assert (body["message_type"], body["private"]) == ("outgoing", False)
    assert body["content_attributes"] == {"x_purchase_agent_ref": marker}

    note = {"content": "Proveedor sin stock", "private": True}
    resp = env.http.post(conv_url(conv, "/messages"), headers=BOT, json=note)
    assert resp.status_code == 200 and resp.json()["private"] is True
    (note_echo,) = env.receiver.wait(is_message(resp.json()["id"]))
    assert (note_echo.body["message_type"], note_echo.body["private"]) == ("outgoing", True)
    assert note_echo.body["conversation"]["messages"][0]["id"] == msg["id"]  # notes are skipped

    listing = env.http.get(conv_url(conv, "/messages"), headers=AGENT)
    assert listing.status_code == 200
    payload = listing.json()["payload"]
    assert [m["id"] for m in payload] == [info["message_id"], msg["id"], resp.json()["id"]]
    assert [m["message_type"] for m in payload] == [0, 1, 1]
    assert [m["private"] for m in payload] == [False, False, True]
    shown = env.http.get(conv_url(conv), headers=BOT).json()
    assert shown["id"] == conv and shown["status"] == "pending" and shown["inbox_id"] == 1
    assert shown["meta"]["sender"]["name"] == "Marta" and shown["meta"]["assignee"] is None


def test_auth_and_validation_errors_match_chatwoot(env: Env) -> None:
    conv = inbound(env, "Hola", phone_number=new_phone())["conversation_id"]
    url = conv_url(conv, "/messages")
    missing = env.http.post(url, json={"content": "x"})
    assert missing.status_code == 401
    assert missing.json() == {"errors": ["You need to sign in or sign up before continuing."]}
    bad = env.http.post(url, headers={"api_access_token": "nope"}, json={"content": "x"})
    assert (bad.status_code, bad.json()) == (401, {"error": "Invalid Access Token"})
    bot_list = env.http.get(url, headers=BOT)
    assert bot_list.status_code == 401
    assert bot_list.json() == {"error": "Access to this endpoint is not authorized for bots"}
    other = env.http.post("/api/v1/accounts/99/conversations/1/messages", headers=BOT, json={})
    assert (other.status_code, other.json()) == (404, {"error": "Resource could not be found"})
    assert env.http.get(conv_url(987_654), headers=BOT).status_code == 404
    incoming = env.http.post(url, headers=BOT, json={"content": "x", "message_type": "incoming"})
    assert incoming.status_code == 422
    assert incoming.json() == {"error": "Incoming messages are only allowed in Api inboxes"}
    too_long = env.http.post(url, headers=BOT, json={"content": "a" * 150_001})
    assert too_long.status_code == 422

    api = inbound(env, "hola", channel="api", identifier=f"erp-{uuid.uuid4().hex[:6]}")
    resp = env.http.post(
        conv_url(api["conversation_id"], "/messages"),
        headers=BOT,
        json={"content": "desde el ERP", "message_type": "incoming"},
    )
    assert resp.status_code == 200 and resp.json()["message_type"] == 0
    (hook,) = env.receiver.wait(is_message(resp.json()["id"]))
    assert hook.body["message_type"] == "incoming" and "type" not in hook.body["sender"]


def test_liquid_is_rendered_in_outgoing_messages(env: Env) -> None:
    conv = inbound(env, "Hola", phone_number=new_phone(), name="Pedro Pérez")["conversation_id"]
    content = (
        "Hola {{ contact.name }}{% assign n = 1 %}, {{ agent.name | default: 'equipo' }}"
        " `{{ keep }}` {{ unknown.var }}fin"
    )
    resp = env.http.post(conv_url(conv, "/messages"), headers=BOT, json={"content": content})
    rendered = "Hola Pedro Pérez, equipo `{{ keep }}` fin"
    assert resp.status_code == 200 and resp.json()["content"] == rendered
    (echo,) = env.receiver.wait(is_message(resp.json()["id"]))
    assert echo.body["content"] == rendered
    broken = env.http.post(conv_url(conv, "/messages"), headers=BOT, json={"content": "{{ oops"})
    assert broken.json()["content"] == "{{ oops"  # invalid Liquid is left as is


def test_reply_to_unknown_conversation_creates_it(env: Env) -> None:
    resp = env.http.post(conv_url(5000, "/messages"), headers=BOT, json={"content": "Hola"})
    assert resp.status_code == 200 and resp.json()["conversation_id"] == 5000
    env.receiver.wait(on_conversation("conversation_created", 5000))
    shown = env.http.get(conv_url(5000), headers=BOT).json()
    assert shown["meta"]["channel"] == "Channel::Api" and shown["status"] == "pending"
    later = inbound(env, "Hola", phone_number=new_phone())
    assert later["conversation_id"] == 5001


def test_status_assignment_and_typing(env: Env) -> None:
    phone = new_phone()
    conv = inbound(env, "Hola", phone_number=phone)["conversation_id"]
    resp = env.http.post(conv_url(conv, "/toggle_status"), headers=BOT, json={"status": "open"})
    assert resp.status_code == 200
    assert resp.json() == {
        "meta": {},
        "payload": {
            "success": None,
            "conversation_id": conv,
            "current_status": "open",
            "snoozed_until": None,
        },
    }  # a bot moving pending -> open is a handoff: success null
    (changed,) = env.receiver.wait(on_conversation("conversation_status_changed", conv))
    verify(changed)
    assert changed.body["status"] == "open" and changed.body["changed_attributes"] is None
    (updated,) = env.receiver.wait(on_conversation("conversation_updated", conv))
    assert {"status": {"previous_value": "pending", "current_value": "open"}} in updated.body[
        "changed_attributes"
    ]
    resp = env.http.post(
        conv_url(conv, "/toggle_status"), headers=AGENT, json={"status": "resolved"}
    )
    assert resp.json()["payload"]["success"] is True
    assert resp.json()["payload"]["current_status"] == "resolved"
    assert env.http.get(conv_url(conv), headers=BOT).json()["status"] == "resolved"

    agent = env.http.post(conv_url(conv, "/assignments"), headers=BOT, json={"assignee_id": 1})
    assert agent.status_code == 200 and agent.json()["name"] == "Ana Agente"
    meta = env.http.get(conv_url(conv), headers=BOT).json()["meta"]
    assert meta["assignee"]["id"] == 1 and meta["assignee"]["type"] == "user"
    env.receiver.wait(
        lambda b: (
            on_conversation("conversation_updated", conv)(b)
            and any("assignee_id" in item for item in b["changed_attributes"])
        )
    )
    team = env.http.post(conv_url(conv, "/assignments"), headers=BOT, json={"team_id": 1})
    assert team.json()["id"] == 1 and team.json()["name"] == "Compras"
    assert env.http.get(conv_url(conv), headers=BOT).json()["meta"]["team"] == {
        "id": 1,
        "name": "Compras",
    }
    gone = env.http.post(conv_url(conv, "/assignments"), headers=BOT, json={"assignee_id": 999})
    assert gone.status_code == 200 and gone.json() is None
    assert env.http.get(conv_url(conv), headers=BOT).json()["meta"]["assignee"] is None

    typing = env.http.post(
        conv_url(conv, "/toggle_typing_status"), headers=BOT, json={"typing_status": "on"}
    )
    assert typing.status_code == 200 and typing.content == b""
    (hook,) = env.receiver.wait(on_conversation("conversation_typing_on", conv))
    assert hook.body["user"]["type"] == "agent_bot" and hook.body["is_private"] is False
    types = [
        m["message_type"]
        for m in env.http.get(conv_url(conv, "/messages"), headers=AGENT).json()["payload"]
    ]
    assert types.count(2) >= 4  # status and assignment changes are logged as activity messages

    fresh = inbound(env, "Otra compra", phone_number=phone)
    assert fresh["conversation_id"] > conv  # a resolved conversation is not reused


def test_rest_faults_for_n_calls_and_for_a_while(env: Env) -> None:
    conv = inbound(env, "Hola", phone_number=new_phone())["conversation_id"]
    url = conv_url(conv, "/messages")
    try:
        assert (
            env.http.post("/sandbox/faults", json={"api_status": 500, "count": 2}).status_code
            == 200
        )
        codes = [
            env.http.post(url, headers=BOT, json={"content": "x"}).status_code for _ in range(3)
        ]
        assert codes == [500, 500, 200]
        env.http.post("/sandbox/faults", json={"api_status": 429, "count": 1})
        throttled = env.http.post(url, headers=BOT, json={"content": "x"})
        assert (throttled.status_code, throttled.text) == (429, "Retry later")
        assert env.http.post(url, headers=BOT, json={"content": "x"}).status_code == 200
        env.http.post("/sandbox/faults", json={"api_status": 500, "for_seconds": 0.5})
        assert env.http.get(conv_url(conv), headers=BOT).status_code == 500
        wait_for(lambda: env.http.get(conv_url(conv), headers=BOT).status_code == 200, timeout=5)
        assert env.http.get("/api").status_code == 200
    finally:
        env.http.post("/sandbox/faults", json={})


def test_duplicate_shuffled_and_redelivered_webhooks(env: Env) -> None:
    info = inbound(env, "Hola", phone_number=new_phone())
    conv = info["conversation_id"]
    try:
        env.http.post("/sandbox/faults", json={"duplicate_webhooks": True})
        dup = inbound(env, "Repite", conversation_id=conv)
        first, second = env.receiver.wait(is_message(dup["message_id"]), count=2)
        assert first.headers["x-chatwoot-delivery"] == second.headers["x-chatwoot-delivery"]
        assert first.raw == second.raw
        env.http.post("/sandbox/faults", json={"shuffle_webhooks": True})
        one = inbound(env, "uno", conversation_id=conv)["message_id"]
        two = inbound(env, "dos", conversation_id=conv)["message_id"]
        env.receiver.wait(
            lambda b: b["event"] == "message_created" and b["id"] in (one, two), count=2
        )
        order = [h.body["id"] for h in env.receiver.all(lambda b: b.get("id") in (one, two))]
        assert order == [two, one]
    finally:
        env.http.post("/sandbox/faults", json={})

    resp = env.http.post("/sandbox/redeliver", json={"delivery_id": info["delivery_id"]})
    assert resp.status_code == 200
    first, again = env.receiver.wait(is_message(info["message_id"]), count=2)
    assert again.headers["x-chatwoot-delivery"] == info["delivery_id"] and again.raw == first.raw
    verify(again)
    rows = env.http.get("/sandbox/deliveries", params={"delivery_id": info["delivery_id"]}).json()
    assert len(rows["payload"]) == 2
    assert (
        env.http.post("/sandbox/redeliver", json={"delivery_id": str(uuid.uuid4())}).status_code
        == 404
    )


def test_channel_contact_shapes(env: Env) -> None:
    email = f"Compras.{uuid.uuid4().hex[:6]}@Proveedor.cl"
    mail = inbound(env, "Adjunto cotización", channel="email", email=email, name="Proveedor")
    (hook,) = env.receiver.wait(is_message(mail["message_id"]))
    body = hook.body
    assert body["sender"]["email"] == email.lower() and body["content_type"] == "incoming_email"
    assert body["conversation"]["channel"] == "Channel::Email"
    assert body["conversation"]["contact_inbox"]["source_id"] == email.lower()
    assert body["conversation"]["additional_attributes"]["source"] == "email"

    phone = new_phone()
    sms = inbound(env, "hola por sms", channel="sms", phone_number=phone)
    body = env.receiver.wait(is_message(sms["message_id"]))[0].body
    assert body["conversation"]["channel"] == "Channel::TwilioSms"
    assert body["conversation"]["contact_inbox"]["source_id"] == phone
    assert body["sender"]["phone_number"] == phone
    inbound(env, "y por whatsapp", phone_number=phone)
    found = env.http.get("/sandbox/conversations", params={"phone": phone}).json()["payload"]
    assert {c["channel"] for c in found} == {"Channel::TwilioSms", "Channel::Whatsapp"}
    assert len({c["contact_id"] for c in found}) == 1  # one contact, one conversation per inbox

    web = inbound(env, "hola desde la web", channel="web")
    body = env.receiver.wait(is_message(web["message_id"]))[0].body
    assert re.fullmatch(r"[a-z]+-[a-z]+-\d{3}", body["sender"]["name"])
    assert body["sender"]["email"] is None and body["content_attributes"] == {"in_reply_to": None}
    assert body["conversation"]["channel"] == "Channel::WebWidget"
    uuid.UUID(body["conversation"]["contact_inbox"]["source_id"])

    ident = f"erp-{uuid.uuid4().hex[:6]}"
    api = inbound(env, "hola api", channel="api", identifier=ident)
    body = env.receiver.wait(is_message(api["message_id"]))[0].body
    assert (
        body["sender"]["identifier"] == ident and body["conversation"]["channel"] == "Channel::Api"
    )


def test_config_can_turn_signing_off(env: Env) -> None:
    try:
        env.http.post("/sandbox/config", json={"webhook_secret": ""})
        info = inbound(env, "sin firma", phone_number=new_phone())
        (hook,) = env.receiver.wait(is_message(info["message_id"]))
        assert "x-chatwoot-signature" not in hook.headers and "x-chatwoot-delivery" in hook.headers
    finally:
        env.http.post("/sandbox/config", json={"webhook_secret": SECRET})


def test_ids_persist_across_restart(env: Env) -> None:
    before = inbound(env, "antes", phone_number=new_phone())
    env.sandbox.stop()
    env.sandbox.start()
    after = inbound(env, "después", phone_number=new_phone())
    assert after["conversation_id"] > before["conversation_id"]
    assert after["message_id"] > before["message_id"]
    assert env.http.get(conv_url(before["conversation_id"]), headers=BOT).status_code == 200
    (hook,) = env.receiver.wait(is_message(after["message_id"]))
    verify(hook)
