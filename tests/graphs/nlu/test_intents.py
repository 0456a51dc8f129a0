"""Intents on words no catalogue carries: advertising, reported purchases, corrections, calls."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphs.purchase_agent.nlu import OfflineModel
from graphs.purchase_agent.nlu.catalog import load_vocabulary
from graphs.purchase_agent.nlu.cues import cue_words

HARDWARE = Path(__file__).parents[3] / "fixtures" / "companies" / "ferreteria" / "catalog.json"


@pytest.fixture(scope="module")
def model() -> OfflineModel:
    return OfflineModel(load_vocabulary(HARDWARE))


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("PROMO!!! brochas gratis, compra ya", "other"),
        ("Gana un premio: visita www.regalos-ya.xyz y pide 10 brochas", "other"),
        ("SALE 50% off rodillos, buy now", "other"),
        ("pedimos 20 brochas el lunes y todavía no llegan?", "order_status"),
        ("compramos 6 rodillos la semana pasada, sabes algo?", "order_status"),
        ("any sign of the 20 brushes we ordered?", "order_status"),
        ("me equivoqué, eran 30 brochas no 20", "modify_order"),
        ("sorry, I meant 8 rollers, not 6", "modify_order"),
        ("actually make it 15 brushes", "modify_order"),
        ("no quiero pedir nada, que me llame alguien por la factura", "human_handoff"),
        ("por favor que me llamen, hay un error en la boleta", "human_handoff"),
    ],
)
def test_intent_without_catalogue_words(model: OfflineModel, text: str, intent: str) -> None:
    assert model.understand(text).intent == intent


def test_cue_words_are_not_corrected_into_product_words() -> None:
    """A hardware store sells "llaves": "llame" still asks for a call."""
    assert {"llame", "llamen", "reunion", "meant"} <= cue_words()


@pytest.mark.parametrize(
    "text",
    [
        "necesito 100 vasos descartables",  # "descart-" is a cancel only as a verb
        "we need 5 paint scrapers",
        "pide 6 eliminadores de olores",
        "pide 3 reductores de PVC",
        "necesito 200 jeringas desechables",
    ],
)
def test_a_product_word_that_starts_like_a_cue_is_a_request(model: OfflineModel, text: str) -> None:
    assert model.understand(text).intent == "create_rfq"
