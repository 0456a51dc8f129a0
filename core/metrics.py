"""Prometheus metrics shared by the ingest and the graph's server process.

Both processes write to PROMETHEUS_MULTIPROC_DIR (set by `purchase-agent run`); the ingest
serves the sum of all of them at GET /metrics.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as mp

WEBHOOKS = Counter("purchase_agent_webhooks_total", "Chatwoot webhooks", ["event", "outcome"])
ACK_SECONDS = Histogram(
    "purchase_agent_webhook_ack_seconds",
    "Time to acknowledge a webhook",
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
DISPATCH_RETRIES = Counter("purchase_agent_dispatch_retries_total", "Failed outbox dispatches")
RUNS_CREATED = Counter("purchase_agent_runs_created_total", "Runs created by the outbox")
ODOO_SECONDS = Histogram("purchase_agent_odoo_call_seconds", "Odoo RPC latency", ["method"])
ODOO_ERRORS = Counter("purchase_agent_odoo_errors_total", "Odoo RPC failures", ["kind"])
CHATWOOT_SECONDS = Histogram(
    "purchase_agent_chatwoot_call_seconds", "Chatwoot API latency", ["endpoint"]
)
CHATWOOT_ERRORS = Counter("purchase_agent_chatwoot_errors_total", "Chatwoot API failures")
BREAKER_OPEN = Gauge(
    "purchase_agent_odoo_circuit_open",
    "1 while the Odoo circuit breaker is open",
    multiprocess_mode="max",
)
MODEL_FALLBACKS = Counter(
    "purchase_agent_model_fallbacks_total", "LLM answers replaced by the offline model"
)
ORDERS = Counter("purchase_agent_orders_total", "Order writes by action", ["action"])
APPROVAL_REFUSALS = Counter(
    "purchase_agent_approval_refusals_total",
    "Approval decisions refused (unknown approver, over the limit, stale or changed request)",
    ["reason"],
)
AUTH_REFUSALS = Counter(
    "purchase_agent_auth_refusals_total",
    "LangGraph API calls refused by graphs/auth.py (401 and 403)",
    ["resource", "reason"],
)


@contextmanager
def timed(histogram: Histogram, *labels: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        (histogram.labels(*labels) if labels else histogram).observe(time.perf_counter() - started)


def exposition(multiprocess: bool, extra: CollectorRegistry | None = None) -> tuple[bytes, str]:
    """The text format for GET /metrics: every process's metrics (summed from
    PROMETHEUS_MULTIPROC_DIR when `multiprocess`) plus `extra` gauges."""
    if multiprocess:
        registry = CollectorRegistry()
        mp.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        body = generate_latest(registry)
    else:
        from prometheus_client import REGISTRY

        body = generate_latest(REGISTRY)
    if extra is not None:
        body += generate_latest(extra)
    return body, CONTENT_TYPE_LATEST
