"""The LLM path over real HTTP, with the real ChatOpenAI client, against a local fake server.

The fake answers `POST /v1/chat/completions` the way OpenAI answers a forced tool call (the
`function_calling` structured-output method the model uses), and records what it was sent.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graphs.purchase_agent.nlu import FALLBACKS, LLMModel, OfflineModel, get_model
from graphs.purchase_agent.nlu.schema import PendingContext, PendingLine
from tests.support.catalogue import reference_vocabulary
from tests.support.fake_openai import FakeOpenAI, serve_fake_openai

CLIENT_TIMEOUT = 1.0
TEXT = "necesito 20 kilos de harina y 10 litros de aceite de palma, orden 12"


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[FakeOpenAI, str]]:
    with serve_fake_openai() as running:
        yield running


@pytest.fixture
def fake(server: tuple[FakeOpenAI, str]) -> FakeOpenAI:
    state, _ = server
    state.mode, state.requests[:] = "good", []
    state.arguments = {
        "intent": "create_rfq",
        "items": [
            {
                "code": "HAR-TRIG",
                "product_text": "harina",
                "qty": 20,
                "uom": "kilos",
                "price": None,
            },
            {"code": "ACE-PALM", "product_text": "aceite de palma", "qty": 10, "uom": "litros"},
            {"code": "MIE-ABE", "product_text": "miel", "qty": -5, "uom": "kg", "price": 1e12},
        ],
        "order_ref": "12",
        "lang": "es",
    }
    return state


@pytest.fixture
def reasons() -> list[str]:
    """Fallback reasons reported through the `on_fallback` hook."""
    return []


@pytest.fixture
def model(server: tuple[FakeOpenAI, str], reasons: list[str]) -> LLMModel:
    return LLMModel(
        "openai:gpt-4o-mini",
        base_url=server[1],
        api_key="test-key",
        timeout=CLIENT_TIMEOUT,
        on_fallback=reasons.append,
        vocabulary=reference_vocabulary(),
    )


@pytest.mark.usefixtures("fake")  # the fake server answers with its canned reply
def test_good_answer_is_used_and_validated_against_the_catalog(model: LLMModel) -> None:
    pending = PendingContext(
        order_ref="P00012", lines=[PendingLine(code="HAR-TRIG", qty=10, uom="kg")]
    )
    result = model.understand(TEXT, pending)

    assert model.last_used == "llm" and model.fallbacks == 0
    assert result.intent == "create_rfq" and result.order_ref == "P00012"
    flour, palm, honey = result.items
    assert (flour.code, flour.qty, flour.uom) == ("HAR-TRIG", 20, "kg")  # uom forced to catalog
    assert (palm.code, palm.product_text, palm.uom) == (
        None,
        "aceite de palma",
        "l",
    )  # not invented
    assert (honey.code, honey.qty, honey.price) == ("MIE-ABE", None, None)  # insane numbers dropped


def test_request_carries_catalog_rules_and_pending_context(
    fake: FakeOpenAI, model: LLMModel
) -> None:
    model.understand(TEXT, PendingContext(order_ref="P00012", lines=[PendingLine(code="SAL-MAR")]))

    (body,) = fake.requests
    system, user = body["messages"]
    assert user == {"role": "user", "content": TEXT}
    catalog = system["content"].split("may be meant")[1].split("Current request")[0]
    listed = {p.code for p in reference_vocabulary().products if p.code in catalog}
    # what the message may name, and the open request's line; not the whole catalogue
    assert {"HAR-TRIG", "ACE-COCO", "ACE-OLIV", "SAL-MAR"} <= listed
    assert "CAJ-CAR" not in listed and "MAN-SIN" not in listed
    flour = reference_vocabulary().by_code["HAR-TRIG"]
    assert f"- HAR-TRIG | {flour.name} | {flour.name_en} | kg" in catalog
    assert "SAL-MAR" in system["content"].split("Current request")[-1]
    assert body["model"] == "gpt-4o-mini"
    assert body["tool_choice"]["function"]["name"] == "Understanding"
    assert (
        body["tools"][0]["function"]["parameters"]["properties"]["intent"]["enum"][0]
        == "create_rfq"
    )


def test_items_are_dropped_for_intents_without_items(fake: FakeOpenAI, model: LLMModel) -> None:
    fake.arguments = {**fake.arguments, "intent": "order_status", "order_ref": "PO 7"}
    result = model.understand("en que va la PO 7?")
    assert (result.intent, result.items, result.order_ref) == ("order_status", [], "P00007")


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("no_tool_call", "invalid"),
        ("bad_json", "invalid"),
        ("bad_intent", "invalid"),
        ("error", "error"),
        ("slow", "timeout"),
    ],
)
def test_failures_fall_back_to_the_offline_model(
    fake: FakeOpenAI, model: LLMModel, reasons: list[str], mode: str, reason: str
) -> None:
    fake.mode = mode
    before = FALLBACKS[reason]

    result = model.understand(TEXT)

    assert result == OfflineModel(reference_vocabulary()).understand(TEXT)
    assert model.last_used == "offline" and model.fallbacks == 1
    assert FALLBACKS[reason] == before + 1
    assert reasons == [reason]
    assert len(fake.requests) == 1  # max_retries=0: one attempt, then the offline answer


def test_get_model_picks_the_implementation(server: tuple[FakeOpenAI, str]) -> None:
    assert isinstance(get_model("", reference_vocabulary()), OfflineModel)
    assert isinstance(
        get_model("gpt-4o-mini", reference_vocabulary()), OfflineModel
    )  # nothing to call

    chosen = get_model("openai:gpt-4o-mini", reference_vocabulary(), base_url=server[1])
    assert isinstance(chosen, LLMModel) and chosen.model_name == "gpt-4o-mini"
    assert (
        get_model("openai:gpt-4o-mini", reference_vocabulary(), base_url=server[1]) is chosen
    )  # built once
    assert isinstance(
        get_model("offline", reference_vocabulary(), base_url=server[1]), OfflineModel
    )


@pytest.mark.parametrize(
    ("text", "answer", "held"),
    [
        ("olvídalo", "cancel_order", True),  # a soft cancel, however sure the LLM says it is
        ("gracias!", "confirm_order", True),  # the code reads a thank-you
        ("cancela la P00012", "cancel_order", False),
        ("dale, confirma", "confirm_order", False),
    ],
)
def test_a_committal_answer_is_held_to_the_words_evidence(
    fake: FakeOpenAI, model: LLMModel, text: str, answer: str, held: bool
) -> None:
    fake.arguments = {"intent": answer, "items": [], "lang": "es", "confidence": 0.99}

    result = model.understand(text)

    assert model.last_used == "llm" and result.intent == answer and result.held == held
