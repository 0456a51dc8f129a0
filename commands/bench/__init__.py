"""`purchase-agent bench`: speed and cost of the real stack, each figure beside its baseline.

One run starts the whole stack on loopback in a temporary directory (its own PostgreSQL,
sandbox Odoo and Chatwoot, `langgraph dev` with the agent and an echo graph, the ingest) and
measures, in this order, on the same machine:

1. webhook acknowledgement of the ingest against a bare FastAPI endpoint (`ack.py`);
2. turn latency of the agent against the echo graph (`turns.py`);
3. Odoo round trips per turn, by intent (`odoo_calls.py`);
4. prompt tokens and checkpoint bytes over one long conversation (`growth.py`);
5. peak RSS of the ingest and the LangGraph server throughout (`memory.py`);
6. the catalogue at 14, 1,000 and 10,000 products: sync, understanding, prompt, server
   memory (`catalogue.py`).

It prints one table and writes a JSON summary (`--json FILE`). Missed targets are printed as
FAIL but do not change the exit code: benchmarks are not tests.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Plan:
    mode: str
    ack_open_seconds: float
    ack_closed_seconds: float
    ack_concurrencies: tuple[int, ...]
    turn_conversations: int
    turn_length: int
    turn_users: int
    odoo_repeats: int
    growth_marks: tuple[int, ...]
    catalogue_messages: int
    catalogue_turns: int


QUICK = Plan(
    mode="quick",
    ack_open_seconds=3,
    ack_closed_seconds=1.5,
    ack_concurrencies=(1, 16, 64, 512),
    turn_conversations=8,
    turn_length=3,
    turn_users=8,
    odoo_repeats=1,
    growth_marks=(5, 10, 20),
    catalogue_messages=200,
    catalogue_turns=2,
)
FULL = Plan(
    mode="full",
    ack_open_seconds=20,
    ack_closed_seconds=8,
    ack_concurrencies=(1, 4, 16, 64, 256, 512),
    turn_conversations=80,
    turn_length=4,
    turn_users=8,
    odoo_repeats=3,
    growth_marks=(5, 50, 200),
    catalogue_messages=1000,
    catalogue_turns=4,
)


def run(quick: bool = False, json_path: Path | None = None) -> int:
    from commands.bench import ack, catalogue, growth, odoo_calls, report, turns
    from commands.bench.harness import INGEST, LANGGRAPH, BenchStack
    from commands.bench.memory import MemorySampler

    plan = QUICK if quick else FULL
    started = time.monotonic()
    summary: dict[str, Any] = {
        "mode": plan.mode,
        "machine": report.machine(),
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "purchase-agent bench" + (" --quick" if quick else ""),
    }
    bench = BenchStack()
    sampler = MemorySampler()
    ok = False
    phase = _Phases()
    try:
        print(f"bench ({plan.mode}): starting the stack in {bench.data_dir}", flush=True)
        summary["stack_start_s"] = round(bench.start(), 2)
        summary["settings"] = {
            "langgraph_jobs_per_worker": max(2, bench.settings.langgraph_jobs),
            "burst_quiet_seconds": bench.settings.burst_quiet_seconds,
            "burst_max_seconds": bench.settings.burst_max_seconds,
            "model": "offline",
        }
        sampler.watch("ingest", lambda: bench.pid(INGEST))
        sampler.watch("langgraph_server", lambda: bench.pid(LANGGRAPH))
        sampler.start()
        time.sleep(0.5)
        phase("ack", "(1) webhook acknowledgement")
        summary["ack"] = ack.run(
            bench,
            ack.AckPlan(plan.ack_open_seconds, plan.ack_closed_seconds, plan.ack_concurrencies),
            sampler,
        )
        phase("turns", "(2) turn latency, agent then echo graph")
        summary["turns"] = turns.run(
            bench,
            turns.TurnPlan(plan.turn_conversations, plan.turn_length, plan.turn_users),
            sampler,
        )
        phase("odoo_calls", "(3) Odoo calls by intent")
        summary["odoo_calls"] = odoo_calls.run(
            bench, odoo_calls.OdooPlan(plan.odoo_repeats), sampler
        )
        phase("growth", f"(4) growth over {max(plan.growth_marks)} turns")
        summary["growth"] = growth.run(bench, growth.GrowthPlan(plan.growth_marks), sampler)
        phase("catalogue", "(6) the catalogue at 14, 1,000 and 10,000 products")
        summary["catalogue"] = catalogue.run(
            bench, catalogue.CataloguePlan(plan.catalogue_messages, plan.catalogue_turns), sampler
        )
        phase("done")
        sampler.stop()
        summary["memory"] = _memory(sampler.peaks_mib())
        summary["phase_seconds"] = phase.seconds
        summary["duration_s"] = round(time.monotonic() - started, 1)
        summary["targets"] = report.targets(summary)
        ok = True
    except Exception as exc:  # noqa: BLE001 - reported with where the logs are
        print(f"bench failed: {exc!r}; logs kept in {bench.data_dir / 'logs'}", file=sys.stderr)
        return 1
    finally:
        sampler.stop()
        bench.stop(keep_data=not ok)
    print()
    print(report.table(summary), flush=True)
    if json_path is not None:
        report.write_json(summary, json_path)
        print(f"JSON summary: {json_path}")
    return 0


class _Phases:
    """Prints each phase as it starts and keeps how long each took."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._current: tuple[str, float] | None = None

    def __call__(self, key: str, title: str | None = None) -> None:
        now = time.monotonic()
        if self._current is not None:
            name, since = self._current
            self.seconds[name] = round(now - since, 1)
        self._current = (key, now) if title else None
        if title:
            print(f"bench: {title}", flush=True)


def _memory(by_phase: dict[str, dict[str, float]]) -> dict[str, Any]:
    def peak(name: str, *phases: str) -> float | None:
        found = [by_phase[p][name] for p in phases if name in by_phase.get(p, {})]
        return max(found) if found else None

    return {
        "sampled_every_s": 0.1,
        "peak_mib": {
            name: {
                "idle": peak(name, "idle"),
                "ack": peak(name, "ack_ingest"),
                "turns": peak(name, "turns_agent", "turns_echo"),
                "all": peak(name, *by_phase),
            }
            for name in ("ingest", "langgraph_server")
        }
        | {"bare_endpoint": peak("bare endpoint", "ack_bare")},
        "by_phase": by_phase,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="purchase-agent bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a short run (under 3 minutes)")
    parser.add_argument("--json", type=Path, help="write the JSON summary to this file")
    args = parser.parse_args(argv)
    return run(quick=args.quick, json_path=args.json)
