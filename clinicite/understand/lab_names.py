"""The ways a report writes a laboratory finding that HPO names formally.

HPO names a raised or lowered measurement "Increased circulating IgG concentration" or "Decreased
circulating cortisol level"; reports write "increased IgG", "low IgG2 levels", "serum cortisol was low"
or "high lactate". :func:`lab_variants` rewrites such a name into those shapes: the direction in the
plain words a report uses (high / low besides increased / decreased, which the matcher already folds
with elevated, raised, reduced and diminished), the compartment as the report says it or left out
(serum, plasma, blood, circulating), the noun after it left out or said as level(s) / concentration.
It is lexical variant generation in the sense of the SPECIALIST lexical tools (McCray et al., 1994,
"Lexical methods for managing variation in biomedical terminologies"), restricted to one frame whose
variants keep their meaning. The matcher's keys are bags of words, so word order and the predicative
form ("IgG was increased") come for free.
"""

from __future__ import annotations

import re

_FRAME = re.compile(r"^(increased|elevated|decreased|reduced|high|low)\s+(?:(circulating|serum|plasma|blood)\s+)?"
                    r"(.+?)\s+(concentration|level|levels)$", re.I)
_DIRECTIONS = {"increased": ("increased", "high"), "elevated": ("increased", "high"),
               "decreased": ("decreased", "low"), "reduced": ("decreased", "low"),
               "high": ("increased", "high"), "low": ("decreased", "low")}
_COMPARTMENTS = ("", "serum", "plasma", "blood", "circulating")
# Analytes reports name by their standard laboratory abbreviation ("CK was elevated", "high LDH"), each
# with one reading among laboratory values; said beside a direction word only, as the frame requires.
ANALYTE_ABBREVIATIONS = {
    "creatine kinase": ("CK", "CPK"), "lactate dehydrogenase": ("LDH",), "alkaline phosphatase": ("ALP",),
    "alanine aminotransferase": ("ALT",), "aspartate aminotransferase": ("AST",),
    "gamma-glutamyltransferase": ("GGT",), "thyroid-stimulating hormone": ("TSH",),
    "parathyroid hormone": ("PTH",), "hepatic transaminase": ("transaminases", "liver enzymes"),
}
_NOUNS = ("", "level", "concentration")


def lab_variants(name: str) -> list[str]:
    """Report-style names of a raised or lowered laboratory measurement, the name itself excluded."""
    found = _FRAME.match(name.strip())
    if not found:
        return []
    direction, _, analyte, _ = found.groups()
    variants = []
    for word in _DIRECTIONS[direction.lower()]:
        for compartment in _COMPARTMENTS:
            for noun in _NOUNS:
                for said in (analyte, *ANALYTE_ABBREVIATIONS.get(analyte.lower(), ())):
                    variants.append(" ".join(w for w in (word, compartment, said, noun) if w))
    return [v for v in dict.fromkeys(variants) if v.lower() != name.strip().lower()]


_EMIA = re.compile(r"^(hyper|hypo)([a-z]+?)a?emia$", re.I)
_ABNORMAL_ANALYTE = re.compile(r"^abnormal (?:circulating |blood |serum |plasma )?([a-z][a-z -]+?) "
                               r"(?:concentration|level)s?$", re.I)


def emia_frame(name: str, parent_names: list[str]) -> str | None:
    """The formal name of a "hyper-/hypo-...-emia" term whose parent names its analyte ("Hyperphenylalaninemia"
    under "Abnormal circulating phenylalanine concentration": "Increased circulating phenylalanine
    concentration"), so that :func:`lab_variants` gives it the report's words ("phenylalanine was elevated").
    HPO names most such terms both ways; a few ("Hyperchloremia", "Hypoinsulinemia") only the Greek way. The
    analyte must spell the middle of the name ("phenylalanin-"), so a parent about a class of analytes
    ("Abnormal circulating lipid concentration" above "Hypolipidemia") is never taken for one analyte."""
    found = _EMIA.match(name.strip())
    if not found:
        return None
    middle = found.group(2).lower()
    for parent in parent_names:
        analyte = _ABNORMAL_ANALYTE.match(parent.strip())
        if analyte and len(middle) >= 4 and analyte.group(1).lower().replace(" ", "").startswith(middle):
            direction = "Increased" if found.group(1).lower() == "hyper" else "Decreased"
            return f"{direction} circulating {analyte.group(1)} concentration"
    return None


__all__ = ["emia_frame", "lab_variants"]
