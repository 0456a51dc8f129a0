"""Other trades, other catalogues: the companies must stay above the bar, and no message may write against the person's intent. The two held-out companies were measured
once each and are regression sets since; a new held-out company is never measured here."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphs.purchase_agent.nlu import OfflineModel
from graphs.purchase_agent.nlu.catalog import load_vocabulary
from graphs.purchase_agent.nlu.evaluate import evaluate

COMPANIES = Path(__file__).parents[3] / "fixtures" / "companies"


@pytest.mark.parametrize(
    ("company", "items", "wrong"),
    [
        ("ferreteria", 0.90, 0),
        ("almacen", 0.90, 0),
        ("clinica", 0.85, 0),
        ("veterinaria", 0.85, 0),
    ],
)
def test_company_stays_above_the_bar(company: str, items: float, wrong: int) -> None:
    model = OfflineModel(load_vocabulary(COMPANIES / company / "catalog.json"))
    report = evaluate(COMPANIES / company / "messages.jsonl", model)
    assert report.intent_accuracy >= 0.95, report.format()
    assert report.item_exact_match >= items, report.format()
    assert len(report.wrong_writes) <= wrong, report.format()
