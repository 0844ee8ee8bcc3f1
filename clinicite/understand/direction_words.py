"""High and low as reports write them for what HPO names increased or decreased, and small for hypoplastic.

HPO says "Low muscle tone" where a report writes "muscle tone was decreased", and "Decreased body
weight" where it writes "low body weight". The matcher already folds decreased with reduced,
diminished and lowered, and increased with elevated and raised
(:mod:`clinicite.understand.normalize`); :func:`direction_variants` adds the other plain word of the
same direction when a name opens with one, so each name is also found under the other (lexical
variant generation, McCray et al., 1994). Only the first word is swapped: inside a name, "high" and
"low" are often part of a compound ("Abnormality of the high-density lipoprotein").

Likewise a report says "small hippocampi" for HPO's "Hypoplastic hippocampus" and "the optic nerves
were small" for "Optic nerve hypoplasia": :func:`small_variants` says a name that opens or ends with
hypoplasia / hypoplastic also with "small" (hypoplasia is an organ too small for its development).
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


_HYPOPLASIA = re.compile(r"^(hypoplasia|hypoplastic)\s+(?:of\s+(?:the\s+)?)?(\S.*)$|^(\S.*?)\s+hypoplasia$", re.I)


def small_variants(name: str) -> list[str]:
    """"small X" for "Hypoplasia of the X", "Hypoplastic X" and "X hypoplasia"; nothing for other names."""
    found = _HYPOPLASIA.match(name.strip())
    if not found or "/" in name:
        return []
    return [f"small {found.group(2) or found.group(3)}"]


__all__ = ["direction_variants", "small_variants"]
