"""The words for a whole face: "facies", "facial appearance", "facial features", "facial gestalt".

HPO names the same finding with any of them, but lists only some for each term: "Coarse facies" and
"Coarse facial appearance" are both synonyms of Coarse facial features, while Abnormal facial shape has
"Distinctive facies" and no "distinctive facial features". :func:`face_variants` says a name that ends
in one of these heads with each of the others (lexical variant generation, McCray et al., 1994), so
"distinctive facial features" and "a myopathic facial appearance" meet the term that is named with the
other head. The head is never added to a name that lacks one ("Long face" stays a face's length).
"""

from __future__ import annotations

import re

HEADS = ("facies", "facial appearance", "facial features", "facial gestalt")
_ENDING = re.compile(r"^(?P<before>.+?)\s+(?P<head>facies|facial appearance|facial features|facial gestalt)$", re.I)


def face_variants(name: str) -> list[str]:
    """The name with each other face head: "Distinctive facies" -> "Distinctive facial features", ..."""
    found = _ENDING.match(name.strip())
    if not found:
        return []
    head = found.group("head").lower()
    return [f"{found.group('before')} {other}" for other in HEADS if other != head]


__all__ = ["face_variants"]
