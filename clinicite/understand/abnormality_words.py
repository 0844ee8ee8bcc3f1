"""The many words for "something is wrong with this organ": anomaly, malformation, abnormality, defect.

HPO's grouping terms are named "Abnormality of the X" or "Abnormal X morphology", and each lists only
some of the ways authors write them: "Renal malformation" is there, "heart malformations",
"eye anomalies" and "skeletal malformations" are not. Abstracts and genetics papers name findings at
this level all the time ("skeletal anomalies and heart defects"). :func:`abnormality_variants` says
such a name also as "X anomaly", "X malformation", "X abnormality" and "abnormal X" (lexical variant
generation, McCray et al., 1994), indexed as reworded (weaker) names so that a term named outright
keeps its words. "Defect" is left out: it names a hole in a septum or a wall ("atrial septal defect").
Only organ-level names qualify (one or two words for the organ; "system" dropped).
"""

from __future__ import annotations

import re

_GROUPING = re.compile(r"^(?:abnormality of (?:the )?(?P<of>[a-z]+(?: [a-z]+)?)|"
                       r"abnormal (?P<morph>[a-z]+(?: [a-z]+)?) morphology)$", re.I)
WORDS = ("anomaly", "malformation", "abnormality")


def abnormality_variants(name: str) -> list[str]:
    """"X anomaly", "X malformation", "X abnormality", "abnormal X" for an organ-level grouping name."""
    found = _GROUPING.match(name.strip())
    if not found:
        return []
    organ = re.sub(r"\s+system$", "", (found.group("of") or found.group("morph")).lower())
    if not organ or organ in ("the", "a"):
        return []
    return [f"{organ} {word}" for word in WORDS] + [f"abnormal {organ}"]


__all__ = ["abnormality_variants"]
