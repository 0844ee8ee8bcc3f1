"""Knowledge ranking and literature candidates on one probability scale (kept for callers of the old API).

:func:`clinicite.reason.engine.build_differential` does this over every candidate
at once; :func:`merge_differentials` does it for a differential already cut to its
top rows, keeping the mass of the rows that were cut off so the probabilities stay
normalised over every candidate the knowledge model considered.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

from clinicite.reason.differential import Diagnosis, Differential, FindingWeight
from clinicite.reason.discourse import feature_label, stated_exclusions

if TYPE_CHECKING:
    from clinicite.reason.literature import LiteratureCandidate

# How many unnamed diseases the knowledge model's "unlisted" mass stands for beside the literature's candidates.
UNNAMED_SLOTS = 20
SIMILAR_CASE_LABEL = "similar published case"


def pmid_reference(pmid) -> str:
    pmid = str(pmid)
    return pmid if pmid.startswith("PMID:") else f"PMID:{pmid}"


def literature_support(diagnosis: Diagnosis, candidate: "LiteratureCandidate") -> None:
    """Attach a literature candidate's passages, PMIDs and likelihood ratio to a row (in place)."""
    diagnosis.log_likelihood_ratio += candidate.log_lr
    diagnosis.passages = [vars(p).copy() for p in candidate.passages]
    diagnosis.references = list(dict.fromkeys(
        [*diagnosis.references, *(pmid_reference(p.pmid) for p in candidate.passages if p.pmid)]))
    diagnosis.for_.append(FindingWeight(None, "literature", round(candidate.log_lr, 3), None,
                                        f"named in {len(candidate.passages)} passage(s) with "
                                        f"{len(candidate.findings)} of the case's findings"))
    match = getattr(candidate, "similar_case", None)
    if match is not None and match.similar:
        diagnosis.for_.append(FindingWeight(None, SIMILAR_CASE_LABEL, round(match.log_lr, 3), None,
                                            match.describe()))
        # case8: the answer reads this document as a case report (compose/case_reports.judged_similar).
        for passage in diagnosis.passages:
            if passage.get("document_id") == match.document_id:
                passage["similar_case"] = True
    _named_by_similar_report(diagnosis, candidate)
    if getattr(candidate, "category", None) and not diagnosis.category:
        diagnosis.category = candidate.category
    for weighed in getattr(candidate, "discriminators_for", []):
        _discriminator(diagnosis, weighed, diagnosis.for_)
    for weighed in getattr(candidate, "discriminators_against", []):
        _discriminator(diagnosis, weighed, diagnosis.against)
    for stated in stated_exclusions(candidate):          # alt13: a source's reason for ruling it out, unweighed
        diagnosis.against.append(FindingWeight(None, stated.label, 0.0, None, stated.explanation))
        diagnosis.passages.insert(0, stated.passage)


NAMED_BY_SIMILAR_LABEL = "named by a similar published case"


def row_named_by_similar_report(diagnosis: Diagnosis) -> bool:
    """The row shows that a similar published case's report names it (:data:`NAMED_BY_SIMILAR_LABEL`, for or against)."""
    return any(getattr(line, "label", None) == NAMED_BY_SIMILAR_LABEL
               for line in [*getattr(diagnosis, "for_", []), *getattr(diagnosis, "against", [])])


def similar_report_sentence(candidate: "LiteratureCandidate") -> tuple[str, int, int, str] | None:
    """``(document id, start, end, sentence)``: where a similar published case's report names the candidate (its
    differential statement when it has one there, else the first sentence that names it)."""
    document_id = candidate.similar_report_id
    if not candidate.named_by_similar_report or document_id is None:
        return None
    statement = next((s for s in candidate.differential if s.document_id == document_id), None)
    if statement is not None:
        return document_id, statement.start, statement.end, statement.quote
    if document_id in candidate.named_sentences:
        start, end, quote = candidate.named_sentences[document_id]
        return document_id, start, end, quote
    return None


def _named_by_similar_report(diagnosis: Diagnosis, candidate: "LiteratureCandidate") -> None:
    """The sentence in which a similar published case's report names this disease beside the diagnosis it made,
    quoted with its span, so the row says why an alternative the case's findings may not point to is listed."""
    found = similar_report_sentence(candidate) if hasattr(candidate, "named_sentences") else None
    if found is None:
        return
    document_id, start, end, quote = found
    # A knowledge row is weighed by its findings (weight 0 here: the engine only keeps it from ranking below a
    # literature-only alternative); a literature-only row carries the weight.
    diagnosis.for_.append(FindingWeight(None, NAMED_BY_SIMILAR_LABEL, candidate.similar_report_weight, None,
                                        f"source: \u201c{quote}\u201d ({document_id}); the report of a patient "
                                        "like this one names it beside the diagnosis it made"))
    pmid = next((p.pmid for p in candidate.passages if p.document_id == document_id), None)
    diagnosis.passages.insert(0, {"document_id": document_id, "pmid": pmid, "title": "", "start": start, "end": end,
                                  "score": 0.0, "mention": quote, "mention_start": start, "mention_end": end,
                                  "findings": [], "similar_case": True})   # case8: read as a case report


def _discriminator(diagnosis: Diagnosis, weighed, column: list[FindingWeight]) -> None:
    """A source's discriminating feature that the case meets (or contradicts), quoted with its span.

    The quote's span is kept beside the row's passages, so the answer cites the very sentence that says it.
    """
    d = weighed.discriminator
    column.append(FindingWeight(None, feature_label(d), round(weighed.log_lr, 3), None,
                                f"source: \u201c{d.quote}\u201d; case: {weighed.case_text}"))
    diagnosis.passages.insert(0, {"document_id": d.document_id, "pmid": None, "title": "", "start": d.start,
                                  "end": d.end, "score": 0.0, "mention": d.quote, "mention_start": d.start,
                                  "mention_end": d.end, "findings": [], "discriminator": weighed.to_dict()})


def merge_differentials(knowledge: Differential, literature: list["LiteratureCandidate"],
                        top: int | None = None) -> Differential:
    """One ranking from the knowledge differential and the literature candidates, at most ``top`` long.

    The knowledge probabilities are the prior. Diseases the knowledge base does
    not hold share its "unlisted" mass with the many unnamed diseases it also
    stands for: each literature-only candidate gets ``1 / (n + UNNAMED_SLOTS)``
    of it. Every hypothesis with literature support has its odds multiplied, once,
    by its literature likelihood ratio, and all are normalised again together with
    the mass of the knowledge diseases that were not shown (``1 - unlisted - shown``),
    so a flat ranking keeps its small probabilities. ``top`` defaults to the length
    of the knowledge differential.
    """
    top = len(knowledge.diagnoses) if top is None else top
    by_id = {i: d for d in knowledge.diagnoses for i in d.ids}
    merged = [replace(d, for_=list(d.for_), passages=list(d.passages)) for d in knowledge.diagnoses]
    hidden = max(0.0, 1.0 - knowledge.unlisted_probability - sum(d.probability for d in knowledge.diagnoses))
    literature_only = [c for c in literature if not (c.disease_id and c.disease_id in by_id)]
    unlisted = knowledge.unlisted_probability
    slot = unlisted / (len(literature_only) + UNNAMED_SLOTS)
    weights: list[tuple[Diagnosis, float]] = [(d, d.probability) for d in merged]
    for candidate in literature_only:
        weights.append((Diagnosis(id=candidate.disease_id or f"literature:{candidate.key}",
                                  ids=[candidate.disease_id] if candidate.disease_id else [],
                                  name=candidate.name, probability=slot, log_likelihood_ratio=0.0, rank=0,
                                  source="literature"), slot))
    rest = slot * UNNAMED_SLOTS
    posterior: list[tuple[Diagnosis, float]] = []
    for diagnosis, weight in weights:
        candidate = next((c for c in literature if (c.disease_id and c.disease_id in diagnosis.ids)
                          or diagnosis.id == f"literature:{c.key}"), None)
        if candidate is not None:
            weight *= math.exp(candidate.log_lr)
            literature_support(diagnosis, candidate)
        posterior.append((diagnosis, weight))
    total = sum(w for _, w in posterior) + rest + hidden
    ranked = sorted(posterior, key=lambda item: -item[1])[:top]
    for rank, (diagnosis, weight) in enumerate(ranked, start=1):
        diagnosis.probability, diagnosis.rank = weight / total, rank
    return replace(knowledge, diagnoses=[d for d, _ in ranked], unlisted_probability=rest / total)
