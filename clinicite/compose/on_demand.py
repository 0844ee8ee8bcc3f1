"""Literature on demand: when the evidence held on a question is thin, what to ask PubMed for.

The query is built from the question's concepts, never from the user's words
as typed: for a case, the HPO labels of its observed findings (so no age, name
or story leaves the machine); for a short question, its content words. The
question type adds a PubMed subheading filter (diagnosis, therapy, prognosis),
and a case with several findings also asks for case reports, where rare
presentations are described. Only records with an abstract are asked for,
since an answer can cite nothing else.

"Thin" is measured on the store before answering: the literature documents
whose passages mention at least two of the concepts (or the one concept there
is). Fewer than ``on_demand_min_documents`` of them is thin. Fetching itself is
done by the caller (``Clinicite.ask``) through ``ingest.eutils``, with its rate
limit and retries; this module decides and words the notice.
Reference: PubMed search field tags, https://pubmed.ncbi.nlm.nih.gov/help/#search-tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from clinicite.compose.question import question_type
from clinicite.compose.sentences import content_terms
from clinicite.ingest.document import LITERATURE_SOURCES
from clinicite.understand.normalize import STOPWORDS

MAX_CONCEPTS = 3              # more findings ANDed together would match almost nothing
SEARCH_DEPTH = 40             # passages looked at when counting what the store holds

# PubMed filters by question type: MeSH subheadings ([sh]) and title/abstract words ([tiab]).
TYPE_FILTERS = {
    "diagnosis": '(diagnosis[sh] OR "differential diagnosis"[tiab])',
    "differential": '(diagnosis[sh] OR "differential diagnosis"[tiab])',
    "workup": "(diagnosis[sh] OR diagnostic imaging[sh])",
    "treatment": "(therapy[sh] OR treatment[tiab] OR management[tiab])",
    "drug": "(drug therapy[sh] OR adverse effects[sh] OR dose[tiab])",
    "prognosis": "(prognosis[mh] OR outcome[tiab] OR survival[tiab])",
}
CASE_REPORTS = '"case reports"[pt]'
# Words that say what kind of answer is wanted, not what it is about.
_ASKING = frozenset("""what which how when why who whom whose is are was were does do did can could should would
may might will treat treated treatment treatments therapy therapies manage managed management diagnose diagnosed
diagnosis diagnostic differential cause causes caused best first line option options recommended effective
efficacy evidence role use used useful help work works workup work-up test tests testing sign signs symptom
symptoms prognosis outcome outcomes patient patients people person child children adult adults man woman boy
girl year years old new common usual usually type types kind kinds there any""".split())


@dataclass
class LiteratureRequest:
    """What would be asked of PubMed for a question, and whether the store's evidence is thin."""

    query: str
    concepts: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)     # ids of literature documents that cover the concepts
    thin: bool = False


def fetch_enabled(settings: Any, requested: bool | None = None) -> bool:
    """Whether ``ask`` may fetch: an explicit request wins, then the setting; "auto" needs NCBI configured."""
    if requested is not None:
        return requested
    mode = getattr(settings, "literature_on_demand", "off")
    if mode == "auto":
        return bool(getattr(settings, "ncbi_email", None) or getattr(settings, "ncbi_api_key", None))
    return mode == "on"


def question_concepts(question: str, ontology: Any) -> tuple[list[str], bool]:
    """(concepts, is a case): HPO labels of the observed findings, else the question's content words."""
    from clinicite.understand import understand_case

    facts = understand_case(question, ontology)
    labels = list(dict.fromkeys(f.label for f in facts.findings if f.observed and f.label))
    if labels:
        return labels[:MAX_CONCEPTS], len(labels) >= 2
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9'-]*", question)
             if w.lower() not in STOPWORDS and w.lower() not in _ASKING and len(w) > 1]
    return list(dict.fromkeys(words))[:5], False


def pubmed_query(concepts: list[str], kind: str, case: bool) -> str:
    """A PubMed query: the concepts ANDed, the question type's filter, abstracts only."""
    terms = " AND ".join(f'"{c}"' if " " in c else c for c in (re.sub(r'["()\[\]]', " ", c).strip()
                                                               for c in concepts) if c)
    parts = [f"({terms})"]
    kind_filter = TYPE_FILTERS.get(kind)
    if case:
        kind_filter = f"({kind_filter} OR {CASE_REPORTS})" if kind_filter else CASE_REPORTS
    if kind_filter:
        parts.append(kind_filter)
    parts.append("hasabstract")
    return " AND ".join(parts)


def covering_documents(searcher: Any, concepts: list[str], filters: Any = None) -> list[str]:
    """Literature documents held whose passages name at least two of the concepts (or the only one)."""
    from clinicite.index.lexical import SearchFilters

    wanted = [set(content_terms(c)) for c in concepts]
    wanted = [w for w in wanted if w]
    if not wanted:
        return []
    need = min(2, len(wanted))
    scope = replace(filters, sources=LITERATURE_SOURCES) if filters is not None else \
        SearchFilters(sources=LITERATURE_SOURCES)
    hits = searcher.search(" ".join(concepts), k=SEARCH_DEPTH, filters=scope, mode="lexical")
    found: list[str] = []
    for hit in hits:
        words = set(content_terms(f"{hit.title} {hit.text}"))
        if sum(1 for terms in wanted if terms <= words) >= need and hit.document_id not in found:
            found.append(hit.document_id)
    return found


def literature_request(question: str, *, ontology: Any, searcher: Any, min_documents: int,
                       filters: Any = None) -> LiteratureRequest:
    """The PubMed query for ``question`` and whether what the store holds on it is thin."""
    concepts, case = question_concepts(question, ontology)
    if not concepts:
        return LiteratureRequest(query="", concepts=[], thin=False)
    held = covering_documents(searcher, concepts, filters)
    kind = question_type(question)
    if case and kind == "general":
        kind = "diagnosis"          # a pasted case without an explicit ask is a diagnosis question
    query = pubmed_query(concepts, kind, case)
    return LiteratureRequest(query=query, concepts=concepts, held=held, thin=len(held) < min_documents)


def fetched_notice(request: LiteratureRequest, pmids: list[str]) -> str:
    held = len(request.held)
    why = f"the sources held had {held} document{'s' if held != 1 else ''} on {', '.join(request.concepts)}"
    if not pmids:
        return f"Searched PubMed for '{request.query}' because {why}; it returned no new records."
    shown = ", ".join(pmids[:20]) + (" …" if len(pmids) > 20 else "")
    return (f"Fetched {len(pmids)} PubMed record{'s' if len(pmids) != 1 else ''} for '{request.query}' because "
            f"{why}: PMID {shown}. They were added to the sources held and this answer draws on them.")


def failed_notice(request: LiteratureRequest, error: Exception) -> str:
    return (f"PubMed could not be searched for '{request.query}' ({error}); the answer uses the sources "
            "already held.")
