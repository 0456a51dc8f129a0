"""Committal intents need explicit evidence; weak evidence is held for a question."""

from __future__ import annotations

import pytest

from graphs.purchase_agent.nlu import OfflineModel, PendingContext
from graphs.purchase_agent.nlu.answers import picks, reads_as_no
from tests.support.catalogue import reference_vocabulary


@pytest.fixture(scope="module")
def model() -> OfflineModel:
    return OfflineModel(reference_vocabulary())


@pytest.mark.parametrize(
    "text",
    [
        "gracias!",
        "muchas gracias, saludos",
        "ok gracias",
        "perfecto, gracias",
        "thanks, bye",
        "chao, buen finde",
        "cancela la reunión de mañana",
        "cancel tomorrow's meeting",
        "se canceló la capacitación del jueves",
        "espera, no confirmes todavía",
        "wait, don't send it yet",
        "no la canceles",
        "nos queda poca harina",
        "la harina de trigo está cara",
        "¿el aceite de coco sirve para freír?",
    ],
)
def test_no_write_without_a_request(model: OfflineModel, text: str) -> None:
    result = model.understand(text)
    assert not result.writes or result.held, result


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ok", "confirm_order"),
        ("sí", "confirm_order"),
        ("👍", "confirm_order"),
        ("olvídalo", "cancel_order"),
        ("ya no lo necesito", "cancel_order"),
        ("never mind", "cancel_order"),
        ("forget it", "cancel_order"),
        ("ya no necesito la leche de coco", "modify_order"),
    ],
)
def test_weak_evidence_is_held_for_a_question(model: OfflineModel, text: str, intent: str) -> None:
    result = model.understand(text)
    assert result.intent == intent and result.held


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("confirma la P00012", "confirm_order"),
        ("dale, confirma", "confirm_order"),
        ("go ahead and approve it", "confirm_order"),
        ("cancela la P00012", "cancel_order"),
        ("anula el pedido", "cancel_order"),
        ("olvida la orden 3", "cancel_order"),
        ("kill the order", "cancel_order"),
        ("saca la sal", "modify_order"),
        ("remove the salt", "modify_order"),
        ("necesito 100 kilos de harina de trigo", "create_rfq"),
        ("20 kilos de sal de mar porfa", "create_rfq"),
        ("we need coconut oil", "create_rfq"),
    ],
)
def test_explicit_evidence_acts(model: OfflineModel, text: str, intent: str) -> None:
    result = model.understand(text)
    assert result.intent == intent and not result.held


@pytest.mark.parametrize(("text", "asked"), [("sí", "confirm"), ("ok 👍", "confirm"),
                                             ("olvídalo", "cancel")])  # fmt: skip
def test_the_answer_to_the_agents_own_question_is_explicit(
    model: OfflineModel, text: str, asked: str
) -> None:
    assert not model.understand(text, PendingContext(asked=asked)).held


def test_a_soft_cancel_is_not_made_sure_by_a_confirm_question(model: OfflineModel) -> None:
    assert model.understand("ya no lo necesito", PendingContext(asked="confirm")).held


def test_products_named_outside_a_request_are_mentioned(model: OfflineModel) -> None:
    assert model.understand("¿cómo va lo del cacao?").mentioned == ["CAC-POL"]
    assert model.understand("confirma P00001 y P00002").order_refs == ["P00001", "P00002"]


@pytest.mark.parametrize(
    "text", ["no", "No, déjala", "mejor no", "no la canceles", "todavía no", "keep it", "nope"]
)
def test_turning_down(text: str) -> None:
    assert reads_as_no(text)


@pytest.mark.parametrize("text", ["sí", "dale", "ok, cancélala", "yes please"])
def test_not_turning_down(text: str) -> None:
    assert not reads_as_no(text)


LISTED = ["P00001", "P00002", "P00003"]
VENDORS = ["Distribuidora Tropical SpA", "Molinos del Sur Ltda", "Lácteos Valle"]


@pytest.mark.parametrize(
    ("text", "picked"),
    [
        ("las dos", LISTED),
        ("todas", LISTED),
        ("both", LISTED),
        ("all of them", LISTED),
        ("la segunda", ["P00002"]),
        ("the first one", ["P00001"]),
        ("la última", ["P00003"]),
        ("la de Molinos", ["P00002"]),
        ("the tropical one", ["P00001"]),
        ("la de lacteos", ["P00003"]),
        ("esa", []),
        ("la de molinos y la tropical", ["P00001", "P00002"]),
    ],
)
def test_picks_among_the_listed_orders(text: str, picked: list[str]) -> None:
    assert picks(text, LISTED, VENDORS) == picked
