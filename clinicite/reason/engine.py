"""The differential diagnosis, computed once for every caller (``Clinicite.diagnose``, compose, the API).

:func:`build_differential` scores every candidate the sources hold for one case:
the knowledge-base diseases and the curated common causes (likelihood ratios,
after LIRICAL: Robinson et al., AJHG 2020, :mod:`clinicite.reason.scoring`) and
the diseases the retrieved literature names (:mod:`clinicite.reason.literature`).
A literature candidate that is a knowledge-base disease adds its likelihood ratio
to that disease's row; one the knowledge base lacks takes a share of the
"unlisted" prior mass. All log posteriors are divided by one temperature and
normalised together, over every candidate considered plus the unnamed rest, so
the probabilities sum to at most 1 and a 0.4% candidate reads 0.4%.

The temperature is fitted on a training split only (``bench/medqa.py --fit``;
MedQA vignettes plus phenopacket cases), minimising the negative log-likelihood of
the true diagnosis; ``bench/medqa.py`` reports calibration on the held-out split.

The answer is honest about what it cannot do: with no recognised finding it
ranks nothing (``status="no_findings"``); when no candidate explains any finding
it says the sources do not cover the presentation (``status="not_covered"``).
A row is shown only when a finding, a named gene or a literature passage that
names a case finding supports it.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field, replace

import numpy as np

from clinicite.reason.calibration import GLOBAL_PLATT, calibrate, regime
from clinicite.reason.common_causes import age_class, cause_of, curated_terms, imaging_terms
from clinicite.reason.differential import Diagnosis, Differential, group_log_scores, group_priors, score_case
from clinicite.reason.explain import FindingWeight, explain_row, unrecognised_note
from clinicite.reason.exposure import ExposureFinding
from clinicite.reason.mentions import normalise
from clinicite.reason.merge import SIMILAR_CASE_LABEL, UNNAMED_SLOTS, literature_support, row_named_by_similar_report
from clinicite.reason.scoring import Case, Parameters, log_prior

# Fitted by ``python bench/medqa.py --fit`` on the training split (BENCHMARKS.md, Round 4): the
# temperature minimises the log loss of "the top row is right"; then a Platt map per regime of the case
# (:mod:`clinicite.reason.calibration`: number of recognised findings, curated or knowledge-base leader)
# maps each row's probability, a monotone map that keeps the ranking.
TEMPERATURE = 4.0
CALIBRATION = GLOBAL_PLATT
# A row is "in the running" with the leader when its probability is at least this share of the leader's.
SEPARATION_RATIO = 0.5
FEW_FINDINGS = 2            # at most this many recognised findings ...
FLAT_LEADER = 0.15          # ... and a leader below this: rows close to it are flagged ``close_to_leader``


def calibrated(probability: float, platt: tuple[float, float] | None = None) -> float:
    """A row's displayed probability under one Platt map (the global one by default)."""
    return calibrate(probability, None, {}, platt or GLOBAL_PLATT)


@dataclass
class CaseInput:
    """What the engine reasons from: HPO ids, demographics, genes and the case's own words."""

    observed: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    age_years: float | None = None
    sex: str | None = None
    family_history: bool | None = None
    genes: list[str] = field(default_factory=list)
    text: str | None = None
    facts: object | None = None          # the case's CaseFacts (negatives, tests) for the sources' discriminators
    vocabulary: object | None = None     # the disease vocabulary (clinicite.reason.vocabulary) of this home


@dataclass
class Scored:
    """Every candidate's tempered log posterior, kept so options can be ranked from the same numbers."""

    case: Case
    log_lr: np.ndarray
    evidence: dict
    best_rows: np.ndarray
    group_score: np.ndarray                      # per group, tempered
    literature_by_group: dict
    literature_only: list
    literature_score: np.ndarray                 # per literature-only candidate, tempered
    rest_score: float
    support: np.ndarray                          # per group: a finding, gene or passage supports it
    normaliser: float = 0.0
    similar_by_group: dict = field(default_factory=dict)   # group -> similar published cases (similar_cases.py)
    group_prior: np.ndarray | None = None        # per group, normalised log prior, untempered (options use it)
    temperature: float = 1.0
    exposure_by_group: dict = field(default_factory=dict)  # group -> ExposureFinding of a curated cause
    imaging_by_group: dict = field(default_factory=dict)   # group -> ImagingFindings of a curated cause
    case_has_text: bool = False                  # the exposure history was weighed (the case has words)

    def probability(self, score: float) -> float:
        return float(np.exp(score - self.normaliser))


def engine_parameters(params: Parameters | None = None) -> Parameters:
    return params or Parameters(temperature=TEMPERATURE)


_FINDING_NAMES: "weakref.WeakKeyDictionary[object, set[str]]" = weakref.WeakKeyDictionary()


def finding_names(ontology) -> set[str]:
    """Normalised labels and exact synonyms of the ontology's terms: names of findings, not of diseases."""
    names = _FINDING_NAMES.get(ontology)
    if names is None:
        names = set()
        for term in ontology.terms.values():
            names.add(normalise(term.name))
            names.update(normalise(s.text) for s in term.synonyms if s.scope == "EXACT")
        _FINDING_NAMES[ontology] = names
    return names


def _case_of(case: CaseInput) -> Case:
    sex = case.sex.upper() if case.sex and case.sex.upper() in ("MALE", "FEMALE") else None
    return Case(tuple(case.observed), tuple(case.excluded), case.age_years, sex, case.family_history,
                genes=tuple(case.genes))


def _group_of(kb, disease_id: str | None) -> int | None:
    for equivalent in kb.equivalent_ids(disease_id) if disease_id else ():
        row = kb.row_of.get(equivalent)
        if row is not None:
            return int(kb.row_group[row])
    return None


def _support(kb, evidence: dict, best_rows: np.ndarray) -> np.ndarray:
    """Per group: some observed finding matches the disease with a positive weight, or a named gene does."""
    supported = np.zeros(len(kb.candidates), dtype=bool)
    for finding in evidence["phenotype"].findings:
        supported |= (finding.matched_column >= 0) & (finding.log_lr > 0)
    if "gene" in evidence:
        supported |= evidence["gene"].log_lr > 0
    return supported[best_rows]


def score_all(kb, case: CaseInput, searcher=None, params: Parameters | None = None, similar=None) -> Scored:
    """Score every candidate once: knowledge rows per disease group, literature candidates, the unnamed rest.

    ``similar``: a :class:`clinicite.reason.similar_cases.CaseLibrary`; its nearest published cases' vote is
    mixed into the knowledge groups' posterior before the literature is added."""
    from clinicite.reason.similar_cases import similar_case_scores
    params = engine_parameters(params)
    model_case = _case_of(case)
    log_lr, evidence = score_case(kb, model_case, params)
    best_rows, group_score = group_log_scores(kb, log_lr, params, model_case)
    curated_shift, exposure_by_group = curated_terms(kb, case, params)
    imaging_shift, imaging_by_group = imaging_terms(kb, case, params)
    for group, shift in [*curated_shift.items(), *imaging_shift.items()]:
        group_score[group] += shift
    support = _support(kb, evidence, best_rows)
    group_score, similar_by_group = similar_case_scores(similar, case.observed, case.excluded, group_score,
                                                        params.temperature, params.unlisted_prior)
    for group in similar_by_group:
        support[group] = True
    literature_by_group: dict[int, object] = {}
    literature_only = []
    if searcher is not None and case.text:
        from clinicite.reason.literature import literature_candidates
        from clinicite.reason.case_words import without_options
        labels = [kb.label(h) for h in case.observed]
        findings = finding_names(kb.ontology)
        # The options (a pasted multiple-choice block, or "is this A, B or C?") are the asker's list, not the
        # case: their names must not steer the search nor count as the case's own words.
        case_text = without_options(case.text)
        for candidate in literature_candidates(searcher, case_text, labels, kb, facts=case.facts,
                                               vocabulary=case.vocabulary):
            group = _group_of(kb, candidate.disease_id)
            if group is not None:
                if group not in literature_by_group:
                    literature_by_group[group] = candidate
                    group_score[group] += candidate.log_lr
                    # diff-lit: text route; and, as for a literature-only row (_supported), an alternative that a
                    # similar published case weighs, though it holds a knowledge-base record (transient synovitis)
                    support[group] |= bool(candidate.findings) or _similar(candidate) or \
                        bool(getattr(candidate, "named_by_similar_report", False))
                else:
                    group_score[group] += carry_weighed(literature_by_group[group], candidate)
            elif _supported(candidate) and (normalise(candidate.name) not in findings or _similar(candidate)
                                            or getattr(candidate, "named_by_similar_report", False)):  # diff-lit
                # a finding's name is no diagnosis, unless a similar published case states it as the diagnosis made
                literature_only.append(candidate)     # a passage sharing nothing with the case supports nothing
    slot = np.log(params.unlisted_prior / (len(literature_only) + UNNAMED_SLOTS))
    literature_score = np.array([slot + c.log_lr for c in literature_only])
    for group, candidate in literature_by_group.items():
        # A disease the literature names is at least as likely as an unnamed one with the same literature evidence:
        # linking "meningioma" to the rare familial record must not give it that record's tiny prior.
        if _similar(candidate):
            group_score[group] = max(group_score[group], slot + candidate.log_lr)
        elif getattr(candidate, "named_by_similar_report", False) and candidate.findings:   # diff-lit: see below
            # named by a similar report whose passages name case findings: at least a literature-only row's score
            from clinicite.reason.literature import SIMILAR_REPORT_WEIGHT
            group_score[group] = max(group_score[group], slot + candidate.log_lr + SIMILAR_REPORT_WEIGHT)
    rest = np.log(params.unlisted_prior * UNNAMED_SLOTS / (len(literature_only) + UNNAMED_SLOTS))
    scored = Scored(model_case, log_lr, evidence, best_rows, group_score / params.temperature, literature_by_group,
                    literature_only, literature_score / params.temperature, float(rest / params.temperature),
                    support, similar_by_group=similar_by_group, temperature=params.temperature,
                    group_prior=group_priors(log_prior(kb, params, model_case)[best_rows], params),
                    exposure_by_group=exposure_by_group, imaging_by_group=imaging_by_group,
                    case_has_text=bool(case.text))
    every = np.concatenate([scored.group_score, scored.literature_score, [scored.rest_score]])
    top = every.max()
    scored.normaliser = float(top + np.log(np.exp(every - top).sum()))
    return scored


def _similar(candidate) -> bool:
    match = getattr(candidate, "similar_case", None)
    return match is not None and match.similar


def _similar_report(scored: Scored) -> bool:
    return any(_similar(c) for c in [*scored.literature_only, *scored.literature_by_group.values()])


def carry_weighed(kept, other) -> float:
    """A second name of the same disease ("chronic osteomyelitis" beside "osteomyelitis", one knowledge row)
    keeps what the sources weigh of it: its weighed features join the row's candidate (once per sentence and
    feature), and their log likelihood ratio is returned for the row's score. One disease is one row, with all the
    evidence of its names."""
    seen = {(w.discriminator.document_id, w.discriminator.start, w.discriminator.feature.text)
            for w in [*kept.discriminators_for, *kept.discriminators_against]}
    added = 0.0
    for column, weighed in [("discriminators_for", w) for w in other.discriminators_for] + \
            [("discriminators_against", w) for w in other.discriminators_against]:
        key = (weighed.discriminator.document_id, weighed.discriminator.start, weighed.discriminator.feature.text)
        if key in seen:
            continue
        seen.add(key)
        getattr(kept, column).append(weighed)
        added += weighed.log_lr
    kept.log_lr += added
    return added


def _supported(candidate) -> bool:
    """A literature-only candidate is shown when its passages name a case finding, when a discriminator the
    source states fits the case, or when a similar published case states it or names it among its alternatives.
    A differential statement alone ("X should be excluded") in a document that shares only words with the case
    (a long vignette shares "pain", "blood", "pressure" with almost anything) is no evidence for the patient:
    its passages share no finding with the case, so it is not shown (issue 8: "Parkinson's disease", "lung
    cancer" and "Stress incontinence" were 21 such top-10 rows in 11 of 40 MedQA vignettes,
    bench/medqa_literature.py). It still weighs in the score when a knowledge row holds the same disease."""
    return bool(candidate.findings or getattr(candidate, "discriminators_for", None) or _similar(candidate)
                or getattr(candidate, "named_by_similar_report", False))   # diff-lit: named by a similar report


def knowledge_row(kb, scored: Scored, group: int, rank: int) -> Diagnosis:
    """One disease group as a row: its findings for and against, records, curated facts, literature."""
    row = int(scored.best_rows[group])
    disease_id = kb.candidates[row]
    ids = kb.equivalent_ids(disease_id)
    why = explain_row(kb, scored.case, scored.evidence, row)
    cause = next((c for i in ids if (c := cause_of(i)) is not None), None)
    diagnosis = Diagnosis(id=ids[0], ids=ids, name=kb.names_of(disease_id)[0] if kb.names_of(disease_id) else
                          kb.diseases[disease_id].name, probability=scored.probability(scored.group_score[group]),
                          log_likelihood_ratio=float(scored.log_lr[row]), rank=rank, for_=why.for_,
                          against=why.against, records=why.records, references=why.references,
                          source="curated" if cause else "knowledge", unlisted=why.unlisted)
    if cause is not None:
        diagnosis.category, diagnosis.discriminators, diagnosis.tests = (cause.category, list(cause.discriminators),
                                                                         list(cause.tests))
    exposure = scored.exposure_by_group.get(group)
    if exposure is not None:
        show_exposure(diagnosis, exposure, weighed=scored.case_has_text)
    for reading in scored.imaging_by_group.get(group, []):
        line = FindingWeight(None, reading.label, reading.log_lr, explanation=reading.explanation(diagnosis.name))
        (diagnosis.for_ if reading.log_lr > 0 else diagnosis.against).append(line)
    candidate = scored.literature_by_group.get(group)
    if candidate is not None:
        literature_support(diagnosis, candidate)
    diagnosis.similar_cases = [c.to_dict() for c in scored.similar_by_group.get(group, [])]
    return diagnosis


def show_exposure(diagnosis: Diagnosis, exposure: ExposureFinding, weighed: bool) -> None:
    """The exposure a cause needs, on its row (a :class:`~clinicite.reason.differential.Diagnosis`): for it when stated, against it (with the work-up cue "ask about
    it") when not; the cue leads the row's discriminating features."""
    diagnosis.discriminators.insert(0, exposure.cue)
    if not weighed:
        return
    line = FindingWeight(None, exposure.label, exposure.log_lr, explanation=exposure.cue)
    if exposure.status == "stated":
        diagnosis.for_.insert(0, line)
    else:
        diagnosis.against.insert(0, line)


def literature_row(scored: Scored, index: int, rank: int) -> Diagnosis:
    candidate = scored.literature_only[index]
    diagnosis = Diagnosis(id=candidate.disease_id or f"literature:{candidate.key}",
                          ids=[candidate.disease_id] if candidate.disease_id else [], name=candidate.name,
                          probability=scored.probability(scored.literature_score[index]), log_likelihood_ratio=0.0,
                          rank=rank, source="literature", category=getattr(candidate, "category", None))
    literature_support(diagnosis, candidate)
    return diagnosis


def _no_findings(case: CaseInput, unknown: list[str], params: Parameters, kb=None) -> Differential:
    reason = ("No finding was recognised in the case, so no disease is ranked: age and sex alone do not make a "
              "differential." + unrecognised_note(case, kb) +
              " Describe the signs, symptoms or test results (or give HPO ids).")
    return Differential([], list(case.observed), list(case.excluded), unknown, 1.0, params, status="no_findings",
                        reason=reason)


def _separation_note(kb, rows: list[Diagnosis], case: CaseInput) -> str:
    """Say so when the leading rows are close: the findings do not tell them apart, the prior orders them."""
    if len(rows) < 2:
        return ""
    close = [d for d in rows if d.probability >= SEPARATION_RATIO * rows[0].probability]
    if len(close) < 2:
        return ""
    if len(case.observed) <= FEW_FINDINGS and rows[0].probability < FLAT_LEADER and \
            not any(d.source == "literature" or d.similar_cases or any(w.label == SIMILAR_CASE_LABEL for w in d.for_)
                    for d in rows):
        # One or two findings, a weak leader, no similar published case and no disease only the literature names
        # in the list (a passage that merely names the finding on a known row does not count): the answer says the findings
        # do not separate them (compose reads the flag), rather than leading with the first of equals.
        for row in close:
            row.close_to_leader = True
    labels = ", ".join(kb.label(h).lower() for h in case.observed[:4]) or "the findings"
    names = "; ".join(d.name for d in close[:6]) + ("; ..." if len(close) > 6 else "")
    return (f"The findings ({labels}) do not separate the leading {len(close)} candidates "
            f"({names}); they are ordered mainly by how common each is at this age "
            "and sex. The discriminating features and tests listed per row tell them apart.")


def _fits_age(kb, rows: list[Diagnosis], case: CaseInput) -> list[Diagnosis]:
    """Leave out a curated common cause seen at no age like the patient's (venous stasis periostitis in a
    2-month-old) when only one finding speaks for it: its curated age bands say it is not a cause at this age,
    and a single shared finding is no reason to list it. With two findings or more for it, it stays."""
    if case.age_years is None:
        return rows
    kept = []
    for row in rows:
        cause = next((c for i in row.ids if (c := cause_of(i)) is not None), None) if row.source == "curated" else None
        outside = cause is not None and age_class(kb, cause, case.age_years, case.sex) is None
        if outside and sum(1 for w in row.for_ if w.weight > 0) <= 1 and not (row.passages or row.similar_cases):
            continue
        kept.append(row)
    return kept


def _dedupe(rows: list[Diagnosis]) -> list[Diagnosis]:
    """One disease, one row: rows with the same normalised name (an OMIM and an Orphanet record) merge."""
    kept: dict[str, Diagnosis] = {}
    for row in rows:
        key = re.sub(r"\b(type|disease|syndrome|s)\b", "", normalise(row.name)).strip()
        if key in kept:
            first = kept[key]
            first.probability += row.probability
            first.ids = list(dict.fromkeys([*first.ids, *row.ids]))
            first.records = list(dict.fromkeys([*first.records, *row.records]))
            first.similar_cases = [*first.similar_cases, *row.similar_cases]
        else:
            kept[key] = row
    ordered = sorted(kept.values(), key=lambda d: -d.probability)
    for rank, row in enumerate(ordered, start=1):
        row.rank = rank
    return ordered


def _calibrate_rows(rows: list[Diagnosis], case_regime: str, room: float, n_findings: int | None = None) -> None:
    """The leading row takes its regime's calibrated probability; the others keep their ratio to it (the map
    was fitted on "the top row is right", so it is the leader's); the rows never hold more than ``room``."""
    if not rows or rows[0].probability <= 0.0:
        return
    factor = calibrate(rows[0].probability, case_regime, n_findings=n_findings) / rows[0].probability
    for row in rows:
        row.probability *= factor
    total = sum(row.probability for row in rows)
    if total > room > 0.0:
        for row in rows:
            row.probability *= room / total


def case_regime(n_findings: int, rows: list[Diagnosis], case: CaseInput) -> str:
    """The calibration regime (:func:`clinicite.reason.calibration.regime`): a leader the literature supports
    (a passage or a similar published case weighs for it) counts as a literature leader."""
    leader = rows[0].source if rows else None
    if rows and (rows[0].passages or rows[0].similar_cases):
        leader = "literature"
    return regime(n_findings, leader, from_text=bool(case.text))


# The alternatives that a similar published case's report weighs ("must be excluded", "argues against") belong in
# the differential the clinician reads even when this case's findings make them unlikely: the reader should see them
# set aside, with the reason, rather than miss them. At most this many take the places of the lowest other rows.
MAX_REPORT_ALTERNATIVES = 4


def _similar_reports(scored: Scored) -> set[str]:
    return {c.similar_case.document_id for c in [*scored.literature_only, *scored.literature_by_group.values()]
            if _similar(c)}


def _named_in(scored: Scored, index: int, n_groups: int, documents: set[str]) -> bool:
    """Whether the candidate at ``index`` has a passage from one of ``documents``."""
    candidate = (scored.literature_by_group.get(index) if index < n_groups
                 else scored.literature_only[index - n_groups])
    return candidate is not None and any(p.document_id in documents for p in getattr(candidate, "passages", ()))


def _named_by_report(scored: Scored, index: int, n_groups: int) -> bool:
    candidate = (scored.literature_by_group.get(index) if index < n_groups
                 else scored.literature_only[index - n_groups])
    return bool(getattr(candidate, "named_by_similar_report", False))


def _with_report_alternatives(rows: list[Diagnosis], top: int) -> list[Diagnosis]:
    """The ``top`` rows, where a row the similar report names beyond them replaces the lowest row it does not
    name (never the leader); still in order of probability."""
    shown, beyond = rows[:top], [r for r in rows[top:] if row_named_by_similar_report(r)][:MAX_REPORT_ALTERNATIVES]
    for alternative in beyond:
        replaceable = [r for r in shown[1:] if not row_named_by_similar_report(r)]
        if not replaceable:
            break
        shown.remove(replaceable[-1])
        shown.append(alternative)
    shown.sort(key=lambda d: -d.probability)
    for rank, row in enumerate(shown, start=1):
        row.rank = rank
    return shown


def build_differential(kb, case: CaseInput, searcher=None, top: int = 10,
                       params: Parameters | None = None, similar=None) -> Differential:
    """The differential for one case: supported rows only, probabilities over every candidate considered.
    ``similar``: an optional library of published cases (:mod:`clinicite.reason.similar_cases`)."""
    params = engine_parameters(params)
    unknown = [t for t in [*case.observed, *case.excluded] if kb.ontology.resolve(t) is None]
    known = [t for t in case.observed if kb.ontology.resolve(t) in kb.term_index]
    if not known and not case.genes and (searcher is None or not case.text):
        return _no_findings(case, unknown, params, kb)
    scored = score_all(kb, replace(case, observed=known), searcher, params, similar=similar)
    if not known and not case.genes and not _similar_report(scored):
        # diff-lit: with no recognised finding only a similar published case (the text route) may rank anything
        return _no_findings(case, unknown, params, kb)
    every = np.concatenate([scored.group_score, scored.literature_score])
    supported = np.concatenate([scored.support, np.ones(len(scored.literature_score), dtype=bool)])
    ranked = [int(i) for i in np.argsort(-every, kind="stable") if supported[i]]
    n_groups = len(scored.group_score)
    if not known and not case.genes:
        # No finding read: only what the similar report names can be shown, so the choice of rows is made among
        # those (its diagnosis and the alternatives it weighs), not among the first rows by prior, most of which
        # the report never names and which the filter below would then drop ("Septic arthritis" left alone).
        reports = _similar_reports(scored)
        ranked = [i for i in ranked if _named_in(scored, i, n_groups, reports)]
    order = ranked[:top + 5]
    order += [i for i in ranked[top + 5:] if _named_by_report(scored, i, n_groups)][:MAX_REPORT_ALTERNATIVES]
    rows = [knowledge_row(kb, scored, i, rank) if i < n_groups else literature_row(scored, i - n_groups, rank)
            for rank, i in enumerate(order, start=1)]
    if not known and not case.genes:      # diff-lit: no finding: only what the similar report itself names
        reports = _similar_reports(scored)
        rows = [r for r in rows if any(p.get("document_id") in reports for p in r.passages)]
    rows = _with_report_alternatives(_dedupe(_fits_age(kb, rows, case)), top)
    unlisted = scored.probability(scored.rest_score)
    _calibrate_rows(rows, case_regime(len(known), rows, case), 1.0 - unlisted, len(known))
    differential = Differential(rows, list(case.observed), list(case.excluded), unknown,
                                unlisted, params, considered=len(every), genes=list(case.genes))
    if not rows:
        labels = ", ".join(kb.label(h) for h in known) or ", ".join(case.genes)
        differential.status = "not_covered"
        differential.reason = (f"None of the {len(every):,} diseases the knowledge base and the literature hold "
                               f"explains the findings ({labels}): the sources do not cover this presentation.")
    else:
        differential.note = _separation_note(kb, rows, case)
    return differential
