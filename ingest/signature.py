"""Chatwoot webhook authentication: HMAC signature (Chatwoot ≥ 4.12) or a URL token."""

from __future__ import annotations

import hashlib
import hmac
import time

MAX_SKEW_SECONDS = 300


def verify_signature(
    secret: str, raw: bytes, timestamp: str | None, signature: str | None, now: float | None = None
) -> str | None:
    """None when the signature over `"{timestamp}.{raw body}"` is valid and fresh, else why not."""
    if not timestamp or not signature:
        return "missing X-Chatwoot-Signature or X-Chatwoot-Timestamp"
    try:
        sent_at = int(timestamp)
    except ValueError:
        return "X-Chatwoot-Timestamp is not a unix time"
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + raw, hashlib.sha256).hexdigest()
    if not hmac.compare_digest("sha256=" + mac, signature.strip()):
        return "invalid signature"
    if abs((now if now is not None else time.time()) - sent_at) > MAX_SKEW_SECONDS:
        return "stale timestamp (replay window is 300 s)"
    return None


def verify_token(expected: str, given: str | None) -> str | None:
    if not given or not hmac.compare_digest(expected.encode(), given.encode()):
        return "invalid or missing token"
    return None
