"""Typo tolerance for long words: "microcephly" is read as "microcephaly".

A word of the text is corrected only when (a) it is long (7+ letters: short words have too many
one-edit neighbours to guess safely), (b) neither the word nor its stem is known to the ontology's
vocabulary (names, synonyms, definitions and comments of the indexed terms), and (c) exactly one
edit away (two from 11 letters on) there is a word of a term name. Distances are the optimal
string alignment distance (Damerau 1964: insertion, deletion, substitution and transposition of two
neighbours all cost one), computed by RapidFuzz; candidates are bucketed by length so a lookup only
compares words that could be that close. Among equally near names the most frequent word wins, so
the correction is the common reading, not an alphabetical accident.
"""

from __future__ import annotations

import re
from collections import Counter

from rapidfuzz import process
from rapidfuzz.distance import OSA

from clinicite.understand.normalize import stem

_LETTERS = re.compile(r"[a-z]+")
MIN_LENGTH = 7


def max_edits(word: str) -> int:
    """How many edits a word of this length may carry and still be corrected."""
    return 2 if len(word) >= 11 else 1


class Speller:
    """Corrects unknown long words to the nearest word of a term name (see the module docstring)."""

    def __init__(self, names: list[str], other_text: list[str]) -> None:
        counts = Counter(w for name in names for w in _LETTERS.findall(name.lower()))
        self.name_words = counts
        self.known = set(counts) | {w for text in other_text for w in _LETTERS.findall(text.lower())}
        self.known_stems = {stem(w) for w in self.known}
        self.by_length: dict[int, list[str]] = {}
        for word in sorted(counts, key=lambda w: (-counts[w], w)):
            if len(word) >= MIN_LENGTH - 1:
                self.by_length.setdefault(len(word), []).append(word)
        self._cache: dict[str, str | None] = {}

    def correct(self, word: str) -> str | None:
        """The intended name word for a misspelt ``word``, or None when it is known or has no safe fix."""
        lower = word.lower()
        if len(lower) < MIN_LENGTH or not lower.isalpha() or lower in self.known:
            return None
        if lower in self._cache:
            return self._cache[lower]
        fix = None
        if stem(lower) not in self.known_stems:
            fix = self._nearest(lower)
        self._cache[lower] = fix
        return fix

    def _nearest(self, word: str) -> str | None:
        limit = max_edits(word)
        best: tuple[int, int, str] | None = None
        for length in range(len(word) - limit, len(word) + limit + 1):
            candidates = self.by_length.get(length)
            if not candidates:
                continue
            found = process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=limit)
            if found is None:
                continue
            choice, distance, _ = found
            rank = (distance, -self.name_words[choice], choice)
            if best is None or rank < best:
                best = rank
        return best[2] if best else None


__all__ = ["Speller", "max_edits"]
