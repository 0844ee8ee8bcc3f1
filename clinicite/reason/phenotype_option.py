"""An option no disease record holds but the phenotype ontology names: "Vitiligo", "Pulmonary embolism".

Many conditions a question offers ("which of the following is the most likely diagnosis?") are common,
acquired ones the rare-disease knowledge base has no record for, yet the Human Phenotype Ontology holds a
term of exactly that name, with its place among the other findings (Köhler et al., 2021, "The Human
Phenotype Ontology in 2021"). Such an option is weighed as a disease whose one feature is that term: a
case finding the term implies ("Hypopigmentation of the skin" for "Vitiligo"), or a more specific form of
it, explains the finding; any other finding is matched through the nearest common ancestor, with the
specificity penalty and the floor the knowledge records get (:func:`clinicite.reason.scoring.observed_findings`).
The prior of such a condition is not known to the sources: the options map gives it a share fitted on
MedQA's train split (:data:`clinicite.reason.calibration.OPTIONS_MAP`, ``phenotype_prior``).
"""

from __future__ import annotations

import re
import weakref

import numpy as np

from clinicite.reason.explain import FindingWeight
from clinicite.reason.mentions import normalise
from clinicite.reason.scoring import Parameters, known_terms, most_specific_terms

_NAMES: "weakref.WeakKeyDictionary[object, dict[str, str]]" = weakref.WeakKeyDictionary()


def _phenotype_names(ontology) -> dict[str, str]:
    """Normalised label and exact synonyms -> term id (the first term keeps a name two terms share)."""
    names = _NAMES.get(ontology)
    if names is None:
        names = {}
        for term in ontology.terms.values():
            for name in [term.name, *(s.text for s in term.synonyms if s.scope == "EXACT")]:
                names.setdefault(normalise(name), term.id)
        _NAMES[ontology] = names
    return names


def phenotype_term(kb, option: str) -> str | None:
    """The HPO term an option names exactly (label or exact synonym), when the knowledge base weighs it."""
    plain = normalise(re.sub(r"['\u2019]s\b", "", re.sub(r"\([^)]*\)", " ", option)))
    term = _phenotype_names(kb.ontology).get(plain)
    return term if term is not None and term in kb.term_index else None


def phenotype_weights(kb, term: str, observed: list[str], params: Parameters) -> list[FindingWeight]:
    """Each case finding's log LR for a disease whose one feature is ``term``: the best ancestor of the finding
    that is the term or one of its ancestors, as the knowledge records are weighed."""
    implied = set(kb.ancestor_columns(term).tolist())
    floor = float(np.log(params.false_positive))
    weights = []
    for finding in most_specific_terms(kb, known_terms(kb, observed)):
        group = kb.ancestor_columns(finding)
        ic = float(kb.information_content[kb.term_index[finding]])
        shared = np.array([c for c in group.tolist() if c in implied], dtype=np.int64)
        term_floor = max(floor, -params.unexplained_cost_per_nat * ic) if params.unexplained_cost_per_nat > 0 \
            else floor
        best = term_floor
        if len(shared):
            scores = -np.log(kb.background[shared]) - params.specificity_penalty * (ic - kb.information_content[shared])
            best = max(term_floor, float(scores.max()))
        weights.append(FindingWeight(finding, kb.label(finding), best, explanation=_why(kb, finding, term, best,
                                                                                          term_floor)))
    return weights


def _why(kb, finding: str, term: str, weight: float, floor: float) -> str:
    if weight <= floor:
        return f"not part of the phenotype {kb.label(term)} ({term})"
    if kb.ontology.is_a(term, finding) or finding == term:
        return f"implied by the phenotype {kb.label(term)} ({term}, HPO)"
    if kb.ontology.is_a(finding, term):
        return f"a form of the phenotype {kb.label(term)} ({term}, HPO)"
    return f"related to the phenotype {kb.label(term)} ({term}, HPO) through a common, more general finding"


def phenotype_log_lr(kb, term: str, observed: list[str], params: Parameters) -> float:
    """The summed log LR of :func:`phenotype_weights` (what the options map weighs)."""
    return float(sum(w.weight for w in phenotype_weights(kb, term, observed, params)))


def phenotype_row(kb, term: str, option: str, observed: list[str], params: Parameters):
    """``(row, summed log LR)``: the option as a differential row, its findings for and against explained by
    the term's place in the ontology (probability set by the caller)."""
    from clinicite.reason.differential import Diagnosis
    weights = phenotype_weights(kb, term, observed, params)
    floor = float(np.log(params.false_positive))
    total = float(sum(w.weight for w in weights))
    row = Diagnosis(id=term, ids=[term], name=option, probability=0.0, log_likelihood_ratio=total, rank=0,
                    for_=[w for w in weights if w.weight > 0.05], source="phenotype",
                    unlisted=[w for w in weights if w.weight <= 0.05 and w.weight > floor - 1e-9])
    return row, total
