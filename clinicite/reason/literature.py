"""Diagnoses the literature suggests, including diseases the knowledge base does not hold.

:func:`literature_candidates` searches passages for the case and reads them
(:mod:`clinicite.reason.passage_reading`: disease mentions with the vocabulary of
:mod:`clinicite.reason.vocabulary`, each passage's differential discussion from
:mod:`clinicite.reason.discourse`, the diagnosis each states). Per disease it aggregates: the
passages that name it and how well they rank, the case's findings that the same
documents name, whether a source names it in a differential, and the source's
discriminators weighed against the patient (:mod:`clinicite.reason.candidate_score`).
A retrieved report whose patient shares the case's findings, or the case's words, is a similar published case
(:mod:`clinicite.reason.similar_case`, :mod:`clinicite.reason.first_document`): the diagnosis it states weighs
by the match, and the alternatives it names but rejected gain nothing from its findings.
A disease whose documents share no finding and fewer than
:data:`CANDIDATE_SHARED_STEMS` content words with the case, and that no weighed
discriminator speaks to, is not a candidate. :func:`merge_differentials` puts
the candidates and the knowledge-base ranking on one probability scale.

The searcher is anything with ``search(query, k)`` returning passages with
``document_id, title, text, start, end, score, pmid`` (:class:`Searcher`); the
index stage provides the real one. A searcher may also offer ``similarity(texts)`` (cosines of the first text to
the others by its dense encoder, or None): the words route then reads the case's meaning as well as its words.
"""

from __future__ import annotations

from typing import Protocol

from clinicite.reason.candidate_score import (DIFFERENTIAL_WEIGHT, FINDING_WEIGHT, MAX_LOG_LR,  # noqa: F401
                                              PASSAGE_WEIGHT, REPORTED_WEIGHT, SIMILAR_REPORT_WEIGHT, score,
                                              stated_by_similar)
from clinicite.reason.case_words import (CANDIDATE_SHARED_STEMS, MIN_SHARED_STEMS, case_stems,  # noqa: F401
                                         folded, is_relevant, shared_stems)
from clinicite.reason.first_document import first_document_routes
from clinicite.reason.literature_candidate import LiteratureCandidate, SupportingPassage, add_announced, new_candidate
from clinicite.reason.mentions import Mention, disease_lexicon, find_mentions, normalise
from clinicite.reason.passage_reading import Reading, read_passages
from clinicite.reason.similar_case import PATIENT, CaseMatch, case_match, negatives_match, report_subject
from clinicite.reason.similar_case import stated_diagnoses
from clinicite.reason.similar_case_site import site_disease
from clinicite.reason.stated_subject import Announced, announced_subject
from clinicite.reason.title_finding import named_inside, title_finding

__all__ = ["CANDIDATE_SHARED_STEMS", "LiteratureCandidate", "Passage", "SIMILAR_REPORT_WEIGHT", "Searcher",
           "SupportingPassage", "UNNAMED_SLOTS", "literature_candidates", "merge_differentials", "reported_diagnoses"]


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
    keys: set[str] = set()
    for term_id in observed:
        term = getattr(ontology, "terms", {}).get(term_id) if ontology is not None else None
        if term is not None:
            keys.update(normalise(s.text) for s in term.synonyms if s.scope == "EXACT")
    return keys


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
    reading = read_passages(hits, lexicon, labels, stems, finding_keys, observed, ontology)
    background = {m.key for m in find_mentions(case_text_or_query, lexicon, {}, phenotypes=True)}
    _findings_give_way(reading, lexicon)
    _subjects_of_silent_reports(reading, background)
    matches = _similar_cases(hits, reading, facts, kb, case_text_or_query, getattr(searcher, "similarity", None))
    similar_documents = {d for d, m in matches.items() if m.similar}
    restates = _restatement(labels, background)
    for document_id in similar_documents:
        # A similar published case whose diagnosis no vocabulary names: the subject it announces ("we report the
        # first case of human ocular thelaziasis") is its stated diagnosis, quoted from its own sentence. What it
        # states that only restates a finding ("mild intellectual disability", "proteinuria") is no diagnosis.
        stated = reading.stated.setdefault(document_id, set())
        states_some = any(not restates(key) for key in stated)
        announced = announced_subject(hits, document_id, lexicon, background, states_some, folded, restates)
        inside = None
        if announced is not None and announced.mention is None and announced.move.startswith("title"):
            # "Podagra overnight in a man ...": the one disease the vocabulary names inside the title's lead is it
            inside = named_inside(announced.phrase, lexicon)
            if inside is not None and folded(inside.key) not in {folded(b) for b in background}:
                announced = Announced(inside.key, inside.surface, announced.hit,
                                      announced.hit.text.find(inside.surface), inside, announced.move)
            else:
                inside = None
        if announced is not None and inside is None and announced.move.startswith("title") and \
                names_a_finding(announced, lexicon):
            # A descriptive title leads with a finding ("Sudden scrotal pain on waking in a teenage boy", "Projectile
            # vomiting and a hypochloraemic metabolic alkalosis in a five-week-old boy"): what the patient had, not
            # what was diagnosed. The one disease the report names without weighing it as an alternative, naming it
            # as a cause, or the case naming it already ("She was treated for thyroid storm") is its diagnosis.
            own = sole_unweighed_disease(reading, document_id, background | {announced.key}, lexicon)
            if own is not None:
                stated.add(own)
                continue
        if not states_some and (announced is None or (inside is None and announced.move.startswith("title")
                                                      and names_a_finding(announced, lexicon))):
            # "Torsion is a surgical emergency", "the left cord was twisted": a report that names what it found
            # only by the bare head names the disease of the site it writes (clinicite.reason.similar_case_site).
            site = site_disease(hits, document_id, lexicon, case_text_or_query, reading.weighed.get(document_id, set()))
            if site is not None and folded(site.key) not in {folded(b) for b in background}:
                reading.found.setdefault(site.key, new_candidate(site.mention, lexicon))
                add_announced(Announced(site.key, site.mention.surface, site.hit, site.at, site.mention, "site head"),
                              reading.found, reading.shared.get(document_id, set()))
                stated.add(site.key)
                continue
        if announced is not None and announced.move.startswith("title") and \
                title_finding(announced.phrase, announced.mention, lexicon):
            continue      # a title's bare finding ("Periorbital oedema ...") is what the patient had, never a row
        if announced is not None:
            add_announced(announced, reading.found, reading.shared.get(document_id, set()))
            if not states_some and announced.move == "title with":
                stated.clear()          # "F and G in a patient with D": F and G are what D showed
            stated.add(announced.key)
    if trace is not None:
        trace.update(hits=hits, matches=matches, stated=reading.stated)
    best_score = max(h.score for h in hits) or 1.0
    _weigh_candidates(reading, matches, similar_documents, background, best_score, facts, ontology, kb)
    # What a source says a disease is like (kind "characteristic") weighs a candidate but does not make one: any
    # review describes many diseases by features some patient has.
    broad = _broad_labels(observed, ontology)
    kept = [c for c in reading.found.values() if any(f not in broad for f in c.findings)
            or len(c.shared_words) >= CANDIDATE_SHARED_STEMS
            or any(w.discriminator.kind != "characteristic" for w in c.discriminators_for + c.discriminators_against)
            or c.named_by_similar_report or stated_by_similar(c)]
    return sorted(kept, key=lambda c: -c.log_lr)


# A finding with this many narrower HPO terms places nothing alone ("Pain", "Seizure"; compose/topic.py reads a
# case's topic the same way).
BROAD_FINDING_DESCENDANTS = 40


def _broad_labels(observed: set[str], ontology) -> set[str]:
    """The labels of the case's broad findings. A passage sharing only these with the case does not make its disease
    a candidate: a review of opioid pharmacogenomics in sickle cell disease shares "pain" with any painful case, and
    led a man's sciatic-nerve mass and a woman's diaphyseal sclerosis with sickle cell disease."""
    if ontology is None:
        return set()
    broad = set()
    for hpo_id in observed:
        try:
            if len(ontology.descendants(hpo_id)) >= BROAD_FINDING_DESCENDANTS and ontology.label(hpo_id):
                broad.add(ontology.label(hpo_id))
        except (KeyError, AttributeError, ValueError):
            continue
    return broad


def names_a_finding(announced, lexicon) -> bool:
    """Whether an announced subject names a finding: an HPO phenotype's name, or a phrase that ends in one and is no
    disease name ("Sudden painless monocular blindness" ends in "blindness"). Findings a report is about ("green
    urine", "hemolacria") are findings too; :func:`sole_unweighed_disease` keeps them when the report names no
    other disease of its own."""
    if title_finding(announced.phrase, announced.mention, lexicon):
        return True
    if announced.mention is not None:
        return bool(announced.mention.phenotype)
    findings: frozenset[str] = getattr(lexicon, "findings", frozenset())
    words = announced.key.split()
    return announced.key not in getattr(lexicon, "entries", {}) and \
        any(" ".join(words[i:]) in findings for i in range(len(words)))


def sole_unweighed_disease(reading: Reading, document_id: str, exclude: set[str], lexicon) -> str | None:
    """The one disease key a report names that it does not weigh as an alternative, state as a cause or share with
    the case (``exclude``), and that is no finding's name; None when there are none or several."""
    weighed = reading.weighed.get(document_id, set())
    causes = reading.causes.get(document_id, set())
    excluded = {folded(k) for k in exclude}
    is_finding = getattr(lexicon, "is_finding", lambda key: False)
    own = {key for key in reading.keys.get(document_id, []) if key not in weighed and key not in causes
           and folded(key) not in excluded and not is_finding(key) and key in reading.found}
    return next(iter(own)) if len(own) == 1 else None


def _restatement(labels: list[str], background: set[str]):
    """``restates(key)``: the disease key only restates one of the case's own findings or named conditions
    ("recurrent multiple cns hemangioblastoma" ends with the case's "hemangioblastoma"). Not every HPO name:
    "endocarditis" is a phenotype's name and a diagnosis."""
    own = {folded(normalise(label)) for label in labels} | {folded(key) for key in background}
    own.discard(())

    def restates(key: str) -> bool:
        words = folded(key)
        return any(words[-len(f):] == f for f in own if len(f) <= len(words))
    return restates


def _findings_give_way(reading: Reading, lexicon) -> None:
    """A report that states a disease and also a finding's name ("Salt craving, hyperpigmentation and hyperkalaemia in
    a woman ..." as its title, "Primary adrenal insufficiency of autoimmune origin was diagnosed" in its text) made
    the diagnosis, not the finding, though a vocabulary lists the finding too (ICD-10-CM's E87.5 Hyperkalemia)."""
    is_finding = getattr(lexicon, "is_finding", None)
    if is_finding is None:
        return
    for document_id, keys in reading.stated.items():
        diseases = {key for key in keys if not is_finding(key)}
        if diseases and diseases != keys:
            reading.stated[document_id] = diseases


def _subjects_of_silent_reports(reading: Reading, background: set[str]) -> None:
    """A document that states nothing directly: a case report's subject, else the cause it states ("because of a
    ruptured aneurysm"); a cause stays a candidate named in the report either way. Then a disease the case already
    names ("taking dasatinib for chronic myeloid leukaemia") is its background, not what a report adds: only the
    report's other stated diagnoses are weighed as stated (in place)."""
    for document_id, texts in reading.texts.items():
        if not reading.stated.get(document_id):
            causes = reading.causes.get(document_id, set())
            # An alternative the report weighs ("must be excluded", "misdiagnosis as a stress fracture") is named
            # often in a discussion because it was set aside: it is not what the report is about.
            weighed = reading.weighed.get(document_id, set())
            named = [key for key in reading.keys.get(document_id, []) if key not in weighed]
            subject = report_subject(named, causes, reading.titles.get(document_id, [])) \
                if PATIENT.search(" ".join(texts)) else None
            reading.stated[document_id] = {subject} if subject else set(causes)
    for document_id, keys in reading.stated.items():
        reading.stated[document_id] = keys - background
    for candidate in reading.found.values():
        candidate.reported_diagnosis = any(candidate.key in keys for keys in reading.stated.values())


def _similar_cases(hits: list, reading: Reading, facts, kb, case_text: str, similarity=None) -> dict[str, CaseMatch]:
    """Each read document's match to the case, by findings and negatives, and the first one's by its words."""
    matches = {}
    for document_id, terms in reading.present.items():
        matches[document_id] = case_match(document_id, terms, facts, kb, " ".join(reading.texts[document_id]))
        negatives_match(matches[document_id], reading.absent.get(document_id, set()), facts, kb, terms)
    first_document_routes(hits, matches, case_text, reading.stated, similarity)
    return matches


def _weigh_candidates(reading: Reading, matches: dict[str, CaseMatch], similar_documents: set[str],
                      background: set[str], best_score: float, facts, ontology, kb) -> None:
    background_forms = {folded(key) for key in background}     # "pathological fracture" is "pathologic fracture"
    stated = reading.stated
    for candidate in reading.found.values():
        reports = [matches[d] for d, keys in stated.items() if candidate.key in keys and d in matches]
        candidate.similar_case = max(reports, key=lambda m: (m.log_lr, m.strength), default=None)
        candidate.shared_words = sorted({w for p in candidate.passages for w in reading.words.get(p.document_id, ())})
        rejected = {d for d, m in matches.items() if m.similar and stated.get(d) and candidate.key not in stated[d]}
        # Named by a similar published case's report beside the diagnosis it made (in a differential statement or
        # not): what a report about a patient like this one weighs. Not the case's own stated conditions.
        naming = [s.document_id for s in candidate.differential if s.document_id in similar_documents] + [
            p.document_id for p in candidate.passages if p.document_id in similar_documents
            and candidate.key not in stated.get(p.document_id, ())]
        candidate.named_by_similar_report = bool(naming) and folded(candidate.key) not in background_forms
        candidate.similar_report_id = naming[0] if candidate.named_by_similar_report else None
        score(candidate, reading.shared, best_score, reading.discriminators, facts, ontology, kb, rejected)


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


# The first-document routes moved to clinicite.reason.first_document; the old private name stays for its tests.
_text_route = first_document_routes

# merge_differentials moved to clinicite.reason.merge; re-exported here for callers of the old path.
from clinicite.reason.merge import UNNAMED_SLOTS, merge_differentials  # noqa: E402,F401
