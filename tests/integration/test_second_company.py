"""Another company, another trade: the agent knows only what it synced from that Odoo.

The stack is started with `SANDBOX_CATALOG` pointing at the hardware store of
`fixtures/companies/ferreteria/` (none of its products appear in code), so everything below
is learnt from the sandbox Odoo: names per language, purchase units and their factors,
vendors' own labels, archiving; aliases come from the CLI.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from commands.run import Stack
from records import requesters
from tests.integration.conftest import running_stack
from tests.integration.test_chat import chat
from tests.support.clients import ChatwootContact, new_phone, odoo_connection, read_order
from tests.support.fake_openai import FakeOpenAI
from tests.support.recorder import Recorder

COMPANY = Path(__file__).parents[2] / "fixtures" / "companies" / "ferreteria" / "catalog.json"
ORDER = re.compile(r"P\d{5}")


@pytest.fixture(scope="module")
def hardware(
    postgres_url: str,
    tmp_path_factory: pytest.TempPathFactory,
    slack: Recorder,
    langsmith: Recorder,
    openai: FakeOpenAI,
) -> Iterator[Stack]:
    data_dir = tmp_path_factory.mktemp("hardware")
    with running_stack(
        postgres_url, data_dir, slack, langsmith, openai, SANDBOX_CATALOG=COMPANY
    ) as running:
        yield running


@pytest.fixture()
def clerk(hardware: Stack) -> ChatwootContact:
    phone = new_phone()
    with psycopg.connect(hardware.database_url, autocommit=True) as conn:
        requesters.add(conn, name="Rodrigo Bodega", phone=phone, email=None, may_confirm=True)
    return ChatwootContact(
        hardware.env["CHATWOOT_URL"], hardware.env["CHATWOOT_API_TOKEN"], phone=phone
    )


def cli(stack: Stack, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {
        "PURCHASE_AGENT_DATA_DIR": str(stack.settings.data_dir),
        "DATABASE_URL": stack.database_url,
    }
    return subprocess.run(
        [sys.executable, "-m", "commands.main", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def ordered(odoo: Any, reply: str) -> dict[str, float]:
    """Internal reference -> quantity in Odoo's purchase unit, over the orders the reply names
    (one per vendor)."""
    names = set(ORDER.findall(reply))
    assert names, reply
    lines = [line for name in names for line in read_order(odoo, name)["lines"]]
    products = odoo.get_model("product.product").read(
        [line["product_id"][0] for line in lines], ["default_code"]
    )
    codes = {p["id"]: p["default_code"] for p in products}
    return {codes[line["product_id"][0]]: line["product_qty"] for line in lines}


def test_orders_by_catalogue_name_with_units_in_spanish(
    hardware: Stack, clerk: ChatwootContact
) -> None:
    odoo = odoo_connection(hardware.env["ODOO_URL"])
    reply = clerk.ask("hola, necesito 300 kilos de cal hidratada y 22500 gramos de fragüe blanco")
    assert ordered(odoo, reply) == {"CAL-HID": 300.0, "FRA-BLA": 22.5}  # grams of a kg product
    assert "Creé la" in reply and "• 300 kg de Cal hidratada ×" in reply
    assert "• 22.5 kg de Fragüe blanco ×" in reply


def test_english_name_and_a_purchase_unit_of_dozens(
    hardware: Stack, clerk: ChatwootContact
) -> None:
    odoo = odoo_connection(hardware.env["ODOO_URL"])
    reply = clerk.ask("I need 24 LED bulb 12 W E27 warm white please")
    assert ordered(odoo, reply) == {"AMP-LED-12": 2.0}  # bought by the dozen in Odoo
    assert "I created" in reply and "• 2 dozens of LED bulb 12 W E27 warm white ×" in reply


def test_a_vendors_own_label_names_the_product(hardware: Stack, clerk: ChatwootContact) -> None:
    odoo = odoo_connection(hardware.env["ODOO_URL"])
    reply = clerk.ask("necesito 300 unidades de TORN AUTOP 8X1 ZINC")
    assert ordered(odoo, reply) == {"TOR-AUT-8": 3.0}  # boxes of 100 in Odoo
    assert '• 3 Caja x100 de Tornillo autoperforante 8x1" ×' in reply  # as Odoo names them


def test_an_alias_added_with_the_cli(hardware: Stack, clerk: ChatwootContact) -> None:
    before = clerk.ask("necesito 2 pulidoras")
    assert not ORDER.findall(before)  # nobody told the agent what a "pulidora" is
    done = cli(hardware, "catalog", "alias", "add", "ESM-ANG-45", "pulidora", "--lang", "es")
    assert done.returncode == 0, done.stderr
    odoo = odoo_connection(hardware.env["ODOO_URL"])
    other = ChatwootContact(
        hardware.env["CHATWOOT_URL"], hardware.env["CHATWOOT_API_TOKEN"], phone=_requester(hardware)
    )
    reply = other.ask("necesito 2 pulidoras")
    assert ordered(odoo, reply) == {"ESM-ANG-45": 2.0}
    assert "Esmeril angular" in reply


def test_the_sandbox_company_brings_its_own_aliases(
    hardware: Stack, clerk: ChatwootContact
) -> None:
    odoo = odoo_connection(hardware.env["ODOO_URL"])
    reply = clerk.ask("necesito 12 huinchas")  # the fixture's word for its tape measure
    assert ordered(odoo, reply) == {"HUI-MED-5": 12.0}


def test_kilos_of_a_product_bought_by_the_unit_are_asked_back(clerk: ChatwootContact) -> None:
    reply = clerk.ask("necesito 20 kilos de chaleco reflectante amarillo")
    assert not ORDER.findall(reply)
    assert "Chaleco reflectante amarillo" in reply and "¿Cuánto necesitas" in reply


def test_an_archived_product_is_refused_with_the_closest_alternatives(
    hardware: Stack, clerk: ChatwootContact
) -> None:
    odoo = odoo_connection(hardware.env["ODOO_URL"])
    templates = odoo.get_model("product.template")
    [white] = templates.search([("default_code", "=", "LAT-INT-BL")])
    templates.write([white], {"active": False})
    done = cli(hardware, "catalog", "sync")
    assert done.returncode == 0, done.stderr
    reply = clerk.ask("necesito 4 látex interior blanco 1 galón")
    assert not ORDER.findall(reply)
    assert "Látex interior gris perla 1 galón" in reply  # what the store still sells


def _requester(stack: Stack) -> str:
    phone = new_phone()
    with psycopg.connect(stack.database_url, autocommit=True) as conn:
        requesters.add(conn, name="Otra Persona", phone=phone, email=None, may_confirm=True)
    return phone


def test_a_kind_word_several_products_share_is_asked_back(clerk: ChatwootContact) -> None:
    reply = clerk.ask("necesito 3 cintas")
    assert not ORDER.findall(reply)
    assert reply.startswith('¿Cuál "cintas"?') and "Cinta de enmascarar 24 mm x 40 m" in reply


def test_purchase_agent_chat_orders_the_stores_products(hardware: Stack) -> None:
    out = chat(hardware, _requester(hardware), ["necesito 800 tarugos plásticos de 8 mm"])
    odoo = odoo_connection(hardware.env["ODOO_URL"])
    assert ordered(odoo, out) == {"TAR-PLA-8": 8.0}  # bought in its boxes of 100
    assert "Creé la" in out and "Tarugo plástico 8 mm" in out
