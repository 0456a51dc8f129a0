"""Other trades, other catalogues: the development companies must stay above the bar, and no
message may write against the person's intent. (The clinic is held out: never measured here.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from graphs.purchase_agent.nlu import OfflineModel
from graphs.purchase_agent.nlu.catalog import load_vocabulary
from graphs.purchase_agent.nlu.evaluate import evaluate

COMPANIES = Path(__file__).parents[3] / "fixtures" / "companies"


@pytest.mark.parametrize("company", ["ferreteria", "almacen"])
def test_company_stays_above_the_bar(company: str) -> None:
    model = OfflineModel(load_vocabulary(COMPANIES / company / "catalog.json"))
    report = evaluate(COMPANIES / company / "messages.jsonl", model)
    assert report.intent_accuracy >= 0.95, report.format()
    assert report.item_exact_match >= 0.90, report.format()
    assert not report.wrong_writes, report.format()
