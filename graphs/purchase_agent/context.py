"""Run-time settings of the purchase agent, read through `Runtime[Context]`.

Callers (the ingest, Juan, Studio) may pass any field as run `context`; unset fields fall back
to the environment, then to the reference catalogue.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from langgraph.runtime import Runtime

REPO_ROOT = Path(__file__).resolve().parents[2]


def catalog_path() -> Path:
    return Path(os.environ.get("PURCHASE_AGENT_CATALOG") or REPO_ROOT / "fixtures" / "catalog.json")


@lru_cache(maxsize=1)
def _catalog_threshold() -> float:
    return float(json.loads(catalog_path().read_text()).get("approval_threshold", 2000.0))


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw else default


@dataclass(kw_only=True)
class Context:
    """Knobs a deployment or a caller may set per run."""

    model: str = field(
        default_factory=lambda: os.environ.get("PURCHASE_AGENT_MODEL", ""),
        metadata={"description": "Language model: 'offline', or an OpenAI-compatible model name."},
    )
    approval_threshold: float = field(
        default_factory=lambda: _env_float("APPROVAL_THRESHOLD", _catalog_threshold()),
        metadata={"description": "Orders whose total reaches this need an approver."},
    )
    dry_run: bool = field(
        default=False,
        metadata={"description": "Answer as usual but write nothing to Odoo or Chatwoot."},
    )
    handoff_after_misunderstandings: int = field(
        default_factory=lambda: int(os.environ.get("HANDOFF_AFTER_MISUNDERSTANDINGS") or 2),
        metadata={
            "description": "Hand over to a person after this many messages in a row "
            "the agent could not act on."
        },
    )


def context_of(runtime: Runtime[Context] | None) -> Context:
    """The run's context, or the defaults when the caller passed none."""
    ctx = runtime.context if runtime is not None else None
    return ctx if isinstance(ctx, Context) else Context()
