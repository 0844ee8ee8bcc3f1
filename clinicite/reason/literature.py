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
# How many unnamed diseases the knowledge model's "unlisted" mass stands for beside the literature's candidates.
UNNAMED_SLOTS = 20


# Words of a case text that say nothing about which disease it is.
_CASE_STOPWORDS = {"with", "without", "and", "the", "for", "from", "year", "years", "old", "month", "months", "week",
                   "weeks", "day", "days", "woman", "man", "male", "female", "girl", "boy", "child", "patient",
                   "presents", "presented", "history", "family", "no", "not", "of", "after", "since", "has", "had",
                   "was", "who", "which", "this", "that", "there", "their", "his", "her", "she", "he", "on", "in"}
# A passage is relevant when it names one of the case's findings, or shares this many case words.
MIN_SHARED_STEMS = 2


def _stem(word: str) -> str:
    """A crude stem: "diaphyseal" and "diaphysis", "sclerosis" and "sclerotic" meet at six letters."""
    return word[:6]


def case_stems(case_text: str, observed_labels: list[str]) -> set[str]:
    """Content-word stems of the case text and of its findings' labels."""
    words = normalise(f"{case_text} {' '.join(observed_labels)}").split()
    return {_stem(w) for w in words if len(w) >= 4 and w not in _CASE_STOPWORDS and not w.isdigit()}


def _findings_in(text: str, labels: list[str]) -> list[str]:
    lowered = normalise(text)
    return [label for label in labels if label and re.search(rf"\b{re.escape(normalise(label))}\b", lowered)]


def is_relevant(text: str, findings: list[str], stems: set[str]) -> bool:
    """Names a case finding, or shares at least ``MIN_SHARED_STEMS`` content words with the case."""
    if findings:
        return True
    shared = {_stem(w) for w in normalise(text).split() if len(w) >= 4} & stems
    return len(shared) >= MIN_SHARED_STEMS


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
    stems = case_stems(case_text_or_query, observed_labels)
    finding_keys = {normalise(label) for label in observed_labels}
    best_score = max(h.score for h in hits) or 1.0
    abbreviations: dict[str, Mention] = {}
    found: dict[str, LiteratureCandidate] = {}
    for hit in hits:
        findings = _findings_in(f"{hit.title} {hit.text}", observed_labels)
        if not is_relevant(f"{hit.title} {hit.text}", findings, stems):
            continue                  # a search hit about something else is no evidence for this patient
        seen_here: set[str] = set(finding_keys)     # the case's own findings are not diagnoses
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


def merge_differentials(knowledge: Differential, literature: list[LiteratureCandidate],
                        top: int | None = None) -> Differential:
    """One ranking from the knowledge differential and the literature candidates, at most ``top`` long.

    The knowledge probabilities are the prior. Diseases the knowledge base does
    not hold share its "unlisted" mass with the many unnamed diseases it also
    stands for: each literature-only candidate gets ``1 / (n + UNNAMED_SLOTS)``
    of it. Then every hypothesis with literature support has its odds multiplied,
    once, by its literature likelihood ratio, and all are normalised again, so
    knowledge and literature candidates end on one probability scale that sums to
    at most 1, and weak literature support moves little mass. ``top`` defaults to
    the length of the knowledge differential.
    """
    top = len(knowledge.diagnoses) if top is None else top
    by_id = {i: d for d in knowledge.diagnoses for i in d.ids}
    merged = [replace(d, for_=list(d.for_), passages=list(d.passages)) for d in knowledge.diagnoses]
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
            diagnosis.log_likelihood_ratio += candidate.log_lr
            diagnosis.passages = _passage_dicts(candidate)
            diagnosis.references = list(dict.fromkeys(
                [*diagnosis.references, *(_pmid(p.pmid) for p in candidate.passages if p.pmid)]))
            diagnosis.for_.append(FindingWeight(None, "literature", round(candidate.log_lr, 3), None,
                                                f"named in {len(candidate.passages)} passage(s) with "
                                                f"{len(candidate.findings)} of the case's findings"))
        posterior.append((diagnosis, weight))
    total = sum(w for _, w in posterior) + rest
    ranked = sorted(posterior, key=lambda item: -item[1])[:top]
    for rank, (diagnosis, weight) in enumerate(ranked, start=1):
        diagnosis.probability, diagnosis.rank = weight / total, rank
    return replace(knowledge, diagnoses=[d for d, _ in ranked], unlisted_probability=rest / total)
