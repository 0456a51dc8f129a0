"""Products named by their catalogue names, on a catalogue written for this test."""

from __future__ import annotations

import pytest

from graphs.purchase_agent.nlu import OfflineModel
from graphs.purchase_agent.nlu.catalog import Product, Vocabulary
from graphs.purchase_agent.nlu.prompt import build_messages
from graphs.purchase_agent.nlu.retrieve import Retriever

SHOP = Vocabulary(
    (
        Product("TUB-110", "Tubo PVC sanitario 110 mm x 3 m", "PVC drain pipe 110 mm x 3 m", "unit"),
        Product("TUB-75", "Tubo PVC sanitario 75 mm x 3 m", "PVC drain pipe 75 mm x 3 m", "unit"),
        Product("CEM-25", "Cemento especial saco 25 kg", "Special cement 25 kg bag", "unit"),
        Product("TOR-M6", "Tornillo cabeza plana M6 x 20", "Flat head screw M6 x 20", "unit"),
        Product("TOR-M8", "Tornillo cabeza plana M8 x 30", "Flat head screw M8 x 30", "unit"),
        Product(
            "ESM-45", "Esmeril angular 4½\" 850 W", "Angle grinder 4½\" 850 W", "unit",
            aliases=(("galletera", "es"),),
        ),
    )
)  # fmt: skip


@pytest.fixture(scope="module")
def model() -> OfflineModel:
    return OfflineModel(SHOP)


@pytest.mark.parametrize(
    ("text", "code", "qty"),
    [
        ("necesito 12 tubo pvc sanitario 110 mm x 3 m", "TUB-110", 12),  # sizes are the name
        ("I need 6 PVC drain pipe 75 mm x 3 m", "TUB-75", 6),
        ("mandame 40 cemento especial saco 25 kg", "CEM-25", 40),  # not 25 kg of anything
        ("necesito 40 cemento especial", "CEM-25", 40),  # the first words of a longer name
        ("necesito 3 galleteras", "ESM-45", 3),  # an alias
    ],
)
def test_names_with_sizes_are_products_not_quantities(
    model: OfflineModel, text: str, code: str, qty: float
) -> None:
    [item] = model.understand(text).items
    assert (item.code, item.qty) == (code, qty)


def test_where_several_products_part_the_candidates_are_asked_about(model: OfflineModel) -> None:
    [item] = model.understand("necesito 100 tornillos cabeza plana").items
    assert item.code is None and set(item.candidates) == {"TOR-M6", "TOR-M8"}


def test_a_size_the_catalogue_does_not_carry_is_not_ordered(model: OfflineModel) -> None:
    items = model.understand("necesito 5 tubo pvc sanitario 160 mm").items
    assert all(item.code is None for item in items)  # asked which tube, never guessed
    assert set(items[0].candidates) == {"TUB-110", "TUB-75"}


def test_the_retriever_finds_typos_english_names_and_aliases() -> None:
    retriever = Retriever(SHOP)
    assert retriever.search("cemnto especial")[0].code == "CEM-25"
    assert retriever.search("angle grinder")[0].code == "ESM-45"
    assert retriever.search("una galletera")[0].code == "ESM-45"
    assert retriever.search("hola, como estas") == []
    assert len(retriever.search("tubo tornillo cemento", limit=2)) == 2


def test_the_prompt_lists_candidates_not_the_catalogue() -> None:
    [system, _] = build_messages("necesito cemento especial", None, SHOP)
    assert "CEM-25" in str(system.content) and "TUB-110" not in str(system.content)


def test_a_one_word_alias_settles_a_shared_word() -> None:
    shop = Vocabulary(
        (
            Product("HUI-5", "Huincha de medir 5 m", "Tape measure 5 m", "unit",
                    aliases=(("huincha", "es"),)),
            Product("CIN-19", "Cinta aisladora 19 mm", "Electrical tape 19 mm", "unit",
                    aliases=(("huincha aisladora", "es"),)),
        )
    )  # fmt: skip
    model = OfflineModel(shop)
    assert [i.code for i in model.understand("necesito 12 huinchas").items] == ["HUI-5"]
    assert [i.code for i in model.understand("3 huinchas aisladoras").items] == ["CIN-19"]


@pytest.mark.parametrize(
    ("text", "code", "qty"),
    [
        ("ocupo 20 tubos de 110", "TUB-110", 20),  # the size picks one of the tubes
        ("I need 8 flat head screw M8 screws", "TOR-M8", 8),
        ("necesito 4 esmeril angular de 850 w", "ESM-45", 4),  # a size its name carries
    ],
)
def test_a_size_after_the_product_word_is_part_of_the_name(
    model: OfflineModel, text: str, code: str, qty: float
) -> None:
    [item] = model.understand(text).items
    assert (item.code, item.qty) == (code, qty)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("bórralo nomás", "cancel_order"),
        ("desiste de esa compra, xfa", "cancel_order"),
        ("kill the order, the job got postponed", "cancel_order"),
        ("que me llame la Javiera porfa", "human_handoff"),
        ("cancela la reunión de las 4 con el de la constructora", "other"),  # not an order
        ("cancel tomorrow's meeting with the supplier", "other"),
        ("se suspendió el evento, anula la compra", "cancel_order"),
    ],
)
def test_more_ways_to_cancel_and_to_ask_for_a_person(
    model: OfflineModel, text: str, intent: str
) -> None:
    assert model.understand(text).intent == intent
