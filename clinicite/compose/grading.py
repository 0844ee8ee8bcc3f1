"""Evidence grading: where a source sits on the ladder of study designs.

The ladder follows the usual hierarchy of evidence for clinical questions
(Guyatt et al., 1995, "Users' guides to the medical literature IX"; the Oxford
CEBM levels): practice guideline > systematic review / meta-analysis >
randomised controlled trial > cohort / case-control > case series > case report
> expert opinion. MEDLINE publication types and MeSH publication characteristics
decide first; plain documents (PDF, text) are graded from cue phrases in their
title and opening text. Knowledge records are their own grade, curated knowledge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# label -> rank (higher is stronger evidence)
GRADES: dict[str, int] = {
    "practice guideline": 7,
    "systematic review / meta-analysis": 6,
    "randomised controlled trial": 5,
    "cohort / case-control": 4,
    "case series": 3,
    "case report": 2,
    "expert opinion": 1,
    "animal study": 1,          # never evidence of a clinical effect, whatever its design
    "in-vitro study": 1,
    "unclassified": 0,
    "curated knowledge": 6,     # peer-curated databases (HPO, Orphanet): strong for facts about a disease
}

# MEDLINE publication types (and MeSH study-design headings) per grade, strongest first.
_PUBLICATION_TYPES: list[tuple[str, tuple[str, ...]]] = [
    ("practice guideline", ("practice guideline", "guideline", "consensus development conference",
                            "consensus development conference, nih")),
    ("systematic review / meta-analysis", ("systematic review", "meta-analysis", "network meta-analysis")),
    ("randomised controlled trial", ("randomized controlled trial", "pragmatic clinical trial",
                                     "equivalence trial", "clinical trial, phase iii", "controlled clinical trial")),
    ("cohort / case-control", ("observational study", "multicenter study", "cohort studies", "case-control studies",
                               "prospective studies", "retrospective studies", "longitudinal studies",
                               "follow-up studies", "cross-sectional studies", "clinical trial",
                               "clinical trial, phase ii", "clinical trial, phase i", "comparative study",
                               "validation study", "evaluation study")),
    ("case series", ("case series",)),
    ("case report", ("case reports",)),
    ("expert opinion", ("review", "editorial", "comment", "letter", "lecture", "expert opinion")),
]

# Cue phrases for documents without publication types; checked on title and the first 1,500 characters.
_TEXT_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("practice guideline", re.compile(r"\b(clinical practice guideline|guidelines? (for|on)|consensus statement|"
                                      r"recommendations? (for|of) the|position statement)\b", re.I)),
    ("systematic review / meta-analysis", re.compile(r"\b(systematic(al)? review|meta-?analys[ie]s|"
                                                     r"pooled analysis)\b", re.I)),
    ("randomised controlled trial", re.compile(r"\b(randomi[sz]ed|randomly assigned|placebo-controlled)\b", re.I)),
    ("cohort / case-control", re.compile(r"\b(cohort|case-control|prospective(ly)?|retrospective(ly)?|"
                                         r"registry|cross-sectional)\b", re.I)),
    ("case series", re.compile(r"\b(case series|series of \d+ (patients|cases)|\d+ consecutive)\b", re.I)),
    ("case report", re.compile(r"\b(case report|we (report|describe|present) (a|an|the case)|"
                               r"\d+-year-old (man|woman|boy|girl|patient|male|female))\b", re.I)),
    ("expert opinion", re.compile(r"\b(review|editorial|commentary|perspective|opinion)\b", re.I)),
]


# Non-human research: MeSH check tags, and title words (an abstract's background may mention mice in passing).
_ANIMAL_TITLE = re.compile(r"\b(mice|mouse|murine|rats?|rodents?|rabbits?|dogs?|canine|pigs?|porcine|sheep|ovine|"
                           r"primates?|monkeys?|macaques?|zebrafish|drosophila|animal models?|in vivo)\b", re.I)
_IN_VITRO_TITLE = re.compile(r"\b(in vitro|cell lines?|cultured (cells|neurons)|cell cultures?|organoids?)\b", re.I)


_HUMAN_TITLE = re.compile(r"\b(patients?|trials?|randomi[sz]ed|humans?|children|women|men|adults|clinical|"
                          r"cohort|case reports?|volunteers|people)\b", re.I)


def non_human(mesh: list[str] | None, title: str) -> str | None:
    """"animal study" or "in-vitro study" when the record's MeSH or title says so; None otherwise.

    A title that names patients or a trial ("Lithium in patients with ALS ... a randomised trial") is
    clinical even when it mentions animal models."""
    lowered = {m.strip().lower() for m in mesh or []}
    if "humans" not in lowered and not ("animals" not in lowered and _HUMAN_TITLE.search(title or "")):
        if "in vitro techniques" in lowered or _IN_VITRO_TITLE.search(title or ""):
            return "in-vitro study"
        if "animals" in lowered or _ANIMAL_TITLE.search(title or ""):
            return "animal study"
    return None


@dataclass(frozen=True)
class Grade:
    label: str
    rank: int
    basis: str          # "publication type", "MeSH", "text", "source"


def grade_source(source_type: str, publication_types: list[str] | None = None, mesh: list[str] | None = None,
                 title: str = "", text: str = "") -> Grade:
    """The grade of one document; the strongest design any of its signals names."""
    if source_type == "knowledge":
        return Grade("curated knowledge", GRADES["curated knowledge"], "source")
    species = non_human(mesh, title)
    if species is not None:
        return Grade(species, GRADES[species], "MeSH" if mesh else "text")
    for basis, names in (("publication type", publication_types or []), ("MeSH", mesh or [])):
        lowered = {n.strip().lower() for n in names}
        for label, known in _PUBLICATION_TYPES:
            if lowered.intersection(known):
                # "Review" alone is narrative review (expert opinion); a systematic review says so.
                return Grade(label, GRADES[label], basis)
    opening = f"{title}\n{text[:1500]}"
    for label, pattern in _TEXT_CUES:
        if pattern.search(opening):
            return Grade(label, GRADES[label], "text")
    return Grade("unclassified", 0, "none")


def recency_weight(year: int | None, today: date | None = None, half_life_years: float = 10.0) -> float:
    """1.0 for this year's evidence, halving every ``half_life_years``; 0.5 when the year is unknown."""
    if not year:
        return 0.5
    age = max(0, (today or date.today()).year - int(year))
    return 0.5 ** (age / half_life_years)


def evidence_weight(grade: Grade, year: int | None) -> float:
    """A multiplier in about 0.6..1.3 used to break ties between equally relevant sources."""
    return 0.6 + 0.08 * grade.rank + 0.14 * recency_weight(year)
