"""Every product name of every catalogue we have, asked for plainly, is a request the agent acts
on: no word of a name may read as a cancel, change or hold cue ("vasos descartables", "light
switch", "paint scrapers"). Catalogues of our own trades and a generated one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphs.purchase_agent.nlu import OfflineModel
from graphs.purchase_agent.nlu.catalog import Vocabulary, load_vocabulary
from sandbox.odoo.generate import generate

FIXTURES = Path(__file__).parents[3] / "fixtures"
CATALOGUES = [FIXTURES / "catalog.json"] + sorted((FIXTURES / "companies").glob("*/catalog.json"))


def asked_plainly(vocabulary: Vocabulary) -> list[str]:
    model = OfflineModel(vocabulary)
    wrong = []
    for product in vocabulary.products:
        for text in (f"necesito 10 {product.name.lower()}",
                     f"we need 10 {(product.name_en or product.name).lower()}"):  # fmt: skip
            result = model.understand(text)
            if result.intent != "create_rfq" or result.held:
                wrong.append(f"{text} -> {result.intent} {result.confidence}")
    return wrong


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.name)
def test_every_name_of_a_company_is_a_request(path: Path) -> None:
    assert asked_plainly(load_vocabulary(path)) == []


def test_every_name_of_a_generated_company_is_a_request(tmp_path: Path) -> None:
    path = tmp_path / "generated.json"
    path.write_text(json.dumps(generate(1000, seed=11)), encoding="utf-8")
    assert asked_plainly(load_vocabulary(path)) == []


TEMPLATES = [
    ("¿cómo va el pedido de {es}?", "order_status"),
    ("cancela el pedido de {es}", "cancel_order"),
    ("saca {es} del pedido", "modify_order"),
    ("any news on the {en}?", "order_status"),
    ("mejor que sean 30 de {es}", "modify_order"),
]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.name)
def test_a_name_inside_a_status_cancel_or_change_keeps_that_intent(path: Path) -> None:
    """Words of a name are no cues: "cinta doble contacto" asks for no contact details."""
    vocabulary = load_vocabulary(path)
    model = OfflineModel(vocabulary)
    wrong = []
    for product in vocabulary.products:
        for template, intent in TEMPLATES:
            text = template.format(es=product.name.lower(), en=product.name_en.lower())
            if (got := model.understand(text).intent) != intent:
                wrong.append(f"{text} -> {got}")
    assert wrong == []
