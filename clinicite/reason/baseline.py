"""Phenomizer-style ranking, the reference the likelihood-ratio model is measured against.

Köhler et al., "Clinical diagnostics in human genetics with semantic similarity
searches in ontologies", AJHG 2009: the similarity of a finding q and a disease
is the information content of their most informative common ancestor (Resnik
1995); a disease's score is the average, over the patient's findings, of the best
match among the disease's annotations (one-sided best-match average). Excluded
findings, frequencies, age and priors are ignored.
"""

from __future__ import annotations

import numpy as np

from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.scoring import known_terms


def phenomizer_scores(kb: KnowledgeBase, observed: list[str]) -> np.ndarray:
    """Resnik one-sided best-match average per candidate row (higher is more similar)."""
    terms = known_terms(kb, observed)
    scores = np.zeros(len(kb.candidates))
    if not terms:
        return scores
    groups = [kb.ancestor_columns(t) for t in terms]
    columns = np.concatenate(groups)
    present = kb.frequency[:len(kb.candidates), columns].toarray() > 0
    weighted = present * kb.information_content[columns]
    start = 0
    for group in groups:
        scores += weighted[:, start:start + len(group)].max(axis=1)
        start += len(group)
    return scores / len(terms)
