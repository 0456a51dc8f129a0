"""`purchase-agent run` refuses an API token line it cannot enforce, before starting anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from commands.run import Stack, ingest_token
from core.settings import ConfigError, Settings


def production(tmp_path: Path, tokens: str) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        PURCHASE_AGENT_DATA_DIR=tmp_path,
        ODOO_URL="https://erp.example.com",
        CHATWOOT_URL="https://chat.example.com",
        PURCHASE_AGENT_API_TOKENS=tokens,
    )


def test_a_bare_token_in_production_stops_the_plan(tmp_path: Path) -> None:
    stack = Stack(production(tmp_path, "ingest:tok-i:conversations,juan:tok-j"))
    with pytest.raises(RuntimeError, match=r"entry 2 \('juan'\) has no scopes"):
        stack.plan()
    assert stack.services == [] and stack.env == {}


def test_start_refuses_before_postgres_starts(tmp_path: Path) -> None:
    stack = Stack(production(tmp_path, "juan:tok-j:requests+sudo"))
    with pytest.raises(ConfigError, match="unknown scope 'sudo'"):
        stack.start()
    assert not (tmp_path / "pg").exists() and stack.database_url == ""


def test_the_ingest_gets_the_first_token_that_may_run_conversations(tmp_path: Path) -> None:
    settings = production(tmp_path, "juan:tok-j:requests,ingest:tok-i:conversations+approvals")
    assert ingest_token(settings.callers()) == "tok-i"
    with pytest.raises(ConfigError, match="no caller with the conversations scope"):
        ingest_token(production(tmp_path, "juan:tok-j:requests").callers())


def test_the_processes_get_bare_sandbox_tokens_with_their_scopes_spelled_out(
    tmp_path: Path,
) -> None:
    sandbox = Settings(  # type: ignore[call-arg]
        _env_file=None,
        PURCHASE_AGENT_DATA_DIR=tmp_path,
        ODOO_URL=None,
        CHATWOOT_URL=None,
        LANGGRAPH_PORT=0,
        INGEST_PORT=0,
        SANDBOX_ODOO_PORT=0,
        SANDBOX_CHATWOOT_PORT=0,
        PURCHASE_AGENT_API_TOKENS="ingest:tok-i,juan:tok-j:requests",
    )
    stack = Stack(sandbox)
    stack.plan()
    seen: dict[str, Any] = dict(stack.env)
    child = Settings(_env_file=None, **seen)  # type: ignore[call-arg]
    assert not child.sandboxed  # a child sees the sandboxes' URLs ...
    assert child.callers() == sandbox.callers()  # ... and the same callers
    assert stack.env["INGEST_LANGGRAPH_TOKEN"] == "tok-i"
