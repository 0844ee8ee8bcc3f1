"""Diagnoses the literature suggests, including diseases the knowledge base does not hold.

:func:`literature_candidates` searches passages for the case, recognises disease
mentions in them (:mod:`clinicite.reason.mentions`, with the disease vocabulary of
:mod:`clinicite.reason.vocabulary`) and reads each passage's differential
discussion (:mod:`clinicite.reason.discourse`). Per disease it aggregates: the
passages that name it and how well they rank, the case's findings that the same
documents name, whether a source names it in a differential, and the source's
discriminators weighed against the patient (:mod:`clinicite.reason.weighing`).
A retrieved report whose patient shares the case's findings is a similar published case
(:mod:`clinicite.reason.similar_case`): the diagnosis it states weighs by the information content
of the findings matched, and the alternatives it names but rejected gain nothing from its findings.
A disease whose documents share no finding and fewer than
:data:`CANDIDATE_SHARED_STEMS` content words with the case, and that no weighed
discriminator speaks to, is not a candidate. :func:`merge_differentials` puts
the candidates and the knowledge-base ranking on one probability scale.

The searcher is anything with ``search(query, k)`` returning passages with
``document_id, title, text, start, end, score, pmid`` (:class:`Searcher`); the
index stage provides the real one.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Protocol

from clinicite.reason.discourse import DifferentialStatement, Discriminator, read_discourse, sentence_spans
from clinicite.reason.mentions import Mention, disease_lexicon, find_mentions, normalise
from clinicite.reason.similar_case import (PATIENT, CaseMatch, case_match, informative_terms, negatives_match,
                                          report_subject, stated_causes, stated_diagnoses, text_match,
                                          title_diagnoses)
from clinicite.reason.stated_subject import announced_subject
from clinicite.reason.vocabulary import name_key
from clinicite.reason.weighing import WeighedDiscriminator, weigh


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


# Words of a case text that say nothing about which disease it is.
_CASE_STOPWORDS = {"with", "without", "and", "the", "for", "from", "year", "years", "old", "month", "months", "week",
                   "weeks", "day", "days", "woman", "man", "male", "female", "girl", "boy", "child", "patient",
                   "presents", "presented", "history", "family", "no", "not", "of", "after", "since", "has", "had",
                   "was", "who", "which", "this", "that", "there", "their", "his", "her", "she", "he", "on", "in",
                   "women", "healthy", "previously", "develops", "developed", "after", "both", "sides", "becomes",
                   "several", "were", "have", "been", "showed", "shows", "normal", "three", "four", "five", "two"}
# A passage is relevant when it names one of the case's findings, or shares this many case words; a
# document supports a candidate when it names a case finding or shares CANDIDATE_SHARED_STEMS case words.
MIN_SHARED_STEMS = 2
CANDIDATE_SHARED_STEMS = 3


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A crude stem: "diaphyseal" and "diaphysis", "sclerosis" and "sclerotic" meet at six letters, after the
    name matcher's spelling folds ("haemophilia" and "hemophilia" are one word)."""
    return name_key(word).replace(" ", "")[:6] or word[:6]


def case_stems(case_text: str, observed_labels: list[str]) -> set[str]:
    """Content-word stems of the case text and of its findings' labels."""
    words = normalise(f"{case_text} {' '.join(observed_labels)}").split()
    return {_stem(w) for w in words if len(w) >= 4 and w not in _CASE_STOPWORDS and not w.isdigit()}


def _findings_in(text: str, labels: list[str]) -> list[str]:
    lowered = normalise(text)
    return [label for label in labels if label and re.search(rf"\b{re.escape(normalise(label))}\b", lowered)]


def shared_stems(text: str, stems: set[str]) -> set[str]:
    return {_stem(w) for w in normalise(text).split() if len(w) >= 4} & stems


def is_relevant(text: str, findings: list[str], stems: set[str]) -> bool:
    """Names a case finding, or shares at least ``MIN_SHARED_STEMS`` content words with the case."""
    if findings:
        return True
    return len(shared_stems(text, stems)) >= MIN_SHARED_STEMS


def _case_facts(case_text: str, kb, facts):
    if facts is not None:
        return facts
    ontology = getattr(kb, "ontology", None)
    if ontology is None or not case_text.strip():
        return None
    from clinicite.understand import understand_case
    return understand_case(case_text, ontology)


def _synonym_keys(observed: set[str], ontology) -> set[str]:
    """The exact synonyms of the case's findings: "Epilepsy" names the case's seizures, not a new diagnosis."""
    keys = set()
    for term_id in observed:
        term = getattr(ontology, "terms", {}).get(term_id) if ontology is not None else None
        if term is not None:
            keys.update(normalise(s.text) for s in term.synonyms if s.scope == "EXACT")
    return keys


def _stated_terms(text: str, ontology) -> tuple[set[str], set[str]]:
    """HPO ids that ``text`` states as present, and those it states as absent ("no fever")."""
    if ontology is None or not text.strip():
        return set(), set()
    from clinicite.understand import recognizer_for
    from clinicite.understand.context import apply_context
    found = recognizer_for(ontology).recognize(text)
    apply_context(text, found)
    present = {f.hpo_id for f in found if f.observed and not getattr(f, "family_history", False)}
    absent = {f.hpo_id for f in found if not f.observed and not getattr(f, "family_history", False)}
    return present, absent


def literature_candidates(searcher: Searcher, case_text_or_query: str, observed_labels: list[str], kb,
                          k: int = 30, *, facts=None, vocabulary=None,
                          trace: dict | None = None) -> list[LiteratureCandidate]:
    """Disease candidates from the passages that the search returns for the case, best first.

    ``facts`` (:class:`clinicite.understand.CaseFacts`) are read from the case text when not given;
    ``vocabulary`` defaults to :func:`clinicite.reason.vocabulary.load_vocabulary`. ``trace``, when given, is
    filled with the hits, each document's :class:`CaseMatch` and the diagnoses each states (for benchmarks that
    ask where the chain from a case to its matching report breaks).
    """
    query = case_text_or_query
    missing = [label for label in observed_labels if label.lower() not in query.lower()]
    if missing:
        query = f"{query} {' '.join(missing)}".strip()
    hits = _retrieve(searcher, query, k) if query.strip() else []
    if not hits:
        return []
    lexicon = disease_lexicon(kb, vocabulary)
    facts = _case_facts(case_text_or_query, kb, facts)
    ontology = getattr(kb, "ontology", None)
    observed = set(facts.observed) if facts is not None else set()
    labels = list(dict.fromkeys([*observed_labels, *(ontology.label(h) for h in observed if ontology and
                                                     ontology.label(h))]))
    stems = case_stems(case_text_or_query, labels)
    finding_keys = {normalise(label) for label in labels} | _synonym_keys(observed, ontology)
    best_score = max(h.score for h in hits) or 1.0
    abbreviations: dict[str, Mention] = {}
    found: dict[str, LiteratureCandidate] = {}
    shared_by_document: dict[str, set[str]] = {}
    words_by_document: dict[str, set[str]] = {}
    discriminators: list[Discriminator] = []
    present_by_document: dict[str, set[str]] = {}
    absent_by_document: dict[str, set[str]] = {}
    stated_by_document: dict[str, set[str]] = {}
    causes_by_document: dict[str, set[str]] = {}
    texts_by_document: dict[str, list[str]] = {}
    keys_by_document: dict[str, list[str]] = {}
    titles_by_document: dict[str, list[str]] = {}
    # A document that describes such a patient is read whole: its discussion names the alternatives without
    # repeating every finding of the case.
    # Read whole only when it matches closely (two findings or three content words), not on one word.
    similar = {h.document_id for h in hits if len(_findings_in(f"{h.title} {h.text}", labels)) >= 2
               or len(shared_stems(f"{h.title} {h.text}", stems)) >= 3}
    for hit in hits:
        text = f"{hit.title} {hit.text}"
        findings = _findings_in(text, labels)
        if hit.document_id not in similar and not is_relevant(text, findings, stems):
            continue                  # a search hit about something else is no evidence for this patient
        present, absent = _stated_terms(text, ontology)
        present_by_document.setdefault(hit.document_id, set()).update(present)
        texts_by_document.setdefault(hit.document_id, []).append(text)
        absent_by_document.setdefault(hit.document_id, set()).update(absent)
        hpo_ids = [h for h in present if h in observed]
        findings = list(dict.fromkeys([*findings, *(ontology.label(h) for h in hpo_ids)])) if ontology else findings
        shared_by_document.setdefault(hit.document_id, set()).update(findings)
        words_by_document.setdefault(hit.document_id, set()).update(shared_stems(text, stems))
        mentions = [m for m in find_mentions(hit.text, lexicon, abbreviations, phenotypes=True)
                    if m.key not in finding_keys]
        statements, stated = read_discourse(hit.text, mentions, hit.document_id, hit.start, ontology)
        discriminators += stated
        in_differential = {key for s in statements for key in s.candidates}
        seen_here: set[str] = set()
        reported = stated_diagnoses(hit.text, mentions)
        if hit.title:
            in_title = find_mentions(hit.title, lexicon, dict(abbreviations), True)
            reported |= title_diagnoses(hit.title, in_title)
            titles_by_document[hit.document_id] = [m.key for m in in_title]
        # A phenotype's name ("aortic dissection") is a candidate only where the source weighs it as a diagnosis.
        mentions = [m for m in mentions if not m.phenotype or m.key in in_differential or m.key in reported]
        stated_by_document.setdefault(hit.document_id, set()).update(reported)
        causes_by_document.setdefault(hit.document_id, set()).update(stated_causes(hit.text, mentions))
        keys_by_document.setdefault(hit.document_id, []).extend(m.key for m in mentions if m.kind != "likened")
        sentences = sentence_spans(hit.text)
        for mention in mentions:
            candidate = found.setdefault(mention.key, _new_candidate(mention, lexicon, kb))
            if hit.document_id not in candidate.named_sentences:
                lo, hi = next(((a, b) for a, b in sentences if a <= mention.start < b), (mention.start, mention.end))
                candidate.named_sentences[hit.document_id] = (hit.start + lo, hit.start + hi, hit.text[lo:hi].strip())
            for statement in statements:
                if mention.key in statement.candidates and statement not in candidate.differential:
                    candidate.differential.append(statement)
            if mention.key in seen_here:
                continue
            seen_here.add(mention.key)
            candidate.passages.append(SupportingPassage(
                hit.document_id, hit.pmid, hit.title, hit.start, hit.end, float(hit.score), mention.surface,
                hit.start + mention.start, hit.start + mention.end, findings, hpo_ids,
                mention.key in in_differential))
    for document_id, texts in texts_by_document.items():
        if not stated_by_document.get(document_id):
            # Nothing stated directly: a case report's subject, else the cause it states ("because of a ruptured
            # aneurysm"); a cause stays a candidate named in the report either way.
            causes = causes_by_document.get(document_id, set())
            subject = report_subject(keys_by_document.get(document_id, []), causes,
                                     titles_by_document.get(document_id, [])) \
                if PATIENT.search(" ".join(texts)) else None
            stated_by_document[document_id] = {subject} if subject else set(causes)
    background = {m.key for m in find_mentions(case_text_or_query, lexicon, {}, phenotypes=True)}
    for document_id, keys in stated_by_document.items():
        # A disease the case already names ("taking dasatinib for chronic myeloid leukaemia") is its background,
        # not what a similar report adds: only the report's other stated diagnoses are weighed as stated.
        stated_by_document[document_id] = keys - background
    for candidate in found.values():
        candidate.reported_diagnosis = any(candidate.key in keys for keys in stated_by_document.values())
    matches = {}
    for document_id, terms in present_by_document.items():
        matches[document_id] = case_match(document_id, terms, facts, kb, " ".join(texts_by_document[document_id]))
        negatives_match(matches[document_id], absent_by_document.get(document_id, set()), facts, kb, terms)
    _text_route(hits, matches, case_text_or_query, stated_by_document)
    similar_documents = {d for d, m in matches.items() if m.similar}
    for document_id in similar_documents:
        # A similar published case whose diagnosis no vocabulary names: the subject it announces ("we report the
        # first case of human ocular thelaziasis") is its stated diagnosis, quoted from its own sentence.
        announced = announced_subject(hits, document_id, lexicon, background,
                                      bool(stated_by_document.get(document_id)), _folded)
        if announced is not None:
            _add_announced(announced, found, shared_by_document.get(document_id, set()))
            stated_by_document.setdefault(document_id, set()).add(announced.key)
    if trace is not None:
        trace.update(hits=hits, matches=matches, stated=stated_by_document)
    background_forms = {_folded(key) for key in background}     # "pathological fracture" is "pathologic fracture"
    for candidate in found.values():
        reports = [matches[d] for d, keys in stated_by_document.items() if candidate.key in keys and d in matches]
        candidate.similar_case = max(reports, key=lambda m: (m.log_lr, m.strength), default=None)
        candidate.shared_words = sorted({w for p in candidate.passages for w in words_by_document.get(p.document_id, ())})
        rejected = {d for d, m in matches.items() if m.similar and stated_by_document.get(d)
                    and candidate.key not in stated_by_document[d]}
        # Named by a similar published case's report beside the diagnosis it made (in a differential statement or
        # not): what a report about a patient like this one weighs. Not the case's own stated conditions.
        naming = [s.document_id for s in candidate.differential if s.document_id in similar_documents] + [
            p.document_id for p in candidate.passages if p.document_id in similar_documents
            and candidate.key not in stated_by_document.get(p.document_id, ())]
        candidate.named_by_similar_report = bool(naming) and _folded(candidate.key) not in background_forms
        candidate.similar_report_id = naming[0] if candidate.named_by_similar_report else None
        _score(candidate, shared_by_document, best_score, discriminators, facts, ontology, kb, rejected)
    kept = [c for c in found.values() if c.findings or len(c.shared_words) >= CANDIDATE_SHARED_STEMS
            or c.discriminators_for or c.discriminators_against or c.named_by_similar_report
            or _stated_by_similar(c)]
    return sorted(kept, key=lambda c: -c.log_lr)


def _add_announced(announced, found: dict[str, LiteratureCandidate], shared: set[str]) -> None:
    """The announced subject as a candidate the report states, quoted by its offsets in the passage."""
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
    if at >= 0 and hit.document_id not in candidate.named_sentences:
        lo, hi = next(((a, b) for a, b in sentence_spans(hit.text) if a <= at < b), (at, at))
        candidate.named_sentences[hit.document_id] = (hit.start + lo, hit.start + hi, hit.text[lo:hi].strip())


def _text_route(hits: list, matches: dict[str, CaseMatch], case_text: str,
                stated: dict[str, set[str]] | None = None) -> None:
    """The first-ranked document, when it leads the rest by a clear margin, may be a similar case by its words
    (:func:`clinicite.reason.similar_case.text_match`); every retrieved document, read or not, counts as "other",
    except another report of the same diagnosis: two reports of one disease do not compete for the margin (the
    next that states something else, or states nothing we read, does)."""
    stated = stated or {}
    best: dict[str, float] = {}
    texts: dict[str, list[str]] = {}
    for hit in hits:
        best[hit.document_id] = max(best.get(hit.document_id, 0.0), float(hit.score))
        texts.setdefault(hit.document_id, []).append(f"{hit.title} {hit.text}")
    ranked = sorted(best, key=lambda d: -best[d])
    for rank, document_id in enumerate(ranked):
        if document_id in matches:
            matches[document_id].rank = rank
    if not ranked or ranked[0] not in matches:
        return
    first = ranked[0]
    diagnosis = stated.get(first, set())
    others = [d for d in ranked[1:] if not (diagnosis and stated.get(d, set()) & diagnosis)]
    words = [w for w in normalise(case_text).split() if w not in _CASE_STOPWORDS]
    terms = informative_terms(words, " ".join(texts[first]), [" ".join(texts[d]) for d in others], _stem)
    text_match(matches[first], best[first], best[others[0]] if others else 0.0, terms)
    # The words route: how much of the case's own wording the first document holds (similar_case.by_words).
    # The question asked about the case ("What is the diagnosis?") is not its wording.
    stems = case_stems(re.sub(r"[^.?!]*\?", " ", case_text), [])
    shared = shared_stems(" ".join(texts[first]), stems)
    matches[first].coverage = len(shared) / len(stems) if stems else 0.0
    matches[first].shared = sorted(shared)


def _folded(key: str) -> tuple[str, ...]:
    return tuple(_stem(w) for w in key.split())


def _stated_by_similar(candidate: LiteratureCandidate) -> bool:
    return candidate.similar_case is not None and candidate.similar_case.similar


def _reported_weight(candidate: LiteratureCandidate) -> float:
    """A similar published case's diagnosis weighs by its match; a less similar report's, a little."""
    match = candidate.similar_case
    if match is not None and match.similar:
        return match.log_lr
    return REPORTED_WEIGHT if candidate.reported_diagnosis else 0.0


def reported_diagnoses(text: str, mentions: list[Mention]) -> set[str]:
    """Keys of the mentions that ``text`` states as the diagnosis made (:func:`similar_case.stated_diagnoses`)."""
    return stated_diagnoses(text, mentions)


def _retrieve(searcher: Searcher, query: str, k: int) -> list:
    """Passages for the case, and the differential-diagnosis discussions of the documents found."""
    hits = list(searcher.search(query, k))
    seen = {(h.document_id, h.start) for h in hits}
    documents = {h.document_id for h in hits}
    for hit in searcher.search(f"{query} differential diagnosis", max(10, k // 2)):
        if hit.document_id in documents and (hit.document_id, hit.start) not in seen:
            seen.add((hit.document_id, hit.start))
            hits.append(hit)
    return hits


def _new_candidate(mention: Mention, lexicon, kb) -> LiteratureCandidate:
    entry = lexicon.entries.get(mention.key) if hasattr(lexicon, "entries") else None
    name = mention.surface if mention.kind != "abbreviation" else mention.key
    codes = list(lexicon.codes.get(mention.concept_id, ())) if mention.concept_id else []
    return LiteratureCandidate(mention.key, entry.name if entry else name, mention.disease_id, 0.0,
                               category=mention.category, concept_id=mention.concept_id, codes=codes)


def _score(candidate: LiteratureCandidate, shared_by_document: dict[str, set[str]], best_score: float,
           discriminators: list[Discriminator], facts, ontology, kb, rejected: set[str] = frozenset()) -> None:
    """Fill the candidate's derived fields and its log likelihood ratio.

    ``rejected``: documents of similar published cases that diagnosed something else. Their patient had the
    case's findings and not this disease, so their passages and shared findings are no evidence for it; it
    enters as a named alternative, with that source's discriminators.
    """
    candidate.findings = sorted({f for p in candidate.passages for f in shared_by_document.get(p.document_id, ())})
    candidate.shared_hpo = sorted({h for p in candidate.passages for h in p.hpo_ids})
    candidate.named_in_differential = bool(candidate.differential)
    linked = _kb_ids(candidate, kb)
    candidate.kb_ids = linked
    candidate.codes = [c for c in candidate.codes if c not in kb.diseases]
    if linked and not candidate.disease_id:
        candidate.disease_id = kb.equivalent_ids(linked[0])[0]
    if candidate.disease_id and candidate.disease_id in kb.diseases:
        candidate.name = (kb.names_of(candidate.disease_id) or [candidate.name])[0]
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
    # A disease the knowledge base holds competes on the findings it scores there: the bump is for rows that only
    # the literature brings in, and never above the report's own diagnosis (that has the match's weight).
    candidate.similar_report_weight = SIMILAR_REPORT_WEIGHT if (
        candidate.named_by_similar_report and not _stated_by_similar(candidate) and not linked
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
    candidate.log_lr = max(-MAX_LOG_LR, min(MAX_LOG_LR, log_lr)) + _reported_weight(candidate)


def _kb_ids(candidate: LiteratureCandidate, kb) -> list[str]:
    """Every knowledge-base id of the candidate's disease: its own, and those its concept links."""
    ids = [candidate.disease_id] if candidate.disease_id else []
    ids += [c for c in candidate.codes if c in kb.diseases]
    return list(dict.fromkeys(i for d in dict.fromkeys(ids) for i in kb.equivalent_ids(d)))


# merge_differentials moved to clinicite.reason.merge; re-exported here for callers of the old path.
from clinicite.reason.merge import UNNAMED_SLOTS, merge_differentials  # noqa: E402,F401
