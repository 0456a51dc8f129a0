"""Pure rules: vendor choice, approval links, phone numbers, thread ids, settings export."""

from __future__ import annotations

from pathlib import Path

import pytest

from commands.run import settings_env
from commands.services import langgraph_config
from contract.runs import thread_id_for
from core.settings import REPO_ROOT, Settings
from graphs.purchase_agent.ordering import choose_seller
from graphs.purchase_agent.state import HISTORY_LIMIT, add_recent_messages
from records.approvals import link, signature, verify
from records.requesters import normalise_phone
from tools.chatwoot import neutralise_liquid
from tools.odoo import Seller

TROPICAL = Seller(vendor_id=1, vendor_name="Tropical", tmpl_id=9, price=5.0, min_qty=10)
OLIVARES = Seller(vendor_id=2, vendor_name="Olivares", tmpl_id=9, price=5.4, min_qty=5)


def test_cheapest_seller_whose_minimum_is_met() -> None:
    assert choose_seller([TROPICAL, OLIVARES], 100) == (TROPICAL, 100)


def test_cheaper_seller_skipped_when_its_minimum_is_not_met() -> None:
    assert choose_seller([TROPICAL, OLIVARES], 7) == (OLIVARES, 7)


def test_quantity_below_every_minimum_is_raised_to_the_smallest() -> None:
    assert choose_seller([TROPICAL, OLIVARES], 2) == (OLIVARES, 5)


def test_approval_links_decide_one_order_and_one_decision() -> None:
    url = link("http://ingest", "s3cret", "P00012", "approve")
    assert url.startswith("http://ingest/approvals/P00012?decision=approve&sig=")
    sig = signature("s3cret", "P00012", "approve")
    assert verify("s3cret", "P00012", "approve", sig)
    assert not verify("s3cret", "P00013", "approve", sig)
    assert not verify("s3cret", "P00012", "reject", sig)
    assert not verify("other", "P00012", "approve", sig)


@pytest.mark.parametrize("raw", ["+56 9 1111 2222", "56911112222", "+56-9-1111-2222"])
def test_phones_become_e164(raw: str) -> None:
    assert normalise_phone(raw) == "+56911112222"


def test_thread_ids_are_stable_per_conversation() -> None:
    assert thread_id_for(1, 12) == thread_id_for(1, 12)
    assert thread_id_for(1, 12) != thread_id_for(2, 12)


def test_history_is_bounded() -> None:
    from langchain_core.messages import HumanMessage

    messages = add_recent_messages([], [HumanMessage(str(i), id=str(i)) for i in range(100)])
    assert len(messages) == HISTORY_LIMIT and messages[-1].id == "99"


def test_liquid_is_neutralised() -> None:
    text = neutralise_liquid("{{ contact.name }} {% if x %}")
    assert "{{" not in text and "{%" not in text


def test_settings_are_exported_for_child_processes() -> None:
    env = settings_env(Settings(ODOO_DB="prod", INGEST_PORT=8123))
    assert env["ODOO_DB"] == "prod" and env["INGEST_PORT"] == "8123"


def test_runtime_langgraph_config_uses_absolute_paths(tmp_path: Path) -> None:
    import json

    config = json.loads(langgraph_config(tmp_path).read_text())
    path = config["graphs"]["purchase_agent"]["path"]
    assert path.startswith(str(REPO_ROOT)) and path.endswith("graph.py:graph")
    assert config["checkpointer"]["path"].startswith(str(REPO_ROOT))
