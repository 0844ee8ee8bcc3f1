"""Words a report leaves out because the rest of the name implies them.

"hand weakness" is Hand muscle weakness and "increased tone" is Hypertonia's "Increased muscle tone":
weakness, tone, wasting and cramps are properties of muscle, so clinicians rarely write the word. The
same lexical-variant idea as :mod:`clinicite.understand.direction_words` (McCray et al., 1994): the
name is also indexed without the implied word, as a reworded (weaker) name, and only when two or
more words remain, so "Muscle weakness" does not become bare "weakness" (Asthenia's synonym).
"""

from __future__ import annotations

import re

# "muscle"/"muscular" before a word that only muscle has
_MUSCLE = re.compile(r"\b(?:muscle|muscular)\s+(?=(?:weakness|tone|atrophy|wasting|cramps?|stiffness|"
                     r"fatigability|hypertrophy|hypotonia|hypertonia)\b)", re.I)


def implied_variants(name: str) -> list[str]:
    """The name without a word its other words imply; nothing when fewer than two words would remain."""
    shorter = _MUSCLE.sub("", name)
    if shorter == name or len(shorter.split()) < 2:
        return []
    return [shorter]


__all__ = ["implied_variants"]
