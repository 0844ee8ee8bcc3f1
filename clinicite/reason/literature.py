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
from dataclasses import dataclass, field
from typing import Protocol

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


# merge_differentials moved to clinicite.reason.merge; re-exported here for callers of the old path.
from clinicite.reason.merge import UNNAMED_SLOTS, merge_differentials  # noqa: E402,F401
