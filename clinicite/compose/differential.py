"""The differential table of a case answer: knowledge ranking and literature candidates, each row sourced.

The knowledge base ranks diseases by the case's findings (LIRICAL-style
likelihood ratios, Robinson et al., 2020; :mod:`clinicite.reason.differential`).
Diseases that the literature held names for the same findings are found by
:func:`clinicite.reason.literature.literature_candidates` and put on the same
probability scale by :func:`~clinicite.reason.literature.merge_differentials`.
A row is shown only with its sources: the knowledge record's phenotype fact,
and for literature support the sentence of each passage that names the disease,
quoted exactly from the stored text.
"""

from __future__ import annotations

from typing import Any

from clinicite.compose.audience import term_record
from clinicite.compose.evidence import Evidence, QuotedSpan, looks_like_instructions
from clinicite.compose.gather import document_source, load_documents, load_record
from clinicite.compose.question import QuestionAnalysis
from clinicite.compose.records import record_facts
from clinicite.compose.sentences import split_sentences
from clinicite.errors import IndexError_
from clinicite.ingest.document import LITERATURE_SOURCES
from clinicite.reason.engine import SEPARATION_RATIO
from clinicite.reason.merge import row_named_by_similar_report

ROWS = 5
LEADER_SHARE = 0.1
# When the findings do not separate the leading rows (the fifth within the engine's SEPARATION_RATIO of the
# leader: one unspecific finding, its common causes nearly level), the table lists up to this many, so the
# causes a clinician weighs together are read together (issue 8, item 3); a ranking with a clear leader keeps ROWS.
FLAT_ROWS = 8
# The alternatives a similar published case's report weighs ("must be excluded") are shown beside the leading rows
# however unlikely this case makes them, with the reason they are set aside: at most this many more rows. Four:
# a report's discussion weighs about four alternatives (the reason_lit vignettes name 3.7, median 4), and
# the one its features weigh down most ("develops gradually, often with dysuria") is the one a reader asks about.
REPORT_ALTERNATIVE_ROWS = 4
PASSAGES_PER_ROW = 2
# The common causes shown beside a leader that stands alone above a tenth of its probability (see shown_rows).
LONE_LEADER_COMPANIONS = 2


class LiteratureSearcher:
    """Search restricted to literature (and to the asker's filters) in the shape the reason stage expects."""

    def __init__(self, searcher: Any, filters: Any = None) -> None:
        self.searcher = searcher
        self.filters = filters

    def search(self, query: str, k: int) -> list[Any]:
        from dataclasses import replace

        from clinicite.index.lexical import SearchFilters
        filters = replace(self.filters, sources=LITERATURE_SOURCES) if self.filters is not None else \
            SearchFilters(sources=LITERATURE_SOURCES)
        try:
            return self.searcher.search(query, k=k, filters=filters)
        except IndexError_:
            return []


def rank_differential(analysis: QuestionAnalysis, knowledge_base: Any, searcher: Any = None, ontology: Any = None,
                      filters: Any = None, vocabulary: Any = None,
                      similar: Any = None) -> tuple[list[Any], str]:
    """The leading diagnoses of a case, best first, from :func:`clinicite.reason.engine.build_differential`.

    A question that names candidates ("is this rickets, scurvy or lead poisoning?") gets exactly those
    ranked (:func:`clinicite.reason.options.rank_options`). No rows when the case has no finding or the
    sources hold nothing that explains the findings; the second value then says why (the Differential's
    ``reason``, e.g. which named options the sources do not hold); with rows, it is the sentence naming the
    named options the sources do not cover (the Differential's ``note``), else it is empty.
    """
    differential = case_differential(analysis, knowledge_base, searcher, filters, vocabulary, similar)
    if differential is None:
        return [], ""
    rows = differential.diagnoses
    if named_options(analysis) or not rows:      # every named option is shown, however unlikely
        said = differential.reason if not rows else differential.note if differential.uncovered_options else ""
        return rows[:ROWS], said
    return shown_rows(rows), ""


def shown_rows(rows: list[Any]) -> list[Any]:
    """The rows an answer's table shows: calibrated probabilities of a broad differential are all small, so rows far
    behind the leader are dropped, except the alternatives a similar published case's report weighs. At most
    ``ROWS``; ``FLAT_ROWS`` when the leading rows are nearly level (see ``FLAT_ROWS``)."""
    near = [d for d in rows if d.probability >= LEADER_SHARE * rows[0].probability]
    flat = len(near) > ROWS and near[ROWS - 1].probability >= SEPARATION_RATIO * rows[0].probability
    shown = near[:FLAT_ROWS if flat else ROWS]
    if len(shown) == 1:
        # A leader alone would hide what it was weighed against: the next common causes of the same presentation
        # stay beside it, however unlikely, so the reader sees what to exclude and how far behind it falls
        # (testicular torsion at 9% with epididymo-orchitis at 0.1%, not torsion alone).
        shown += [d for d in rows[1:] if getattr(d, "source", "") == "curated" and d.for_][:LONE_LEADER_COMPANIONS]
    weighed = [d for d in rows if d not in shown and row_named_by_similar_report(d)][:REPORT_ALTERNATIVE_ROWS]
    return sorted([*shown, *weighed], key=lambda d: -d.probability)


def table_under_bottom_line(diagnoses: list[Any], abstains: bool, analysis: QuestionAnalysis) -> list[Any]:
    """The rows the answer's table may show under its bottom line.

    A bottom line that abstains because the sources hold nothing about the case (issue 8, item 4) leaves no
    ranked list beneath it: rows that each match one unspecific finding at 2-3% would read as a differential
    the answer itself says it cannot give. Options the user named are still listed (each says whether the
    sources cover it), since the question asked for exactly those.
    """
    if abstains and not named_options(analysis):
        return []
    return diagnoses


def named_options(analysis: QuestionAnalysis) -> list[str]:
    """The candidate diagnoses the question itself names ("is this A, B or C?"), in its order."""
    from clinicite.reason.options import detect_options
    return detect_options(analysis.text)


def case_differential(analysis: QuestionAnalysis, knowledge_base: Any, searcher: Any = None,
                      filters: Any = None, vocabulary: Any = None, similar: Any = None) -> Any:
    """The whole Differential (with ``status``, ``reason`` and ``note``), or None when no case is asked about.

    ``similar`` is the library of published cases (:mod:`clinicite.reason.similar_cases`) whose votes are
    mixed into the ranking, as ``clinicite diagnose`` does; None leaves the ranking as it was.
    """
    case = analysis.case
    # diff-calib: a question naming options without any finding gets the engine's "not ranked" reason, not silence
    # A diagnosis question about a described patient with no recognised finding is still ranked from the
    # literature that matches its text (as `clinicite diagnose` does); the engine shows no rows on priors alone.
    from_text = searcher is not None and analysis.question_type in ("diagnosis", "differential")
    if knowledge_base is None or not (case.observed or named_options(analysis) or from_text) or \
            analysis.question_type not in ("diagnosis", "differential", "workup", "general") and not analysis.is_case:
        return None
    from clinicite.reason.engine import CaseInput, build_differential
    from clinicite.reason.options import rank_options
    from clinicite.understand.genes import find_genes
    text = case.text or analysis.text
    genes = [g.symbol for g in find_genes(text, getattr(knowledge_base, "gene_rows", {}))]
    case_input = CaseInput(list(case.observed), list(case.excluded), case.age_years, case.sex, case.family_history,
                           genes, text, facts=case, vocabulary=vocabulary)
    literature = LiteratureSearcher(searcher, filters) if searcher is not None else None
    options = named_options(analysis)
    if options:
        return rank_options(knowledge_base, case_input, options, literature)
    return build_differential(knowledge_base, case_input, literature, top=10, similar=similar)


def differential_table(diagnoses: list[Any], knowledge_base: Any, database: Any,
                       label_of: Any) -> list[tuple[Any, list[Evidence]]]:
    """Each diagnosis with the evidence its row cites (rows without any are dropped by assembly)."""
    wanted = [p.get("document_id") for d in diagnoses for p in getattr(d, "passages", [])[:PASSAGES_PER_ROW]]
    documents = load_documents(database, [i for i in dict.fromkeys(wanted) if i])
    table = []
    for diagnosis in diagnoses:
        evidence = record_evidence(diagnosis, knowledge_base, database, label_of)
        evidence += passage_evidence(diagnosis, documents)
        table.append((diagnosis, evidence))
    return table


def record_evidence(diagnosis: Any, knowledge_base: Any, database: Any, label_of: Any) -> list[Evidence]:
    """The phenotype fact (else the definition) of a diagnosis's knowledge record."""
    ontology = getattr(knowledge_base, "ontology", None)
    if getattr(diagnosis, "source", None) == "phenotype":
        # An offered option no disease record holds but a phenotype term names ("Vitiligo",
        # :mod:`clinicite.reason.phenotype_option`): the term's own record (its definition, else its class) is cited.
        # Without it the row would be dropped and the table would show its rivals alone.
        return term_record(diagnosis.ids[0], ontology) if diagnosis.ids else []
    label = getattr(ontology, "label", None)
    ids = list(dict.fromkeys([*getattr(diagnosis, "records", []), *diagnosis.ids]))
    if getattr(diagnosis, "source", None) == "curated":
        # The curated record is the one the work-up quotes: citing it here keeps one reference per disease.
        ids.sort(key=lambda i: not i.startswith("CLINICITE:"))
    for record_id in ids:
        record = load_record(record_id, knowledge_base, database)
        if record is None:
            continue
        facts = record_facts(record, record.to_document(label_of=label), label_of=label_of)
        chosen = [f for f in facts if f.fact == "phenotypes"] or facts[:1]
        if chosen:
            return chosen
    return []


def passage_evidence(diagnosis: Any, documents: dict[str, Any]) -> list[Evidence]:
    """For each literature passage behind a diagnosis, the sentence that names it, quoted exactly."""
    found: list[Evidence] = []
    for passage in getattr(diagnosis, "passages", [])[:PASSAGES_PER_ROW]:
        document = documents.get(passage.get("document_id"))
        text = getattr(document, "text", None)
        if not text or document is None:
            continue        # a passage we cannot trace to stored text is not cited
        start, end = int(passage.get("start", 0)), int(passage.get("end", 0))
        mention = int(passage.get("mention_start", start))
        for sentence in split_sentences(text[start:end], offset=start):
            if sentence.start <= mention < sentence.end and not looks_like_instructions(sentence.text):
                found.append(Evidence(document_source(document), sentence.text,
                                      [QuotedSpan(sentence.start, sentence.end, sentence.text)], 0.5, None,
                                      "sentence", None))
                break
    return found
