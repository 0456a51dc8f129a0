"""Chatwoot's HMAC signature over "{timestamp}.{raw body}", with a 300 s replay window."""

from __future__ import annotations

import hashlib
import hmac

from ingest.signature import verify_signature, verify_token

BODY = b'{"event":"message_created","content":"\\u003cb\\u003e"}'


def sign(secret: str, ts: str, body: bytes = BODY) -> str:
    return (
        "sha256=" + hmac.new(secret.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    )


def test_valid_signature_passes() -> None:
    assert verify_signature("s3", BODY, "1000", sign("s3", "1000"), now=1000) is None


def test_signature_over_body_alone_fails() -> None:
    wrong = "sha256=" + hmac.new(b"s3", BODY, hashlib.sha256).hexdigest()
    assert verify_signature("s3", BODY, "1000", wrong, now=1000) == "invalid signature"


def test_reserialised_body_fails() -> None:
    other = BODY.replace(b"\\u003c", b"<")
    assert (
        verify_signature("s3", other, "1000", sign("s3", "1000"), now=1000) == "invalid signature"
    )


def test_replay_outside_window_fails() -> None:
    problem = verify_signature("s3", BODY, "1000", sign("s3", "1000"), now=1301)
    assert problem is not None and "stale" in problem


def test_missing_headers_fail() -> None:
    assert verify_signature("s3", BODY, None, None) is not None
    assert verify_signature("s3", BODY, "abc", "sha256=00") is not None


def test_token_mode() -> None:
    assert verify_token("t0k", "t0k") is None
    assert verify_token("t0k", "nope") is not None
    assert verify_token("t0k", None) is not None
