"""The API's auth handlers called as the server calls them; the server itself is exercised in
tests/integration/test_scopes.py."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import psycopg
import pytest
from langgraph_sdk import Auth
from psycopg_pool import ConnectionPool

from contract.runs import thread_id_for
from core.settings import REPO_ROOT
from graphs import auth
from graphs.purchase_agent import services

T = TypeVar("T")


@pytest.fixture(autouse=True)
def records(records_url: str) -> Iterator[psycopg.Connection]:
    """Refusals are audited in the project's records: an embedded PostgreSQL here."""
    pool = ConnectionPool(records_url, min_size=1, max_size=2, kwargs={"autocommit": True})
    standins = cast(Any, None)
    services.install(services.Services(odoo=standins, chatwoot=standins, db=pool))
    try:
        with psycopg.connect(records_url, autocommit=True) as conn:
            yield conn
    finally:
        services.install(None)
        pool.close()


@dataclass
class User:
    identity: str


def ctx(name: str, *scopes: str, resource: Any = "threads", action: Any = "create_run") -> Any:
    return Auth.types.AuthContext(
        user=cast(Any, User(name)), permissions=scopes, resource=resource, action=action
    )


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


def refusal(coroutine: Coroutine[Any, Any, Any]) -> str:
    with pytest.raises(Auth.exceptions.HTTPException) as refused:
        run(coroutine)
    assert refused.value.status_code == 403
    return str(refused.value.detail)


def run_value(run_input: Any, thread_id: Any = None, **more: Any) -> Any:
    return {"thread_id": thread_id, "metadata": {}, "kwargs": {"input": run_input, **more}}


@pytest.mark.parametrize(
    ("run_input", "needed"),
    [
        ({"messages": [{"role": "user", "content": "hola"}]}, {"messages": "requests"}),
        ({"messages": [], "conversation": {"account_id": 1}}, {"conversation": "conversations"}),
        ({"messages": [], "signal": "retry"}, {"signal": "conversations"}),
        ({"request": {"action": "order_status"}}, {"request": "requests"}),
        (
            {"messages": [], "requester": {"phone": "+56"}},
            {"messages": "requests", "requester": "requests"},
        ),
        ({"approval": {"order_ref": "P00001"}, "conversation": None}, {"approval": "approvals"}),
        ({"reply": "x"}, {}),
        (None, {}),
    ],
)
def test_each_part_of_a_run_input_names_its_scope(run_input: Any, needed: dict[str, str]) -> None:
    assert auth.scopes_needed(run_input) == needed


def test_a_run_stamps_its_caller_as_owner_and_keeps_it_to_its_threads() -> None:
    value = run_value({"request": {"action": "order_status"}})
    value["metadata"] = {"owner": "ingest"}
    assert run(auth.create_run(ctx=ctx("juan", "requests"), value=value)) == {"owner": "juan"}
    assert value["metadata"] == {"owner": "juan"}


def test_a_run_needs_the_scope_of_its_input() -> None:
    approval = run_value({"approval": {"order_ref": "P00001", "decision": "approve"}})
    assert "needs the approvals scope" in refusal(
        auth.create_run(ctx=ctx("juan", "requests"), value=approval)
    )
    chat = run_value({"messages": [{"role": "user", "content": "hola"}]})
    assert "'messages' needs the requests scope" in refusal(
        auth.create_run(ctx=ctx("boss", "approvals"), value=chat)
    )
    assert "a run needs" in refusal(
        auth.create_run(ctx=ctx("juan", "requests"), value=run_value({}))
    )
    resume = run_value({"request": {}}, command={"resume": "yes"})
    assert "commands" in refusal(auth.create_run(ctx=ctx("juan", "requests"), value=resume))


def test_conversation_threads_are_kept_for_the_ingest() -> None:
    conversation = thread_id_for(1, 42)
    value = run_value({"request": {"action": "order_status"}}, thread_id=conversation)
    assert "the ingest's" in refusal(auth.create_run(ctx=ctx("juan", "requests"), value=value))
    created: Any = {"thread_id": uuid.UUID(conversation), "metadata": None}
    assert "the ingest's" in refusal(
        auth.create_thread(ctx=ctx("juan", "requests", action="create"), value=created)
    )
    mine: Any = {"thread_id": uuid.uuid4(), "metadata": None}
    run(auth.create_thread(ctx=ctx("juan", "requests", action="create"), value=mine))
    assert mine["metadata"] == {"owner": "juan"}


def test_readers_read_everything_and_create_nothing() -> None:
    reader = ctx("review", "read", action="read")
    assert run(auth.read_thread(ctx=reader, value={})) is None
    assert run(auth.search_threads(ctx=reader, value={})) is None
    assert run(auth.read_thread(ctx=ctx("juan", "requests"), value={})) == {"owner": "juan"}
    assert "may only read" in refusal(auth.create_thread(ctx=reader, value={"metadata": {}}))


def test_an_owner_cannot_give_a_thread_away() -> None:
    juan = ctx("juan", "requests", action="update")
    assert run(auth.update_thread(ctx=juan, value={"metadata": {"x": 1}})) == {"owner": "juan"}
    assert "owner" in refusal(auth.update_thread(ctx=juan, value={"metadata": {"owner": "boss"}}))


def test_assistants_are_read_only_and_store_and_crons_are_closed() -> None:
    everything = ("conversations", "requests", "approvals", "read")
    for action in ("read", "search"):
        run(
            auth.assistants(
                ctx=ctx("a", *everything, resource="assistants", action=action), value={}
            )
        )
    for action in ("create", "update", "delete"):
        refusal(
            auth.assistants(
                ctx=ctx("a", *everything, resource="assistants", action=action), value={}
            )
        )
    refusal(auth.store(ctx=ctx("a", *everything, resource="store", action="put"), value={}))
    refusal(auth.crons(ctx=ctx("a", *everything, resource="crons", action="create"), value={}))


def test_the_server_refuses_to_start_on_a_bare_token_in_production() -> None:
    env = os.environ | {
        "PURCHASE_AGENT_API_TOKENS": "ingest:tok-i",
        "ODOO_URL": "https://erp.example.com",
        "CHATWOOT_URL": "https://chat.example.com",
    }
    imported = subprocess.run(
        [sys.executable, "-c", "import graphs.auth"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert imported.returncode != 0
    assert "entry 1 ('ingest') has no scopes" in imported.stderr


def test_a_refusal_is_audited_with_who_tried_what(records: psycopg.Connection) -> None:
    caller = f"mallory-{uuid.uuid4().hex[:6]}"
    approval = run_value({"approval": {"order_ref": "P1"}})
    refusal(auth.create_run(ctx=ctx(caller, "requests"), value=approval))

    rows = records.execute(
        "SELECT actor_kind, action, after FROM purchasing.audit_event WHERE actor = %s", (caller,)
    ).fetchall()
    assert rows == [
        ("caller", "api_refused", {"what": "threads.create_run", "reason": "needs_approvals"})
    ]
