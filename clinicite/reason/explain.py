"""Why a disease ranks where it does: each finding's weight and the annotation it matched.

Works on one candidate row after :func:`clinicite.reason.differential.score_case`
scored all of them, so the cost is paid only for the diseases shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

from clinicite.ingest.disease import DiseaseRecord, PhenotypeAnnotation
from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.scoring import Case, LikelihoodRatios

# Weights closer to zero than this (in natural-log units) neither argue for nor against.
NEUTRAL = 0.05
# An observed finding is shown AGAINST a disease only when a source says so: an annotation that it is very rare
# in the disease (HPO's "very rare" is 1-4%), or that the disease does not show it (NOT). A finding the record
# merely does not list is no statement against it (a sparse OMIM record lists 3 features, and "Pain" read as an
# argument against Ribbing disease misleads): its weight stays in the likelihood ratio and the row shows it as
# "not listed" (``Diagnosis.unlisted``), not as evidence against.
VERY_RARE = 0.04
UNLISTED = "not among the features this disease's records list"
FAMILY_HISTORY_SHOWN = 0.2                  # |log LR| of a family history worth a for/against line


@dataclass
class FindingWeight:
    """One finding's part in a diagnosis's likelihood ratio, with the annotation it matched."""

    hpo_id: str | None                      # None for age, sex or family history
    label: str
    weight: float                           # natural-log likelihood ratio this finding contributes
    matched_annotation_id: str | None = None
    explanation: str = ""


class FindingWeightArgs(NamedTuple):
    """Arguments of a FindingWeight plus the annotation behind it (kept out of the public dataclass)."""

    hpo_id: str | None
    label: str
    weight: float
    matched: str | None
    explanation: str
    annotation: PhenotypeAnnotation | None = None


def _percent(annotation: PhenotypeAnnotation | None) -> str:
    if annotation is None or annotation.frequency is None:
        return ""
    return f" ({round(annotation.frequency * 100)}% of patients)"


def matching_annotation(kb: KnowledgeBase, record: DiseaseRecord, column: int) -> PhenotypeAnnotation | None:
    """The disease's annotation that puts ontology term ``column`` in its profile (the most frequent one)."""
    term = kb.term_ids[column]
    best: PhenotypeAnnotation | None = None
    for annotation in record.phenotypes:
        if annotation.excluded:
            continue
        if annotation.hpo_id == term or term in kb.ontology.ancestors(annotation.hpo_id):
            if best is None or (annotation.frequency or kb.default_frequency) > (best.frequency or kb.default_frequency):
                best = annotation
    return best


def _records_of(kb: KnowledgeBase, disease_id: str) -> list[DiseaseRecord]:
    return [kb.diseases[d] for d in kb.equivalent_ids(disease_id) if d in kb.diseases]


def group_feature(kb: KnowledgeBase, records: list[DiseaseRecord], hpo_id: str) -> PhenotypeAnnotation | None:
    """An annotation of any record of the disease that is the finding, above it or below it in the ontology."""
    ancestors = kb.ontology.ancestors(hpo_id, include_self=True)
    for record in records:
        for annotation in record.phenotypes:
            if annotation.excluded:
                continue
            if annotation.hpo_id in ancestors or hpo_id in kb.ontology.ancestors(annotation.hpo_id):
                return annotation
    return None


def stated_absent(kb: KnowledgeBase, records: list[DiseaseRecord], hpo_id: str) -> PhenotypeAnnotation | None:
    """An annotation of the disease that says it does NOT show the finding (HPO's NOT qualifier), or None."""
    ancestors = kb.ontology.ancestors(hpo_id, include_self=True)
    return next((a for r in records for a in r.phenotypes if a.excluded and a.hpo_id in ancestors), None)


def _observed_weight(kb, records, hpo_id: str, weight: float, column: int, row: int | None = None):
    label = kb.label(hpo_id)
    if weight < 0 and (absent := stated_absent(kb, records, hpo_id)) is not None:
        return FindingWeightArgs(hpo_id, label, weight, absent.hpo_id,
                                 f"the record states {kb.label(absent.hpo_id)} is absent in this disease", absent)
    if column < 0 or weight < 0:
        # The best-scoring record of the group may lack a feature that an equivalent record (OMIM vs
        # Orphanet) holds, or match it only through a general term: the disease still has it, so it is
        # never shown against the disease; it counts as weak support.
        known = group_feature(kb, records, hpo_id)
        if known is not None:
            text = f"known feature {kb.label(known.hpo_id)}{_percent(known)}, weak evidence here"
            return FindingWeightArgs(hpo_id, label, max(weight, NEUTRAL), known.hpo_id, text, known)
    if column < 0:
        return FindingWeightArgs(hpo_id, label, weight, None, UNLISTED)
    annotation = next((a for r in records if (a := matching_annotation(kb, r, column))), None)
    if annotation is None and row is not None and (lent := kb.lender(row, column)) is not None:
        # The cell is borrowed from a disease of the same gene (knowledge.py): say whose feature it is.
        gene, relative = lent
        name = kb.names_of(relative)[:1] or [relative]
        return FindingWeightArgs(hpo_id, label, weight, kb.term_ids[column],
                                 f"not listed for this disease; {kb.label(kb.term_ids[column])} is a feature of "
                                 f"{name[0]} ({relative}), caused by the same gene {gene}")
    matched = annotation.hpo_id if annotation else kb.term_ids[column]
    matched_label = kb.label(matched)
    if matched == hpo_id:
        text = f"known feature{_percent(annotation)}"
    elif kb.term_ids[column] == hpo_id:
        text = f"more specific feature {matched_label}{_percent(annotation)} is known"
    elif (general := next((a for r in records for a in r.phenotypes
                           if not a.excluded and a.hpo_id == kb.term_ids[column]), None)) is not None:
        # The disease is annotated at this more general term itself: the finding is one form of that feature
        # (LIRICAL's subclass match, reason/subclass_match.py), not a different feature.
        return FindingWeightArgs(hpo_id, label, weight, general.hpo_id,
                                 f"a form of known feature {kb.label(general.hpo_id)}{_percent(general)}", general)
    else:
        text = f"related to known feature {matched_label}{_percent(annotation)}"
    return FindingWeightArgs(hpo_id, label, weight, matched, text, annotation)


def explain_row(kb: KnowledgeBase, case: Case, evidence: dict[str, LikelihoodRatios], row: int):
    """``(for_, against, record ids, PMIDs)`` for one candidate row."""
    disease_id = kb.candidates[row]
    records = _records_of(kb, disease_id)
    items: list[FindingWeightArgs] = []
    for finding in evidence["phenotype"].findings:
        items.append(_observed_weight(kb, records, finding.hpo_id, float(finding.log_lr[row]),
                                      int(finding.matched_column[row]), row))
    for finding in evidence["excluded"].findings:
        weight = float(finding.log_lr[row])
        column = int(finding.matched_column[row])
        annotation = next((a for r in records if column >= 0 and (a := matching_annotation(kb, r, column))), None)
        if weight > 0 and column < 0:
            text = "absent, as expected" if weight > 0.2 else "absent; not a feature of this disease"
        else:
            text = f"absent, but usually present{_percent(annotation)}"
        items.append(FindingWeightArgs(finding.hpo_id, f"no {kb.label(finding.hpo_id).lower()}", weight,
                                       annotation.hpo_id if annotation else None, text, annotation))
    if case.age_years is not None and evidence["onset"].log_lr[row] != 0:
        items.append(FindingWeightArgs(None, f"age {case.age_years:g} years", float(evidence["onset"].log_lr[row]),
                                       None, f"younger than the usual onset ({kb.onset_years[row]:g} years or later)"))
    # A family history is shown only where it weighs: no affected relative says little against a recessive
    # disease (LR 0.95) or for a sporadic one (1.1), and a clinician reads such a row as a wrong argument.
    if case.family_history is not None and abs(evidence["inheritance"].log_lr[row]) >= FAMILY_HISTORY_SHOWN:
        modes = "; ".join(i for r in records for i in r.inheritance) or "no known inheritance"
        label = "family history" if case.family_history else "no family history"
        items.append(FindingWeightArgs(None, label, float(evidence["inheritance"].log_lr[row]), None, modes))
    gene = evidence.get("gene")
    if gene is not None and gene.log_lr[row] > 0:
        named = [g for g in case.genes if any(g in r.genes for r in records)]
        items.append(FindingWeightArgs(None, f"{', '.join(named) or 'named'} gene", float(gene.log_lr[row]), None,
                                       "a disease gene of this disease (Orphanet) is named in the case"))
    if evidence["sex"].log_lr[row] != 0:
        items.append(FindingWeightArgs(None, "female", float(evidence["sex"].log_lr[row]), None,
                                       "X-linked recessive disease, rarely fully expressed in females"))
    for_, against, unlisted, references = [], [], [], {}
    for hpo_id, label, weight, matched, text, annotation in items:
        if not math.isfinite(weight) or abs(weight) < NEUTRAL:
            continue
        target = for_ if weight > 0 else against if _stated_against(hpo_id, text, annotation) else unlisted
        target.append(FindingWeight(hpo_id, label, round(weight, 3), matched, text))
        if weight > 0 and annotation is not None:
            for ref in annotation.references:
                if ref.startswith("PMID:"):
                    references.setdefault(ref, None)
    for_.sort(key=lambda f: -f.weight)
    against.sort(key=lambda f: f.weight)
    unlisted.sort(key=lambda f: f.weight)
    return Explanation(for_, against, [r.id for r in records], list(references), unlisted)


class Explanation(NamedTuple):
    """Why a row ranks where it does: findings for, findings a source states against, the records and PMIDs
    behind it, and the case's findings the records do not list (weighed, but no statement against)."""

    for_: list[FindingWeight]
    against: list[FindingWeight]
    records: list[str]
    references: list[str]
    unlisted: list[FindingWeight]


def _stated_against(hpo_id: str | None, text: str, annotation: PhenotypeAnnotation | None) -> bool:
    """Whether a negative weight rests on a statement: age, sex, family history and absent findings (facts of the
    case checked against the record), a NOT annotation, or an annotation that calls the finding very rare."""
    if hpo_id is None or text.startswith("absent") or (annotation is not None and annotation.excluded):
        return True
    return annotation is not None and annotation.frequency is not None and annotation.frequency <= VERY_RARE


_SET_ASIDE = {"history": "the patient's past or treated conditions", "options": "the question's options",
              "family": "a relative's", "literature": "other patients the text cites",
              "differential": "a disease the text discusses"}


def unrecognised_note(case, kb=None) -> str:
    """What was read from a case (:class:`clinicite.reason.engine.CaseInput`) but not weighed, in the user's own words: findings stated absent, set aside (past history,
    the question's options, a relative's) or held by no knowledge record; "" when the text gave nothing."""
    findings = list(getattr(case.facts, "findings", None) or [])
    parts: dict[str, list[str]] = {}
    for finding in findings:
        if finding.excluded:
            parts.setdefault("stated absent", []).append(finding.text)
        elif finding.whose != "patient":
            parts.setdefault(_SET_ASIDE.get(finding.whose, finding.whose), []).append(finding.text)
        elif kb is not None and kb.ontology.resolve(finding.hpo_id) not in kb.term_index:
            parts.setdefault("held by no knowledge record", []).append(finding.text)
    if not parts:
        return " Nothing in the text was read as a sign, symptom or test result."
    said = "; ".join(f"{kind}: " + ", ".join(f"'{w}'" for w in dict.fromkeys(words)) for kind, words in parts.items())
    return f" Read but not weighed ({said})."
