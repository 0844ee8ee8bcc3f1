"""A literature candidate's evidence as one log likelihood ratio, and its links to the knowledge base.

The terms: how well the passages naming it rank, the case findings those documents name, whether a source names it
in a differential, the source's discriminators weighed against the patient (:mod:`clinicite.reason.weighing`), and
what a similar published case says of it (:mod:`clinicite.reason.similar_case`).
"""

from __future__ import annotations

import math

from clinicite.reason.discourse import Discriminator
from clinicite.reason.literature_candidate import LiteratureCandidate
from clinicite.reason.name_link import headed_disease
from clinicite.reason.weighing import weigh

# Weights of the literature evidence. Not fitted (no labelled set for it yet); chosen so that one
# top-ranked passage naming two of the case's findings is worth about as much as one well-matched
# phenotype in the knowledge model, and a source's discriminator that the case meets about as much again.
PASSAGE_WEIGHT = 1.0
FINDING_WEIGHT = 0.75
DIFFERENTIAL_WEIGHT = 0.5            # a relevant source names it among the alternatives
# A disease that a similar published case's report names beside the diagnosis it made: that report weighs it for a
# patient like this one, so it is a row of the differential (below the report's diagnosis, which gets the match's
# weight). Set by hand, not fitted: about one shared finding at the minimum IC plus a differential statement.
SIMILAR_REPORT_WEIGHT = 2.5
# A source relevant to the case that states it as its patient's diagnosis, when the patient is not similar enough
# to count as a similar published case (clinicite.reason.similar_case weighs those by the findings matched).
REPORTED_WEIGHT = 1.0
MAX_LOG_LR = 8.0


def stated_by_similar(candidate: LiteratureCandidate) -> bool:
    return candidate.similar_case is not None and candidate.similar_case.similar


def reported_weight(candidate: LiteratureCandidate) -> float:
    """A similar published case's diagnosis weighs by its match; a less similar report's, a little."""
    match = candidate.similar_case
    if match is not None and match.similar:
        return match.log_lr
    return REPORTED_WEIGHT if candidate.reported_diagnosis else 0.0


def kb_ids(candidate: LiteratureCandidate, kb) -> list[str]:
    """Every knowledge-base id of the candidate's disease: its own, and those its concept links."""
    ids = [candidate.disease_id] if candidate.disease_id else []
    ids += [c for c in candidate.codes if c in kb.diseases]
    return list(dict.fromkeys(i for d in dict.fromkeys(ids) for i in kb.equivalent_ids(d)))


def _link(candidate: LiteratureCandidate, kb) -> list[str]:
    """Join the candidate to the knowledge base's record of the same disease (its id and name), in place."""
    linked = kb_ids(candidate, kb) or [i for i in [headed_disease(kb, candidate.name)] if i]   # name_link.py
    candidate.kb_ids = linked
    candidate.codes = [c for c in candidate.codes if c not in kb.diseases]
    if linked and not candidate.disease_id:
        candidate.disease_id = kb.equivalent_ids(linked[0])[0]
    if candidate.disease_id and candidate.disease_id in kb.diseases:
        candidate.name = (kb.names_of(candidate.disease_id) or [candidate.name])[0]
    return linked


def _weigh_discriminators(candidate: LiteratureCandidate, discriminators: list[Discriminator], facts,
                          ontology) -> None:
    for discriminator in discriminators:
        if candidate.key in discriminator.candidates or (candidate.category and
                                                         candidate.category in discriminator.categories):
            weighed = weigh(discriminator, facts, ontology)
            if weighed is None:
                candidate.discriminators_unweighed.append(discriminator)
            elif weighed.log_lr > 0:
                candidate.discriminators_for.append(weighed)
            else:
                candidate.discriminators_against.append(weighed)


def score(candidate: LiteratureCandidate, shared_by_document: dict[str, set[str]], best_score: float,
          discriminators: list[Discriminator], facts, ontology, kb, rejected: set[str] = frozenset()) -> None:
    """Fill the candidate's derived fields and its log likelihood ratio.

    ``rejected``: documents of similar published cases that diagnosed something else. Their patient had the
    case's findings and not this disease, so their passages and shared findings are no evidence for it; it
    enters as a named alternative, with that source's discriminators.
    """
    candidate.findings = sorted({f for p in candidate.passages for f in shared_by_document.get(p.document_id, ())})
    candidate.shared_hpo = sorted({h for p in candidate.passages for h in p.hpo_ids})
    candidate.named_in_differential = bool(candidate.differential)
    linked = _link(candidate, kb)
    _weigh_discriminators(candidate, discriminators, facts, ontology)
    # A disease the knowledge base holds competes on the findings it scores there: the bump is for rows that only
    # the literature brings in, and never above the report's own diagnosis (that has the match's weight).
    candidate.similar_report_weight = SIMILAR_REPORT_WEIGHT if (
        candidate.named_by_similar_report and not stated_by_similar(candidate) and not linked
        and not candidate.disease_id) else 0.0
    passages = [p for p in candidate.passages if p.document_id not in rejected]
    passage_evidence = sum(max(p.score, 0.0) / best_score for p in passages)
    findings = {f for p in passages for f in shared_by_document.get(p.document_id, ())}
    log_lr = (PASSAGE_WEIGHT * math.log1p(passage_evidence) * 2 + FINDING_WEIGHT * len(findings)
              + DIFFERENTIAL_WEIGHT * candidate.named_in_differential
              + candidate.similar_report_weight
              + sum(w.log_lr for w in candidate.discriminators_for + candidate.discriminators_against))
    # The similar-case weight has its own cap (similar_case.MAX_SIMILAR_LOG_LR): it is the strongest evidence
    # one report gives, and must be able to outweigh a knowledge row that several findings match.
    candidate.log_lr = max(-MAX_LOG_LR, min(MAX_LOG_LR, log_lr)) + reported_weight(candidate)
