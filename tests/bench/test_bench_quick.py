"""`purchase-agent bench --quick` runs end to end and writes every key of its JSON summary.

Benchmarks are not tests: nothing here checks a timing or a target, only that each figure was
measured (a number where a number belongs) and the table was printed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from numbers import Real
from pathlib import Path
from typing import Any

import pytest

TOP_KEYS = {"mode", "machine", "ack", "turns", "odoo_calls", "growth", "catalogue", "memory",
            "targets"}  # fmt: skip
TARGETS = {
    "ack_p99_ms_at_100rps",
    "ack_throughput_vs_bare",
    "turn_p95_s",
    "turn_p95_vs_echo_s",
    "prompt_tokens_growth",
    "checkpoint_bytes_last",
    "index_build_s_10k",
    "understanding_p99_ms_10k",
    "prompt_tokens_10k_vs_14",
    "catalogue_full_sync_s",
    "catalogue_incremental_sync_s",
    "server_rss_growth_mib_10k",
}
INTENTS = {
    "greeting",
    "create_rfq",
    "modify_order",
    "order_status",
    "confirm_order",
    "cancel_order",
}


def number(value: Any) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def command() -> list[str]:
    script = Path(sys.executable).with_name("purchase-agent")
    return [str(script)] if script.exists() else [sys.executable, "-m", "commands.main"]


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    out = tmp_path_factory.mktemp("bench") / "out.json"
    done = subprocess.run(
        [*command(), "bench", "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=420,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(out.read_text()), done.stdout


@pytest.mark.timeout(450)
def test_quick_bench_writes_every_key(quick: tuple[dict[str, Any], str]) -> None:
    summary, _ = quick
    assert TOP_KEYS <= set(summary)
    assert summary["mode"] == "quick"
    assert number(summary["machine"]["cpus"]) and number(summary["machine"]["ram_gib"])
    assert set(summary["targets"]) == TARGETS
    for target in summary["targets"].values():
        assert number(target["value"]) and number(target["limit"])
        assert isinstance(target["pass"], bool)


@pytest.mark.timeout(450)
def test_each_figure_has_its_baseline(quick: tuple[dict[str, Any], str]) -> None:
    summary, stdout = quick
    ack = summary["ack"]
    for side in ("ingest", "bare"):
        assert number(ack["open_loop"][side]["p99_ms"]) and number(ack["peak_rps"][side])
        assert all(number(level[side]["rps"]) for level in ack["closed_loop"])
    assert ack["ingest_stored_and_queued"] > 0
    for graph in ("agent", "echo"):
        latency = summary["turns"][graph]["webhook_to_reply_s"]
        assert latency["n"] > 0 and all(number(latency[k]) for k in ("p50", "p95", "p99"))
    by_intent = summary["odoo_calls"]["by_intent"]
    assert set(by_intent) == INTENTS
    assert all(number(found["calls"]) and number(found["odoo_ms"]) for found in by_intent.values())
    assert by_intent["create_rfq"]["calls"] > 0
    points = summary["growth"]["points"]
    assert len(points) == 3
    for point in points:
        assert number(point["prompt_tokens"]["total"]) and number(point["checkpoint"]["bytes"])
    catalogue = summary["catalogue"]
    assert set(catalogue["understanding"]) == {"14", "1000", "10000"}
    for size in catalogue["understanding"].values():
        assert number(size["p99_ms"]) and number(size["prompt_tokens"]) and size["found"] > 0.5
    sync = catalogue["sync"]
    assert sync["full_products"] == 10_000 and sync["incremental_products"] >= 50  # renamed
    for name in ("ingest", "langgraph_server"):
        assert all(number(v) for v in summary["memory"]["peak_mib"][name].values())
    assert "PASS" in stdout or "FAIL" in stdout
