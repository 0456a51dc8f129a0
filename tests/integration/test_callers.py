"""Juan and other graphs calling the agent through the SDK and RemoteGraph; API auth."""

from __future__ import annotations

from typing import Any, TypedDict

import httpx
import psycopg
import pytest
from langgraph.graph import END, START, StateGraph
from langgraph.pregel.remote import RemoteGraph
from langgraph_sdk import get_sync_client
from langgraph_sdk.errors import AuthenticationError

from commands.run import Stack
from records import requesters
from tests.integration.conftest import API_TOKENS
from tests.support.clients import new_phone, read_order

JUAN = {"Authorization": f"Bearer {API_TOKENS['juan']}"}


@pytest.fixture()
def juan(stack: Stack) -> Any:
    return get_sync_client(url=stack.env["LANGGRAPH_URL"], api_key=None, headers=JUAN)


@pytest.fixture()
def requester_phone(db: psycopg.Connection) -> str:
    phone = new_phone()
    requesters.add(db, name="Valentina Test", phone=phone, email=None, may_confirm=True)
    return phone


def test_natural_language_call_returns_orders_and_posts_nothing(
    juan: Any, requester_phone: str, odoo: Any
) -> None:
    out = juan.runs.wait(
        None,
        "purchase_agent",
        input={
            "messages": [{"role": "user", "content": "necesito 20 kilos de miel de abeja"}],
            "requester": {"phone": requester_phone},
        },
    )
    [order] = out["orders_touched"]
    assert order["vendor"] == "Apícola Los Andes" and order["amount_total"] == 124.0
    assert order["lines"] == [{"code": "MIE-ABE", "qty": 20.0, "uom": "kg", "price_unit": 6.2}]
    assert order["name"] in out["reply"]
    assert read_order(odoo, order["name"])["amount_total"] == 124.0


def test_structured_request_skips_the_model(juan: Any, requester_phone: str) -> None:
    thread = juan.threads.create()
    out = juan.runs.wait(
        thread["thread_id"],
        "purchase_agent",
        input={
            "request": {
                "action": "create_rfq",
                "items": [{"code": "ALM-ENT", "qty": 8}, {"code": "NOPE-1", "qty": 1}],
                "requester": {"phone": requester_phone},
            }
        },
    )
    [order] = out["orders_touched"]
    assert order["vendor"] == "Apícola Los Andes" and order["lines"][0]["qty"] == 8
    out = juan.runs.wait(
        thread["thread_id"],
        "purchase_agent",
        input={
            "request": {
                "action": "order_status",
                "order_ref": order["name"],
                "requester": {"phone": requester_phone},
            }
        },
    )
    assert out["orders_touched"][0]["state"] == "draft"


class Parent(TypedDict, total=False):
    messages: list[Any]
    requester: dict[str, str]
    reply: str
    orders_touched: list[dict[str, Any]]


def test_remote_graph_as_a_node_of_a_parent_graph(stack: Stack, requester_phone: str) -> None:
    remote = RemoteGraph("purchase_agent", url=stack.env["LANGGRAPH_URL"], headers=JUAN)
    builder = StateGraph(Parent)
    builder.add_node("purchasing", remote)
    builder.add_edge(START, "purchasing")
    builder.add_edge("purchasing", END)
    out = builder.compile().invoke(
        {
            "messages": [{"role": "user", "content": "I need 25 kg of rolled oats"}],
            "requester": {"phone": requester_phone},
        }
    )
    assert "I created" in out["reply"]
    assert out["orders_touched"][0]["vendor"] == "Molinos del Sur Ltda"


def test_api_refuses_calls_without_a_valid_token(stack: Stack) -> None:
    url = stack.env["LANGGRAPH_URL"]
    assert httpx.post(f"{url}/threads", json={}).status_code == 401
    bad = {"Authorization": "Bearer nope"}
    assert httpx.post(f"{url}/threads", json={}, headers=bad).status_code == 401
    with pytest.raises(AuthenticationError):
        get_sync_client(url=url, api_key=None).threads.create()
    assert httpx.post(f"{url}/threads", json={}, headers=JUAN).status_code == 200


def test_a_chat_message_after_a_structured_request_is_understood_afresh(
    juan: Any, requester_phone: str
) -> None:
    thread = juan.threads.create()
    request = {"action": "create_rfq", "items": [{"code": "SAL-MAR", "qty": 30}]}
    juan.runs.wait(
        thread["thread_id"],
        "purchase_agent",
        input={"request": request | {"requester": {"phone": requester_phone}}},
    )
    out = juan.runs.wait(
        thread["thread_id"],
        "purchase_agent",
        input={
            "messages": [{"role": "user", "content": "hola"}],
            "requester": {"phone": requester_phone},
        },
    )
    assert out["orders_touched"] == [] and "Puedo crear" in out["reply"]
