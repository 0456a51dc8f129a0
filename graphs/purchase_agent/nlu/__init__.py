"""Understanding chat messages: intent, items, order reference and language.

`get_model(name, vocabulary, ...)` picks the implementation: "offline" (or nothing
configured) is the rule-based model; a model name ("gpt-4o-mini", "openai:gpt-4o-mini") is the
LLM model on the given base URL and key, which falls back to the offline model. Callers pass
the settings and the vocabulary (the synced catalogue's, or a company file's).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache

from .catalog import Vocabulary
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
    name: str,
    vocabulary: Vocabulary,
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    timeout: float = 20.0,
    on_fallback: Callable[[str], None] | None = None,
) -> Model:
    """The model called `name`, built once per set of arguments (building the LLM client and
    the offline model's indexes is the costly part of a turn); the offline one when no LLM
    can be reached. An empty name means the LLM when a key is given, else offline. A
    vocabulary is compared by identity, so a rebuilt catalogue gets new models."""
    name = name.strip()
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
