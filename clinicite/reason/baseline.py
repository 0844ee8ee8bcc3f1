"""Phenomizer-style ranking, the reference the likelihood-ratio model is measured against.

Köhler et al., "Clinical diagnostics in human genetics with semantic similarity
searches in ontologies", AJHG 2009: the similarity of a finding q and a disease
is the information content of their most informative common ancestor (Resnik
1995); a disease's score is the average, over the patient's findings, of the best
match among the disease's annotations (one-sided best-match average). Excluded
findings, frequencies, age and priors are ignored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:      # the similar-case hook imports this module, and the knowledge base imports that hook
    from clinicite.reason.knowledge import KnowledgeBase


def phenomizer_scores(kb: KnowledgeBase, observed: list[str], held_out_publication: str | None = None) -> np.ndarray:
    """Resnik one-sided best-match average per candidate row (higher is more similar).

    ``held_out_publication``: over a knowledge base that learnt from published cases, annotate as if that
    publication's patients were unread (a benchmark's case never matches its own report)."""
    # the findings the knowledge knows, resolved, once each (as scoring.known_terms; not imported: that module
    # imports the knowledge base, which imports the similar-case hook, which imports this one)
    terms = list(dict.fromkeys(t for t in map(kb.ontology.resolve, observed) if t and t in kb.term_index))
    scores = np.zeros(len(kb.candidates))
    if not terms:
        return scores
    groups = [kb.ancestor_columns(t) for t in terms]
    columns = np.concatenate(groups)
    rows = np.arange(len(kb.candidates))
    # a frequency the hold-out brings back to zero may keep a rounding residue: 1e-9 is "not annotated"
    present = kb.frequency_block(rows, columns, held_out_publication) > 1e-9
    weighted = present * kb.information_content[columns]
    start = 0
    for group in groups:
        scores += weighted[:, start:start + len(group)].max(axis=1)
        start += len(group)
    return scores / len(terms)
