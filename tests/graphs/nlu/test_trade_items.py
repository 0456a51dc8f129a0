"""Lines on another trade's catalogue: prices in pesos, rejected values, sizes that are not
quantities, a unit letter that is not a product. Sentences of our own, not the labelled set's."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphs.purchase_agent.nlu import OfflineModel
from graphs.purchase_agent.nlu.catalog import load_vocabulary

HARDWARE = Path(__file__).parents[3] / "fixtures" / "companies" / "ferreteria" / "catalog.json"
Line = tuple[str | None, float | None, str | None, float | None]


@pytest.fixture(scope="module")
def model() -> OfflineModel:
    return OfflineModel(load_vocabulary(HARDWARE))


def lines(model: OfflineModel, text: str) -> list[Line]:
    return [(i.code, i.qty, i.uom, i.price) for i in model.understand(text).items]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cotiza 20 martillos carpinteros a 6990 pesos c/u", [("MAR-CAR-16", 20, "unit", 6990)]),
        ("necesito 15 alicates universales a 4 lucas c/u", [("ALI-UNI-8", 15, "unit", 4000)]),
        ("pide 30 tarugos plásticos de 8 mm a 35 pesos cada uno",
         [("TAR-PLA-8", 30, "unit", 35)]),
        ("me equivoqué, eran 12 serruchos no 10", [("SER-CAR-22", 12, "unit", None)]),
        ("sorry, make it 8 hacksaws, not 6", [("SIE-ARC-12", 8, "unit", None)]),
        ("necesito 10 enchufes dobles a 2500 c/u", [("ENC-DOB-10", 10, "unit", 2500)]),
        ("20 interruptores simples a 1890 c/u porfa", [("INT-SIM-10", 20, "unit", 1890)]),
        ("we need 30 of the 12 W LED bulbs", [("AMP-LED-12", 30, "unit", None)]),
        ("swap the 12 W bulbs to 40", [("AMP-LED-12", 40, "unit", None)]),
        ("we ran out of 12 W LED bulbs, please order 60", [("AMP-LED-12", 60, "unit", None)]),
        ("please order 3 dozen 9 W LED bulbs", [("AMP-LED-9", 36, "unit", None)]),
        ("get us ten 7 W LED bulbs", [(None, 10, "unit", None)]),
        ("pide 4 bolsas de 100 tarugos plásticos", [("TAR-PLA-8", 400, "unit", None)]),
        ("5 cajas de 100 remaches pop a 3000 la caja", [("REM-POP-18", 500, "unit", 30)]),
        ("we need 20 claw hammers", [("MAR-CAR-16", 20, "unit", None)]),
        ("pide 4 discos de corte de 4 1/2", [("DIS-COR-45", 4, "unit", None)]),
        ("necesito 200 pernos coche 1/4 x 2", [("PER-COC-14", 200, "unit", None)]),
        ("we need 6 wheelbarrows, the 100 L ones", [("CAR-BUG-100", 6, "unit", None)]),
        ("en vez del enchufe doble pon 10 interruptores simples",
         [("ENC-DOB-10", 0, "unit", None), ("INT-SIM-10", 10, "unit", None)]),
    ],
)  # fmt: skip
def test_lines_on_a_hardware_catalogue(
    model: OfflineModel, text: str, expected: list[Line]
) -> None:
    assert lines(model, text) == expected


def test_a_unit_letter_is_not_a_product(model: OfflineModel) -> None:
    """ "A" of "Enchufe doble 10 A" is amperes: "a" in a sentence names nothing."""
    assert lines(model, "necesito 6 llaves ajustables a 7990 c/u") == [
        ("LLA-AJU-10", 6, "unit", 7990)
    ]


@pytest.mark.parametrize(
    "text",
    ["we'll probably need more drill bits next month", "capaz que necesitemos lijas más adelante"],
)
def test_a_hedged_need_is_not_a_request(model: OfflineModel, text: str) -> None:
    assert model.understand(text).intent == "other"


def test_a_request_for_later_with_a_quantity_is_a_request(model: OfflineModel) -> None:
    result = model.understand("necesito 20 martillos carpinteros para el próximo mes")
    assert result.intent == "create_rfq" and not result.held


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("dónde estaciono la camioneta pa descargar?", "other"),  # not "camiseta", "encargar"
        ("cancela el almuerzo con los proveedores", "other"),
        ("Cancel my 4 pm call with the accountant", "other"),
        ("cancela porfa", "cancel_order"),
        ("cancel the whole thing", "cancel_order"),
        ("da de baja la orden 12", "cancel_order"),
        ("forget the hammers order, we got them elsewhere", "cancel_order"),
        ("oye y lo de los martillos???", "order_status"),
        ("hay fecha pa lo de las brochas?", "order_status"),
        ("No changes from me, you can place it", "confirm_order"),
    ],
)
def test_intents_on_a_hardware_catalogue(model: OfflineModel, text: str, intent: str) -> None:
    assert model.understand(text).intent == intent


GROCER = HARDWARE.parents[1] / "almacen" / "catalog.json"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pide 5 bidones de 5 litros de lavalozas", [("LAV-LIQ-5", 5, "unit", None)]),
        ("necesito 10 botellas de 250 ml de aceite de oliva extra virgen", [(None, 10, "unit", None)]),
        ("pide 3 docenas de tazas blancas a 24 lucas la docena", [("TAZ-CER", 36, "unit", 2000)]),
    ],
)  # fmt: skip
def test_formats_in_a_grocers_names(text: str, expected: list[Line]) -> None:
    """A unit product sold in a format ("Lavalozas líquido 5 L") counts packages of that format;
    another format of it is a variant not carried; a price per dozen is per piece."""
    assert lines(OfflineModel(load_vocabulary(GROCER)), text) == expected


def test_advertising_with_a_link_is_nobodys_complaint(model: OfflineModel) -> None:
    assert model.understand("GANASTE!!! reclama tu regalo en bit.ly/xyz").intent == "other"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pide un martillo carpintero", [("MAR-CAR-16", 1, "unit", None)]),
        ("baja los martillos carpinteros a 3 cajas", [("MAR-CAR-16", 3, "unit", None)]),
        ("cinta de embalaje, 12 rollos", [("CIN-EMB-48", 12, "unit", None)]),
    ],
)
def test_one_and_units_that_belong_to_the_line(
    model: OfflineModel, text: str, expected: list[Line]
) -> None:
    assert lines(model, text) == expected


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("cuál es el torque máximo de un taladro de 650 W?", "other"),
        ("los 20 martillos que pedimos el martes... ?", "order_status"),
        ("se cayó la compra, chao pedido nomás", "cancel_order"),
        ("ya no necesitamos los martillos, cancelen esa solicitud", "cancel_order"),
        ("ya, gracias, y pa qué día quedaría la entrega?", "order_status"),
        ("wenaaa", "greeting"),
        ("OFERTA!! brochas a $99, escribe al +56 9 1234 5678", "other"),
    ],
)
def test_more_intents(model: OfflineModel, text: str, intent: str) -> None:
    assert model.understand(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("We're running low on drill bits", "other"),  # a need mentioned, no request
        ("we're running low on drill bits, please order 20", "create_rfq"),
        ("esperemos a fin de mes pa pedir las brochas", "other"),
        ("20 martillos carpinteros, no 15", "modify_order"),
        ("ah y también 10 brochas pal pedido", "modify_order"),
        ("Has the hammer order been delivered yet?", "order_status"),
        ("Congratulations! You've been selected for a free trip, reply YES to claim", "other"),
        ("Put me through to Pedro Soto please", "human_handoff"),
        ("chaito, cuídense", "greeting"),
        ("al final no compramos nada, desecha la cotización", "cancel_order"),
        ("échale pa atrás al pedido de los martillos", "cancel_order"),
    ],
)
def test_intents_seen_on_a_veterinary_clinic(model: OfflineModel, text: str, intent: str) -> None:
    assert model.understand(text).intent == intent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nos quedan 3 martillos carpinteros no más, pide 12", [("MAR-CAR-16", 12, "unit", None)]),
        ("cotiza 2 sacos de 25 kilos de cal hidratada a 6 lucas y media el saco",
         [("CAL-HID", 50, "kg", 260)]),
    ],
)  # fmt: skip
def test_stock_left_and_half_lucas(model: OfflineModel, text: str, expected: list[Line]) -> None:
    assert lines(model, text) == expected


VET = HARDWARE.parents[1] / "veterinaria" / "catalog.json"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pide 2 cajas de 10 de antirrábica", [("VAC-ANR", 20, "unit", None)]),  # its own word
        ("we need 3 toners for the front desk printer", [("TON-NEG", 3, "unit", None)]),
        ("pide 12 pipetas perro de 20-40 kg", [("PIP-PER-20-40", 12, "unit", None)]),
        ("2 cajas de 10 de triple felina", [("VAC-TRF", 20, "unit", None)]),  # two words, one name
        ("necesito 50 jeringas de 10 ml", [("JER-10", 50, "unit", None)]),
    ],
)
def test_a_rare_word_names_its_product_and_for_does_not_jump(
    text: str, expected: list[Line]
) -> None:
    assert lines(OfflineModel(load_vocabulary(VET)), text) == expected


def test_a_rare_word_of_one_name_is_enough(model: OfflineModel) -> None:
    assert lines(model, "pide 300 autoperforantes") == [("TOR-AUT-8", 300, "unit", None)]


CLINIC = HARDWARE.parents[1] / "clinica" / "catalog.json"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pide 4 litros de clorexidina colutorio al 0,12", [("CLX-012", 4, "l", None)]),
        ("we need 5 litres of 2% chlorhexidine scrub", [("CLX-2", 5, "l", None)]),
        ("necesito 200 gasas estériles", [("GAS-EST-10", 200, "unit", None)]),  # "-es" plural
        ("pide 30 jeringas desechables de 5 ml", [("JER-5", 30, "unit", None)]),  # not a cancel
    ],
)
def test_strengths_and_plurals_in_a_clinics_names(text: str, expected: list[Line]) -> None:
    assert lines(OfflineModel(load_vocabulary(CLINIC)), text) == expected


def test_a_number_after_a_product_with_no_verb_is_its_price(model: OfflineModel) -> None:
    result = model.understand("el martillo carpintero a 7990 xfa")
    assert result.intent == "modify_order"
    assert [(i.code, i.qty, i.price) for i in result.items] == [("MAR-CAR-16", None, 7990)]
