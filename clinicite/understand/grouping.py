"""Plain words that HPO gives only to a grouping term, read as the specific child they describe.

HPO groups a pair of opposite malformations under one term named with a slash, "Aplasia/Hypoplasia
affecting the eye", whose synonym "Absent/small eye" is the only HPO name for "small eye". Split in
two, each half names one side of the grouping, and a report that says "the eyes were small" means
that side's child (Microphthalmia), not the grouping: gold standards and annotators pick the most
specific term the words support (the HPO annotation guideline of Köhler et al., NAR 2021). So a half
is handed to the one child of the grouping that names the same side (absent: aplasia, agenesis,
absence; small: hypoplasia, micro-, decreased size); when no child or more than one does, the half
stays with the grouping, which is then the most specific term the words name.
"""

from __future__ import annotations

import re

from clinicite.ingest.hpo import Ontology

_WORDS = re.compile(r"[a-z]+")
SIDES = {
    "absent": frozenset({"absent", "absence", "aplasia", "aplastic", "agenesis", "missing"}),
    "small": frozenset({"small", "hypoplasia", "hypoplastic", "underdeveloped", "underdevelopment"}),
}
SIDE_OF = {word: side for side, words in SIDES.items() for word in words}
_SMALL_PREFIX = re.compile(r"^micro\w+")


def _sides(names: list[str]) -> set[str]:
    found = set()
    for name in names:
        lower = name.lower()
        words = _WORDS.findall(lower)
        found.update(SIDE_OF[w] for w in words if w in SIDE_OF)
        if "decreased size" in lower or (words and _SMALL_PREFIX.match(words[0])):
            found.add("small")
    return found


def specific_child(ontology: Ontology, grouping_id: str, half: str) -> str | None:
    """The child of a slash grouping that the half name (``half``: "small eye", "Hypoplasia of the X") means.

    None when the half's first word names no side, or when not exactly one child names that side alone.
    """
    words = _WORDS.findall(half.lower())
    side = SIDE_OF.get(words[0]) if words else None
    if side is None:
        return None
    chosen = []
    for child_id in ontology.children(grouping_id):
        child = ontology.terms[child_id]
        if child.obsolete:
            continue
        if _sides([child.name, *(s.text for s in child.synonyms)]) == {side}:
            chosen.append(child_id)
    return chosen[0] if len(chosen) == 1 else None


__all__ = ["specific_child"]
