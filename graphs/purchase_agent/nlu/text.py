"""Folding and tokenising chat text while keeping offsets into the original message.

Folding (lowercase, no accents) is character-for-character, so any token span can be sliced back
out of the original text: `product_text` must be the product exactly as the person wrote it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .fuzzy import Corrector

# Chat shorthand whose meaning no edit distance recovers.
SHORTHAND = {
    "xfa": "porfavor",
    "xfavor": "porfavor",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "q": "que",
    "k": "que",
    "d": "de",
    "pa": "para",
    "pal": "para",
    "tb": "tambien",
    "tmb": "tambien",
    "tbn": "tambien",
    "porfis": "porfa",
    "wena": "buena",
    "wenas": "buenas",
    "nvm": "nevermind",
    "dsps": "despues",
}

_UNIT_AFTER_DIM = r"\s*(?:kg|kilos?|g|gr|grs|gramos?|ml|l|lt|lts|litros?|cc)\b"
TOKEN_RE = re.compile(
    rf"(?P<dim>\d+x\d+(?![\d.,]|{_UNIT_AFTER_DIM}))"
    r"|(?P<frac>\d+/\d+)"
    r"|(?P<num>\d+(?:[.,]\d+)*)"
    r"|(?P<word>[a-z]+(?:'[a-z]+)?)"
    r"|(?P<money>\$)"
    r"|(?P<punct>\.{2,}|…|[.,;:!?¿¡()\-/+*])"
    r"|(?P<other>\S)"
)


@dataclass(frozen=True)
class Token:
    text: str  # as written
    raw: str  # folded
    norm: str  # folded, shorthand expanded, spelling corrected
    start: int
    end: int
    kind: str  # word | num | frac | dim | money | punct | other (emoji and symbols)

    @property
    def is_word(self) -> bool:
        return self.kind == "word"


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase without accents, same length as the input (cached: each catalogue label is
    folded by every index built over it)."""
    return "".join(map(_fold_char, text)).replace("’", "'").replace("´", "'")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character folded (cached: catalogues fold hundreds of thousands of them)."""
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if len(base) == 1 else char


def tokenize(text: str, corrector: Corrector | None = None) -> list[Token]:
    folded = fold(text)
    tokens = []
    for match in TOKEN_RE.finditer(folded):
        kind = match.lastgroup or "other"
        value = match.group()
        norm = value
        if kind == "word":
            norm = SHORTHAND.get(value, value)
            if corrector is not None:
                norm = corrector.correct(norm)
        start, end = match.span()
        tokens.append(Token(text[start:end], value, norm, start, end, kind))
    return tokens
