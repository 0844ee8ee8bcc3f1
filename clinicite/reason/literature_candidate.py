"""A disease the literature suggests for the case: the passages that name it and what they say of it.

One :class:`LiteratureCandidate` per disease key (:mod:`clinicite.reason.mentions`), filled by
:func:`clinicite.reason.literature.literature_candidates` and weighed by :mod:`clinicite.reason.candidate_score`;
every quote it carries is located by its offsets in the stored document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clinicite.reason.discourse import DifferentialStatement, Discriminator, sentence_spans
from clinicite.reason.mentions import Mention
from clinicite.reason.similar_case import CaseMatch
from clinicite.reason.weighing import WeighedDiscriminator


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
    hpo_ids: list[str] = field(default_factory=list)    # the same findings as HPO ids (from the recogniser)
    named_in_differential: bool = False                 # the passage names the disease in a differential statement


@dataclass
class LiteratureCandidate:
    key: str
    name: str
    disease_id: str | None           # knowledge-base id (primary of its group) when the disease is known there
    log_lr: float                    # literature evidence as a log likelihood ratio
    passages: list[SupportingPassage] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    category: str | None = None      # the clinician's category (clinicite.reason.vocabulary.CATEGORIES)
    concept_id: str | None = None    # the vocabulary concept ("ICD10CM:M84.3", "CLINICITE:osteoid-osteoma", "OMIM:..")
    kb_ids: list[str] = field(default_factory=list)     # every knowledge-base id of the same disease (OMIM, ORPHA)
    codes: list[str] = field(default_factory=list)      # every vocabulary code of the concept (ICD10CM, DOID ..)
    named_in_differential: bool = False
    reported_diagnosis: bool = False      # a source describing such a patient states it as the diagnosis made
    similar_case: CaseMatch | None = None   # the best-matching report that states it as its patient's diagnosis
    named_by_similar_report: bool = False    # a similar published case names it among its alternatives
    differential: list[DifferentialStatement] = field(default_factory=list)   # the sentences that name it so
    discriminators_for: list[WeighedDiscriminator] = field(default_factory=list)
    discriminators_against: list[WeighedDiscriminator] = field(default_factory=list)
    discriminators_unweighed: list[Discriminator] = field(default_factory=list)  # the case does not say
    shared_hpo: list[str] = field(default_factory=list)  # HPO ids of the case's findings its documents name
    shared_words: list[str] = field(default_factory=list)  # stems of case words its documents share
    # document id -> (start, end, sentence): the first sentence of each document that names it, for a quote
    named_sentences: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    similar_report_id: str | None = None     # the similar published case whose report names it (not as its diagnosis)
    similar_report_weight: float = 0.0       # the log LR that naming adds (literature-only candidates)


def new_candidate(mention: Mention, lexicon) -> LiteratureCandidate:
    """The candidate a mention opens, under the vocabulary's name for it and with its concept's codes."""
    entry = lexicon.entries.get(mention.key) if hasattr(lexicon, "entries") else None
    name = mention.surface if mention.kind != "abbreviation" else mention.key
    codes = list(lexicon.codes.get(mention.concept_id, ())) if mention.concept_id else []
    return LiteratureCandidate(mention.key, entry.name if entry else name, mention.disease_id, 0.0,
                               category=mention.category, concept_id=mention.concept_id, codes=codes)


def quote_sentence(candidate: LiteratureCandidate, hit, at: int, end: int | None = None) -> None:
    """Keep the sentence of ``hit`` around offset ``at`` as the candidate's quote from that document (the first
    one only), located by its offsets in the document."""
    if hit.document_id in candidate.named_sentences:
        return
    lo, hi = next(((a, b) for a, b in sentence_spans(hit.text) if a <= at < b), (at, at if end is None else end))
    candidate.named_sentences[hit.document_id] = (hit.start + lo, hit.start + hi, hit.text[lo:hi].strip())


def add_announced(announced, found: dict[str, LiteratureCandidate], shared: set[str]) -> None:
    """The announced subject (:mod:`clinicite.reason.stated_subject`) as a candidate the report states, quoted by
    its offsets in the passage."""
    hit, at, phrase, whole = announced.hit, announced.at, announced.phrase, announced.mention
    if announced.key not in found:
        found[announced.key] = LiteratureCandidate(
            announced.key, phrase[0].upper() + phrase[1:], whole.disease_id if whole else None, 0.0,
            category=whole.category if whole else None, concept_id=whole.concept_id if whole else None)
    candidate = found[announced.key]
    candidate.reported_diagnosis = True
    start, end = (hit.start + at, hit.start + at + len(phrase)) if at >= 0 else (hit.start, hit.start)
    if not any(p.document_id == hit.document_id for p in candidate.passages):
        candidate.passages.append(SupportingPassage(hit.document_id, hit.pmid, hit.title, hit.start, hit.end,
                                                    float(hit.score), phrase, start, end, sorted(shared), []))
    if at >= 0:
        quote_sentence(candidate, hit, at)
