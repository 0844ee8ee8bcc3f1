"""Typo tolerance for long words: "microcephly" is read as "microcephaly".

A word of the text is corrected only when (a) it is long (7+ letters: short words have too many
one-edit neighbours to guess safely), (b) neither the word nor its stem is known to the ontology's
vocabulary (names, synonyms, definitions and comments of the indexed terms; its stem counts when a
name word has it), and (c) exactly one
edit away (two from 11 letters on) there is a word of a term name. A shorter word (4-6 letters:
"dealy") or one two edits off ("assymetry") is corrected only when the corrected word and a neighbour
then name a term together ("developmental dealy"; :meth:`Speller.candidates`, checked by the lexicon). Distances are the optimal
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
CONFIRMED_MIN_LENGTH = 4     # shorter words are corrected only when the fix completes a term with a neighbour
ALONE_LENGTHS = (5, 6)       # a short non-English word may name a one-word term alone (:meth:`Speller.alone`)


def english(word: str) -> bool:
    """Whether general English uses the word at all (any Zipf frequency in wordfreq's list)."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:          # pragma: no cover - wordfreq is a declared dependency
        return True
    return zipf_frequency(word, "en") > 0


def max_edits(word: str) -> int:
    """How many edits a word of this length may carry and still be corrected."""
    return 2 if len(word) >= 11 else 1


class Speller:
    """Corrects unknown long words to the nearest word of a term name (see the module docstring)."""

    def __init__(self, names: list[str], other_text: list[str]) -> None:
        counts = Counter(w for name in names for w in _LETTERS.findall(name.lower()))
        self.name_words = counts
        self.known = set(counts) | {w for text in other_text for w in _LETTERS.findall(text.lower())}
        # Only a name word's stem says an unknown word is a form of a known one ("dystonic"). The free text
        # of definitions and comments holds HPO's own slips ("refelx", "decresaed") and rare words whose
        # stems would block the fix of a typed slip ("disablity" shares "disabl" with "disabling").
        self.known_stems = {stem(w) for w in counts}
        self.by_length: dict[int, list[str]] = {}
        for word in sorted(counts, key=lambda w: (-counts[w], w)):
            if len(word) >= CONFIRMED_MIN_LENGTH - 1:
                self.by_length.setdefault(len(word), []).append(word)
        self._cache: dict[str, str | None] = {}
        self._candidates: dict[str, list[str]] = {}

    def correct(self, word: str) -> str | None:
        """The intended name word for a misspelt ``word``, or None when it is known or has no safe fix."""
        lower = word.lower()
        if len(lower) < MIN_LENGTH or not lower.isalpha() or lower in self.known:
            return None
        if lower in self._cache:
            return self._cache[lower]
        fix = self._nearest(lower)
        if fix is not None and stem(lower) in self.known_stems and stem(fix) != stem(lower):
            # a form of a name word ("dystonnic": "dyston", as "dystonia") is read by its stem; only a
            # respelling with the same stem is taken ("seizurs" -> "seizure"), which one-word names need:
            # they are matched on lighter forms than the stem
            fix = None
        self._cache[lower] = fix
        return fix

    def candidates(self, word: str) -> list[str]:
        """Name words near an unknown word too short or too far off to correct alone ("dealy", 5 letters;
        "assymetry", two edits): one edit from 4 letters, two from 7, only the nearest, most frequent first,
        never with another first letter (people rarely mistype it) nor the opposite prefix.
        The caller keeps one only when it completes a term with the neighbouring words."""
        lower = word.lower()
        if len(lower) < CONFIRMED_MIN_LENGTH or not lower.isalpha() or lower in self.known:
            return []
        if lower not in self._candidates:
            self._candidates[lower] = [] if stem(lower) in self.known_stems else self._near(lower)
        return self._candidates[lower]

    def alone(self, word: str) -> str | None:
        """The one name word near a short unknown ``word`` (5-6 letters: "atxaia") that is no word of general
        English either (wordfreq knows it nowhere: Speer 2022), so the slip cannot be a word the writer
        meant; None when the word is English, has several near name words or none. The caller takes it
        only when it is a one-word term's name ("ataxia")."""
        lower = word.lower()
        if not ALONE_LENGTHS[0] <= len(lower) <= ALONE_LENGTHS[1] or not (word.islower() or word[1:].islower()):
            return None                  # "TSHR", "CoA": symbols, not slips
        options = self.candidates(word)
        if len(options) != 1 or english(lower):
            return None
        return options[0]

    def _near(self, lower: str) -> list[str]:
        limit = 2 if len(lower) >= MIN_LENGTH else 1
        found = []
        for length in range(len(lower) - limit, len(lower) + limit + 1):
            for choice, distance, _ in process.extract(lower, self.by_length.get(length, ()), scorer=OSA.distance,
                                                       score_cutoff=limit, limit=3):
                if choice[0] == lower[0] and not _opposite(lower, choice):
                    found.append((distance, -self.name_words[choice], choice))
        nearest = min((f[0] for f in found), default=None)     # a farther word that fits is a guess
        return [choice for distance, _, choice in sorted(found)[:3] if distance == nearest]

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


# A slip never turns a word into its opposite: an unknown "hypotonya" may become "hypotonia", never "hypertonia".
OPPOSITE_PREFIXES = (("hyper", "hypo"), ("macro", "micro"), ("increas", "decreas"), ("over", "under"))


def _opposite(word: str, choice: str) -> bool:
    return any((word.startswith(a) and choice.startswith(b)) or (word.startswith(b) and choice.startswith(a))
               for a, b in OPPOSITE_PREFIXES)


__all__ = ["Speller", "english", "max_edits"]
