"""Understanding through an LLM behind any OpenAI-compatible endpoint, checked by code.

Structured output uses `method="function_calling"`: tool calls are implemented by nearly every
OpenAI-compatible server (vLLM, Ollama, LiteLLM, llama.cpp), while `response_format: json_schema`
is not, and our own validation below makes the strict-schema guarantee unnecessary. The Responses
API is disabled for the same reason. Whatever comes back is validated against the catalog; on any
failure (error, timeout, no or malformed tool call) the offline model answers and the fallback is
counted on the instance, in `FALLBACKS` and through `on_fallback`. A confirmation, cancellation or
removal the LLM proposes is held to the offline reading's evidence (`second_opinion`).
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Callable
from typing import Literal

import httpx
import openai
from langchain_openai import ChatOpenAI

from .catalog import UOMS, Vocabulary
from .cues import ADDING
from .evidence import UNSURE
from .offline import OfflineModel
from .prompt import build_messages
from .refs import find_order_ref, find_order_refs
from .schema import ITEM_INTENTS, Change, Item, PendingContext, Understanding
from .units import UNITS, UOM_OF_DIM

log = logging.getLogger(__name__)

# Process-wide fallbacks by reason ("timeout", "error", "invalid"), for metrics.
FALLBACKS: Counter[str] = Counter()
MAX_AMOUNT = 1_000_000.0


class InvalidAnswer(ValueError):
    """The model answered, but not with a usable structured result."""


class LLMModel:
    """LLM-backed model with the offline model as the answer of last resort."""

    def __init__(
        self,
        model_name: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float = 20.0,
        vocabulary: Vocabulary,
        fallback: OfflineModel | None = None,
        max_retries: int = 0,
        on_fallback: Callable[[str], None] | None = None,
    ) -> None:
        self.model_name = model_name.removeprefix("openai:")
        self.vocabulary = vocabulary
        self.fallback = fallback or OfflineModel(self.vocabulary)
        self.on_fallback = on_fallback
        self.fallbacks = 0
        self.last_used: Literal["llm", "offline"] = "llm"
        key = api_key or ("unused" if base_url else None)
        chat = ChatOpenAI(
            model=self.model_name,
            base_url=base_url,
            api_key=key,  # type: ignore[arg-type]
            timeout=timeout,
            max_retries=max_retries,
            temperature=0,
            use_responses_api=False,
        )
        self._structured = chat.with_structured_output(Understanding, method="function_calling")

    def understand(self, text: str, pending: PendingContext | None = None) -> Understanding:
        try:
            answer = self._structured.invoke(build_messages(text, pending, self.vocabulary))
            if not isinstance(answer, Understanding):
                raise InvalidAnswer(f"no structured answer: {answer!r}")
            result = second_opinion(
                validate(answer, self.vocabulary, text), self.fallback.understand(text, pending)
            )
        except (openai.APITimeoutError, httpx.TimeoutException) as exc:
            return self._fall_back(text, pending, "timeout", exc)
        except (openai.APIError, httpx.HTTPError) as exc:
            return self._fall_back(text, pending, "error", exc)
        except Exception as exc:  # noqa: BLE001 - parsing and validation failures of any kind
            return self._fall_back(text, pending, "invalid", exc)
        self.last_used = "llm"
        return result

    def _fall_back(
        self, text: str, pending: PendingContext | None, reason: str, exc: Exception
    ) -> Understanding:
        log.warning("LLM understanding failed (%s), using the offline model: %s", reason, exc)
        self.fallbacks += 1
        self.last_used = "offline"
        FALLBACKS[reason] += 1
        if self.on_fallback is not None:
            self.on_fallback(reason)
        return self.fallback.understand(text, pending)


def validate(answer: Understanding, vocabulary: Vocabulary, text: str) -> Understanding:
    """The answer restricted to what the catalog and the schema allow; never a new product.
    A line is added to (not set) when the model says so or the words do ("agrega")."""
    adding = ADDING.search(text) is not None
    items = []
    if answer.intent in ITEM_INTENTS:
        for item in answer.items:
            code = item.code if item.code in vocabulary else None
            written = (item.product_text or "").strip() or None
            qty, price = _amount(item.qty), _amount(item.price)
            if code is None and written is None and qty is None and price is None:
                continue
            written_uom, uom = _uom(item.uom), vocabulary.uom_of(code)
            mismatch = uom is not None and written_uom is not None and written_uom != uom
            uom = uom or written_uom
            change: Change = "add" if adding or item.change == "add" else "set"
            items.append(
                Item(
                    code=code,
                    product_text=written,
                    qty=qty,
                    uom=uom,
                    price=price or None,
                    change=change,
                    asked_in=written_uom if mismatch else None,  # the graph asks back
                )
            )
    refs, _ = find_order_refs(text)
    mentioned = [] if answer.intent in ITEM_INTENTS else [i.code for i in answer.items]
    return Understanding(
        intent=answer.intent,
        items=items,
        order_ref=_ref(answer.order_ref),
        lang=answer.lang,
        confidence=answer.confidence,
        mentioned=[code for code in mentioned if code and code in vocabulary],
        order_refs=refs if len(refs) > 1 else [],
    )


def second_opinion(answer: Understanding, offline: Understanding) -> Understanding:
    """Confirming, cancelling and removing lines need explicit evidence, and the LLM's word is
    not evidence: such a write keeps its confidence only up to the code's own reading of the
    words, and only when that reading is the same action; otherwise the agent asks first."""
    removes = any(item.qty == 0 for item in answer.items)
    if answer.intent not in ("confirm_order", "cancel_order") and not removes:
        return answer
    ceiling = offline.confidence if offline.intent == answer.intent else UNSURE
    return answer.model_copy(update={"confidence": min(answer.confidence, ceiling)})


def _amount(value: float | None) -> float | None:
    """A finite, non-negative, plausible amount, else None."""
    if value is None or not math.isfinite(value) or not 0 <= value <= MAX_AMOUNT:
        return None
    return float(value)


def _uom(value: str | None) -> str | None:
    if not value:
        return None
    word = value.strip().lower()
    if word in UOMS:
        return word
    unit = UNITS.get(word)
    return UOM_OF_DIM[unit.dim] if unit else None


def _ref(value: str | None) -> str | None:
    if not value:
        return None
    if value.strip().isdigit():
        return f"P{int(value):05d}" if int(value) <= 99999 else None
    return find_order_ref(value)[0]
