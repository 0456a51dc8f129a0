"""Spelling tolerance: a phonetic key for Chilean chat spelling plus a bounded edit distance.

Chat Spanish writes by sound ("kiero", "nesesito", "asucar", "arina", "mantekilla"), so words are
compared by a key that merges letters pronounced alike before edit distance is tried. Short words
must match exactly or by key: "coco" is one letter away from "como" and "poco".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, or limit + 1 when above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


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
        self._cache: dict[str, str] = {}

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
        key = phonetic_key(word)
        if key in self._by_key:
            return self._by_key[key]
        limit = allowed_distance(len(word))
        if limit == 0:
            return self._dropped_letter(word) if len(word) == 4 else word
        best, best_dist, tie = word, limit + 1, False
        for target in self.targets:
            if len(target) < 4 or target in self.by_sound:
                continue
            dist = min(
                edit_distance(word, target, limit),
                edit_distance(key, phonetic_key(target), limit),
            )
            if dist < best_dist:
                best, best_dist, tie = target, dist, False
            elif dist == best_dist and target != best:
                tie = True
        return word if tie or best_dist > limit else best

    def _dropped_letter(self, word: str) -> str:
        """A four-letter word that is a five-letter target missing one letter ("lece")."""
        found = {
            t
            for t in self.targets
            if len(t) == 5
            and t not in self.by_sound
            and any(t[:k] + t[k + 1 :] == word for k in range(5))
        }
        return found.pop() if len(found) == 1 else word
