"""Sandbox settings from flags, falling back to the same env vars the real deployment uses."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

AGENT_TOKEN = "sandbox-agent-token"


@dataclass(frozen=True)
class Settings:
    """Everything the sandbox needs; the webhook target can still change at run time."""

    database_url: str
    host: str = "127.0.0.1"
    port: int = 3000
    webhook_url: str = ""
    webhook_secret: str = "sandbox-secret"
    api_token: str = "sandbox-token"
    agent_token: str = AGENT_TOKEN
    webhook_timeout: float = 5.0


def parse_args(argv: Sequence[str], env: Mapping[str, str]) -> Settings:
    """Flags win over env vars so a supervisor can override a developer's shell."""
    parser = argparse.ArgumentParser(
        prog="python -m sandbox.chatwoot", description="Offline Chatwoot stand-in."
    )
    parser.add_argument("--host", default=env.get("SANDBOX_CHATWOOT_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(env.get("SANDBOX_CHATWOOT_PORT", "3000")))
    parser.add_argument("--database-url", default=env.get("DATABASE_URL", ""))
    parser.add_argument("--webhook-url", default=env.get("SANDBOX_CHATWOOT_WEBHOOK_URL", ""))
    parser.add_argument(
        "--webhook-secret", default=env.get("CHATWOOT_WEBHOOK_SECRET", "sandbox-secret")
    )
    parser.add_argument("--api-token", default=env.get("CHATWOOT_API_TOKEN", "sandbox-token"))
    args = parser.parse_args(list(argv))
    if not args.database_url:
        parser.error("a PostgreSQL URL is required (--database-url or DATABASE_URL)")
    return Settings(
        database_url=args.database_url,
        host=args.host,
        port=args.port,
        webhook_url=args.webhook_url,
        webhook_secret=args.webhook_secret,
        api_token=args.api_token,
    )
