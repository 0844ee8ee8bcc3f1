"""Partial credit for a finding that is a more specific form of a feature the disease is annotated with.

LIRICAL (Robinson et al., "Interpretable clinical genomics with a likelihood ratio paradigm", AJHG 2020,
107:403-417) scores a patient's finding q against a disease D in four cases: q is annotated to D; q is an
ancestor of D's annotations; q is a *subclass* of a term t annotated to D; q and D's annotations only share a
non-root ancestor. clinicite's phenotype scorer (:func:`clinicite.reason.scoring.observed_findings`) covers
all four through the closure of D's annotations: for each ancestor a of q it takes
``log F(D, a) - log bg(a) - specificity_penalty * (IC(q) - IC(a))``, where F(D, a) is the highest frequency
of D's annotations at or below a. That one penalty treats two different situations alike:

- **subclass match** (LIRICAL's third case): D is annotated *at* a itself, e.g. "Retinal degeneration",
  and the patient has "Macular degeneration" below it. The curators recorded the feature at a general
  level; the patient's finding is one form of it, not a different finding. If, within a, the forms of the
  finding are spread as in the background, P(q | D) = F(D, a) * bg(q) / bg(a), and the ratio is that of a:
  no information is lost, so the per-nat penalty can be small.
- **common-ancestor match** (LIRICAL's fourth case): D is annotated only *below* a, at a sibling or cousin
  of q (q "Macular degeneration", D "Rod-cone dystrophy", shared ancestor "Abnormal retinal morphology").
  The patient's finding is another finding than D's; the ancestor's ratio over-credits it unless discounted
  by how much less specific the shared ancestor is than the finding (IC, Resnik 1995).

This module gives the subclass match its own per-nat penalty (``Parameters.subclass_penalty``), computed
from D's *direct* annotations (curated HPOA / Orphanet, ``kb.annotation_frequency``), so that the
common-ancestor penalty (``specificity_penalty``) and it can be fitted apart. With both penalties equal the
result equals the closure score: the direct frequency never exceeds the closure frequency of a column.
"""

from __future__ import annotations

import numpy as np


def subclass_match(kb, group: np.ndarray, q_ic: float, rows: np.ndarray, penalty_per_nat: float,
                   log_lr: np.ndarray, matched: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Raise ``log_lr`` (per candidate row) where a direct annotation of an ancestor of the finding scores more.

    ``group``: the ontology columns of the finding and its ancestors; ``q_ic``: the finding's information
    content; ``log_lr`` / ``matched``: the closure score and matched column per row (not modified; new arrays
    are returned). Only curated annotations count: a published case's findings are already in the closure,
    and a held-out publication never enters ``kb.annotation_frequency``.
    """
    direct = kb.annotation_frequency
    n_rows = direct.shape[0]
    best = np.full(n_rows, -np.inf)
    column_of = np.full(n_rows, -1, dtype=np.int64)
    shifts = np.log(kb.background[group]) + penalty_per_nat * (q_ic - kb.information_content[group])
    for column, shift in zip(group.tolist(), shifts.tolist()):
        lo, hi = direct.indptr[column], direct.indptr[column + 1]
        if lo == hi:
            continue
        cells = direct.indices[lo:hi]
        values = np.log(direct.data[lo:hi]) - shift
        better = values > best[cells]
        best[cells[better]] = values[better]
        column_of[cells[better]] = column
    best, column_of = best[rows], column_of[rows]
    wins = best > log_lr
    return np.where(wins, best, log_lr), np.where(wins, column_of, matched)
