"""Words a report leaves out because the rest of the name implies them.

"hand weakness" is Hand muscle weakness and "increased tone" is Hypertonia's "Increased muscle tone":
weakness, tone, wasting and cramps are properties of muscle, so clinicians rarely write the word. The
same lexical-variant idea as :mod:`clinicite.understand.direction_words` (McCray et al., 1994): the
name is also indexed without the implied word, with the name's own strength: "weakness" alone is Muscle
weakness (in a report it is a motor sign; Asthenia, HPO's other "Weakness", is a lack of energy), but
one word is left alone only when it still says muscle ("atrophy" could be any organ's).
"Inability to walk" is also "unable to walk" and "cannot walk"; "Neoplasm of the thyroid gland" is also
"neoplasm of the thyroid" (the organ is the gland).
"""

from __future__ import annotations

import re

# "muscle"/"muscular" before a word that only muscle has
_MUSCLE = re.compile(r"\b(?:muscle|muscular)\s+(?=(?:weakness|tone|atrophy|wasting|cramps?|stiffness|"
                     r"fatigability|hypertrophy|hypotonia|hypertonia)\b)", re.I)


# one word alone that still says muscle: "weakness" in a report is muscle weakness (Asthenia, a lack of
# energy, is "fatigue" or "lethargy" there); "atrophy" alone could be any organ's
_ALONE = frozenset({"weakness", "cramps", "stiffness", "fatigability"})
_INABILITY = re.compile(r"^inability to (\S.*)$", re.I)
# "gland" after an organ that is one ("thyroid cancer" is a neoplasm of the thyroid gland); not after
# "sweat" or "sebaceous", which alone name no organ
_GLAND = re.compile(r"\b(thyroid|adrenal|pituitary|parotid|salivary|lacrimal|prostate)\s+glands?\b", re.I)


def implied_variants(name: str) -> list[str]:
    """The name without a word its other words imply (one word left only if it still names the same
    thing), and "unable to X" / "cannot X" for "Inability to X"."""
    found = _INABILITY.match(name.strip())
    if found:
        return [f"unable to {found.group(1)}", f"cannot {found.group(1)}"]
    variants = []
    without_gland = _GLAND.sub(r"\1", name)
    if without_gland != name:
        variants.append(without_gland)
    shorter = _MUSCLE.sub("", name)
    if shorter != name and (len(shorter.split()) >= 2 or shorter.lower() in _ALONE):
        variants.append(shorter)
    return variants


__all__ = ["implied_variants"]
