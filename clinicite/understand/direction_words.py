"""High and low as reports write them for what HPO names increased or decreased, and back.

HPO says "Low muscle tone" where a report writes "muscle tone was decreased", and "Decreased body
weight" where it writes "low body weight". The matcher already folds decreased with reduced,
diminished and lowered, and increased with elevated and raised
(:mod:`clinicite.understand.normalize`); :func:`direction_variants` adds the other plain word of the
same direction when a name opens with one, so each name is also found under the other (lexical
variant generation, McCray et al., 1994). Only the first word is swapped: inside a name, "high" and
"low" are often part of a compound ("Abnormality of the high-density lipoprotein").
"""

from __future__ import annotations

import re

_OPENING = re.compile(r"^(low|high|decreased|reduced|increased|elevated)\s+(\S.*)$", re.I)
_OTHER = {"low": "decreased", "decreased": "low", "reduced": "low",
          "high": "increased", "increased": "high", "elevated": "high"}


def direction_variants(name: str) -> list[str]:
    """The name with its opening direction word swapped for the other plain word of that direction."""
    found = _OPENING.match(name.strip())
    if not found:
        return []
    return [f"{_OTHER[found.group(1).lower()]} {found.group(2)}"]


__all__ = ["direction_variants"]
