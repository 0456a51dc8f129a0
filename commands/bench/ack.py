"""(1) Webhook acknowledgement: the ingest's `POST /webhooks/chatwoot` against a bare endpoint.

Both are driven by the same load generator (`load.py`, its own process) with the same bodies:
valid signed `message_created` webhooks, each with a new message id, over a few hundred
conversations. The ingest runs as deployed (its default burst window) and verifies, stores and
queues every one before answering; its dispatcher hands the outbox to a stand-in runs API
(`bare.py runs`), so what is measured is the ingest's whole work without agent turns competing
for the cores. The bare endpoint is a FastAPI route that only parses the JSON, served by
uvicorn with the ingest's settings.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg

from commands.bench.harness import INGEST, BenchStack
from commands.bench.memory import MemorySampler
from commands.services import pick_port
from core.settings import Settings

LOOPBACK = "127.0.0.1"
ID_BASE = 1_000_000_000
CONV_BASE = 1_000_000
RATE = 100.0


@dataclass
class AckPlan:
    open_seconds: float
    closed_seconds: float
    concurrencies: tuple[int, ...]
    conversations: int = 400
    warmup_seconds: float = 1.0
    pause_seconds: float = 0.3


class Server:
    """`python -m commands.bench.bare --app NAME` on a free loopback port."""

    def __init__(self, app: str, log_dir: Path) -> None:
        self.port = pick_port(LOOPBACK, 0)
        self.url = f"http://{LOOPBACK}:{self.port}"
        log = open(log_dir / f"bench-{app}.log", "ab")  # noqa: SIM115 - handed to the child
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "commands.bench.bare", "--app", app]
            + ["--port", str(self.port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"bench {app} server exited with {self.proc.returncode}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError(f"bench {app} server not ready")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def deployed_burst_window() -> dict[str, str]:
    """The ingest's default burst window (the stack's is 0, for turn latency in (2))."""
    fields = Settings.model_fields
    return {
        str(fields[name].alias): str(fields[name].default)
        for name in ("burst_quiet_seconds", "burst_max_seconds")
    }


def capture_template(bench: BenchStack) -> dict[str, Any]:
    """A real `message_created` payload as the sandbox Chatwoot delivers it."""
    said = bench.say("+56900000001", "hola, necesito 20 kilos de sal de mar")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        rows = bench.http.get(
            "/sandbox/deliveries",
            params={"event": "message_created"},
        ).json()["payload"]
        for row in rows:
            if row["message_id"] == said.message_id and row["state"] != "queued":
                return dict(row["payload"])
        time.sleep(0.05)
    raise RuntimeError("the sandbox Chatwoot did not deliver the template webhook")


def drive(spec: dict[str, Any], timeout: float) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "commands.bench.load"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed: {done.stderr[-2000:]}")
    return dict(json.loads(done.stdout))


def run(bench: BenchStack, plan: AckPlan, sampler: MemorySampler) -> dict[str, Any]:
    log_dir = bench.data_dir / "logs"
    sink = Server("runs", log_dir)
    bare: Server | None = None
    try:
        bench.restart_ingest(LANGGRAPH_URL=sink.url, **deployed_burst_window())
        template = capture_template(bench)
        steps: list[dict[str, Any]] = [{"kind": "open", "rate": RATE, "seconds": plan.open_seconds}]
        steps += [
            {"kind": "closed", "concurrency": c, "seconds": plan.closed_seconds}
            for c in plan.concurrencies
        ]
        spec = {
            "template": template,
            "secret": bench.env["CHATWOOT_WEBHOOK_SECRET"],
            "conversations": plan.conversations,
            "conv_base": CONV_BASE,
            "warmup_seconds": plan.warmup_seconds,
            "pause_seconds": plan.pause_seconds,
            "steps": steps,
        }
        budget = 60 + plan.open_seconds + plan.closed_seconds * len(plan.concurrencies) * 2
        bare = Server("bare", log_dir)
        sampler.set_phase("ack_bare")
        sampler.watch("bare endpoint", lambda: bare.proc.pid if bare else None)
        bare_result = drive(
            spec | {"url": f"{bare.url}/webhooks/chatwoot", "id_base": ID_BASE}, budget
        )
        sampler.unwatch("bare endpoint")
        sampler.set_phase("ack_ingest")
        ingest_url = bench.stack.service(INGEST).url
        ingest_result = drive(spec | {"url": ingest_url, "id_base": ID_BASE}, budget)
        sampler.set_phase("between")
        stored = _stored(bench, ID_BASE)
    finally:
        if bare is not None:
            bare.stop()
        sampler.unwatch("bare endpoint")
        _settle(bench)
        sink.stop()
    return summarise(bare_result, ingest_result, stored, plan)


def _stored(bench: BenchStack, id_base: int) -> int:
    with psycopg.connect(bench.database_url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM communication.message m JOIN ingest.outbox o"
            " ON o.message_id = m.id WHERE m.chatwoot_message_id >= %s",
            (id_base,),
        ).fetchone()
    return int(row[0]) if row else 0


def _settle(bench: BenchStack) -> None:
    """Stop the ingest, close what the stand-in API took, and restart it on the real server.

    Every outbox row still open at this point belongs to this phase; left open, the restarted
    ingest's reconciler would find their runs unknown to the real server and dispatch them all.
    """
    bench.stack.pause(INGEST)
    with psycopg.connect(bench.database_url, autocommit=True) as conn:
        conn.execute(
            "UPDATE ingest.outbox SET dispatched_at = coalesce(dispatched_at, now()),"
            " completed_at = now() WHERE completed_at IS NULL"
        )
    bench.stack.service(INGEST).env = {}
    bench.stack.resume(INGEST)


def summarise(
    bare: dict[str, Any], ingest: dict[str, Any], stored: int, plan: AckPlan
) -> dict[str, Any]:
    def step(result: dict[str, Any], kind: str, key: str, value: float) -> dict[str, Any]:
        return next(s for s in result["steps"] if s["kind"] == kind and s[key] == value)

    open_ingest, open_bare = step(ingest, "open", "rate", RATE), step(bare, "open", "rate", RATE)
    levels: list[dict[str, Any]] = []
    for c in plan.concurrencies:
        i, b = step(ingest, "closed", "concurrency", c), step(bare, "closed", "concurrency", c)
        levels.append(
            {
                "concurrency": c,
                "ingest": _brief(i),
                "bare": _brief(b),
            }
        )
    ingest_peak = max(level["ingest"]["rps"] for level in levels)
    bare_peak = max(level["bare"]["rps"] for level in levels)
    return {
        "rate_rps": RATE,
        "open_loop": {"ingest": _brief(open_ingest), "bare": _brief(open_bare)},
        "closed_loop": levels,
        "peak_rps": {"ingest": ingest_peak, "bare": bare_peak},
        "throughput_ratio": round(ingest_peak / bare_peak, 3) if bare_peak else 0.0,
        "ingest_requests": ingest["requests"],
        "ingest_stored_and_queued": stored,
        "seconds": {"open": plan.open_seconds, "closed_each": plan.closed_seconds},
    }


def _brief(step: dict[str, Any]) -> dict[str, Any]:
    keys = ("rps", "p50_ms", "p99_ms", "max_ms", "ok", "errors")
    return {k: step[k] for k in keys}
