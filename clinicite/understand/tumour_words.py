"""The words for a new growth: neoplasm, neoplasia, tumour, tumor, and "cancer" for a malignant one.

HPO's Neoplasm lists "Tumor" as an exact synonym and "Cancer" as a related one, but a specific neoplasm
inherits them only when its name holds its parent's label ("Ovarian neoplasm" -> "ovarian cancer"), so
"rectal cancer", "adrenal tumours" (Neoplasm of the adrenal gland) and "endometrial cancer" (Endometrial
carcinoma) read nothing or only Neoplasm. :func:`tumour_variants` says a name with one of these words
with each of the others (lexical variant generation, McCray et al., 1994): neoplasm <-> tumor as the same
name, and "cancer" for "neoplasm", "tumor" or "carcinoma" as a weak variant, below every other name, so a
term that HPO itself calls "X cancer" or whose parent's synonyms give it keeps those words.
"""

from __future__ import annotations

import re

_SAME = re.compile(r"\b(neoplasms?|neoplasia|tumou?rs?)\b", re.I)
_CANCER = re.compile(r"\b(neoplasms?|neoplasia|tumou?rs?|carcinomas?)\b", re.I)


def tumour_variants(name: str) -> tuple[list[str], list[str]]:
    """(the name with neoplasm <-> tumor, the name with "cancer"): two lists, the second weaker.

    A one-word name has none: a bare "tumour" says no kind of growth (Neoplasm's own synonyms decide)."""
    if len(name.split()) < 2:
        return [], []
    same = []
    if _SAME.search(name):
        for word in ("neoplasm", "tumor"):
            variant = _SAME.sub(word, name)
            if variant.lower() != name.lower():
                same.append(variant)
    cancer = [_CANCER.sub("cancer", name)] if _CANCER.search(name) else []
    return same, [v for v in cancer if v.lower() != name.lower()]


__all__ = ["tumour_variants"]
