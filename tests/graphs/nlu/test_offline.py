"""Unit tests of the offline model's pieces: numbers, units, prices, refs, intents, products."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphs.purchase_agent.nlu import OfflineModel, PendingContext, PendingLine
from graphs.purchase_agent.nlu.fuzzy import Corrector, phonetic_key
from graphs.purchase_agent.nlu.numbers import parse_digits, read_number
from graphs.purchase_agent.nlu.schema import INTENTS
from graphs.purchase_agent.nlu.text import tokenize
from tests.support.catalogue import reference_vocabulary

Line = tuple[str | None, float | None, str | None, float | None]


@pytest.fixture(scope="module")
def model() -> OfflineModel:
    return OfflineModel(reference_vocabulary())


def lines(model: OfflineModel, text: str, pending: PendingContext | None = None) -> list[Line]:
    return [(i.code, i.qty, i.uom, i.price) for i in model.understand(text, pending).items]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("cien", 100),
        ("doscientos cincuenta", 250),
        ("trescientas", 300),
        ("quince", 15),
        ("treinta y cinco", 35),
        ("mil quinientos", 1500),
        ("un par", 2),
        ("una docena", 12),
        ("media docena", 6),
        ("twenty", 20),
        ("twenty-five", 25),
        ("two hundred and fifty", 250),
        ("dos y medio", 2.5),
        ("3/4", 0.75),
        ("1 1/2", 1.5),
    ],
)
def test_number_words_and_fractions(text: str, value: float) -> None:
    number = read_number(tokenize(text), 0, "en" if text.startswith("t") else "es")
    assert number is not None and number.value == value


@pytest.mark.parametrize(
    ("raw", "lang", "value"),
    [
        ("1.000", "es", 1000),
        ("500.000", "es", 500000),
        ("1.000,5", "es", 1000.5),
        ("4,5", "es", 4.5),
        ("2.80", "es", 2.8),
        ("0.500", "es", 0.5),
        ("1,000", "en", 1000),
        ("1,5", "en", 1.5),
    ],
)
def test_decimal_marks_and_thousands(raw: str, lang: str, value: float) -> None:
    assert parse_digits(raw, lang) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("compra 3/4 de tonelada de harina", ("HAR-TRIG", 750, "kg", None)),
        ("necesito media tonelada de azucar", ("AZU-RUB", 500, "kg", None)),
        ("pide medio kilo de cacao", ("CAC-POL", 0.5, "kg", None)),
        ("pide 2 kilos y medio de sal", ("SAL-MAR", 2.5, "kg", None)),
        ("pide 1 litro y medio de vainilla", ("VAI-EXT", 1.5, "l", None)),
        ("pide 1 kilo 200 gramos de cacao", ("CAC-POL", 1.2, "kg", None)),
        ("pide 500 g de cacao", ("CAC-POL", 0.5, "kg", None)),
        ("pide 750 ml de vainilla", ("VAI-EXT", 0.75, "l", None)),
        ("cotiza una docena de cajas de carton", ("CAJ-CAR", 12, "unit", None)),
        ("pedir un par de litros de vainilla", ("VAI-EXT", 2, "l", None)),
        ("necesito 2 sacos de 25 kg de harina", ("HAR-TRIG", 50, "kg", None)),
        ("necesito 24 tarros de leche de coco de 400 ml", ("LEC-COCO", 9.6, "l", None)),
        ("necesito 3 bidones de 5 lts de aceite de oliva", ("ACE-OLIV", 15, "l", None)),
        ("agrega 2 sacos de 25 de harina", ("HAR-TRIG", 50, "kg", None)),
        ("cotizame 1 t de harina", ("HAR-TRIG", 1000, "kg", None)),
        ("necesito 1.000 kilos de harina", ("HAR-TRIG", 1000, "kg", None)),
        ("We need 1.5 tonnes of wheat flour", ("HAR-TRIG", 1500, "kg", None)),
        ("I need half a ton of flour", ("HAR-TRIG", 500, "kg", None)),
        ("ocupo quince kilos de almendras", ("ALM-ENT", 15, "kg", None)),
        ("porfa pedir cien kilos de azucar rubia", ("AZU-RUB", 100, "kg", None)),
    ],
)
def test_quantities_convert_to_the_catalog_uom(
    model: OfflineModel, text: str, expected: Line
) -> None:
    assert lines(model, text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cotiza 50 kg de aceite d coco a 4,50 el kilo", ("ACE-COCO", 50, "kg", 4.5)),
        ("pedir 40 lts de huevo pasteurizado, max $2.80 el litro", ("HUE-PAS", 40, "l", 2.8)),
        ("cotiza 200 cajas de carton a 80 centavos c/u", ("CAJ-CAR", 200, "unit", 0.8)),
        ("pide 50 kilos de harina a 850 la tonelada", ("HAR-TRIG", 50, "kg", 0.85)),
        ("Please quote 5 litres of olive oil at $4.50 per litre", ("ACE-OLIV", 5, "l", 4.5)),
        ("el aceite de coco dejalo en 40 pero a 4,9", ("ACE-COCO", 40, "kg", 4.9)),
        ("el precio de la avena ponlo a 1,05 el kilo", ("AVE-HOJ", None, "kg", 1.05)),
    ],
)
def test_prices_are_per_catalog_uom(model: OfflineModel, text: str, expected: Line) -> None:
    assert lines(model, text) == [expected]


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("anula la orden P00012", "P00012"),
        ("What's the status of PO 12?", "P00012"),
        ("cancelen la orden 12 xfa", "P00012"),
        ("en que va la orden de compra 12?", "P00012"),
        ("en que va el pedido P00017?", "P00017"),
        ("cancel PO-7", "P00007"),
        ("pedido 2 sacos de harina", None),
        ("ya po 20 kilos de harina", None),
        ("order 300 cardboard boxes", None),
    ],
)
def test_order_references(model: OfflineModel, text: str, ref: str | None) -> None:
    assert model.understand(text).order_ref == ref


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("no, cancela", "cancel_order"),
        ("no no, no canceles, solo baja la mantequilla a 20 kilos", "modify_order"),
        ("no confirmes todavia", "other"),
        ("no tengo nada que cambiar, procede", "confirm_order"),
        ("no confirmes, cancelalo mejor", "cancel_order"),
        ("no, no quiero pedir nada, quiero reclamar", "human_handoff"),
        ("Don't cancel it, just add 2 kg of salt", "modify_order"),
        ("no me han confirmado nada, sigue pendiente?", "order_status"),
        ("si pero que sean 80 kilos", "modify_order"),
        ("ok gracias, nada mas por ahora", "greeting"),
        ("Camila dice q si, q lo confirmes", "confirm_order"),
        ("cuanto aceite de coco queda en bodega?", "other"),
        ("pedimos 50 kilos de cacao el lunes y todavia nada, cuando llega?", "order_status"),
        ("cancela la sal", "modify_order"),
        ("no voy a pedir nada hoy, solo queria saber si funciona", "other"),
        ("no, ya no lo vamos a pedir", "cancel_order"),
    ],
)
def test_negations_and_mixed_messages(model: OfflineModel, text: str, intent: str) -> None:
    assert model.understand(text).intent == intent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("agrega vainilla, 3 litros... no espera, que sean 4", [("VAI-EXT", 4, "l", None)]),
        (
            "necesito 30 kilos de azucar... no perdon, de cacao en polvo",
            [("CAC-POL", 30, "kg", None)],
        ),
        ("necesito 25 litros, no, 35 litros de huevo", [("HUE-PAS", 35, "l", None)]),
        ("Please order 10 kg of honey, sorry I mean 12 kg", [("MIE-ABE", 12, "kg", None)]),
        ("pon 8 kilos de almendras en vez de 6", [("ALM-ENT", 8, "kg", None)]),
        ("cambia la avena de 100 a 150 kilos", [("AVE-HOJ", 150, "kg", None)]),
        ("saca la sal", [("SAL-MAR", 0, "kg", None)]),
        (
            "en vez de aceite de coco pon aceite de oliva, 30 lts",
            [("ACE-COCO", 0, "kg", None), ("ACE-OLIV", 30, "l", None)],
        ),
    ],
)
def test_corrections_and_changes_take_the_final_value(
    model: OfflineModel, text: str, expected: list[Line]
) -> None:
    assert lines(model, text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("kiero 20 kilos d miel d abeja xfa", "MIE-ABE"),
        ("nesecito 50 kilos de arina", "HAR-TRIG"),
        ("cotizame 15 kilos de mantekilla sin sal", "MAN-SIN"),
        ("necesito 30 lts de huebo pasteurisado", "HUE-PAS"),
        ("pide 3 litros de vainiya", "VAI-EXT"),
        ("Need 20 litres of cocnut milk", "LEC-COCO"),
        ("We need 20 kg of cocoa powder", "CAC-POL"),
        ("add 20 kilos of oats", "AVE-HOJ"),
        ("necesito 10 kilos de mantequilla", "MAN-SIN"),
        ("necesito 10 kilos de azucar", "AZU-RUB"),
        ("necesito 10 kilos de sal", "SAL-MAR"),
        ("necesito 2 litros de esencia de vainilla", "VAI-EXT"),
        ("necesito 300 cajas", "CAJ-CAR"),
    ],
)
def test_fuzzy_and_generic_names_match_the_catalog(
    model: OfflineModel, text: str, code: str
) -> None:
    assert [line[0] for line in lines(model, text)] == [code]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pide 5 kilos de azucar flor", (None, "azucar flor")),
        ("necesito mantequilla con sal, 20 kilos", (None, "mantequilla con sal")),
        ("necesito 3 kilos de harina de almendras", (None, "harina de almendras")),
        ("necesito 10 litros de leche entera", (None, "leche entera")),
        ("necesito 100 cajas de carton 60x40", (None, "cajas de carton 60x40")),
        ("We need 10 kg of icing sugar", (None, "icing sugar")),
        ("order 5 kg of salted butter", (None, "salted butter")),
        ("necesito 2 kilos de mantequilla de mani", (None, "mantequilla de mani")),
        ("una docena de huevos porfa", (None, "huevos")),
        ("necesito 10 lts de aceite", (None, "aceite")),
    ],
)
def test_near_misses_and_ambiguous_names_get_no_code(
    model: OfflineModel, text: str, expected: tuple[None, str]
) -> None:
    (item,) = model.understand(text).items
    assert (item.code, item.product_text) == expected


def test_unknown_products_keep_the_written_unit(model: OfflineModel) -> None:
    result = model.understand(
        "necesito papel film 5 rollos, servilletas 10 cajas y 200 cajas de carton"
    )
    assert [(i.code, i.product_text, i.qty, i.uom) for i in result.items] == [
        (None, "papel film", 5, "unit"),
        (None, "servilletas", 10, "box"),
        ("CAJ-CAR", "cajas de carton", 200, "unit"),
    ]


def test_pending_context_resolves_generic_names_and_bare_quantities(model: OfflineModel) -> None:
    pending = PendingContext(lines=[PendingLine(code="ACE-OLIV", qty=20, uom="l")])
    assert lines(model, "sube el aceite a 30", pending) == [("ACE-OLIV", 30, "l", None)]
    assert lines(model, "que sean 25 no mas", pending) == [(None, 25, "l", None)]
    assert lines(model, "que sean 25 no mas") == [(None, 25, None, None)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("necesito 100 kilos de aceite de coco", "es"),
        ("I need 15 kg of coconut oil", "en"),
        ("nvm, cancel it", "en"),
        ("Cancel PO 22", "en"),
        ("ok", "es"),
        ("👍", "es"),
        ("?", "es"),
    ],
)
def test_language(model: OfflineModel, text: str, lang: str) -> None:
    assert model.understand(text).lang == lang


def test_spelling_helpers() -> None:
    assert phonetic_key("kiero") == phonetic_key("quiero")
    assert phonetic_key("asucar") == phonetic_key("azucar")
    assert phonetic_key("arina") == phonetic_key("harina")
    fix = Corrector(["almendras", "leche", "coco", "tornillo", "tornilla", "ciento"], ["como"],
                    by_sound=["ciento"])  # fmt: skip
    assert fix.correct("almedras") == "almendras"  # one letter dropped
    assert fix.correct("almnedras") == "almendras"  # two swapped
    assert fix.correct("lece") == "leche"  # a four-letter word missing one letter
    assert fix.correct("coso") == "coso"  # short words move only by sound
    assert fix.correct("como") == "como"  # known words are left alone
    assert fix.correct("tornill") == "tornill"  # a tie between two targets: no guess
    assert fix.correct("cuento") == "cuento"  # number words only by sound


CHAT_WORDS = (
    "necesito pide agrega saca cambia cancela confirmo no si ok ya espera perdon en vez de a el la "
    "y de del con sin por para que sean mejor kilos kg lts ml g t docena par medio media y medio "
    "sacos tarros cajas carton 40x30 60x40 unidades rollos harina sal mantequilla azucar flor "
    "aceite coco oliva leche vainilla huevo miel almendras honey flour oats of the add remove "
    "order P00012 PO 12 orden 7 $ 4,50 1.000 3/4 0,80 c/u centavos el kilo 2 25 400 cien "
    "twenty , . ... ? ! 👍"
).split()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80) | st.lists(st.sampled_from(CHAT_WORDS), max_size=14).map(" ".join))
def test_any_text_gets_a_valid_answer(text: str) -> None:
    result = OfflineModel(reference_vocabulary()).understand(text)
    assert result.intent in INTENTS and result.lang in ("es", "en")
    assert all(i.qty is None or i.qty >= 0 for i in result.items)
    if result.intent not in ("create_rfq", "modify_order"):
        assert result.items == []
