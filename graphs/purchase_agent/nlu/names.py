"""Products named by their catalogue name, or its first words, sizes and model numbers included.

Real catalogue names carry sizes, formats and model numbers ("Harina sin gluten saco 50 kg",
"Tóner cian modelo TN-660", "Caja de cartón 60x40x40"): read word by word, their numbers look
like quantities and their brands like unknown modifiers. So every label a product is known by
(names per language, aliases, vendors' names) is indexed by its word prefixes, and a run of
message words that follows one label from its first word is that product when the run is a
whole label, or a prefix no other product shares. The numbers inside the run are then part
of the name, never a quantity. A run that ends where several products part ("tornillo de
cabeza plana" with three sizes) names none of them: they are the candidates to ask about.
A run followed by a word of its own that continues no label ("harina de trigo tostada") is a
variant the catalogue may not carry, and is left to the word-by-word reading.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .catalog import Vocabulary
from .products import FUNCTION_WORDS, Mention, singular
from .text import SHORTHAND, TOKEN_RE, Token, fold
from .units import MASS, UNITS, VOLUME

SKIPPED = {"de", "del", "la", "el", "los", "las", "of", "the", "for", "para", "y", "and", "a",
           "an", "un", "una", "en", "in", "-", "/", "(", ")", ",", "."}  # fmt: skip
SIZE_WORDS = {"pulgada", "pulgadas", "inch", "inches", "mm", "cm", "m", "mts", "metros", "w",
              "watts", "watt", "v", "volts", "a", "amp", "amps", "awg"}  # fmt: skip
# Sizes no one buys by: a number with one of these is part of a name, never a quantity.
NAME_UNITS = {"pulgada", "pulgadas", "inch", "inches", "mm", "w", "watts", "watt", "v", "volts",
              "amp", "amps", "awg"}  # fmt: skip
MIN_WORDS = 2  # one word alone is the kind-word reading's (products.py)
MAX_CANDIDATES = 50


class NameIndex:
    """Label prefixes -> the product (an index) or the products (a tuple) that have them."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.codes = [p.code for p in vocabulary.products]
        self.index_of = {code: i for i, code in enumerate(self.codes)}
        self.prefixes: dict[tuple[str, ...], int | tuple[int, ...]] = {}
        self.whole: dict[tuple[str, ...], int] = {}
        self.words_of: list[frozenset[str]] = []  # every key of a product's labels
        self.sized: set[tuple[str, ...]] = set()  # prefixes some label continues with a size
        self.single: dict[str, set[str]] = {}  # a one-word label ("huincha") -> its products
        for index, product in enumerate(vocabulary.products):
            labels = {product.name, product.name_en, *(alias for alias, _ in product.aliases)}
            keys = [_label_keys(label) for label in labels]
            for label_keys in keys:
                self._add(index, label_keys)
            self.words_of.append(frozenset(k for label_keys in keys for k in label_keys))

    def _add(self, index: int, keys: list[str]) -> None:
        if len(keys) == 1:
            self.single.setdefault(keys[0], set()).add(self.codes[index])
        if len(keys) < MIN_WORDS:
            return
        self.whole.setdefault(tuple(keys), index)
        prefix: tuple[str, ...] = ()
        for k, key in enumerate(keys, 1):
            prefix = (*prefix, key)
            if k < len(keys) and keys[k][:1].isdigit():
                self.sized.add(prefix)
            held = self.prefixes.get(prefix)
            if held is None:
                self.prefixes[prefix] = index
            elif isinstance(held, int):
                if held != index:
                    self.prefixes[prefix] = (held, index)
            elif index not in held and len(held) < MAX_CANDIDATES:
                self.prefixes[prefix] = (*held, index)

    def with_size(self, mention: Mention, tokens: Sequence[Token]) -> Mention:
        """ "tubos de 110", "brochas de 2 pulgadas": a size right after a product word is part
        of its name when the product's own labels carry that number; among several products
        with that word, it picks the one that does."""
        at = mention.end + (mention.end < len(tokens) and tokens[mention.end].norm == "de")
        if at >= len(tokens) or tokens[at].kind != "num":
            return mention
        size = tokens[at].norm.replace(",", ".")
        fits = [c for c in mention.candidates if size in self.words_of[self.index_of[c]]]
        if at + 2 < len(tokens) and tokens[at + 1].norm == "-" and tokens[at + 2].kind == "num":
            return self._with_range(mention, tokens, at)  # "pipetas perro de 10-20 kg"
        unit = tokens[at + 1].norm if at + 1 < len(tokens) else ""
        sized = self.sized_in(mention.candidates, unit)
        if sized and len(fits) != 1:  # "jeringas de 3 ml" (none), "sueros de 500 ml" (which?)
            return Mention(mention.start, at + 2, None, tuple(fits), mention.text, len(fits) > 1)
        if len(fits) != 1 or (mention.code is not None and fits != [mention.code]):
            return mention
        end = at + 1
        if end < len(tokens) and (tokens[end].norm in SIZE_WORDS or self.sized_in(fits, unit)):
            end += 1
        return Mention(mention.start, end, fits[0], (fits[0],), mention.text)

    def _with_range(self, mention: Mention, tokens: Sequence[Token], at: int) -> Mention:
        """A size range ("2-10 kg", "3-0"): the one candidate whose name has both ends."""
        ends = {tokens[at].norm.replace(",", "."), tokens[at + 2].norm.replace(",", ".")}
        fits = [c for c in mention.candidates if ends <= self.words_of[self.index_of[c]]]
        if len(fits) != 1:
            return mention
        end = at + 3 + (at + 3 < len(tokens) and tokens[at + 3].norm in UNITS)
        return Mention(mention.start, end, fits[0], (fits[0],), mention.text)

    def sized_in(self, codes: Iterable[str], unit: str) -> bool:
        """Whether these products name their sizes in `unit` ("Jeringa 5 ml", "Jeringa 10 ml"):
        a number in that unit next to their kind word is a size, not an amount."""
        codes = list(codes)
        measure = UNITS.get(unit)
        if not codes or measure is None or measure.dim not in (MASS, VOLUME):
            return False
        key = _key("word", unit)
        return any(key in self.words_of[self.index_of[c]] for c in codes)

    def with_size_before(
        self, mention: Mention, tokens: Sequence[Token], kin: Iterable[str] = ()
    ) -> Mention:
        """ "9 W LED bulbs", "12 mm drill bits": a size in a unit no one buys by, right before
        a product word, is part of the name too: the one candidate that carries it, or a
        product the catalogue does not carry when none does ("15 W LED bulbs")."""
        among = sorted(set(mention.candidates) | set(kin))  # every product of those words
        first = tokens[mention.start].norm
        at = mention.start - (1 if first in NAME_UNITS else 2)
        if at < 0 or tokens[at].kind != "num":
            return mention  # ("W bulbs" may have taken the unit letter as a name word)
        unit = tokens[at + 1].norm
        if unit not in NAME_UNITS and not self.sized_in(among, unit):
            return mention  # "300 5 ml syringes": ml is a size when all syringes have one
        size = tokens[at].norm.replace(",", ".")
        fits = [c for c in among if size in self.words_of[self.index_of[c]]]
        if len(fits) == 1:  # the size tells, even against a kind word's usual product
            return Mention(at, mention.end, fits[0], (fits[0],), mention.text)
        if not fits and mention.candidates:
            return Mention(at, mention.end, None, (), mention.text)
        return mention

    def settle(self, mention: Mention, tokens: Sequence[Token]) -> Mention:
        """A word several products share is the one product that has it as a whole label
        ("huincha" is the tape measure's alias, "huincha aisladora" the tape's)."""
        keys = _keys(tokens[mention.start : mention.end])
        if not mention.ambiguous or len(keys) != 1:
            return mention
        owners = self.single.get(keys[0][1], set()) & set(mention.candidates)
        if len(owners) != 1:
            return mention
        code = owners.pop()
        return Mention(mention.start, mention.end, code, (code,), mention.text)

    def find(self, tokens: Sequence[Token], text: str) -> list[Mention]:
        """Mentions of products by name, left to right, longest first."""
        keys = _keys(tokens)
        found: list[Mention] = []
        p = 0
        while p < len(keys):
            mention = self._at(tokens, keys, p)
            if mention is None:
                p += 1
                continue
            mention.text = text[tokens[mention.start].start : tokens[mention.end - 1].end]
            found.append(mention)
            p = next((q for q in range(p, len(keys)) if keys[q][0] >= mention.end), len(keys))
        return found

    def _at(self, tokens: Sequence[Token], keys: list[tuple[int, str]], p: int) -> Mention | None:
        depth = 0
        while (
            p + depth < len(keys) and tuple(k for _, k in keys[p : p + depth + 1]) in self.prefixes
        ):
            depth += 1
        if depth < MIN_WORDS:
            return None
        run = tuple(k for _, k in keys[p : p + depth])
        held = self.prefixes[run]
        if isinstance(held, int):  # "N95 masks" for "N95 respirator mask": its own words
            while p + depth < len(keys) and keys[p + depth][1] in self.words_of[held]:
                depth += 1
        start, end = keys[p][0], keys[p + depth - 1][0] + 1
        if p + depth < len(keys) and _modifies(tokens, end, keys[p + depth][0], run in self.sized):
            return None
        if isinstance(held, int) or run in self.whole:
            code = self.codes[held if isinstance(held, int) else self.whole[run]]
            return Mention(start, end, code, (code,), "")
        codes = tuple(self.codes[i] for i in held)
        return Mention(start, end, None, codes, "", ambiguous=True)


def _keys(tokens: Sequence[Token]) -> list[tuple[int, str]]:
    """(token index, key) of the message tokens that tell names apart."""
    keys = []
    for i, tok in enumerate(tokens):
        key = _key(tok.kind, tok.norm)
        if key is not None:
            keys.append((i, key))
    return keys


def _label_keys(label: str) -> list[str]:
    """The keys of a label, tokenised as a message is (without spelling correction, and
    without building tokens: a catalogue has tens of thousands of labels)."""
    keys = []
    for match in TOKEN_RE.finditer(fold(label)):
        kind = match.lastgroup or "other"
        value = match.group()
        key = _key(kind, SHORTHAND.get(value, value) if kind == "word" else value)
        if key is not None:
            keys.append(key)
    return keys


def _key(kind: str, norm: str) -> str | None:
    """Units by what they measure, numbers with one decimal mark, words singular; None for
    what does not tell names apart."""
    if norm in SKIPPED or kind in ("punct", "other", "money"):
        return None
    if kind in ("num", "frac"):
        return norm.replace(",", ".")
    if norm in UNITS:
        unit = UNITS[norm]
        return f"@{unit.dim}{unit.factor:g}"
    return singular(norm)


def _modifies(tokens: Sequence[Token], end: int, nxt: int, sized: bool) -> bool:
    """What follows a run right after it makes it another product: a content word of its own,
    a size ("60x40"), or a number where the catalogue's names go on with another size."""
    if nxt != end:
        return False  # something skipped in between: "de", a comma
    tok = tokens[nxt]
    if tok.kind == "dim":
        return True
    if tok.kind == "num":
        return sized
    return tok.is_word and tok.norm not in FUNCTION_WORDS and tok.norm not in UNITS
