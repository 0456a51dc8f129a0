"""A product named to be ruled out is not ordered; packages nest; a package of unknown size
of a product bought by weight is asked back, not ordered as so many kilos."""

from __future__ import annotations

import pytest

from graphs.purchase_agent.nlu import OfflineModel
from tests.support.catalogue import reference_vocabulary

Line = tuple[str | None, float | None, str | None, float | None]


@pytest.fixture(scope="module")
def model() -> OfflineModel:
    return OfflineModel(reference_vocabulary())


def lines(model: OfflineModel, text: str) -> list[Line]:
    return [(i.code, i.qty, i.uom, i.price) for i in model.understand(text).items]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("necesito 20 kilos de harina de trigo, no de avena", [("HAR-TRIG", 20, "kg", None)]),
        ("pide 10 kilos de avena, no la harina", [("AVE-HOJ", 10, "kg", None)]),
        ("quiero 5 kilos de cacao y no almendras", [("CAC-POL", 5, "kg", None)]),
        ("I need 10 kg of oats, not flour", [("AVE-HOJ", 10, "kg", None)]),
        ("la miel no, solo 20 kilos de azúcar", [("AZU-RUB", 20, "kg", None)]),
        ("20 kilos de harina, no de avena, y 5 de sal", [("HAR-TRIG", 20, "kg", None),
                                                         ("SAL-MAR", 5, "kg", None)]),
        ("ni miel ni almendras, solo 3 kilos de cacao", [("CAC-POL", 3, "kg", None)]),
        ("30 kilos de azucar, no, de cacao", [("CAC-POL", 30, "kg", None)]),  # a correction
        ("two cases of 12 bottles of coconut milk 400 ml", [("LEC-COCO", 9.6, "l", None)]),
        ("2 cajas de 12 tarros de leche de coco de 400 ml", [("LEC-COCO", 9.6, "l", None)]),
        ("2 sacos de 25 kilos de harina a 20 dolares el saco", [("HAR-TRIG", 50, "kg", 0.8)]),
        ("pide avena: 4 bolsas de 2 kilos y medio", [("AVE-HOJ", 10, "kg", None)]),
        ("tres cuartos de almendras enteras", [("ALM-ENT", 0.75, "kg", None)]),
        ("we need a quarter tonne of rolled oats", [("AVE-HOJ", 250, "kg", None)]),
        ("ponle a la sal 15 por saco de 25 kilos", [("SAL-MAR", None, "kg", 0.6)]),
        ("quote 2 kg of cocoa, they offer 0.90 per 100 g", [("CAC-POL", 2, "kg", 9)]),
        ("cambia el cacao de 10 a 12 kilos", [("CAC-POL", 12, "kg", None)]),
        ("8 jars of honey, 250 g each", [("MIE-ABE", 2, "kg", None)]),
        ("pide 3 bidones de aceite de oliva, 5 litros cada uno", [("ACE-OLIV", 15, "l", None)]),
        ("confirmo pero sin la miel", [("MIE-ABE", 0, "kg", None)]),
        ("cotiza 5 kilos de cacao, sin la miel esta vez", [("CAC-POL", 5, "kg", None)]),
        ("sube el cacao a 8 y la avena déjala igual", [("CAC-POL", 8, "kg", None)]),
    ],
)  # fmt: skip
def test_lines(model: OfflineModel, text: str, expected: list[Line]) -> None:
    assert lines(model, text) == expected


def test_packages_of_unknown_size_of_a_product_bought_by_weight_are_asked_back(
    model: OfflineModel,
) -> None:
    (item,) = model.understand("necesito 3 sacos de harina de trigo").items
    assert item.code == "HAR-TRIG" and item.asked_in == "unit"  # the graph asks how many kilos


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("mándale nomás", "confirm_order"),
        ("dice el jefe que le des nomás", "confirm_order"),
        ("se canceló la entrega del martes", "other"),
        ("se suspendió la feria, cancela la orden", "cancel_order"),
        ("confirmo pero sin la miel", "modify_order"),
        ("cacao: 12 kilos ahora", "modify_order"),
        ("the oats, not the flour, should be 30 kg", "modify_order"),
        ("se nos acaba la avena, pero lo veo con el jefe antes de pedir", "other"),
    ],
)
def test_intents(model: OfflineModel, text: str, intent: str) -> None:
    assert model.understand(text).intent == intent
