"""Facts about a disease as numbers: prevalence, earliest age of onset, mode of inheritance.

Prevalence classes are Orphanet's (Orphanet Report Series, "Prevalence and
incidence of rare diseases"); each class becomes a representative value inside
its range (the geometric middle, since the classes span an order of magnitude).
Onset labels are HPO onset terms (HP:0003674 subtree) or Orphanet average age
of onset values; each becomes the youngest age, in years, at which it applies.

How the prior of a candidate reflects prevalence at the patient's age and sex
(:func:`clinicite.reason.scoring.log_prior`):

- a knowledge-base disease: its Orphanet prevalence (this module), raised to
  ``prior_weight``; a patient younger than its earliest onset counts against it
  (the ``onset`` scorer), an X-linked recessive disease in a woman likewise (``sex``);
- a curated common cause (:mod:`clinicite.reason.common_causes`): the prevalence
  its frequency class stands for in the patient's age band (common 1e-2, uncommon
  1e-3, rare 1e-4, outside every band 1e-6), one class lower for the less affected
  sex, raised to ``common_prior_weight`` from the rare-disease default. So with few
  findings the causes common at that age lead, and a rare dysplasia leads only when
  the findings fit it much better.
"""

from __future__ import annotations

import math
import re

import numpy as np

from clinicite.ingest.disease import DiseaseRecord

PREVALENCE_CLASSES = {
    ">1 / 1000": 2e-3,
    "6-9 / 10 000": 7.5e-4,
    "1-5 / 10 000": 2.5e-4,
    "1-9 / 100 000": 3e-5,
    "1-9 / 1 000 000": 3e-6,
    "<1 / 1 000 000": 3e-7,
}
# Prevalence assumed for a disease Orphanet gives none: most such entries are
# ultra-rare (a handful of published families), so the default sits between
# the two rarest classes.
DEFAULT_PREVALENCE = 1e-6
# Prevalence types in order of preference; incidence and birth prevalence stand in for point prevalence.
_TYPES = ("Point prevalence", "Prevalence at birth", "Annual incidence", "Lifetime Prevalence")

ONSET_YEARS = {
    # HPO onset terms
    "antenatal onset": 0.0, "embryonal onset": 0.0, "fetal onset": 0.0, "congenital onset": 0.0,
    "late first trimester onset": 0.0, "second trimester onset": 0.0, "third trimester onset": 0.0,
    "neonatal onset": 0.0, "pediatric onset": 0.0, "infantile onset": 28 / 365, "childhood onset": 1.0,
    "juvenile onset": 5.0, "adult onset": 16.0, "young adult onset": 16.0, "early young adult onset": 16.0,
    "intermediate young adult onset": 19.0, "late young adult onset": 25.0, "middle age onset": 40.0,
    "late onset": 60.0,
    # Orphanet average age of onset
    "antenatal": 0.0, "neonatal": 0.0, "infancy": 28 / 365, "childhood": 2.0, "adolescent": 12.0,
    "adult": 18.0, "elderly": 65.0, "all ages": 0.0,
}

_INHERITANCE = {
    "dominant": ("autosomal dominant", "semi-dominant"),
    "recessive": ("autosomal recessive",),
    "x_recessive": ("x-linked recessive", "x-linked inheritance"),
    "x_dominant": ("x-linked dominant", "x-linked inheritance"),
    "mitochondrial": ("mitochondrial",),
    "sporadic": ("sporadic", "typically de novo", "somatic mosaicism", "not applicable"),
}


def class_prevalence(prevalence_class: str | None) -> float | None:
    return PREVALENCE_CLASSES.get((prevalence_class or "").strip())


def record_prevalence(record: DiseaseRecord) -> float | None:
    """The most representative prevalence of a disease: worldwide point prevalence first.

    A "Cases/families" entry (only N published cases) is turned into a very low
    prevalence, N per billion, capped at the rarest class.
    """
    best: tuple[int, float] | None = None
    for p in record.prevalence:
        value = class_prevalence(p.prevalence_class)
        if value is not None and p.prevalence_type in _TYPES:
            rank = _TYPES.index(p.prevalence_type) * 2 + (0 if p.geographic == "Worldwide" else 1)
        elif p.prevalence_type == "Cases/families" and p.value:
            value, rank = min(p.value * 1e-9, 3e-7), 20
        else:
            continue
        if best is None or rank < best[0]:
            best = (rank, value)
    return best[1] if best else None


def earliest_onset_years(labels: list[str]) -> float:
    """Youngest age of onset (years) among the labels; NaN when none is recognised."""
    ages = [ONSET_YEARS[key] for label in labels if (key := label.strip().lower()) in ONSET_YEARS]
    return min(ages) if ages else math.nan


# A disease every record of which gives an onset before this age (HPO "Adult onset" starts at 16) is a disease
# of childhood; one that first presents at LATE_PRESENTATION_AGE or later is outside its ages.
ADULT_ONSET_YEARS = 16.0
LATE_PRESENTATION_AGE = 40.0


def latest_onset_years(labels: list[str]) -> float:
    """Oldest age of onset (years) among the labels; NaN when none is recognised."""
    ages = [math.inf if key == "all ages" else ONSET_YEARS[key]          # "All ages": no latest onset
            for label in labels if (key := label.strip().lower()) in ONSET_YEARS]
    return max(ages) if ages else math.nan


def childhood_only(kb) -> np.ndarray:
    """Per candidate row: every onset its records (and their equivalents) state is before adulthood (Winchester
    syndrome: infantile onset); False when no onset is recorded. Computed once per knowledge base."""
    cached = getattr(kb, "_childhood_only", None)
    if cached is None:
        latest = np.array([latest_onset_years([o for d in kb.equivalent_ids(disease_id) if d in kb.diseases
                                               for o in kb.diseases[d].onset])
                           for disease_id in kb.candidates])
        cached = kb._childhood_only = np.nan_to_num(latest, nan=np.inf) < ADULT_ONSET_YEARS
    return cached


def inheritance_flags(labels: list[str]) -> set[str]:
    """Named modes of inheritance present in HPO or Orphanet inheritance labels; "any" when one is known."""
    flags: set[str] = set()
    for label in labels:
        lowered = label.lower()
        for flag, needles in _INHERITANCE.items():
            if any(needle in lowered for needle in needles):
                flags.add(flag)
    if flags - {"sporadic"}:
        flags.add("any")
    return flags


# A disease whose name marks it as the form of one age ("Neonatal Marfan syndrome", "Infantile Refsum disease",
# "Adult-onset Still disease") presents at that age: a 16-year-old with Marfan features has Marfan syndrome, not
# its neonatal form. The window is where the named form first presents (HPO onset terms: neonatal < 28 days,
# infantile < 1 year; we allow some delay in diagnosis), and ``AGE_FORM_LR`` the likelihood of a patient outside
# it. The onset scorer covers only the other side (a patient younger than the earliest onset).
AGE_FORM_WINDOWS = (
    (re.compile(r"\b(neonatal|newborn)\b", re.IGNORECASE), 0.0, 2.0),
    (re.compile(r"\b(early[- ])?infantile\b", re.IGNORECASE), 0.0, 5.0),
    (re.compile(r"\badult[- ]onset\b|\badult (form|type)\b|\blate[- ]onset\b", re.IGNORECASE), 12.0, math.inf),
)
# Set by reasoning, not fitted (the phenopacket dev set was only checked for regression): a named age form outside
# its window is about one in twenty as likely as inside it, since such forms are defined by their age of onset.
AGE_FORM_LR = 0.05


def age_form_window(names: list[str]) -> tuple[float, float] | None:
    """(youngest, oldest) age in years at which a disease named as an age form presents; None when no name is one.
    A disease also named without the age word (an OMIM entry and its Orphanet twin) keeps the narrowest window
    any of its names gives only when every name is an age form, so a general name wins."""
    windows = []
    for name in names:
        found = next(((low, high) for pattern, low, high in AGE_FORM_WINDOWS if pattern.search(name)), None)
        if found is None:
            return None
        windows.append(found)
    return (max(w[0] for w in windows), min(w[1] for w in windows)) if windows else None


def age_form_log_prior(kb, age_years: float | None) -> np.ndarray:
    """Per candidate row: log ``AGE_FORM_LR`` when the patient's age is outside the age form its names state."""
    windows = getattr(kb, "_age_form_windows", None)
    if windows is None:
        low, high = np.full(len(kb.candidates), -math.inf), np.full(len(kb.candidates), math.inf)
        for row, disease_id in enumerate(kb.candidates):
            names = [kb.diseases[d].name for d in kb.equivalent_ids(disease_id) if d in kb.diseases]
            window = age_form_window(names)
            if window is not None:
                low[row], high[row] = window
        windows = kb._age_form_windows = (low, high)
    out = np.zeros(len(kb.candidates))
    if age_years is None or (isinstance(age_years, float) and math.isnan(age_years)):
        return out
    low, high = windows
    out[(age_years < low) | (age_years > high)] = math.log(AGE_FORM_LR)
    return out
