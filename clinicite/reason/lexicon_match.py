"""Longest-match lookup of many names in passage text, on token keys, with exact character offsets.

The names are matching keys (:func:`clinicite.reason.vocabulary.name_key`); the
passage is tokenised the same way, its token keys joined by single spaces, and
an Aho-Corasick automaton (``pyahocorasick``; Aho & Corasick, CACM 1975) finds
every name in one pass. Overlaps are resolved longest first, so "chronic
recurrent multifocal osteomyelitis" wins over "osteomyelitis".
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick

from clinicite.reason.vocabulary import token_keys


class NameMatcher:
    """Finds the keys of a fixed set of names in text."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.automaton = ahocorasick.Automaton()
        for key in keys:
            if key:
                self.automaton.add_word(f" {key} ", key)
        self.empty = len(self.automaton) == 0
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """``(key, start, end)`` of each longest, non-overlapping name in ``text`` (character offsets)."""
        if self.empty:
            return []
        words = token_keys(text)
        joined, token_at = " ", {}
        for index, (key, _, _) in enumerate(words):
            token_at[len(joined)] = index
            joined += key + " "
        spans = []
        for end, key in self.automaton.iter(joined):
            first = token_at.get(end - len(key))
            if first is not None:
                spans.append((first, len(key.split()), key))
        taken: set[int] = set()
        found = []
        for first, size, key in sorted(spans, key=lambda s: (-s[1], s[0])):
            covered = set(range(first, first + size))
            if covered & taken:
                continue
            taken |= covered
            found.append((key, words[first][1], words[first + size - 1][2]))
        return sorted(found, key=lambda f: f[1])
