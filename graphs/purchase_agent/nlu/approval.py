"""An approver's decision written in chat: "apruebo la P00012", "rechazo la P00012 porque ...".

Deliberately narrow: the message must start with an approving or rejecting verb and name the
order; anything else from an approver is not a decision (never guess a write).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .refs import find_order_ref
from .schema import Lang
from .text import fold

_APPROVE = re.compile(
    r"^\s*(?:ok,?\s+)?(?:yo\s+)?(?:apruebo|aprobad[oa]|apruebal[oa]|i approve|approved?)\b"
)
_REJECT = re.compile(
    r"^\s*(?:yo\s+)?(?:rechazo|rechazad[oa]|rechazal[oa]|no apruebo|i reject"
    r"|rejected|reject|denied|deny)\b"
)
_REASON = re.compile(r"\b(?:porque|por que|ya que|because|since)\b\s*(.+)$")
_ENGLISH = re.compile(r"^\s*(?:i |approve|reject|denied|deny)")


@dataclass(frozen=True)
class ApprovalCommand:
    decision: Literal["approve", "reject"]
    order_ref: str
    note: str
    lang: Lang


def approval_command(text: str) -> ApprovalCommand | None:
    folded = fold(text.strip())
    rejecting = _REJECT.match(folded) is not None
    if not rejecting and _APPROVE.match(folded) is None:
        return None
    order_ref, _ = find_order_ref(text)
    if order_ref is None:
        return None
    reason = _REASON.search(folded)
    note = text.strip()[reason.start(1) :].strip() if reason else ""
    return ApprovalCommand(
        decision="reject" if rejecting else "approve",
        order_ref=order_ref,
        note=note[:500],
        lang="en" if _ENGLISH.match(folded) else "es",
    )
