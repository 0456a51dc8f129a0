"""What a node knows of the run it is in: its thread and run ids, which messages are done,
and how long to wait before retrying deferred work."""

from __future__ import annotations

from langgraph.config import get_config

from graphs.purchase_agent.state import HANDLED_LIMIT, State


def thread_id() -> str | None:
    return get_config().get("configurable", {}).get("thread_id")


def run_key() -> str:
    config = get_config()
    return str(config.get("configurable", {}).get("run_id") or config.get("run_id") or "")


def mark_handled(state: State, ids: list[str]) -> list[str]:
    """Messages count as handled only once their turn is over, so a run lost in a crash
    is redone when the outbox dispatches it again."""
    return (list(state.get("handled") or []) + ids)[-HANDLED_LIMIT:]


def retry_delay(attempt: int) -> float:
    """Backoff for deferred work: 4 s, 8 s, ... up to 5 minutes."""
    return float(min(300, 2 * 2**attempt))
