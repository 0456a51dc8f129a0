"""Scoped API tokens against the real LangGraph server: each caller does what its scope
needs, and everything else is refused (403 with a reason) or hidden (404).

The callers (tests/integration/conftest.py): the ingest (conversations+approvals), Juan's
graph (requests), the boss (approvals) and review (read).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import psycopg
import pytest
from langgraph_sdk import get_sync_client
from langgraph_sdk.errors import AuthenticationError
from prometheus_client.parser import text_string_to_metric_families

from commands.run import Stack
from contract.runs import thread_id_for
from records import approvals, requesters
from tests.integration.conftest import API_TOKENS
from tests.support.clients import ChatwootContact, new_phone, read_order, wait_idle
from tests.support.net import wait_for

ASSISTANT = "purchase_agent"


def client(stack: Stack, name: str) -> Any:
    headers = {"Authorization": f"Bearer {API_TOKENS[name]}"}
    return get_sync_client(url=stack.env["LANGGRAPH_URL"], api_key=None, headers=headers)


@pytest.fixture(scope="module")
def juan(stack: Stack) -> Any:
    return client(stack, "juan")


@pytest.fixture(scope="module")
def ingest(stack: Stack) -> Any:
    return client(stack, "ingest")


@pytest.fixture(scope="module")
def boss(stack: Stack) -> Any:
    return client(stack, "boss")


@pytest.fixture(scope="module")
def review(stack: Stack) -> Any:
    return client(stack, "review")


def status(call: Callable[[], Any]) -> httpx.Response:
    """The error answer of a call (the SDK raises PermissionDeniedError and the like, or
    httpx's HTTPStatusError from its streaming `runs.wait`; both carry the response)."""
    with pytest.raises(httpx.HTTPStatusError) as error:
        call()
    return error.value.response


def refused(call: Callable[[], Any]) -> str:
    """The one-line reason of a 403."""
    response = status(call)
    assert response.status_code == 403, response.text
    return str(response.json()["detail"])


def hidden(call: Callable[[], Any]) -> None:
    """Someone else's thread answers as if it did not exist."""
    response = status(call)
    assert response.status_code == 404, response.text


def new_requester(stack: Stack) -> str:
    phone = new_phone()
    with psycopg.connect(stack.database_url, autocommit=True) as conn:
        requesters.add(conn, name="Scope Test", phone=phone, email=None, may_confirm=True)
    return phone


def request(phone: str, action: str = "create_rfq", **more: Any) -> dict[str, Any]:
    return {"request": {"action": action, "requester": {"phone": phone}, **more}}


@pytest.fixture(scope="module")
def conversation(stack: Stack) -> str:
    """The thread the ingest made for a Chatwoot conversation (a message it answered)."""
    contact = ChatwootContact(
        stack.env["CHATWOOT_URL"], stack.env["CHATWOOT_API_TOKEN"], phone=new_requester(stack)
    )
    said = contact.say("necesito 4 kilos de sal de mar")
    contact.wait_reply(said)
    wait_idle(stack, said)
    return thread_id_for(said.account_id, said.conversation_id)


@pytest.fixture(scope="module")
def juans_thread(stack: Stack, juan: Any) -> str:
    """A thread Juan's graph created and ran a structured request on."""
    thread = juan.threads.create()
    items = [{"code": "ALM-ENT", "qty": 2}]
    juan.runs.wait(thread["thread_id"], ASSISTANT, input=request(new_requester(stack), items=items))
    return str(thread["thread_id"])


def listed(caller: Any, **metadata: Any) -> set[str]:
    return {t["thread_id"] for t in caller.threads.search(metadata=metadata or None, limit=1000)}


# -- requests ----------------------------------------------------------------------------------


def test_requests_runs_a_structured_request_on_its_own_new_thread(
    stack: Stack, juan: Any, odoo: Any
) -> None:
    thread = juan.threads.create(metadata={"owner": "somebody-else"})
    assert thread["metadata"]["owner"] == "juan"
    items = [{"code": "ALM-ENT", "qty": 6}]
    out = juan.runs.wait(
        thread["thread_id"], ASSISTANT, input=request(new_requester(stack), items=items)
    )
    [order] = out["orders_touched"]
    assert read_order(odoo, order["name"])["state"] == "draft"
    assert juan.threads.get(thread["thread_id"])["metadata"]["owner"] == "juan"
    assert juan.threads.get_state(thread["thread_id"])["values"]["reply"] == out["reply"]
    assert thread["thread_id"] in listed(juan)
    stateless = juan.runs.wait(
        None,
        ASSISTANT,
        input={
            "messages": [{"role": "user", "content": "necesito 3 kilos de sal de mar"}],
            "requester": {"phone": new_requester(stack)},
        },
    )
    assert stateless["orders_touched"]


def test_requests_cannot_read_run_or_change_a_conversation_thread(
    juan: Any, conversation: str, stack: Stack
) -> None:
    hidden(lambda: juan.threads.get(conversation))
    hidden(lambda: juan.threads.get_state(conversation))
    hidden(lambda: juan.runs.list(conversation))
    hidden(lambda: juan.threads.update(conversation, metadata={"note": "mine now"}))
    hidden(lambda: juan.threads.delete(conversation))
    hidden(lambda: juan.threads.update_state(conversation, {"reply": "hijacked"}))
    phone = new_requester(stack)
    for how in ("reject", "create"):
        reason = refused(
            partial(
                juan.runs.create,
                conversation,
                ASSISTANT,
                input=request(phone, "order_status"),
                if_not_exists=how,
            )
        )
        assert reason == "conversation threads are the ingest's"
    refused(lambda: juan.threads.create(thread_id=conversation, if_exists="do_nothing"))
    assert conversation not in listed(juan)
    assert conversation not in listed(juan, owner="ingest")


def test_requests_cannot_send_conversation_signal_or_approval_input(juan: Any) -> None:
    conversation = {"account_id": 1, "conversation_id": 999_999, "channel": "whatsapp"}
    approval = {"order_ref": "P00001", "decision": "approve", "by": "Juan"}
    for run_input, reason in (
        ({"messages": [], "conversation": conversation}, "'conversation' needs the conversations"),
        ({"messages": [], "signal": "retry"}, "'signal' needs the conversations"),
        ({"approval": approval}, "'approval' needs the approvals"),
        ({}, "a run needs"),
    ):
        assert reason in refused(partial(juan.runs.wait, None, ASSISTANT, input=run_input))
    own = juan.threads.create()["thread_id"]
    goto = {"goto": "decide_approval", "update": {"turn_approval": approval}}
    assert "commands" in refused(lambda: juan.runs.wait(own, ASSISTANT, command=goto))


# -- conversations -----------------------------------------------------------------------------


def test_conversations_owns_its_threads_and_cannot_act_for_a_requester(
    ingest: Any, conversation: str, juans_thread: str
) -> None:
    assert ingest.threads.get(conversation)["metadata"]["owner"] == "ingest"
    assert ingest.runs.list(conversation)
    phone = "+56911112222"
    for run_input, reason in (
        (request(phone, "order_status"), "'request' needs the requests"),
        ({"messages": [], "signal": "retry", "requester": {"phone": phone}}, "'requester' needs"),
        ({"messages": [{"role": "user", "content": "hola"}]}, "'messages' needs the requests"),
    ):
        assert reason in refused(
            partial(ingest.runs.create, conversation, ASSISTANT, input=run_input)
        )
    hidden(lambda: ingest.threads.get(juans_thread))
    assert juans_thread not in listed(ingest)
    assert conversation in listed(ingest)


# -- read --------------------------------------------------------------------------------------


def test_read_sees_every_thread_and_writes_nothing(
    review: Any, conversation: str, juans_thread: str, stack: Stack
) -> None:
    assert review.threads.get(conversation)["metadata"]["owner"] == "ingest"
    assert review.threads.get_state(conversation)["values"]["reply"]
    assert review.threads.get_state(juans_thread)["values"]["orders_touched"]
    assert review.runs.list(conversation)
    assert {conversation, juans_thread} <= listed(review)
    assert juans_thread in listed(review, owner="juan")
    assert "may only read" in refused(lambda: review.threads.create())
    phone = new_requester(stack)
    assert "needs the requests" in refused(
        lambda: review.runs.wait(None, ASSISTANT, input=request(phone, "order_status"))
    )
    approval = {"approval": {"order_ref": "P00001", "decision": "approve", "by": "Review"}}
    assert "needs the approvals" in refused(
        lambda: review.runs.create(conversation, ASSISTANT, input=approval)
    )
    hidden(lambda: review.threads.update(conversation, metadata={"reviewed": True}))
    hidden(lambda: review.threads.delete(juans_thread))
    # review reads the thread, so the server's owner check answers (403, not counted here)
    assert refused(lambda: review.threads.update_state(juans_thread, {"reply": "x"}))


# -- approvals ---------------------------------------------------------------------------------


def test_approvals_decides_on_a_thread_of_its_own(
    boss: Any, stack: Stack, odoo: Any, db: psycopg.Connection
) -> None:
    contact = ChatwootContact(
        stack.env["CHATWOOT_URL"], stack.env["CHATWOOT_API_TOKEN"], phone=new_requester(stack)
    )
    [name] = re.findall(r"P\d{5}", contact.ask("necesito 450 kilos de aceite de coco"))[:1]
    said = contact.say("confirma")
    assert "aprobación" in contact.wait_reply(said)[0]
    wait_for(
        lambda: (
            db.execute(
                "SELECT awaiting_approval FROM purchasing.order_link WHERE order_name = %s", (name,)
            ).fetchone()
            == (True,)
        )
    )
    approvals.add_approver(db, name="Jefa Scope", phone=None, email=f"jefa.{name}@x.cl", limit=None)
    decision = {"order_ref": name, "decision": "approve", "by": f"jefa.{name}@x.cl"}
    out = boss.runs.wait(None, ASSISTANT, input={"approval": decision})
    assert "Jefa Scope" in out["reply"]
    assert read_order(odoo, name)["state"] == "purchase"
    wait_for(lambda: any("Jefa Scope" in r["content"] for r in contact.replies(said)))
    own = boss.threads.create()
    assert own["metadata"]["owner"] == "boss"
    again = boss.runs.wait(own["thread_id"], ASSISTANT, input={"approval": decision})
    assert again["approval_outcome"] == {"order_ref": name, "status": "decided"}
    assert read_order(odoo, name)["state"] == "purchase"


def test_approvals_cannot_send_messages_or_requests_nor_read_other_threads(
    boss: Any, conversation: str, juans_thread: str
) -> None:
    chat = {"messages": [{"role": "user", "content": "confirma todo"}]}
    assert "'messages' needs the requests" in refused(
        lambda: boss.runs.wait(None, ASSISTANT, input=chat)
    )
    assert "'request' needs the requests" in refused(
        lambda: boss.runs.wait(None, ASSISTANT, input=request("+56911112222", "order_status"))
    )
    for thread in (conversation, juans_thread):
        hidden(partial(boss.threads.get, thread))
        hidden(partial(boss.threads.get_state, thread))
    assert not {conversation, juans_thread} & listed(boss)
    approval = {"approval": {"order_ref": "P00001", "decision": "approve", "by": "Boss"}}
    assert (
        refused(lambda: boss.runs.create(conversation, ASSISTANT, input=approval))
        == "conversation threads are the ingest's"
    )


# -- everyone ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(API_TOKENS))
def test_assistants_are_read_only_and_store_and_crons_closed(stack: Stack, name: str) -> None:
    caller = client(stack, name)
    [assistant] = [a for a in caller.assistants.search() if a["graph_id"] == ASSISTANT]
    assert caller.assistants.get(assistant["assistant_id"])["graph_id"] == ASSISTANT
    assert "read-only" in refused(lambda: caller.assistants.create(ASSISTANT, name="mine"))
    refused(lambda: caller.assistants.update(assistant["assistant_id"], metadata={"x": 1}))
    refused(lambda: caller.assistants.delete(assistant["assistant_id"]))
    assert "store" in refused(lambda: caller.store.put_item(("notes",), "k", {"v": 1}))
    refused(lambda: caller.store.search_items(("notes",)))
    refused(lambda: caller.store.get_item(("notes",), "k"))
    assert "crons" in refused(
        lambda: caller.crons.create(ASSISTANT, schedule="0 * * * *", input={"signal": "retry"})
    )
    refused(lambda: caller.crons.search())


def test_no_token_and_the_studio_header_are_refused(stack: Stack) -> None:
    url = stack.env["LANGGRAPH_URL"]
    studio = {"x-auth-scheme": "langsmith"}
    assert httpx.post(f"{url}/threads", json={}, headers=studio).status_code == 401
    assert httpx.post(f"{url}/assistants/search", json={}, headers=studio).status_code == 401
    with pytest.raises(AuthenticationError):
        get_sync_client(url=url, api_key=None).assistants.search()


def refusals(stack: Stack) -> dict[tuple[str, str], float]:
    ingest_url = stack.service("ingest").url.rsplit("/webhooks", 1)[0]
    text = httpx.get(f"{ingest_url}/metrics", timeout=10).text
    return {
        (s.labels["resource"], s.labels["reason"]): s.value
        for family in text_string_to_metric_families(text)
        if family.name == "purchase_agent_auth_refusals"
        for s in family.samples
        if s.name == "purchase_agent_auth_refusals_total"
    }


def test_refusals_show_in_the_ingest_metrics(stack: Stack, review: Any, boss: Any) -> None:
    before = refusals(stack)
    refused(lambda: review.threads.create())
    refused(lambda: boss.store.put_item(("notes",), "k", {"v": 1}))
    with pytest.raises(AuthenticationError):
        get_sync_client(url=stack.env["LANGGRAPH_URL"], api_key=None).threads.create()

    def counted() -> bool:
        after = refusals(stack)
        return all(
            after.get(key, 0) >= before.get(key, 0) + 1
            for key in (
                ("threads.create", "read_only"),
                ("store.put", "unused"),
                ("token", "missing"),
            )
        )

    assert wait_for(counted, timeout=10)
