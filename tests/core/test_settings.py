"""PURCHASE_AGENT_API_TOKENS: scoped entries, bare ones only in sandbox mode, clear refusals."""

from __future__ import annotations

from typing import Any

import pytest

from core.settings import SCOPES, Caller, ConfigError, Settings

PRODUCTION = {"ODOO_URL": "https://erp.example.com", "CHATWOOT_URL": "https://chat.example.com"}
SANDBOX = {"ODOO_URL": None, "CHATWOOT_URL": None}


def settings(tokens: str | None, **values: Any) -> Settings:
    return Settings(_env_file=None, PURCHASE_AGENT_API_TOKENS=tokens, **values)  # type: ignore[call-arg]


def test_scoped_entries_map_tokens_to_callers() -> None:
    line = "ingest:tok-i:conversations+approvals, juan:tok-j:requests ,review:tok-r:read"
    assert settings(line, **PRODUCTION).callers() == {
        "tok-i": Caller("ingest", frozenset({"conversations", "approvals"})),
        "tok-j": Caller("juan", frozenset({"requests"})),
        "tok-r": Caller("review", frozenset({"read"})),
    }


def test_no_tokens_means_no_callers() -> None:
    assert settings(None, **PRODUCTION).callers() == {}
    assert settings(" , ", **PRODUCTION).callers() == {}


def test_a_bare_entry_has_every_scope_in_sandbox_mode() -> None:
    callers = settings("ingest:tok-i,juan:tok-j:requests", **SANDBOX).callers()
    assert callers["tok-i"] == Caller("ingest", SCOPES)
    assert callers["tok-j"].scopes == {"requests"}


@pytest.mark.parametrize(
    "real", [PRODUCTION, {**SANDBOX, "ODOO_URL": "https://erp"}, {**SANDBOX, "CHATWOOT_URL": "x"}]
)
def test_a_bare_entry_is_refused_unless_both_systems_are_sandboxes(real: dict[str, Any]) -> None:
    with pytest.raises(ConfigError) as refused:
        settings("ingest:tok-i:conversations,juan:secret-j", **real).callers()
    message = str(refused.value)
    assert "entry 2 ('juan')" in message and "name:token:scope+scope" in message
    assert "secret-j" not in message and "\n" not in message


def test_an_unknown_scope_is_refused_by_name() -> None:
    with pytest.raises(ConfigError, match=r"entry 1 \('juan'\) has unknown scope 'admin'"):
        settings("juan:tok-j:requests+admin", **SANDBOX).callers()


@pytest.mark.parametrize(
    "line", ["lonely-token", "juan:", ":tok", "juan:tok:", "juan:tok:requests+", "a:b:read:x"]
)
def test_malformed_entries_are_refused_without_showing_the_token(line: str) -> None:
    with pytest.raises(ConfigError, match="PURCHASE_AGENT_API_TOKENS entry 1") as refused:
        settings(line, **SANDBOX).callers()
    assert "expected name:token:scope+scope" in str(refused.value)
    assert "lonely-token" not in str(refused.value)


def test_two_callers_cannot_share_a_token() -> None:
    with pytest.raises(ConfigError, match="entry 2 \\('boss'\\) repeats the token of 'juan'"):
        settings("juan:same:requests,boss:same:approvals", **PRODUCTION).callers()
