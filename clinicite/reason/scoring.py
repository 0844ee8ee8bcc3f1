"""Likelihood ratios for one case against every disease at once: a registry of small pure functions.

Each function of :data:`SCORERS` takes the knowledge base, the :class:`Case` and
the :class:`Parameters` and returns a :class:`LikelihoodRatios`: a natural-log likelihood
ratio per candidate disease (one array over all candidates), plus, for phenotype
findings, the per-finding ratios and the ontology term that matched, so the
differential can explain itself. The model follows LIRICAL (Robinson et al.,
"Interpretable clinical genomics with a likelihood ratio paradigm", AJHG 2020):

    LR(finding | disease) = P(finding | disease) / P(finding | background)

and the ratios of independent findings multiply (their logs add).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.subclass_match import subclass_match


@dataclass(frozen=True)
class Case:
    observed: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    age_years: float | None = None
    sex: str | None = None                 # "MALE", "FEMALE" or None
    family_history: bool | None = None
    genes: tuple[str, ...] = ()            # gene symbols the case names (a stated mutation or variant)
    # Rank as if this publication's patients were unknown (a published case is never its own evidence).
    held_out_publication: str | None = None


@dataclass(frozen=True)
class Parameters:
    """Knobs of the model, tuned on the phenopacket dev set (bench/phenopackets.py)."""

    # Per nat of information a partial match leaves unexplained: a shared ancestor (3), and a term the disease is
    # annotated with itself, of which the finding is a subclass (1; subclass_match.py). Chosen by the shipped
    # mixture's MRR on the phenopacket fit part (S/P 2/2, 1/2, 0/2, 0.5/2, 1/1, 1/3; bench/rank_partial_credit.py).
    specificity_penalty: float = 3.0
    subclass_penalty: float = 1.0
    false_positive: float = 0.02           # LR floor for a finding the disease does not explain
    # Lowest LR of one excluded finding. High because in published cases the
    # findings reported absent are mostly ones from the disease's own spectrum.
    excluded_floor: float = 0.9
    known_absent_lr: float = 1.5           # excluded finding the disease is known NOT to have (NOT qualifier)
    # Multiplies the log LR of excluded findings. On the dev phenopackets every weight above 0 lowered
    # accuracy a little (0 / 0.25 / 0.5 / 1 / 1.5 / 2: top-1 0.372 / ~0.36-0.37 / 0.360 / 0.355 / 0.350 / 0.344),
    # because a published report names the absent findings of the diagnosis it suspected, i.e. of the true
    # one. The weight is therefore divided by the square root of the number of excluded findings: a
    # systematic checklist of dozens of absent features is correlated evidence and counts little in sum,
    # while a clinician's few pertinent negatives ("no seizures") count nearly in full and show on the
    # "against" side of the explanation.
    excluded_weight: float = 1.0
    onset_lr: float = 0.2                  # patient younger than the disease's earliest onset
    x_recessive_female_lr: float = 0.3     # female patient, disease only X-linked recessive
    prior_weight: float = 0.1              # exponent on prevalence: 0 = flat prior, 1 = full prevalence
    common_prior_weight: float = 0.5       # the same for the curated common causes (see log_prior)
    gene_weight: float = 1.0               # multiplies the log LR of a named disease gene (see gene_fit)
    temperature: float = 3.0               # divides the log posterior before normalising (calibration)
    unlisted_prior: float = 0.05           # prior mass of diseases the knowledge base does not hold
    # Chance that a feature the patient has is reported at all (dev, tried 0 / 0.01 / 0.02 / 0.03 / 0.05 / 0.1).
    report_rate: float = 0.03
    # An unexplained finding costs at most this many nats per nat of its information content:
    # a finding nearly every disease can show ("Pain") cannot argue much against any one of them.
    unexplained_cost_per_nat: float = 1.0  # 0 = the flat ``false_positive`` floor only (tuned on dev: 0, 1, 2)
    most_specific: float = 1.0             # 1 = drop observed findings that are ancestors of other observed ones


@dataclass
class FindingScore:
    hpo_id: str
    log_lr: np.ndarray                     # per candidate row
    matched_column: np.ndarray | None      # ontology column that matched, per row (-1: none)


@dataclass
class LikelihoodRatios:
    name: str
    log_lr: np.ndarray
    findings: list[FindingScore] = field(default_factory=list)


Scorer = Callable[[KnowledgeBase, Case, Parameters], LikelihoodRatios]
SCORERS: dict[str, Scorer] = {}


def scorer(name: str) -> Callable[[Scorer], Scorer]:
    def register(function: Scorer) -> Scorer:
        SCORERS[name] = function
        return function
    return register


def case_rows(kb: KnowledgeBase, sex: str | None) -> np.ndarray:
    """Matrix rows for each candidate: a disease's sex-specific row when the patient's sex is known."""
    return kb.sex_rows.get((sex or "").upper(), np.arange(len(kb.candidates)))


def known_terms(kb: KnowledgeBase, terms) -> list[str]:
    seen: dict[str, None] = {}
    for term in terms:
        resolved = kb.ontology.resolve(term)
        if resolved and resolved in kb.term_index:
            seen.setdefault(resolved, None)
    return list(seen)


def most_specific_terms(kb: KnowledgeBase, terms: list[str]) -> list[str]:
    """The findings that are not ancestors of another finding of the same case.

    "Seizure" adds nothing once "Focal-onset seizure" is observed (true-path
    rule), and scoring both would count one observation twice: the redundancy
    that makes naive Bayes over-confident (Köhler et al. 2009 and LIRICAL both
    reduce a patient's terms to their most specific set).
    """
    implied: set[int] = set()
    for term in terms:
        own = kb.term_index[term]
        implied.update(c for c in kb.ancestor_columns(term).tolist() if c != own)
    return [t for t in terms if kb.term_index[t] not in implied]


def best_ancestor_match(kb: KnowledgeBase, group: np.ndarray, penalty: np.ndarray, rows: np.ndarray):
    """Per candidate: the best log F(d, a) - log bg(a) - penalty(a) over the columns ``group``, and that column.

    Walks only the stored (non-zero) cells of each column: a specific term is
    annotated to few diseases, so this costs far less than a dense block.
    """
    frequency = kb.frequency
    log_data = kb.log_frequency_data()
    best = np.full(frequency.shape[0], -np.inf)
    column_of = np.full(frequency.shape[0], -1, dtype=np.int64)
    log_background = np.log(kb.background[group])
    for column, shift in zip(group.tolist(), (log_background + penalty).tolist()):
        lo, hi = frequency.indptr[column], frequency.indptr[column + 1]
        cells = frequency.indices[lo:hi]
        values = log_data[lo:hi] - shift
        better = values > best[cells]
        best[cells[better]] = values[better]
        column_of[cells[better]] = column
    return best[rows], column_of[rows]


@scorer("phenotype")
def observed_findings(kb: KnowledgeBase, case: Case, params: Parameters) -> LikelihoodRatios:
    """Observed findings, matched exactly or through the ontology.

    For a finding q and each ancestor a of q (q itself included) the disease's
    frequency F(d, a) gives log LR = log F(d, a) - log background(a) - penalty,
    where the penalty is ``specificity_penalty * (IC(q) - IC(a))``: the part of
    the finding's information that the matched, more general term leaves
    unexplained (Resnik IC). The best ancestor wins; a finding the disease does
    not explain at all gets the false-positive floor. F already carries the
    frequency of annotations below a term, so a general finding ("Seizure") is
    explained by a specific annotation ("Focal seizure") without penalty.

    An unexplained finding costs at most ``unexplained_cost_per_nat * IC(q)``:
    a root-level match is exactly that bound at one nat per nat, and a finding
    carried by a large share of diseases ("Pain", IC 2.4) says little against
    any one of them (the flat floor log 0.02 = -3.9 counted it like a rare sign).
    Observed findings implied by a more specific observed one are dropped first.
    """
    rows = case_rows(kb, case.sex)
    total = np.zeros(len(rows))
    terms = known_terms(kb, case.observed)
    if params.most_specific:
        terms = most_specific_terms(kb, terms)
    if not terms:
        return LikelihoodRatios("phenotype", total)
    floor = np.log(params.false_positive)
    held_out = kb.held_out_candidates(case.held_out_publication)
    findings = []
    for term in terms:
        group = kb.ancestor_columns(term)
        q_ic = kb.information_content[kb.term_index[term]]
        penalty = params.specificity_penalty * (q_ic - kb.information_content[group])
        log_lr, matched = best_ancestor_match(kb, group, penalty, rows)
        if len(held_out):
            block = kb.frequency_block(rows[held_out], group, case.held_out_publication, held_out)
            with np.errstate(divide="ignore"):
                scores = np.log(block) - np.log(kb.background[group]) - penalty
            best = scores.argmax(axis=1)
            log_lr[held_out] = scores[np.arange(len(held_out)), best]
            matched[held_out] = group[best]
        if params.subclass_penalty < params.specificity_penalty:     # LIRICAL's subclass match, own penalty
            log_lr, matched = subclass_match(kb, group, q_ic, rows, params.subclass_penalty, log_lr, matched)
        term_floor = floor
        if params.unexplained_cost_per_nat > 0:
            term_floor = max(floor, -params.unexplained_cost_per_nat * q_ic)
        matched = np.where(log_lr > term_floor, matched, -1)
        log_lr = np.maximum(log_lr, term_floor)
        total += log_lr
        findings.append(FindingScore(term, log_lr, matched))
    return LikelihoodRatios("phenotype", total, findings)


@scorer("excluded")
def excluded_findings(kb: KnowledgeBase, case: Case, params: Parameters) -> LikelihoodRatios:
    """Findings the patient does not have.

    LR = P(absent | disease) / P(absent | background) = (1 - F(d, q)) / (1 - bg(q)),
    with F(d, q) the frequency of q or anything below it, and never below
    ``excluded_floor``: a disease that nearly always shows the finding is counted against. A disease annotated as known
    NOT to show the finding gets ``known_absent_lr`` in its favour. The sum is scaled by
    ``excluded_weight / sqrt(number of excluded findings)`` (see :class:`Parameters`): a long list of
    absent features is correlated evidence, a few pertinent negatives are not.
    """
    rows = case_rows(kb, case.sex)
    total = np.zeros(len(rows))
    findings = []
    if params.excluded_weight <= 0:
        return LikelihoodRatios("excluded", total, findings)
    for term in known_terms(kb, case.excluded):
        column = kb.term_index[term]
        frequency = kb.frequency_block(rows, np.array([column]), case.held_out_publication).ravel()
        with np.errstate(divide="ignore"):
            log_lr = np.maximum(np.log(1.0 - frequency) - np.log(1.0 - kb.background[column]),
                                np.log(params.excluded_floor))
        known_absent = kb.excluded_by_disease[:, column].toarray().ravel()[rows] > 0
        weight = params.excluded_weight / np.sqrt(max(1, len(case.excluded)))
        log_lr = weight * np.where(known_absent, np.log(params.known_absent_lr), log_lr)
        total += log_lr
        findings.append(FindingScore(term, log_lr, np.where(frequency > 0, column, -1)))
    return LikelihoodRatios("excluded", total, findings)


@scorer("unreported")
def unreported_features(kb: KnowledgeBase, case: Case, params: Parameters) -> LikelihoodRatios:
    """A disease's typical features that the case does not mention count slightly against it.

    A feature present in a fraction f of patients goes unreported with probability
    1 - report_rate * f when the report is incomplete, so each annotation that no
    observed finding touches (as itself, an ancestor or a descendant) contributes
    log(1 - report_rate * f). This is the other side of the best-match average of
    the symmetric Phenomizer score (Köhler et al., AJHG 2009), in probability form.
    """
    rows = case_rows(kb, case.sex)
    if params.report_rate <= 0 or not case.observed:
        return LikelihoodRatios("unreported", np.zeros(len(rows)))
    penalties, total = unreported_penalties(kb, params.report_rate)
    terms = known_terms(kb, case.observed)
    if params.most_specific:            # a finding implied by a more specific one is not a separate report
        terms = most_specific_terms(kb, terms)
    touched: set[int] = set()
    for term in terms:
        touched.update(kb.ancestor_columns(term).tolist())
        touched.update(kb.term_index[d] for d in kb.ontology.descendants(term) if d in kb.term_index)
    columns = np.fromiter(touched, dtype=np.int64)
    covered = np.asarray(penalties[:, columns].sum(axis=1)).ravel()
    return LikelihoodRatios("unreported", (total - covered)[rows])


def unreported_penalties(kb: KnowledgeBase, report_rate: float) -> tuple:
    """log(1 - report_rate * f) per direct annotation and its sum per matrix row, computed once per rate."""
    cached = getattr(kb, "_unreported", None)
    if cached is None or cached[0] != report_rate or cached[1].nnz != kb.annotation_frequency.nnz:
        penalties = kb.annotation_frequency.copy()
        penalties.data = np.log1p(-report_rate * np.minimum(penalties.data, 0.99))
        cached = kb._unreported = (report_rate, penalties, np.asarray(penalties.sum(axis=1)).ravel())
    return cached[1], cached[2]


@scorer("onset")
def onset_compatibility(kb: KnowledgeBase, case: Case, params: Parameters) -> LikelihoodRatios:
    """A patient younger than a disease's earliest recorded onset makes it less likely."""
    log_lr = np.zeros(len(kb.candidates))
    if case.age_years is not None:
        too_young = case.age_years + 1.0 < kb.onset_years     # NaN (unknown onset) compares False
        log_lr[too_young] = np.log(params.onset_lr)
    return LikelihoodRatios("onset", log_lr)


# Likelihood ratios of a positive / negative family history per mode of inheritance:
# vertical transmission is expected in dominant, X-linked and mitochondrial
# disease, affected siblings in recessive disease, none in sporadic disease.
_FAMILY_HISTORY_LR = {
    True: {"dominant": 2.0, "x_recessive": 1.8, "x_dominant": 2.0, "mitochondrial": 2.0, "recessive": 1.3,
           "none": 0.6},
    False: {"dominant": 0.7, "x_recessive": 0.9, "x_dominant": 0.8, "mitochondrial": 0.8, "recessive": 0.95,
            "none": 1.1},
}


@scorer("inheritance")
def inheritance_fit(kb: KnowledgeBase, case: Case, params: Parameters) -> LikelihoodRatios:
    """Family history against the disease's mode of inheritance (best-fitting mode counts)."""
    n = len(kb.candidates)
    if case.family_history is None:
        return LikelihoodRatios("inheritance", np.zeros(n))
    table = _FAMILY_HISTORY_LR[bool(case.family_history)]
    best = np.where(kb.inheritance["any"], -np.inf, np.log(table["none"]))
    for mode, lr in table.items():
        if mode != "none":
            best = np.where(kb.inheritance[mode], np.maximum(best, np.log(lr)), best)
    return LikelihoodRatios("inheritance", best)


@scorer("sex")
def sex_fit(kb: KnowledgeBase, case: Case, params: Parameters) -> LikelihoodRatios:
    """X-linked recessive disease is rarely fully expressed in a female patient."""
    log_lr = np.zeros(len(kb.candidates))
    if (case.sex or "").upper() == "FEMALE":
        inh = kb.inheritance
        only_xr = inh["x_recessive"] & ~inh["x_dominant"] & ~inh["dominant"] & ~inh["recessive"]
        log_lr[only_xr] = np.log(params.x_recessive_female_lr)
    return LikelihoodRatios("sex", log_lr)


# A named gene is near-diagnostic. P(this gene named | a disease without it) is taken as 1 / 3,000
# (e^8): about one in the ~4,000 disease genes Orphanet lists, so the ratio does not depend on how
# many diseases a knowledge base holds. Findings that fit no part of the disease can still outweigh it.
MAX_GENE_LOG_LR = 8.0


@scorer("gene")
def gene_fit(kb: KnowledgeBase, case: Case, params: Parameters) -> LikelihoodRatios:
    """A gene named in the case text is evidence for the diseases Orphanet links to that gene.

    LR = P(gene named | disease) / P(gene named | another disease): a disease with k
    genes has the named one with probability 1/k; the denominator is ``exp(-MAX_GENE_LOG_LR)``.
    So log LR = MAX_GENE_LOG_LR - log k (never below 0), scaled by ``gene_weight``.
    """
    log_lr = np.zeros(len(kb.candidates))
    gene_rows = getattr(kb, "gene_rows", None) or {}
    for symbol in dict.fromkeys(case.genes):
        rows = gene_rows.get(symbol)
        if rows is None or not len(rows):
            continue
        value = MAX_GENE_LOG_LR - np.log(np.maximum(kb.gene_count[rows], 1))
        log_lr[rows] += params.gene_weight * np.maximum(value, 0.0)
    return LikelihoodRatios("gene", log_lr)


def log_prior(kb: KnowledgeBase, params: Parameters, case: Case | None = None) -> np.ndarray:
    """Unnormalised log prior per candidate: prevalence raised to a weight ("common things are common").

    Knowledge-base diseases: Orphanet prevalence raised to ``prior_weight`` (tuned on the
    phenopackets, where every case is a rare disease and the prior counts little). Curated
    common causes: the prevalence their frequency class stands for at the patient's age and sex
    (:func:`clinicite.reason.common_causes.curated_log_prevalence`) raised to
    ``common_prior_weight``, measured from the rare-disease default, so that a cause common at
    this age outranks a rare dysplasia that explains the findings no better.
    """
    from clinicite.reason.common_causes import curated_log_prevalence
    from clinicite.reason.priors import DEFAULT_PREVALENCE, age_form_log_prior
    prior = params.prior_weight * kb.log_prevalence
    mask, curated = curated_log_prevalence(kb, case.age_years if case else None, case.sex if case else None)
    if mask.any():
        base = params.prior_weight * np.log(DEFAULT_PREVALENCE)
        prior = np.where(mask, base + params.common_prior_weight * (curated - np.log(DEFAULT_PREVALENCE)), prior)
    return prior + age_form_log_prior(kb, case.age_years if case else None)   # a "neonatal" form at 16
