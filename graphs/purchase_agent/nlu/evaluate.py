"""Predicting and scoring labelled message sets (the dataset's JSONL schema).

Items are compared as the README defines: a message matches when its list of
(code, qty, uom, price) equals the label's, in order. A wrong write is a message the agent
would act on (an intent that writes, confident enough not to ask first) whose label is
another intent; an ask is a write held back for a one-line question.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .schema import INTENTS, Model, Understanding


def _number(value: float | None) -> float | int | None:
    """Whole numbers as int, as the dataset writes them (100, not 100.0)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def to_record(message_id: Any, result: Understanding) -> dict[str, Any]:
    items = [
        {
            "code": i.code,
            "product_text": i.product_text,
            "qty": _number(i.qty),
            "uom": i.uom,
            "price": _number(i.price),
        }
        for i in result.items
    ]
    return {
        "id": message_id,
        "intent": result.intent,
        "items": items,
        "order_ref": result.order_ref,
        "lang": result.lang,
        "confidence": result.confidence,
    }


def predict_lines(lines: Iterable[str], model: Model) -> Iterator[dict[str, Any]]:
    """One prediction per non-blank JSONL input line (at least `id` and `text`)."""
    for line in lines:
        if line.strip():
            record = json.loads(line)
            yield to_record(record.get("id"), model.understand(record["text"]))


def item_key(items: Iterable[dict[str, Any]]) -> list[tuple[Any, ...]]:
    def num(value: Any) -> float | None:
        return None if value is None else round(float(value), 4)

    return [(i.get("code"), num(i.get("qty")), i.get("uom"), num(i.get("price"))) for i in items]


@dataclass
class EvalReport:
    n: int = 0
    intent_accuracy: float = 0.0
    item_exact_match: float = 0.0
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)
    by_difficulty: dict[str, tuple[float, float, int]] = field(default_factory=dict)
    lang_accuracy: float = 0.0
    order_ref_accuracy: float = 0.0
    asks: int = 0
    wrong_writes: list[dict[str, Any]] = field(default_factory=list)

    def format(self) -> str:
        labels = [
            i
            for i in INTENTS
            if i in self.confusion or any(i in r for r in self.confusion.values())
        ]
        short = {i: i.split("_")[0][:7] for i in labels}
        n = max(self.n, 1)
        lines = [
            f"messages: {self.n}",
            f"intent accuracy: {self.intent_accuracy:.3f}",
            f"item exact-match: {self.item_exact_match:.3f}",
            f"lang accuracy: {self.lang_accuracy:.3f}   order_ref accuracy: {self.order_ref_accuracy:.3f}",
            f"wrong-write rate: {len(self.wrong_writes) / n:.3f} ({len(self.wrong_writes)})"
            f"   ask rate: {self.asks / n:.3f} ({self.asks})",
            "",
            "confusion (rows: expected, columns: predicted)",
            f"{'':>14}" + "".join(f"{short[i]:>9}" for i in labels),
        ]
        for true in labels:
            row = self.confusion.get(true, {})
            lines.append(f"{true:>14}" + "".join(f"{row.get(p, 0):>9}" for p in labels))
        if self.by_difficulty:
            lines += ["", "by difficulty: intent / items / n"]
            for level, (acc, items, count) in sorted(self.by_difficulty.items()):
                lines.append(f"  {level:>7}: {acc:.3f} / {items:.3f} / {count}")
        if self.wrong_writes:
            lines += ["", "wrong writes (would act against the label)"]
            for wrong in self.wrong_writes:
                lines.append(
                    f"- {wrong['id']}: {wrong['got']} for {wrong['expected']}: {wrong['text']}"
                )
        lines += ["", f"misses: {len(self.misses)}"]
        for miss in self.misses:
            lines.append(f"- {miss['id']}: {miss['text']}")
            for part in ("intent", "items", "order_ref", "lang"):
                if miss["expected"][part] != miss["got"][part]:
                    lines.append(
                        f"    {part}: expected {miss['expected'][part]} got {miss['got'][part]}"
                    )
        return "\n".join(lines)


def evaluate(path: Path, model: Model) -> EvalReport:
    records = [
        json.loads(line)
        for line in Path(path).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    report = EvalReport(n=len(records))
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    hits = item_hits = lang_hits = ref_hits = 0
    for record in records:
        result = model.understand(record["text"])
        got = to_record(record["id"], result)
        report.asks += result.held
        if result.writes and not result.held and result.intent != record["intent"]:
            report.wrong_writes.append(
                {"id": record["id"], "text": record["text"], "expected": record["intent"],
                 "got": result.intent}
            )  # fmt: skip
        confusion[record["intent"]][got["intent"]] += 1
        intent_ok = got["intent"] == record["intent"]
        items_ok = item_key(got["items"]) == item_key(record.get("items", []))
        hits += intent_ok
        item_hits += items_ok
        lang_hits += got["lang"] == record.get("lang")
        ref_hits += got["order_ref"] == record.get("order_ref")
        level = totals[record.get("difficulty", "unknown")]
        level[0] += intent_ok
        level[1] += items_ok
        level[2] += 1
        if not (intent_ok and items_ok and got["order_ref"] == record.get("order_ref")):
            expected = {
                "intent": record["intent"],
                "items": item_key(record.get("items", [])),
                "order_ref": record.get("order_ref"),
                "lang": record.get("lang"),
            }
            shown = {**got, "items": item_key(got["items"])}
            report.misses.append(
                {"id": record["id"], "text": record["text"], "expected": expected, "got": shown}
            )
    n = max(len(records), 1)
    report.intent_accuracy = hits / n
    report.item_exact_match = item_hits / n
    report.lang_accuracy = lang_hits / n
    report.order_ref_accuracy = ref_hits / n
    report.confusion = {true: dict(row) for true, row in confusion.items()}
    report.by_difficulty = {k: (v[0] / v[2], v[1] / v[2], v[2]) for k, v in totals.items()}
    return report
