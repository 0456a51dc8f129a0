"""Spelling tolerance: a phonetic key for Chilean chat spelling plus a bounded edit distance.

Edit distances are rapidfuzz's (optimal string alignment, in C), over every target at once:
with 10,000 products the targets are tens of thousands of words.

Chat Spanish writes by sound ("kiero", "nesesito", "asucar", "arina", "mantekilla"), so words are
compared by a key that merges letters pronounced alike before edit distance is tried. Short words
must match exactly or by key: "coco" is one letter away from "como" and "poco".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA
from wordfreq import zipf_frequency

_KEY_RULES: tuple[tuple[str, str], ...] = (
    (r"ll", "y"),
    (r"(.)\1+", r"\1"),  # doubled letters ("holaa", "harinna")
    (r"qu(?=[ei])", "k"),
    (r"c(?=[ei])", "s"),
    (r"c", "k"),
    (r"z", "s"),
    (r"v", "b"),
    (r"(?<![cs])h", ""),  # silent h, keeping ch and sh
    (r"ph", "f"),
    (r"(.)\1+", r"\1"),
)


def phonetic_key(word: str) -> str:
    """A key equal for words that sound alike in Chilean Spanish (and for common English typos)."""
    key = word
    for pattern, repl in _KEY_RULES:
        key = re.sub(pattern, repl, key)
    return key


# A word at least this common in Spanish or English (Zipf scale: 3 is once per million words) is
# a word, not a typo: "camioneta" is not "camiseta", "descargar" is not "encargar".
COMMON_ZIPF = 3.0


def is_common_word(word: str) -> bool:
    return max(zipf_frequency(word, "es"), zipf_frequency(word, "en")) >= COMMON_ZIPF


def allowed_distance(length: int) -> int:
    """How many edits a word of this length may carry and still be recognised."""
    if length >= 9:
        return 2
    if length >= 5:
        return 1
    return 0


class Corrector:
    """Maps unknown words to the closest target word; known words are left untouched.

    Targets in `by_sound` are reached only through the phonetic key: a short number word is one
    letter away from ordinary words ("cuento" is not "ciento").
    """

    def __init__(
        self, targets: Iterable[str], known: Iterable[str], by_sound: Iterable[str] = ()
    ) -> None:
        self.targets = frozenset(targets)
        self.by_sound = frozenset(by_sound)
        self.known = frozenset(known) | self.targets
        self._by_key: dict[str, str] = {}
        for word in sorted(self.targets, key=len):
            self._by_key.setdefault(phonetic_key(word), word)
        self._spelt = sorted(t for t in self.targets if len(t) >= 4 and t not in self.by_sound)
        self._keys = [phonetic_key(t) for t in self._spelt]
        self._missing_one: dict[str, set[str]] = {}  # "lece" -> {"leche"}
        for t in self._spelt:
            if len(t) == 5:
                for k in range(5):
                    self._missing_one.setdefault(t[:k] + t[k + 1 :], set()).add(t)
        self._cache: dict[str, str] = {}
        is_common_word("hola")  # load the word lists now, not in the first turn

    def correct(self, word: str) -> str:
        if word in self.known or not word.isalpha() or len(word) < 3:
            return word
        squeezed = re.sub(r"(.)\1+", r"\1", word)  # "sii", "holaaa", "graciass"
        if squeezed in self.known:
            return squeezed
        if word not in self._cache:
            self._cache[word] = self._closest(word)
        return self._cache[word]

    def _closest(self, word: str) -> str:
        if is_common_word(word):
            return word
        key = phonetic_key(word)
        if key in self._by_key:
            return self._by_key[key]
        limit = allowed_distance(len(word))
        if limit == 0:
            found = self._missing_one.get(word, set()) if len(word) == 4 else set()
            return next(iter(found)) if len(found) == 1 else word
        nearest: dict[int, float] = {}  # target index -> distance by spelling or by sound
        for query, choices in ((word, self._spelt), (key, self._keys)):
            for _, dist, at in process.extract(
                query, choices, scorer=OSA.distance, score_cutoff=limit, limit=None
            ):
                nearest[at] = min(dist, nearest.get(at, dist))
        if not nearest:
            return word
        best = min(nearest.values())
        closest = [at for at, dist in nearest.items() if dist == best]
        return self._spelt[closest[0]] if len(closest) == 1 else word
