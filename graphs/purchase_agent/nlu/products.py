"""Finding catalog products in a message, and telling them from near-misses.

A mention is a run of product words ("aceite de coco", "coconut oil"). It names a catalog product
when all its words belong to that one product and one of them is the product's kind word (the
noun a person would use alone: "harina", "sal", "vainilla", "cajas"). A modifier the product
does not have makes it a near-miss with no code: "azucar flor", "mantequilla con sal",
"harina de almendras", "icing sugar". A kind word shared by two products ("aceite") is ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .catalog import Vocabulary
from .fuzzy import is_common_word
from .numbers import NUMBER_WORDS
from .text import Token, fold
from .units import UNITS, unit_at
from .words import (
    ACTION_WORDS,
    EN_COMMON,
    ES_COMMON,
    FOOD_HEADS,
    NON_PRODUCT_NOUNS,
    PHRASE_BREAKERS,
    VARIANT_ADJECTIVES,
    VARIANT_FORMS,
)

# Words that describe a form, never the kind of product ("extracto de vainilla" is vanilla).
FORM_WORDS = {"extracto", "esencia", "polvo", "powder", "extract", "essence", "hojuela"}
FORM_WORDS |= {"liquido", "liquid", "entera", "whole", "rolled", "pasteurizado", "pasteurised"}
CONNECTORS = {"de", "del", "en", "of"}
FUNCTION_WORDS = ES_COMMON | EN_COMMON | PHRASE_BREAKERS | ACTION_WORDS | NUMBER_WORDS
SIZE_LETTERS = {"oz", "mm", "cm", "awg", "mah", "psi", "rpm", "hp"}  # "Claw hammer 16 oz"
_NAME_STOP = {"de", "del", "en", "la", "el", "of", "the", "y", "and"}
# Words that join a name's parts ("para café", "for dogs"): they go on with a product's name,
# never over to another's ("toners for the printer" is not "flea shampoo for dogs").
_LINKS = {"for", "with", "para", "con", "a", "al", "to", "in", "por", "x", "sin"}
_PARTICIPLE = re.compile(r"[a-z]{3,}(?:ad|id)[oa]s?$|[a-z]{3,}os[oa]s?$")


@dataclass
class Mention:
    start: int  # token index
    end: int  # token index after the mention
    code: str | None
    candidates: tuple[str, ...]  # catalog codes the words allow (several when ambiguous)
    text: str  # as written
    ambiguous: bool = False  # a kind word several products share, nothing else to tell them


_PLURAL_ES = re.compile(r"(?<=[aeiou][lrnd])es$")  # "estériles", "colores", "limones", "redes"


def singular(word: str) -> str:
    if len(word) > 5 and _PLURAL_ES.search(word):
        return word[:-2]
    if len(word) > 5 and word.endswith("ces"):
        return word[:-3] + "z"  # "lápices", "luces"
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def name_words(name: str) -> list[str]:
    """Content words of a product name, singular, with "sin X" as one word ("sin_sal")."""
    words = [w for w in re.findall(r"[a-z]+|\d+x\d+", fold(name)) if w not in _NAME_STOP]
    out: list[str] = []
    for w in words:
        if out and out[-1] == "sin":
            out[-1] = "sin_" + singular(w)
        else:
            out.append(singular(w))
    return out


def _telling(word: str) -> bool:
    """A word rare enough in the language that, owned by one product, it names that product."""
    return (
        len(word) >= 6
        and word.isalpha()
        and word not in FUNCTION_WORDS
        and word not in FORM_WORDS
        and not is_common_word(word)
    )


class ProductIndex:
    """Product words of a vocabulary and the products each one can belong to."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.products_of: dict[str, set[str]] = {}
        self.anchors: dict[str, set[str]] = {}
        self.english: set[str] = set()
        self.dims: dict[str, str] = {}
        for p in vocabulary.products:
            self._add(p.code, p.name, english=False)
            self._add(p.code, p.name_en, english=True)
            for alias, lang in p.aliases:  # operators' words and vendors' names
                self._add(p.code, alias, english=lang == "en", alias=True)
        self.words = {w.replace("sin_", "") for w in self.products_of}
        for word, codes in self.products_of.items():  # "antirrábica" names its vaccine alone
            if len(codes) == 1 and word not in self.anchors and _telling(word):
                self.anchors[word] = set(codes)

    def _add(self, code: str, name: str, english: bool, alias: bool = False) -> None:
        words = name_words(name)
        if alias:  # "BIDON 5L" in a vendor's label is a package, not a product word
            words = [w for w in words if len(w) > 2 and w not in UNITS and w not in FUNCTION_WORDS]
        for w in words:
            self.products_of.setdefault(w, set()).add(code)
            if english:
                self.english.add(w)
            if re.fullmatch(r"\d+x\d+", w):
                self.dims[code] = w
        # the kind a name is of: "A" of "Double socket 10 A" is the amperes, not a kind
        kinds = [
            w
            for w in words
            if w not in FORM_WORDS
            and w.isalpha()
            and len(w) > 1
            and w not in FUNCTION_WORDS
            and w not in SIZE_LETTERS
        ]
        if kinds:
            kind = kinds[-1] if english else kinds[0]
            self.anchors.setdefault(kind, set()).add(code)

    def word_at(self, tokens: Sequence[Token], i: int) -> tuple[str, int] | None:
        """The product word at token i and the index after it ("sin sal" spans two tokens)."""
        if i >= len(tokens) or tokens[i].kind not in ("word", "dim"):
            return None
        w = tokens[i].norm
        if w == "sin" and i + 1 < len(tokens):
            joint = "sin_" + singular(tokens[i + 1].norm)
            return (joint, i + 2) if joint in self.products_of else None
        for cand in (w, singular(w), w[:-2] if w.endswith("es") else ""):
            if cand in self.products_of:
                return cand, i + 1
        return None

    def find(self, tokens: Sequence[Token], text: str) -> list[Mention]:
        mentions, i = [], 0
        while i < len(tokens):
            found = self._run(tokens, i)
            if found is None:
                i += 1
                continue
            mention, i = found
            if mention is not None:
                mention.text = text[tokens[mention.start].start : tokens[mention.end - 1].end]
                mentions.append(mention)
        return mentions

    def _run(self, tokens: Sequence[Token], i: int) -> tuple[Mention | None, int] | None:
        first = self.word_at(tokens, i)
        if first is None:
            return None
        word, j = first
        words, cands, near = [word], set(self.products_of[word]), False
        while True:
            k = j + 1 if j < len(tokens) and tokens[j].norm in CONNECTORS else j
            nxt = self.word_at(tokens, k)
            if nxt is None or (k > j and tokens[j].norm == "en" and nxt[0] not in FORM_WORDS):
                break
            joint = cands & self.products_of[nxt[0]]
            if not joint and nxt[0] in _LINKS:
                break
            if not joint:
                same_lang = (words[-1] in self.english) == (nxt[0] in self.english)
                adjacent_kind = k == j and nxt[0] in self.anchors and nxt[0] not in self.english
                if not same_lang or adjacent_kind or unit_at(tokens, i):
                    break  # two products ("sal azucar"), "cajas de harina", "miel sea"
                near = True  # "harina de almendras", "leche entera", "coconut sugar"
                joint = set(self.products_of[nxt[0]])
            words.append(nxt[0])
            cands, j = joint, nxt[1]
        kinds = {c for w in words for c in self.anchors.get(w, set())} & cands
        if not kinds and not near and len(words) >= 2 and len(cands) == 1:
            kinds = set(cands)  # "triple felina": two words of one name, none of them its kind
        if not kinds and not near:
            return None, j
        head_en = words[-1] in self.english and words[0] in self.english
        start, end = i, j
        if self._modified_before(tokens, start, head_en):
            start, near = start - (1 if head_en else 2), True
        container = unit_at(tokens, i) is not None  # "cajas de guantes" are boxes of gloves
        end, modified = self._modified_after(tokens, end, cands, head_en, container)
        near = near or modified
        codes = tuple(sorted(kinds or cands))
        code = codes[0] if len(codes) == 1 and not near else None
        return Mention(start, end, code, codes, "", ambiguous=len(codes) > 1 and not near), end

    def _modified_before(self, tokens: Sequence[Token], i: int, head_en: bool) -> bool:
        if head_en:
            return i > 0 and _is_modifier(tokens[i - 1], self.words, english=True)
        if i < 2 or tokens[i - 1].norm != "de" or not tokens[i - 2].is_word:
            return False
        return tokens[i - 2].norm in FOOD_HEADS

    def _modified_after(
        self, tokens: Sequence[Token], j: int, cands: set[str], head_en: bool, container: bool
    ) -> tuple[int, bool]:
        """End of the mention including any modifier that makes it a variant."""
        modified = False
        while j < len(tokens):
            tok = tokens[j]
            nxt = tokens[j + 1] if j + 1 < len(tokens) else None
            if tok.kind == "dim" and not any(self.dims.get(c) == tok.norm for c in cands):
                j, modified = j + 1, True
            elif _is_modifier(tok, self.words, english=head_en):
                j, modified = j + 1, True
            elif (
                nxt and nxt.is_word and not container and _is_complement(tok.norm, nxt, self.words)
            ):
                j, modified = j + 2, True
            else:
                return j, modified
        return j, modified


def _is_modifier(tok: Token, product_words: set[str], english: bool) -> bool:
    """A word next to a product noun that names a variant of it.

    English compounds on either side ("manuka honey", "vanilla beans"), so any word that is not a
    function word does; Spanish adjectives follow the noun and must be known ones or participles
    ("azucar flor", "almendras tostadas").
    """
    if not content_word(tok) or tok.norm in product_words:
        return False
    return english or tok.norm in VARIANT_ADJECTIVES or bool(_PARTICIPLE.fullmatch(tok.norm))


def _is_complement(connector: str, tok: Token, product_words: set[str]) -> bool:
    """A "de/con/sin/en X" after a product that makes it another product."""
    w = tok.norm
    if connector in ("con", "sin", "with", "without"):
        return w not in FUNCTION_WORDS or w in product_words
    if connector == "en":
        return w in VARIANT_FORMS
    if connector == "de":
        return (
            w not in FUNCTION_WORDS
            and w not in NON_PRODUCT_NOUNS
            and w not in product_words
            and not unit_at([tok], 0)
            and len(w) > 2
        )
    return False


def content_word(tok: Token) -> bool:
    """A word that can be part of a product name not in the catalog."""
    w = tok.norm
    return (
        tok.is_word
        and len(w) > 1
        and w not in FUNCTION_WORDS
        and w not in NON_PRODUCT_NOUNS
        and unit_at([tok], 0) is None
    )
