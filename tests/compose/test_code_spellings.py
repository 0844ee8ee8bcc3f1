"""A compound code is found and kept however its hyphen is written ("CPX351" asked, "CPX-351" held)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from clinicite.compose.gather import code_variants
from clinicite.compose.sentences import content_terms


def test_a_code_is_one_term_with_or_without_its_hyphen():
    assert content_terms("CPX-351") == content_terms("CPX351") == ["cpx351"]
    assert content_terms("IL-6 and IL6") == ["il6", "il6"]
    # Words with a hyphen that are no code keep it.
    assert content_terms("anti-TNF") == ["anti-tnf"]


def test_the_query_gets_the_other_spelling_of_a_code_and_numbers_stay_apart():
    assert code_variants("What is CPX351?") == "What is CPX-351?"
    assert code_variants("Has CPX-351 been approved?") == "Has CPX351 been approved?"
    assert code_variants("Is ABT 199 effective in 2020 in type 2 diabetes?") == \
        "Is ABT199 effective in 2020 in type 2 diabetes?"


def test_a_question_spelling_a_code_without_its_hyphen_is_answered_from_the_record():
    from clinicite.compose import ComposeContext, answer_question
    from clinicite.index.hybrid import SearchIndex
    from clinicite.ingest.document import Document, Section
    from clinicite.settings import load_settings
    from clinicite.store.database import Database
    from clinicite.store.documents import save_documents

    record = Document(id="pmid:1", source="pubmed", title="A liposomal formulation in acute myeloid leukaemia",
                      pmid="1", sections=[Section("CPX-351 is a liposomal formulation of cytarabine and "
                                                  "daunorubicin approved for therapy-related acute myeloid "
                                                  "leukaemia.")]).assemble()
    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings(home=Path(folder), embedding_model="none")
        database = Database.open(settings.resolved_database_url)
        with database.session() as session:
            save_documents(session, [record])
        index = SearchIndex.open(settings, database)
        index.sync()
        answer = answer_question("What is CPX351?", context=ComposeContext(settings=settings, database=database,
                                                                            searcher=index))
    assert not answer.abstained
    assert "CPX-351 is a liposomal formulation" in answer.bottom_line
    assert all(c.document_id == "pmid:1" for c in answer.bottom_line_citations)
