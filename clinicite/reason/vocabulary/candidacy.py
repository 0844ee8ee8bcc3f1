"""Which vocabulary names may stand for a candidate diagnosis when a passage writes them.

ICD-10-CM files circumstances and findings beside diseases: "Immersion" (T75.1, effects of external
causes), "Indigestion", "Freckles". Read in a passage ("after immersion in cold water") such a word was
ranked as a disease. A name of one word is too ambiguous a string to be a candidate on one list's word
alone, so it is admitted only when something else says it names a disease:

- a second source holds the concept (a knowledge-base record, the Disease Ontology, the curated causes),
- or its category is one a clinician reasons with (infection, neoplasm, toxic ...; not "other"),
- or the word has a disease's form (-itis, -osis, -oma, -emia, -pathy, -iasis, -plasia, -trophy).

Names of two words or more ("Stress fracture", "Lead poisoning") are not touched by this rule.
Measured on MedQA train vignettes (BENCHMARKS.md, Round 5): every one-word disease name read
there is still admitted.
"""

from __future__ import annotations

import re

from clinicite.reason.vocabulary.concepts import OTHER, Concept

_DISEASE_FORM = re.compile(r"(?:itis|osis|omas?|emia|aemia|pathy|iasis|plasia|trophy)$")
_SINGLE_SOURCE_PREFIX = "ICD10CM:"


def admitted_as_candidate(key: str, concept: Concept) -> bool:
    """Whether the matching key ``key`` of ``concept`` may name a candidate diagnosis in a passage."""
    if len(key.split()) > 1:
        return True
    corroborated = any(not code.startswith(_SINGLE_SOURCE_PREFIX) for code in concept.codes)
    return corroborated or concept.category != OTHER or bool(_DISEASE_FORM.search(key))
