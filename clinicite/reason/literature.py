"""Diagnoses the literature suggests, including diseases the knowledge base does not hold.

:func:`literature_candidates` searches passages for the case, recognises disease
mentions in them (:mod:`clinicite.reason.mentions`) and aggregates the evidence
per disease: how many passages mention it, how well they rank, and how many of
the case's findings the same passages name. :func:`merge_differentials` puts
these candidates and the knowledge-base ranking on one probability scale.

The searcher is anything with ``search(query, k)`` returning passages with
``document_id, title, text, start, end, score, pmid`` (:class:`Searcher`); the
index stage provides the real one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Protocol

from clinicite.reason.differential import Diagnosis, Differential, FindingWeight
from clinicite.reason.mentions import Mention, disease_lexicon, find_mentions, normalise


class Passage(Protocol):
    document_id: str
    title: str
    text: str
    start: int
    end: int
    score: float
    pmid: str | None


class Searcher(Protocol):
    def search(self, query: str, k: int) -> list[Passage]: ...


@dataclass
class SupportingPassage:
    document_id: str
    pmid: str | None
    title: str
    start: int                       # the passage's offsets in its document
    end: int
    score: float
    mention: str                     # the disease as the passage writes it
    mention_start: int               # the mention's offsets in the document
    mention_end: int
    findings: list[str] = field(default_factory=list)   # case findings the passage also names


@dataclass
class LiteratureCandidate:
    key: str
    name: str
    disease_id: str | None           # knowledge-base id when the name is known there
    log_lr: float                    # literature evidence as a log likelihood ratio
    passages: list[SupportingPassage] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)


# Weights of the literature evidence. Not fitted (no labelled set for it yet);
# chosen so that one top-ranked passage naming two of the case's findings is
# worth about as much as one well-matched phenotype in the knowledge model.
PASSAGE_WEIGHT = 1.0
FINDING_WEIGHT = 0.75
MAX_LOG_LR = 8.0


def _findings_in(text: str, labels: list[str]) -> list[str]:
    lowered = normalise(text)
    return [label for label in labels if label and re.search(rf"\b{re.escape(normalise(label))}\b", lowered)]


def literature_candidates(searcher: Searcher, case_text_or_query: str, observed_labels: list[str], kb,
                          k: int = 30) -> list[LiteratureCandidate]:
    """Disease candidates from the passages that the search returns for the case, best first."""
    query = case_text_or_query
    missing = [label for label in observed_labels if label.lower() not in query.lower()]
    if missing:
        query = f"{query} {' '.join(missing)}".strip()
    hits = searcher.search(query, k)
    if not hits:
        return []
    lexicon = disease_lexicon(kb)
    best_score = max(h.score for h in hits) or 1.0
    abbreviations: dict[str, Mention] = {}
    found: dict[str, LiteratureCandidate] = {}
    for hit in hits:
        findings = _findings_in(f"{hit.title} {hit.text}", observed_labels)
        seen_here: set[str] = set()
        for mention in find_mentions(hit.text, lexicon, abbreviations):
            if mention.key in seen_here:
                continue
            seen_here.add(mention.key)
            candidate = found.setdefault(mention.key, LiteratureCandidate(
                mention.key, mention.surface if mention.kind != "abbreviation" else mention.key,
                mention.disease_id, 0.0))
            if mention.kind == "lexicon" and mention.disease_id:
                candidate.disease_id = mention.disease_id
            candidate.passages.append(SupportingPassage(
                hit.document_id, hit.pmid, hit.title, hit.start, hit.end, float(hit.score), mention.surface,
                hit.start + mention.start, hit.start + mention.end, findings))
    for candidate in found.values():
        candidate.findings = sorted({f for p in candidate.passages for f in p.findings})
        passage_evidence = sum(max(p.score, 0.0) / best_score for p in candidate.passages)
        candidate.log_lr = min(MAX_LOG_LR, PASSAGE_WEIGHT * math.log1p(passage_evidence) * 2
                               + FINDING_WEIGHT * len(candidate.findings))
        if candidate.disease_id and candidate.disease_id in kb.diseases:
            candidate.name = (kb.names_of(candidate.disease_id) or [candidate.name])[0]
    return sorted(found.values(), key=lambda c: -c.log_lr)


def _pmid(pmid) -> str:
    pmid = str(pmid)
    return pmid if pmid.startswith("PMID:") else f"PMID:{pmid}"


def _passage_dicts(candidate: LiteratureCandidate) -> list[dict]:
    return [vars(p).copy() for p in candidate.passages]


def merge_differentials(knowledge: Differential, literature: list[LiteratureCandidate]) -> Differential:
    """One ranking from the knowledge differential and the literature candidates.

    The knowledge probabilities are the prior. The knowledge model's "unlisted"
    mass is shared among literature-only candidates in proportion to
    exp(log LR) of their literature evidence, the rest staying unlisted. Then
    every hypothesis with literature support has its odds multiplied by its
    literature likelihood ratio, and all are normalised again, so knowledge and
    literature candidates end on one probability scale that sums to at most 1.
    """
    by_id = {i: d for d in knowledge.diagnoses for i in d.ids}
    merged = [replace(d, for_=list(d.for_), passages=list(d.passages)) for d in knowledge.diagnoses]
    literature_only = [c for c in literature if not (c.disease_id and c.disease_id in by_id)]
    share = sum(math.exp(c.log_lr) for c in literature_only) + math.exp(MAX_LOG_LR / 2)
    unlisted = knowledge.unlisted_probability
    weights: list[tuple[Diagnosis, float]] = [(d, d.probability) for d in merged]
    for candidate in literature_only:
        prior = unlisted * math.exp(candidate.log_lr) / share
        weights.append((Diagnosis(id=candidate.disease_id or f"literature:{candidate.key}",
                                  ids=[candidate.disease_id] if candidate.disease_id else [],
                                  name=candidate.name, probability=prior, log_likelihood_ratio=0.0, rank=0,
                                  source="literature"), prior))
    rest = unlisted * math.exp(MAX_LOG_LR / 2) / share
    posterior: list[tuple[Diagnosis, float]] = []
    for diagnosis, weight in weights:
        candidate = next((c for c in literature if (c.disease_id and c.disease_id in diagnosis.ids)
                          or diagnosis.id == f"literature:{c.key}"), None)
        if candidate is not None:
            weight *= math.exp(candidate.log_lr)
            diagnosis.log_likelihood_ratio += candidate.log_lr
            diagnosis.passages = _passage_dicts(candidate)
            diagnosis.references = list(dict.fromkeys(
                [*diagnosis.references, *(_pmid(p.pmid) for p in candidate.passages if p.pmid)]))
            diagnosis.for_.append(FindingWeight(None, "literature", round(candidate.log_lr, 3), None,
                                                f"named in {len(candidate.passages)} passage(s) with "
                                                f"{len(candidate.findings)} of the case's findings"))
        posterior.append((diagnosis, weight))
    total = sum(w for _, w in posterior) + rest
    ranked = sorted(posterior, key=lambda item: -item[1])
    for rank, (diagnosis, weight) in enumerate(ranked, start=1):
        diagnosis.probability, diagnosis.rank = weight / total, rank
    return replace(knowledge, diagnoses=[d for d, _ in ranked], unlisted_probability=rest / total)
