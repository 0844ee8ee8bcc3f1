"""The ways one HPO name is also written, gathered for the dictionary (:mod:`clinicite.understand.lexicon`).

Each generator lives in its own module; this one lists them with their kind, which sets how strongly
the lexicon ranks the variant against other terms' names.
"""

from __future__ import annotations

import re

from clinicite.understand.abnormality_words import abnormality_variants
from clinicite.understand.direction_words import direction_variants, small_variants
from clinicite.understand.face_words import face_variants
from clinicite.understand.implied import implied_variants
from clinicite.understand.lab_names import lab_variants
from clinicite.understand.tumour_words import tumour_variants


def name_variants(name: str) -> list[tuple[str, str]]:
    """A name and its spelled-out alternatives, each with its kind (name, half of a slash grouping,
    derived laboratory wording, the same name with another word for its head, reworded with another
    direction or size word):
    "Aplasia/Hypoplasia of the X" also names each half; "Low X" is also "decreased X"."""
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name).strip() or name
    variants = [(name, "name")]
    slash = re.match(r"^(\w+)/(\w+)(\s.*)$", name)
    if slash:
        variants += [(slash.group(1) + slash.group(3), "half"), (slash.group(2) + slash.group(3), "half")]
    variants += [(v, "derived") for v in lab_variants(name)]
    implied = implied_variants(name)
    variants += [(v, "implied") for v in implied]
    variants += [(v, "same") for v in face_variants(name)]
    cancer = []
    for said in (name, *implied):        # "Neoplasm of the thyroid gland": "tumor of the thyroid" too
        same, weak = tumour_variants(said)
        variants += [(v, "same") for v in same]
        cancer += weak
    return variants + [(v, "reworded") for v in (*direction_variants(name), *small_variants(name),
                                                  *abnormality_variants(name))] + [(v, "weak") for v in cancer]


__all__ = ["name_variants"]
