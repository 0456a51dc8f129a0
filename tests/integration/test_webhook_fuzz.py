"""Property-based fuzzing of POST /webhooks/chatwoot on the running ingest: whatever arrives,
the answer is never 5xx, and a rejected request leaves no row behind."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import httpx
import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commands.run import Stack

SECRET = "sandbox-secret"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)

VALID: dict[str, Any] = {
    "event": "message_created",
    "id": 1,
    "message_type": "incoming",
    "private": False,
    "content": "hola",
    "account": {"id": 1},
    "conversation": {"id": 900_001, "channel": "Channel::Whatsapp"},
    "sender": {"id": 1, "phone_number": "+56900000000"},
}


@st.composite
def mutated_payloads(draw: st.DrawFn) -> dict[str, Any]:
    """A valid-looking message with one field removed or given a value of the wrong type."""
    body: dict[str, Any] = json.loads(json.dumps(VALID))
    key = draw(st.sampled_from(sorted(body)))
    if draw(st.booleans()):
        del body[key]
    else:
        body[key] = draw(json_values)
    body["id"] = draw(st.integers(min_value=10**9, max_value=2 * 10**9))
    return body


bodies = (
    st.binary(max_size=300)
    | json_values.map(lambda v: json.dumps(v).encode())
    | mutated_payloads().map(lambda v: json.dumps(v).encode())
    | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass"))
)


def signed(body: bytes, *, skew: int = 0) -> dict[str, str]:
    stamp = str(int(time.time()) - skew)
    mac = hmac.new(SECRET.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {"X-Chatwoot-Timestamp": stamp, "X-Chatwoot-Signature": f"sha256={mac}"}


def row_counts(db: psycopg.Connection) -> tuple[int, ...]:
    """What the ingest writes for a webhook; the graph's own writes (replies, which carry a
    reply key, and retry signals) may still land from earlier tests' turns meanwhile."""
    row = db.execute(
        "SELECT (SELECT count(*) FROM ingest.delivery),"
        " (SELECT count(*) FROM ingest.outbox"
        "  WHERE kind <> 'signal' OR payload ->> 'signal' = 'resume'),"
        " (SELECT count(*) FROM communication.message WHERE reply_key IS NULL),"
        " (SELECT count(*) FROM communication.conversation)"
    ).fetchone()
    assert row is not None
    return tuple(int(v) for v in row)


@pytest.fixture(scope="module")
def ingest(stack: Stack) -> httpx.Client:
    return httpx.Client(base_url=stack.service("ingest").url.rsplit("/webhooks", 1)[0], timeout=10)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=bodies, skew=st.sampled_from([0, 0, 0, 400]), delivery=st.uuids())
def test_no_5xx_and_nothing_stored_when_rejected(
    ingest: httpx.Client, db: psycopg.Connection, body: bytes, skew: int, delivery: Any
) -> None:
    before = row_counts(db)
    headers = signed(body, skew=skew) | {"X-Chatwoot-Delivery": f"fuzz-{delivery}"}
    response = ingest.post("/webhooks/chatwoot", content=body, headers=headers)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert "\n" not in response.json()["detail"]
        assert row_counts(db) == before


def test_oversized_body_is_refused(ingest: httpx.Client, db: psycopg.Connection) -> None:
    before = row_counts(db)
    body = json.dumps(VALID | {"content": "x" * 300_000}).encode()
    response = ingest.post("/webhooks/chatwoot", content=body, headers=signed(body))
    assert response.status_code == 413
    assert row_counts(db) == before


def test_replayed_signature_is_refused(ingest: httpx.Client) -> None:
    body = json.dumps(VALID).encode()
    response = ingest.post("/webhooks/chatwoot", content=body, headers=signed(body, skew=301))
    assert response.status_code == 401 and "stale" in response.json()["detail"]
