"""Understanding chat messages: intent, items, order reference and language.

`get_model(name, ...)` picks the implementation: "offline" (or nothing configured) is the
rule-based model; a model name ("gpt-4o-mini", "openai:gpt-4o-mini") is the LLM model on the
given base URL and key, which falls back to the offline model. Callers pass the settings.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from .catalog import load_vocabulary
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


@lru_cache(maxsize=16)
def get_model(
    name: str = "",
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    timeout: float = 20.0,
    on_fallback: Callable[[str], None] | None = None,
    catalog: Path | None = None,
) -> Model:
    """The model called `name`, built once per set of arguments (building the LLM client and
    the offline model's indexes is the costly part of a turn); the offline one when no LLM
    can be reached. An empty name means the LLM when a key is given, else offline. `catalog`
    is a company file in the fixture format to understand instead of the configured one."""
    name = name.strip()
    vocabulary = load_vocabulary(catalog) if catalog else None
    if name.lower() == "offline" or (not name and not api_key):
        return OfflineModel(vocabulary)
    if not api_key and not base_url:
        log.warning("model %r configured without OPENAI_API_KEY or OPENAI_BASE_URL; offline", name)
        return OfflineModel(vocabulary)
    return LLMModel(
        name or DEFAULT_LLM,
        base_url=base_url,
        api_key=api_key,
        timeout=timeout,
        on_fallback=on_fallback,
        vocabulary=vocabulary,
    )
