"""Run-time settings of the purchase agent, read through `Runtime[Context]`.

Callers (the ingest, Juan, Studio) may pass any field as run `context`; unset fields take the
deployment's settings (`core.settings`, the one reader of the environment).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from langgraph.runtime import Runtime

from core.settings import get_settings


@dataclass(kw_only=True)
class Context:
    """Knobs a deployment or a caller may set per run."""

    model: str = field(
        default_factory=lambda: get_settings().model or "",
        metadata={"description": "Language model: 'offline', or an OpenAI-compatible model name."},
    )
    approval_threshold: float = field(
        default_factory=lambda: get_settings().approval_threshold,
        metadata={
            "description": "Orders whose total reaches this need an approver; a run may lower "
            "the deployment's threshold, never raise it."
        },
    )
    dry_run: bool = field(
        default=False,
        metadata={"description": "Answer as usual but write nothing to Odoo or Chatwoot."},
    )
    handoff_after_misunderstandings: int = field(
        default_factory=lambda: get_settings().handoff_after_misunderstandings,
        metadata={
            "description": "Hand over to a person after this many messages in a row "
            "the agent could not act on."
        },
    )


def approval_threshold(context: Context) -> float:
    """The run's threshold, never above the deployment's: whoever may call the API must not
    be able to skip approvals by passing a higher one."""
    return min(context.approval_threshold, get_settings().approval_threshold)


def context_of(runtime: Runtime[Context] | None) -> Context:
    """The run's context, or the defaults when the caller passed none."""
    ctx = runtime.context if runtime is not None else None
    return ctx if isinstance(ctx, Context) else Context()
