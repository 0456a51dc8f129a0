"""Percentiles the benchmark reports (nearest rank: every figure is a value that was measured)."""

from __future__ import annotations

import math
from collections.abc import Iterable


def percentile(sorted_values: list[float], pct: float) -> float:
    rank = max(1, math.ceil(len(sorted_values) * pct / 100))
    return sorted_values[rank - 1]


def summary(values: Iterable[float | None], digits: int = 3) -> dict[str, float | int | None]:
    """n, p50, p95, p99, mean and max of the values that are not None."""
    data = sorted(v for v in values if v is not None)
    if not data:
        return {"n": 0, "p50": None, "p95": None, "p99": None, "mean": None, "max": None}
    return {
        "n": len(data),
        "p50": round(percentile(data, 50), digits),
        "p95": round(percentile(data, 95), digits),
        "p99": round(percentile(data, 99), digits),
        "mean": round(sum(data) / len(data), digits),
        "max": round(data[-1], digits),
    }
