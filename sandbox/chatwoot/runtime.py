"""Mutable run-time state: where webhooks go, and which faults to inject (`/sandbox/faults`)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any


class FaultError(ValueError):
    """A `/sandbox/faults` body that makes no sense."""


@dataclass
class Faults:
    """REST failures for a while or for N calls, plus webhook duplication and reordering."""

    api_status: int | None = None
    deadline: float | None = None
    remaining: int | None = None
    api_delay_seconds: float = 0.0
    duplicate_webhooks: bool = False
    shuffle_webhooks: bool = False

    @classmethod
    def parse(cls, body: dict[str, Any]) -> Faults:
        """Each POST replaces the whole fault set, so `{}` clears everything."""
        status = body.get("api_status")
        if status is not None and (not isinstance(status, int) or not 400 <= status <= 599):
            raise FaultError("api_status must be an HTTP error status (e.g. 500, 429) or null")
        seconds, count = body.get("for_seconds"), body.get("count")
        try:
            delay = float(body.get("api_delay_seconds") or 0.0)
            deadline = time.monotonic() + float(seconds) if seconds is not None else None
            remaining = int(count) if count is not None else None
        except (TypeError, ValueError) as exc:
            raise FaultError(str(exc)) from exc
        return cls(
            api_status=status,
            deadline=deadline,
            remaining=remaining,
            api_delay_seconds=max(delay, 0.0),
            duplicate_webhooks=bool(body.get("duplicate_webhooks")),
            shuffle_webhooks=bool(body.get("shuffle_webhooks")),
        )

    def take_api_status(self) -> int | None:
        """The status to answer this REST call with, consuming one from `count`."""
        if self.api_status is None:
            return None
        expired = self.deadline is not None and time.monotonic() >= self.deadline
        if expired or (self.remaining is not None and self.remaining <= 0):
            self.api_status = None
            return None
        if self.remaining is not None:
            self.remaining -= 1
        return self.api_status

    def describe(self) -> dict[str, Any]:
        left = None if self.deadline is None else max(self.deadline - time.monotonic(), 0.0)
        return {
            "api_status": self.api_status,
            "for_seconds": left,
            "count": self.remaining,
            "api_delay_seconds": self.api_delay_seconds,
            "duplicate_webhooks": self.duplicate_webhooks,
            "shuffle_webhooks": self.shuffle_webhooks,
        }


@dataclass
class Runtime:
    webhook_url: str
    webhook_secret: str
    faults: Faults = field(default_factory=Faults)
