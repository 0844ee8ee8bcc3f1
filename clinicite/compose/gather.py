"""Gathering evidence for a question: query variants, hybrid search, knowledge records.

Several query variants (the question, the case's findings, the leading
diagnoses' names with the kind of question) are searched and their rankings
fused by reciprocal rank fusion (Cormack, Clarke & Büttcher, 2009). Passages
are cut into sentences that keep their exact offsets; each sentence is scored
by its passage's fused rank, its word overlap with the queries, the role the
sentence plays in its study (:mod:`clinicite.compose.classify`) and the grade
and age of its source (:mod:`clinicite.compose.grading`). Knowledge records of
the leading diagnoses add plain-sentence facts (:mod:`clinicite.compose.records`).
"""

from __future__ import annotations

import re

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from clinicite.compose.classify import ROLE_VALUE, default_classifier
from clinicite.compose.evidence import Evidence, EvidencePool, Source, QuotedSpan, looks_like_instructions, opening_words
from clinicite.compose.grading import evidence_weight, grade_source
from clinicite.compose.question import QuestionAnalysis
from clinicite.compose.records import record_facts
from clinicite.compose.sentences import content_terms, cosine, split_sentences, term_vector
from clinicite.errors import IndexError_
from clinicite.ingest.disease import DiseaseRecord
from clinicite.ingest.document import Document

_TYPE_WORDS = {"diagnosis": "clinical features diagnosis", "differential": "differential diagnosis",
               "workup": "diagnosis tests", "treatment": "treatment", "drug": "dose adverse effects",
               "prognosis": "prognosis outcome", "general": ""}
RRF_K = 60


@dataclass
class Lead:
    """A diagnosis the answer is about: from the differential or carried over from a thread."""

    name: str
    ids: list[str] = field(default_factory=list)


def build_queries(analysis: QuestionAnalysis, leads: list[Lead], topic: list[str]) -> list[str]:
    words = _TYPE_WORDS.get(analysis.question_type, "")
    text = analysis.text.strip()
    queries = [text if len(text) <= 300 else _last_sentences(text)]
    queries += [variant for variant in [code_variants(queries[0])] if variant != queries[0]]
    labels = [f.label for f in analysis.case.findings if f.observed][:8]
    if labels:
        queries.append(" ".join(labels))
    for name in [lead.name for lead in leads[:3]] + topic[:2]:
        queries.append(f"{name} {words}".strip())
    return list(dict.fromkeys(q for q in queries if q))


# A drug or compound code: letters then digits, written with or without a hyphen or space ("CPX351",
# "CPX-351", "ABT 199"); each spelling is one token or two to the index, so the other spelling misses.
# Capitals only: "in 2020" or "aged 65" are words and numbers, not a code.
_CODE = re.compile(r"\b([A-Z]{2,6})(?:[- ]?)(\d{2,6})\b")


def code_variants(text: str) -> str:
    """``text`` with every letters-and-digits code in its other spelling: "CPX351" as "CPX-351" and
    "CPX-351" or "CPX 351" as "CPX351", so a record that spells the code the other way is found (the
    query-side variant generation of drug-name normalisation, cf. RxNorm's normalised strings)."""
    def other(match: re.Match) -> str:
        letters, digits = match.group(1), match.group(2)
        joined = match.group(0) == letters + digits
        return f"{letters}-{digits}" if joined else letters + digits
    return _CODE.sub(other, text)


def _last_sentences(text: str) -> str:
    sentences = split_sentences(text)
    return " ".join(s.text for s in sentences[-2:])[:400] if sentences else text[:400]


def search_all(searcher: Any, queries: list[str], per_query: int,
               filters: Any = None) -> tuple[list[Any], dict[tuple, float]]:
    """Hits of every query, de-duplicated by span, with their fused RRF score."""
    fused: dict[tuple, float] = defaultdict(float)
    hits: dict[tuple, Any] = {}
    for query in queries:
        try:
            ranked = searcher.search(query, k=per_query, filters=filters, mode="hybrid")
        except IndexError_:
            ranked = []       # an empty or missing index: nothing to cite, the answer abstains
        for rank, hit in enumerate(ranked):
            key = (hit.document_id, hit.start, hit.end)
            hits.setdefault(key, hit)
            fused[key] += 1.0 / (RRF_K + rank + 1)
    ordered = sorted(hits, key=lambda k: -fused[k])
    return [hits[k] for k in ordered], fused


def load_documents(database: Any, ids: list[str]) -> dict[str, Document]:
    """Stored documents by id (their metadata and canonical text)."""
    if database is None or not ids:
        return {}
    from sqlalchemy import select

    from clinicite.store.models import DocumentRow
    found: dict[str, Document] = {}
    with database.session() as session:
        for row in session.scalars(select(DocumentRow).where(DocumentRow.id.in_(ids))):
            try:
                document = Document.from_dict(row.data) if row.data else None
            except TypeError:
                document = None
            if document is None:
                document = Document(id=row.id, source=row.source, title=row.title, pmid=row.pmid, doi=row.doi,
                                    year=row.year, publication_types=list(row.publication_types or []))
            document.text = row.text or document.text
            found[row.id] = document
    return found


def load_record(record_id: str, knowledge_base: Any, database: Any) -> DiseaseRecord | None:
    diseases = getattr(knowledge_base, "diseases", None) or {}
    if record_id in diseases:
        return diseases[record_id]
    if database is None:
        return None
    from clinicite.store.models import DiseaseRow
    with database.session() as session:
        row = session.get(DiseaseRow, record_id)
        return DiseaseRecord.from_dict(row.data) if row is not None and row.data else None


def document_source(document: Document) -> Source:
    mesh = [m.descriptor for m in document.mesh]
    grade = grade_source(document.source, document.publication_types, mesh, document.title, document.text)
    return Source(id=document.id, title=document.title, source_type=document.source, grade=grade,
                  url=document.link, year=document.year, pmid=document.pmid, doi=document.doi,
                  authors=[a.display for a in document.authors if a.display], journal=document.journal,
                  publication_types=list(document.publication_types),
                  corrections=list(getattr(document, "corrections", None) or []),
                  opening=opening_words(document.sections[0].text if document.sections else document.text))


def hit_sentences(hit: Any, document: Document | None, pool: EvidencePool) -> list[tuple[QuotedSpan, str | None]]:
    """Sentences of a hit with offsets checked against the stored text; untraceable ones are dropped."""
    text = document.text if document is not None and document.text else None
    base = hit.start
    if text is not None and text[hit.start:hit.end] != hit.text:
        located = text.find(hit.text)
        if located < 0:
            pool.rejected.append({"document_id": hit.document_id, "reason": "passage not found in stored text"})
            return []
        base = located
    found = []
    for sentence in split_sentences(hit.text, offset=base):
        if looks_like_instructions(sentence.text):
            pool.rejected.append({"document_id": hit.document_id, "start": sentence.start, "end": sentence.end,
                                  "reason": "text reads as instructions to a machine; kept out of the answer"})
            continue
        if len(sentence.text) < 25 or sum(c.isalpha() for c in sentence.text) < 15:
            continue
        found.append((QuotedSpan(sentence.start, sentence.end, sentence.text),
                      _section_label(document, sentence.start) or getattr(hit, "section", None)))
    return found


def _section_label(document: Document | None, offset: int) -> str | None:
    """The label of the document section holding ``offset`` (a passage may span several sections)."""
    for section in (document.sections if document is not None else []):
        if section.start <= offset < max(section.end, section.start + 1) and section.label:
            return section.label
    return None


def gather_evidence(analysis: QuestionAnalysis, *, searcher: Any, database: Any = None, knowledge_base: Any = None,
                    leads: list[Lead] | None = None, topic: list[str] | None = None,
                    prior_documents: list[str] | None = None, label_of: Any = None,
                    per_query: int = 10, max_passages: int = 24, max_items: int = 60,
                    filters: Any = None) -> EvidencePool:
    """All evidence for one question, best first. ``prior_documents`` (a thread's) get a small boost."""
    leads, topic, prior = leads or [], topic or [], set(prior_documents or [])
    pool = EvidencePool(queries=build_queries(analysis, leads, topic))
    hits, fused = ([], {}) if searcher is None else search_all(searcher, pool.queries, per_query, filters)
    hits = hits[:max_passages]
    wanted = [h.document_id for h in hits] + [i for lead in leads[:3] for i in lead.ids]
    documents = load_documents(database, list(dict.fromkeys(wanted)))
    query_vectors = [term_vector(q) for q in pool.queries]
    top_fused = max(fused.values(), default=1.0)
    classifier = default_classifier()
    sources: dict[str, Source] = {}
    seen: set[tuple[str, int]] = set()
    for hit in hits:
        document = documents.get(hit.document_id)
        if getattr(hit, "source", None) == "knowledge" or (document is not None and document.source == "knowledge"):
            continue      # knowledge records are stated as facts below, not quoted piecemeal
        if document is None:
            document = Document(id=hit.document_id, source=getattr(hit, "source", "text") or "text",
                                title=hit.title or "", pmid=hit.pmid, doi=hit.doi, year=hit.year,
                                publication_types=list(getattr(hit, "publication_types", None) or []))
        source = sources.setdefault(document.id, document_source(document))
        passage_score = fused[(hit.document_id, hit.start, hit.end)] / top_fused
        for span, section in hit_sentences(hit, document if document.text else None, pool):
            if (hit.document_id, span.start) in seen:
                continue      # the same sentence reached through an overlapping passage
            seen.add((hit.document_id, span.start))
            match = query_match(term_vector(span.quote), query_vectors)
            role, value = classifier.role_and_value(span.quote) if classifier else (None, ROLE_VALUE["results"])
            relevance = (0.35 * passage_score + 0.65 * match) * value * evidence_weight(source.grade, source.year)
            if source.retracted:
                relevance *= 0.2      # kept only so the answer can say it was retracted
            if source.id in prior:
                relevance *= 1.15
            pool.items.append(Evidence(source, span.quote, [span], relevance, section, "sentence", role))
    _add_knowledge(pool, analysis, leads, hits, documents, knowledge_base, database, label_of)
    pool.items = _deduplicate(sorted(pool.items, key=lambda e: -e.relevance))[:max_items]
    return pool


def _add_knowledge(pool, analysis, leads, hits, documents, knowledge_base, database, label_of) -> None:
    """Facts of the leading diagnoses' records and of knowledge records that search found."""
    wanted: list[str] = []
    for lead in leads[:3]:
        wanted += [i for i in lead.ids if i.split(":")[0] in ("OMIM", "ORPHA", "DECIPHER")][:1]
    led = set(wanted) | {i for lead in leads for i in lead.ids}
    wanted += [h.document_id for h in hits[:10]
               if getattr(h, "source", None) == "knowledge" or getattr(documents.get(h.document_id), "source",
                                                                        None) == "knowledge"]
    query_vectors = [term_vector(q) for q in pool.queries]
    for position, record_id in enumerate(dict.fromkeys(wanted)):
        record = load_record(record_id, knowledge_base, database)
        if record is None:
            continue
        if record_id not in led and not named_in(record, analysis.text):
            continue      # a record search found is cited only for a disease the question names
        document = documents.get(record_id)
        if document is None or not document.sections:
            document = record.to_document(label_of=getattr(getattr(knowledge_base, "ontology", None), "label", None))
        for fact in record_facts(record, document, label_of=label_of):
            match = query_match(term_vector(fact.statement), query_vectors)
            fact.relevance = (0.45 + 0.4 * match) * (0.9 ** position)
            pool.items.append(fact)


def named_in(record: DiseaseRecord, text: str) -> bool:
    """True when the question names the record's disease (its name or a synonym, word for word)."""
    asked = set(content_terms(text))
    for name in [record.name, *record.synonyms]:
        words = set(content_terms(name)) - _DISEASE_WORDS
        if words and words <= asked:
            return True
    return False


_DISEASE_WORDS = set(content_terms("syndrome disease disorder type form"))


def query_match(vector: Any, query_vectors: list[Any]) -> float:
    """How well a sentence matches the best query: mostly the share of the query's words it holds
    (long sentences are not penalised for saying more), partly cosine similarity."""
    best = 0.0
    for query in query_vectors:
        if not query:
            continue
        covered = sum(1 for term in query if term in vector) / len(query)
        best = max(best, 0.6 * covered + 0.4 * cosine(vector, query))
    return best


def _deduplicate(items: list[Evidence], threshold: float = 0.85) -> list[Evidence]:
    """Drop statements nearly identical to a better-ranked one (same sentence in two records)."""
    kept: list[tuple[Evidence, Any]] = []
    for item in items:
        vector = term_vector(item.statement)
        if any(cosine(vector, other) >= threshold for _, other in kept):
            continue
        kept.append((item, vector))
    return [item for item, _ in kept]
