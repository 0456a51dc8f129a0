"""The safety layer and which order a message means, turn by turn (stand-ins, no servers)."""

from __future__ import annotations

from tests.graphs.conftest import World

TWO_VENDORS = "necesito 20 litros de leche de coco y 100 kilos de harina de trigo"


def states(world: World) -> dict[str, str]:
    return {o.vendor_name.split()[0]: o.state for o in world.odoo.all_orders()}


def names(world: World) -> dict[str, str]:
    return {o.vendor_name.split()[0]: o.name for o in world.odoo.all_orders()}


def one_rfq(world: World) -> str:
    world.says("necesito 100 kilos de aceite de coco")
    world.says("¿cómo va el pedido?")  # the agent's "¿La confirmo?" is no longer the question
    (order,) = world.odoo.all_orders()
    return order.name


def test_a_soft_cancel_asks_and_waits(world: World) -> None:
    name = one_rfq(world)

    out = world.says("olvídalo")

    assert out["reply"] == f"¿Cancelo la {name}?"
    assert world.odoo.all_orders()[0].state == "draft" and "cancel" not in world.odoo.calls


def test_yes_to_the_question_cancels(world: World) -> None:
    name = one_rfq(world)
    world.says("ya no lo necesito")

    world.says("sí")

    assert world.odoo.all_orders()[0].state == "cancel"
    assert name in world.replies()[-1]


def test_no_to_the_question_leaves_the_order_as_it_was(world: World) -> None:
    name = one_rfq(world)
    world.says("olvídalo")

    out = world.says("no, déjala")

    assert world.odoo.all_orders()[0].state == "draft" and "cancel" not in world.odoo.calls
    assert name in out["reply"] and "dejé" in out["reply"]
    world.says("sí")  # the question was answered: a later "sí" cancels nothing
    assert world.odoo.all_orders()[0].state == "draft"


def test_a_new_request_lets_the_question_lapse(world: World) -> None:
    one_rfq(world)
    world.says("olvídalo")

    world.says("necesito 50 kilos de sal de mar")
    world.says("¿cómo va el pedido?")
    world.says("sí")

    assert "cancel" not in world.odoo.calls


def test_a_bare_ok_out_of_the_blue_asks_before_confirming(world: World) -> None:
    name = one_rfq(world)

    out = world.says("ok")

    assert out["reply"] == f"¿Confirmo la {name}?" and "confirm" not in world.odoo.calls
    world.says("sí")
    assert world.odoo.all_orders()[0].state == "purchase"


def test_a_thank_you_after_the_question_confirms_nothing(world: World) -> None:
    world.says("necesito 100 kilos de aceite de coco")  # "... ¿La confirmo?"

    world.says("gracias!")

    assert world.odoo.all_orders()[0].state == "draft"


def test_a_removal_without_a_verb_asks_for_the_order_that_has_the_product(
    world: World,
) -> None:
    world.says(TWO_VENDORS)
    world.says("¿cómo van mis pedidos?")

    out = world.says("ya no necesito la leche de coco")

    assert out["reply"] == f"¿Cambio la {names(world)['Distribuidora']} así: sacar Leche de coco?"
    world.says("sí")
    tropical = next(o for o in world.odoo.all_orders() if o.vendor_name.startswith("Dist"))
    assert [line.code for line in tropical.lines] == []


def test_yes_to_confirm_several_confirms_them_all(world: World) -> None:
    first = world.says(TWO_VENDORS)
    assert first["reply"].endswith(f"¿Confirmo {', '.join(sorted(names(world).values()))}?")

    world.says("dale, confirma")

    assert set(states(world).values()) == {"purchase"}


def test_confirming_after_the_question_about_the_newest_confirms_that_one(world: World) -> None:
    world.says("necesito 20 litros de leche de coco")
    world.says("necesito 100 kilos de harina de trigo")  # "... ¿La confirmo?" about this one

    world.says("confirmo")

    assert states(world) == {"Distribuidora": "draft", "Molinos": "purchase"}


def test_both_answers_which_one(world: World) -> None:
    world.says(TWO_VENDORS)
    world.says("¿cómo van mis pedidos?")
    asked = world.says("confirma")
    assert "¿Cuál confirmo?" in asked["reply"]

    world.says("las dos")

    assert set(states(world).values()) == {"purchase"}


def test_the_vendor_picks_one(world: World) -> None:
    world.says(TWO_VENDORS)
    world.says("¿cómo van mis pedidos?")
    world.says("confirma")

    world.says("la de Molinos")

    assert states(world) == {"Distribuidora": "draft", "Molinos": "purchase"}


def test_the_second_picks_the_second_listed(world: World) -> None:
    world.says(TWO_VENDORS)
    world.says("¿cómo van mis pedidos?")
    asked = world.says("cancela")
    second = asked["reply"].split("; ")[1].split(" ")[0]

    world.says("la segunda")

    cancelled = [o.name for o in world.odoo.all_orders() if o.state == "cancel"]
    assert cancelled == [second]


def test_a_product_mentioned_looks_past_the_order_just_asked_about(world: World) -> None:
    world.says("necesito 20 litros de leche de coco")
    world.says("necesito 100 kilos de harina de trigo")  # "... ¿La confirmo?" about this one

    out = world.says("ya no necesito la leche de coco")

    assert out["reply"] == f"¿Cambio la {names(world)['Distribuidora']} así: sacar Leche de coco?"


def test_a_shared_kind_word_means_the_product_the_order_has(world: World) -> None:
    world.says("necesito 100 kilos de aceite de coco")  # the catalogue has two "aceite"

    world.says("mejor que sean 120 kilos de aceite")

    (order,) = world.odoo.all_orders()
    assert [(line.code, line.qty) for line in order.lines] == [("ACE-COCO", 120.0)]


def test_a_hedged_request_is_asked_before_an_rfq_is_created(world: World) -> None:
    out = world.says("probablemente necesitemos 100 kilos de harina de trigo")

    assert (
        out["reply"] == ("¿Creo una solicitud de cotización con 100 kilos de Harina de trigo?")
        and world.odoo.all_orders() == []
    )
    world.says("sí, dale")
    (order,) = world.odoo.all_orders()
    assert [(line.code, line.qty) for line in order.lines] == [("HAR-TRIG", 100.0)]


def test_no_to_a_hedged_request_orders_nothing(world: World) -> None:
    world.says("maybe we need 100 kg of wheat flour")

    out = world.says("no, not yet")

    assert world.odoo.all_orders() == [] and out["reply"] == "Understood: I did not order anything."
