"""The offline model against the labelled development set and our own extra cases."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from graphs.purchase_agent.nlu import OfflineModel
from graphs.purchase_agent.nlu.evaluate import evaluate, predict_lines
from tests.support.catalogue import reference_vocabulary

HERE = Path(__file__).parent
DEV = HERE.parents[2] / "fixtures" / "datasets" / "intents_dev.jsonl"
EXTRA = HERE / "extra_cases.jsonl"
FIELDS = {"id", "text", "lang", "intent", "items", "order_ref", "difficulty", "note"}


@pytest.fixture(scope="module")
def model() -> OfflineModel:
    return OfflineModel(reference_vocabulary())


@pytest.mark.parametrize("path", [DEV, EXTRA], ids=["dev", "extra"])
def test_offline_model_meets_the_bar(model: OfflineModel, path: Path) -> None:
    report = evaluate(path, model)
    assert report.intent_accuracy >= 0.98, report.format()
    assert report.item_exact_match >= 0.97, report.format()


def test_extra_cases_are_new_and_well_formed() -> None:
    dev_texts = {json.loads(line)["text"] for line in DEV.read_text().splitlines()}
    extra = [json.loads(line) for line in EXTRA.read_text().splitlines() if line.strip()]
    assert len(extra) >= 60
    assert {row["lang"] for row in extra} == {"es", "en"}
    for row in extra:
        assert set(row) == FIELDS and row["text"] not in dev_texts
        assert bool(row["items"]) == (row["intent"] in ("create_rfq", "modify_order"))


def test_predictions_use_the_dataset_conventions(model: OfflineModel) -> None:
    lines = io.StringIO(
        '{"id": "a", "text": "necesito 2 kilos y medio de cacao"}\n\n{"id": "b", "text": "hola"}\n'
    )
    first, second = predict_lines(lines, model)
    assert first == {
        "id": "a",
        "intent": "create_rfq",
        "items": [
            {"code": "CAC-POL", "product_text": "cacao", "qty": 2.5, "uom": "kg", "price": None}
        ],
        "order_ref": None,
        "lang": "es",
        "confidence": 0.95,
    }
    assert second["intent"] == "greeting" and second["items"] == []
    (third,) = predict_lines(['{"id": 3, "text": "pide 100 kilos de harina"}'], model)
    assert third["items"][0]["qty"] == 100 and isinstance(third["items"][0]["qty"], int)


def test_report_shows_accuracy_confusion_and_misses(model: OfflineModel, tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    rows: list[dict[str, object]] = [
        {
            "id": "t1",
            "text": "hola",
            "intent": "greeting",
            "items": [],
            "order_ref": None,
            "lang": "es",
        },
        {
            "id": "t2",
            "text": "hola",
            "intent": "other",
            "items": [],
            "order_ref": None,
            "lang": "es",
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    report = evaluate(path, model)
    assert (report.n, report.intent_accuracy, report.item_exact_match) == (2, 0.5, 1.0)
    assert report.confusion == {"greeting": {"greeting": 1}, "other": {"greeting": 1}}
    text = report.format()
    assert "intent accuracy: 0.500" in text and "item exact-match: 1.000" in text
    assert "- t2: hola" in text and "expected other got greeting" in text
