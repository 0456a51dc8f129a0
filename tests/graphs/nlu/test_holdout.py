"""Generalisation guard: held-out sets written apart from the dev set must stay above the bar.

`holdout_cases.jsonl` was written before the rules that now cover it; `holdout2_cases.jsonl`
after them, and was measured once without tuning; `holdout3_cases.jsonl` (130 messages, two
thirds hard, labelled by a separate session that never saw the model) first scored intent 0.869,
items 0.885 and 5 wrong writes. Changes that only fit the dev set fail here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphs.purchase_agent.nlu import OfflineModel
from graphs.purchase_agent.nlu.evaluate import evaluate
from tests.support.catalogue import reference_vocabulary

HERE = Path(__file__).parent
DEV = HERE.parents[2] / "fixtures" / "datasets" / "intents_dev.jsonl"
HOLDOUTS = [HERE / f"holdout{n}_cases.jsonl" for n in ("", "2", "3")]
FIELDS = {"id", "text", "lang", "intent", "items", "order_ref", "difficulty", "note"}


@pytest.fixture(scope="module")
def model() -> OfflineModel:
    return OfflineModel(reference_vocabulary())


@pytest.mark.parametrize("path", HOLDOUTS, ids=["holdout", "holdout2", "holdout3"])
def test_holdout_stays_above_the_bar(model: OfflineModel, path: Path) -> None:
    report = evaluate(path, model)
    assert report.intent_accuracy >= 0.92, report.format()
    assert report.item_exact_match >= 0.88, report.format()
    assert not report.wrong_writes, report.format()


@pytest.mark.parametrize("path", HOLDOUTS, ids=["holdout", "holdout2", "holdout3"])
def test_holdout_is_new_and_well_formed(path: Path) -> None:
    dev_texts = {json.loads(line)["text"] for line in DEV.read_text().splitlines()}
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    assert len(rows) >= 60 and {row["lang"] for row in rows} == {"es", "en"}
    for row in rows:
        assert set(row) == FIELDS and row["text"] not in dev_texts
        assert bool(row["items"]) == (row["intent"] in ("create_rfq", "modify_order"))
