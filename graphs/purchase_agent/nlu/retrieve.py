"""Which catalogue products a piece of text may be about, at any catalogue size.

Every label a product is known by (its names per language, aliases, vendors' names) is split
into words; a word of the text reaches the labels that hold it, or a word spelt within a
couple of edits of it (rapidfuzz over the distinct words, C speed even at 10,000 products).
The labels reached are then ranked by rapidfuzz's token-set ratio against the text, best
product first. The LLM prompt lists only these candidates, and a refused product's closest
alternatives are taken from them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from .catalog import Product, Vocabulary
from .products import FUNCTION_WORDS
from .text import fold
from .units import UNITS

_WORD = re.compile(r"[a-z]+|[0-9]+(?:[.,/x][0-9]+)*")


class Retriever:
    """Candidate products for a text, from names, aliases and vendors' names."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._labels: list[tuple[str, int]] = []  # (folded label, product index)
        self._by_word: dict[str, list[int]] = {}  # word -> label indices
        for index, product in enumerate(vocabulary.products):
            for label in _labels(product):
                folded = fold(label)
                at = len(self._labels)
                self._labels.append((folded, index))
                for word in set(_words(folded)):
                    self._by_word.setdefault(word, []).append(at)
        self._words = list(self._by_word)

    def search(self, text: str, limit: int = 20) -> list[Product]:
        """Products the text may name, best first; empty when no word of it is a product's."""
        folded = fold(text)
        reached: set[int] = set()
        for word in set(_words(folded)):
            for similar in self._similar(word):
                reached.update(self._by_word[similar])
        best: dict[int, float] = {}
        for at in reached:
            label, index = self._labels[at]
            score = fuzz.token_set_ratio(folded, label) + fuzz.partial_ratio(label, folded) / 10
            if score > best.get(index, -1.0):
                best[index] = score
        ranked = sorted(best, key=lambda i: (-best[i], i))[:limit]
        return [self.vocabulary.products[i] for i in ranked]

    def _similar(self, word: str) -> list[str]:
        if word in self._by_word:
            return [word]
        if len(word) < 4:
            return []
        limit = 1 if len(word) < 8 else 2
        found = process.extract(
            word, self._words, scorer=Levenshtein.distance, score_cutoff=limit, limit=8
        )
        return [match for match, _, _ in found]


@lru_cache(maxsize=4)
def retriever(vocabulary: Vocabulary) -> Retriever:
    """One retriever per vocabulary (vocabularies hash by identity, one per catalogue version)."""
    return Retriever(vocabulary)


def _labels(product: Product) -> list[str]:
    labels = [product.name]
    if product.name_en != product.name:
        labels.append(product.name_en)
    labels += [alias for alias, _ in product.aliases]
    return labels


def _words(folded: str) -> list[str]:
    """Words that can tell products apart: no numbers (a size is ranked, not searched), no
    function words, no units, nothing under three letters."""
    return [
        w
        for w in _WORD.findall(folded)
        if len(w) >= 3 and w.isalpha() and w not in FUNCTION_WORDS and w not in UNITS
    ]
