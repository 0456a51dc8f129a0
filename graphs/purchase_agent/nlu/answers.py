"""Short answers to the agent's own questions: "no", "las dos", "la segunda", "la de Ferrosur".

The model reads what a message asks for; these read which of the orders the agent just listed
it means, and whether it turns down the write the agent asked about.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .text import fold

_NO = re.compile(
    r"^\W*(no|nop|nope|nel|negativo|mejor no|todavia no|aun no|para nada|not yet|no thanks)\b"
    r"|\b(dejal[ao]s?|deja(lo|la)? (asi|como esta)|no (la |lo |las |los )?(cancel|confirm|toqu|"
    r"cambi|saqu|quit|borr|anul|mand|envi|pid)\w*|mejor no|keep (it|them)|leave (it|them)|"
    r"don'?t|do not)\b"
)
_ALL = re.compile(
    r"\b(las|los|a las|a los) (dos|2|tres|3|cuatro|4)\b|\b(ambas|ambos|todas|todos|both|all|"
    r"every one|each)\b"
)
_ORDINALS = (
    (re.compile(r"\b(primer[oa]?|1r[oa]|1°|first|1st)\b"), 0),
    (re.compile(r"\b(segund[oa]|2d[oa]|2°|second|2nd)\b"), 1),
    (re.compile(r"\b(tercer[oa]?|3r[oa]|3°|third|3rd)\b"), 2),
    (re.compile(r"\b(cuart[oa]|4t[oa]|fourth|4th)\b"), 3),
    (re.compile(r"\b(ultim[oa]|last|latest|mas nuev[oa]|newest)\b"), -1),
)
_VENDOR_NOISE = {"ltda", "spa", "s.a.", "sa", "limitada", "inc", "llc", "ltd", "cia", "comercial",
                 "distribuidora", "the", "and", "del", "los", "las"}  # fmt: skip


def reads_as_no(text: str) -> bool:
    """ "no", "mejor no", "déjala así", "no la canceles", "keep it": the write is turned down."""
    return bool(_NO.search(fold(text)))


def picks(text: str, listed: Sequence[str], vendors: Sequence[str] = ()) -> list[str]:
    """The listed orders a short answer picks: all of them, one by its place, or those whose
    vendor it names; nothing when it names none."""
    if not listed:
        return []
    folded = fold(text)
    if _ALL.search(folded):
        return list(listed)
    for pattern, place in _ORDINALS:
        if pattern.search(folded) and -len(listed) <= place < len(listed):
            return [listed[place]]
    words = set(re.findall(r"[a-z0-9]+", folded))
    named = [
        order
        for order, vendor in zip(listed, vendors, strict=False)
        if words
        & {w for w in re.findall(r"[a-z0-9]+", fold(vendor)) if len(w) >= 4} - _VENDOR_NOISE
    ]
    return named
