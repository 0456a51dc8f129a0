"""Understanding chat messages: intent, items, order reference and language.

`get_model()` picks the implementation from `PURCHASE_AGENT_MODEL`: "offline" (or nothing
configured) is the rule-based model; a model name ("gpt-4o-mini", "openai:gpt-4o-mini") is the
LLM model on `OPENAI_BASE_URL` / `OPENAI_API_KEY`, which falls back to the offline model.
"""

from __future__ import annotations

import logging
import os

from .llm import FALLBACKS, LLMModel
from .offline import OfflineModel
from .schema import Item, Model, PendingContext, PendingLine, Understanding

__all__ = [
    "FALLBACKS",
    "Item",
    "LLMModel",
    "Model",
    "OfflineModel",
    "PendingContext",
    "PendingLine",
    "Understanding",
    "get_model",
]

DEFAULT_LLM = "gpt-4o-mini"
log = logging.getLogger(__name__)


def get_model(name: str | None = None) -> Model:
    """The configured model; the offline one when no LLM can be reached."""
    name = (os.environ.get("PURCHASE_AGENT_MODEL", "") if name is None else name).strip()
    api_key = os.environ.get("OPENAI_API_KEY") or None
    base_url = os.environ.get("OPENAI_BASE_URL") or None
    if name.lower() == "offline" or (not name and not api_key):
        return OfflineModel()
    if not api_key and not base_url:
        log.warning("model %r configured without OPENAI_API_KEY or OPENAI_BASE_URL; offline", name)
        return OfflineModel()
    timeout = float(os.environ.get("PURCHASE_AGENT_LLM_TIMEOUT", "20"))
    return LLMModel(name or DEFAULT_LLM, base_url=base_url, api_key=api_key, timeout=timeout)
