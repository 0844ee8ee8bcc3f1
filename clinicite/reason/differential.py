"""The differential diagnosis: every disease in the knowledge base ranked for one case.

:func:`rank_diseases` sums the log likelihood ratios of the scoring functions
(:mod:`clinicite.reason.scoring`, after LIRICAL: Robinson et al., AJHG 2020),
adds a prevalence prior, and turns the result into post-test probabilities.

How the probabilities are calibrated: each disease's prior is its prevalence
raised to ``prior_weight`` and normalised over all diseases so that the diseases
together hold ``1 - unlisted_prior`` of the prior mass; the remaining
``unlisted_prior`` stands for a disease the knowledge base does not hold, whose
likelihood ratio is 1 by definition. Post-test odds = prior odds x LR; the log
posterior is then divided by ``temperature`` (3, fitted on the dev phenopackets to
minimise the negative log-likelihood of the true diagnosis: naive Bayes over
correlated findings is over-confident, and at temperature 1 the top diagnosis got
0.75 probability on average while it was right about half the time). This keeps
the ranking and spreads the probabilities. Normalising over diseases plus the
unlisted hypothesis gives probabilities that sum to at most 1.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from clinicite.reason.explain import FindingWeight, explain_row
from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.scoring import SCORERS, Case, LikelihoodRatios, Parameters, log_prior


@dataclass
class Diagnosis:
    id: str                                 # primary id (OMIM first when the disease has one)
    ids: list[str]                          # primary + equivalent ids
    name: str
    probability: float
    log_likelihood_ratio: float
    rank: int
    prior: float = 0.0                      # prior probability (from prevalence) before the findings
    for_: list[FindingWeight] = field(default_factory=list)
    against: list[FindingWeight] = field(default_factory=list)
    records: list[str] = field(default_factory=list)       # knowledge record ids behind it
    references: list[str] = field(default_factory=list)    # PMIDs of the annotations that matched
    source: str = "knowledge"                               # "knowledge", "curated" or "literature"
    passages: list[dict] = field(default_factory=list)      # literature passages (see literature.py)
    category: str | None = None                             # infection, neoplasm malignant, normal variant ...
    discriminators: list[str] = field(default_factory=list)  # features that tell it from the others
    tests: list[str] = field(default_factory=list)           # tests that separate it
    # Published patients like this one with this diagnosis (pmid, disease, similarity, shared findings).
    similar_cases: list[dict] = field(default_factory=list)
    # Case findings the disease's records do not list: weighed in the likelihood ratio, but not shown as
    # evidence against (no source says the disease lacks them; :mod:`clinicite.reason.explain`).
    unlisted: list[FindingWeight] = field(default_factory=list)
    # The findings do not separate this row from the leader (within SEPARATION_RATIO of its probability, set
    # by :func:`clinicite.reason.engine.build_differential` when it says so in the differential's note).
    close_to_leader: bool = False

    def to_dict(self) -> dict:
        data = asdict(self)
        data["for"] = data.pop("for_")
        return data


@dataclass
class Differential:
    diagnoses: list[Diagnosis]
    observed: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    unknown_terms: list[str] = field(default_factory=list)  # ids the ontology does not know
    unlisted_probability: float = 0.0                        # mass left for a disease not in the knowledge base
    parameters: Parameters = field(default_factory=Parameters)
    # "ranked"; "no_findings" (nothing recognised to reason from) or "not_covered" (nothing held explains
    # the findings): then ``diagnoses`` is empty and ``reason`` says why, in words a reader can act on.
    status: str = "ranked"
    reason: str = ""
    note: str = ""                                           # e.g. "the findings do not separate ..."
    considered: int = 0                                      # candidates the probabilities are normalised over
    genes: list[str] = field(default_factory=list)           # gene symbols read from the case
    uncovered_options: list[str] = field(default_factory=list)  # named options the sources do not hold

    def to_dict(self) -> dict:
        return {"status": self.status, "reason": self.reason, "note": self.note,
                "diagnoses": [d.to_dict() for d in self.diagnoses], "observed": self.observed,
                "excluded": self.excluded, "genes": self.genes, "unknown_terms": self.unknown_terms,
                "unlisted_probability": self.unlisted_probability, "considered": self.considered,
                "uncovered_options": self.uncovered_options}


def score_case(kb: KnowledgeBase, case: Case, params: Parameters) -> tuple[np.ndarray, dict[str, LikelihoodRatios]]:
    """Summed log LR per candidate row and the evidence of each scoring function."""
    evidence = {name: function(kb, case, params) for name, function in SCORERS.items()}
    total = np.zeros(len(kb.candidates))
    for item in evidence.values():
        total += item.log_lr
    return total, evidence


def group_log_scores(kb: KnowledgeBase, log_lr: np.ndarray, params: Parameters, case: Case | None = None):
    """``(best row per group, normalised log prior + log LR per group)``, before tempering."""
    prior = log_prior(kb, params, case)
    score = prior + log_lr
    order = np.lexsort((-score, kb.row_group))
    first = np.r_[True, kb.row_group[order][1:] != kb.row_group[order][:-1]]
    best_rows = order[first]
    return best_rows, group_priors(prior[best_rows], params) + log_lr[best_rows]


def group_posteriors(kb: KnowledgeBase, log_lr: np.ndarray, params: Parameters, case: Case | None = None):
    """Best row per disease group, its log posterior score, and normalised probabilities.

    Returns ``(best_row_per_group, probability_per_group, unlisted_probability)``; the
    normalised prior per group is left in ``kb``-independent form by :func:`group_priors`.
    ``case`` sets the age- and sex-dependent prior of the curated common causes.
    """
    prior = log_prior(kb, params, case)
    score = prior + log_lr
    order = np.lexsort((-score, kb.row_group))
    first = np.r_[True, kb.row_group[order][1:] != kb.row_group[order][:-1]]
    best_rows = order[first]                       # groups come out in ascending group order
    # Tempering the whole log posterior keeps the ranking and only spreads the probabilities.
    log_post = (group_priors(prior[best_rows], params) + log_lr[best_rows]) / params.temperature
    unlisted = np.log(params.unlisted_prior) / params.temperature
    top = max(log_post.max(), unlisted)
    weights = np.exp(log_post - top)
    total = weights.sum() + np.exp(unlisted - top)
    return best_rows, weights / total, float(np.exp(unlisted - top) / total)


def group_priors(group_log_prior: np.ndarray, params: Parameters) -> np.ndarray:
    """Log prior probability per disease group: normalised so the groups hold ``1 - unlisted_prior``."""
    shift = group_log_prior.max()
    normaliser = np.log(np.exp(group_log_prior - shift).sum()) + shift
    return group_log_prior - normaliser + np.log1p(-params.unlisted_prior)


def rank_diseases(kb: KnowledgeBase, observed: list[str], excluded: list[str] = (), age_years: float | None = None,
                  sex: str | None = None, family_history: bool | None = None, top: int = 20,
                  params: Parameters | None = None) -> Differential:
    """Rank the knowledge base's diseases for the findings of one patient.

    ``observed`` / ``excluded``: HPO ids present / explicitly absent. ``sex``: "male"
    or "female" (any case). ``family_history``: True (relatives affected), False
    (explicitly none), None (unknown).
    """
    params = params or Parameters()
    sex = sex.upper() if sex and sex.upper() in ("MALE", "FEMALE") else None
    case = Case(tuple(observed), tuple(excluded), age_years, sex, family_history)
    unknown = [t for t in [*observed, *excluded] if kb.ontology.resolve(t) is None]
    if not kb.candidates:
        return Differential([], list(observed), list(excluded), unknown, 1.0, params)
    log_lr, evidence = score_case(kb, case, params)
    best_rows, probability, unlisted = group_posteriors(kb, log_lr, params, case)
    prior = group_priors(log_prior(kb, params, case)[best_rows], params)
    order = np.argsort(-probability, kind="stable")[:top]
    diagnoses = []
    for rank, group in enumerate(order, start=1):
        row = int(best_rows[group])
        disease_id = kb.candidates[row]
        ids = kb.equivalent_ids(disease_id)
        why = explain_row(kb, case, evidence, row)
        diagnoses.append(Diagnosis(
            id=ids[0], ids=ids, name=kb.diseases[disease_id].name, probability=float(probability[group]),
            log_likelihood_ratio=float(log_lr[row]), rank=rank, prior=float(np.exp(prior[group])),
            for_=why.for_, against=why.against, records=why.records, references=why.references,
            unlisted=why.unlisted))
    return Differential(diagnoses, list(observed), list(excluded), unknown, unlisted, params)
