"""Terms whose words are interrupted by one modifier: "recurrent encapsulated bacterial infections".

Authors put a qualifier inside a name that the ontology spells without it ("bicornuate unicollis
uterus" for Bicornuate uterus, "recurrent severe viral infections"). A contiguous dictionary window
then finds only the pieces. Skip-gram matching, as in the gapped lookups of MetaMap (Aronson and
Lang, 2010) and the token-set matching of FastHPOCR (Groza et al., 2024), reads the name across one
extra content word.

Guards keep it from joining what the text keeps apart: the skipped word is a modifier (an adjective or
adverb by its ending, or a side, degree or time word; never a noun or a number: "IgG2 was high" is no
high IgG) strictly inside the window, the window is one phrase, with only "of the" or a copula between its words ("atrophic
tubules on renal biopsy" is no renal atrophy), no conjunction or comma falls anywhere in it ("short and broad thumbs" is the
coordination reader's), the name has two or more words, and the gapped reading is only taken where no
contiguous reading of two or more words already claims those words: "cleft soft palate" stays Cleft
soft palate, never Cleft palate.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from clinicite.understand.normalize import Token

_LINKING = frozenset("of the a an is are was were be been has have had".split())
MAX_NAME_WORDS = 4
_MODIFIER_ENDINGS = ("ed", "al", "ic", "ous", "ive", "ary", "ar", "ly", "ing", "ate", "ible", "able", "ant", "ent")
_MODIFIER_WORDS = frozenset("""left right bilateral unilateral mild severe marked always often now still also
very early late""".split())        # words of the name itself; with the gap the window is one longer

Match = tuple[int, int, object]


def gapped_matches(lookup: Callable[[tuple[str, ...]], object], clause: str, content: list[Token],
                   joined: list[str], offset: int,
                   narrower: Callable[[object, str], bool] = lambda entry, word: False) -> list[Match]:
    """``(start, end, entry)`` for each window of ``clause`` that names a term once one inner word is
    left out (``content``: its content words, ``joined``: the conjunction or comma before each).

    ``narrower(entry, word)`` says the skipped word belongs to a narrower term's name: "absent Achilles
    tendon reflexes" is not Areflexia (all reflexes) but a named child the words did not quite spell,
    so the broader reading would be wrong, not merely less precise.
    """
    found: list[Match] = []
    for i in range(len(content)):
        for j in range(i + 3, min(len(content), i + MAX_NAME_WORDS + 1) + 1):
            if any(joined[x] for x in range(i + 1, j)) or not all(
                    _linking(clause[a.end:b.start]) for a, b in zip(content[i:j - 1], content[i + 1:j])):
                break
            window = content[i:j]
            if lookup(tuple(t.norm for t in window)) is not None:
                continue                       # the contiguous reading finds it already
            for gap in range(1, len(window) - 1):
                if not _modifier(window[gap].text):
                    continue
                entry = lookup(tuple(t.norm for t in window[:gap] + window[gap + 1:]))
                if entry is not None and not getattr(entry, "conjoined", False) and not narrower(entry, window[gap].norm):
                    found.append((offset + window[0].start, offset + window[-1].end, entry))
                    break
    return found


def _linking(between: str) -> bool:
    """Only words that hold one phrase together lie between two words of the window: "of the", a copula
    ("hair is usually sparse"); another preposition starts another phrase ("tubules on renal biopsy")."""
    return set(re.findall(r"[a-z]+", between.lower())) <= _LINKING and not re.search(r"[^\w\s-]", between)


def _modifier(word: str) -> bool:
    """A word that can qualify a name without changing what it names: an adjective or adverb by its
    ending ("encapsulated", "chronic", "usually"), or a side, degree or time word. A noun ("night" in
    "progressive loss of night vision", "tubules") names a different thing and is never skipped, nor is
    a number ("IgG2" is a subclass, not IgG)."""
    lower = word.lower()
    return word.isalpha() and len(word) >= 3 and (lower.endswith(_MODIFIER_ENDINGS) or lower in _MODIFIER_WORDS)


def admit_gapped(chosen: list[Match], gapped: list[Match], text: str,
                 broader: Callable[[object, object], bool]) -> list[Match]:
    """The chosen contiguous matches plus each gapped one whose words no multi-word match holds.

    A one-word match inside it that names a broader term ("infections" in "recurrent encapsulated
    bacterial infections") gives way to it; any other one-word match (the skipped word's own finding)
    stays.
    """
    result = list(chosen)
    for candidate in sorted(gapped, key=lambda m: m[0] - m[1]):
        inside = [m for m in result if m[0] < candidate[1] and m[1] > candidate[0]]
        if any(" " in text[m[0]:m[1]].strip() or m[0] < candidate[0] or m[1] > candidate[1] for m in inside):
            continue
        if any(m[2] == candidate[2] for m in inside):
            continue
        result = [m for m in result if m not in inside or not broader(m[2], candidate[2])] + [candidate]
    return sorted(result, key=lambda m: m[0])


__all__ = ["admit_gapped", "gapped_matches"]
