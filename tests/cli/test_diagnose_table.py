"""The ``clinicite diagnose`` table cites every source of a row, a document without a PMID too."""

from __future__ import annotations

from clinicite.cli.diagnose import _citations
from clinicite.reason.differential import Diagnosis


def _row(passages, references=()) -> Diagnosis:
    return Diagnosis(id="literature:ribbing disease", ids=[], name="Ribbing disease", probability=0.1,
                     log_likelihood_ratio=1.0, rank=1, source="literature", references=list(references),
                     passages=passages)


def test_a_text_file_document_is_cited_by_its_title_and_id():
    passages = [{"document_id": "doc-7f3a", "pmid": None, "title": "Femoral sclerosis: a case report"},
                {"document_id": "doc-7f3a", "pmid": None, "title": "Femoral sclerosis: a case report"}]
    assert _citations(_row(passages)) == ["Femoral sclerosis: a case report (doc-7f3a)"]


def test_a_document_with_a_pmid_is_cited_once_by_its_pmid():
    passages = [{"document_id": "pmid-123", "pmid": "123", "title": "A MEDLINE report"},
                {"document_id": "pmid-123", "pmid": None, "title": ""},          # its quoted discriminator
                {"document_id": "pdf-9", "pmid": None, "title": ""}]
    assert _citations(_row(passages, ["PMID:123"])) == ["PMID:123", "pdf-9"]
