"""Reference lists as PubMed's summary shows them: authors, title, journal, year, PMID/DOI, evidence grade."""

from __future__ import annotations

import json

from clinicite.compose.answer import Answer, Reference
from clinicite.compose.render import render


def _answer(*references: Reference) -> Answer:
    return Answer(question="q", title="t", bottom_line="b", references=list(references))


def test_pubmed_record_reads_like_pubmed():
    ref = Reference(n=1, id="pmid:31000011", title="Hypotonia in infancy: an invented cohort.",
                    url="https://pubmed.ncbi.nlm.nih.gov/31000011/", grade="cohort study",
                    authors=["Doe J", "Roe R", "Poe E", "Moe M"], journal="J Child Neurol", year=2019,
                    pmid="31000011", doi="10.1177/0883073819000011")
    assert ref.citation == ("Doe J, Roe R, Poe E, et al. Hypotonia in infancy: an invented cohort. J Child Neurol. "
                            "2019. PMID: 31000011. doi: 10.1177/0883073819000011.")
    markdown = render(_answer(ref), "md")
    assert ("1. Doe J, Roe R, Poe E, et al. Hypotonia in infancy: an invented cohort. *J Child Neurol*. 2019. "
            "PMID: [31000011](https://pubmed.ncbi.nlm.nih.gov/31000011/). "
            "doi: [10.1177/0883073819000011](https://doi.org/10.1177/0883073819000011). "
            "Evidence: *cohort study*.") in markdown
    html = render(_answer(ref), "html")
    assert '<span class="authors">Doe J, Roe R, Poe E, et al.</span>' in html
    assert "<i>J Child Neurol</i>." in html and 'href="https://pubmed.ncbi.nlm.nih.gov/31000011/"' in html
    data = json.loads(render(_answer(ref), "json"))
    assert data["references"][0]["citation"] == ref.citation
    assert Answer.from_dict(data).references[0] == ref


def test_text_document_shows_only_what_it_states():
    ref = Reference(n=1, id="file:abc", title="Intramedullary osteosclerosis: a case report", source_type="text",
                    grade="case report")
    assert ref.citation == "Intramedullary osteosclerosis: a case report."
    assert "1. Intramedullary osteosclerosis: a case report. Evidence: *case report*." in render(_answer(ref), "md")


def test_question_titles_and_markup_in_titles():
    ref = Reference(n=2, id="pmid:1", title="Is lithium effective in ALS?", year=2010, pmid="1", grade="RCT")
    assert ref.citation == "Is lithium effective in ALS? 2010. PMID: 1."
    hostile = Reference(n=3, id="file:x", title="<script>alert(1)</script> [x](javascript:y)", grade="case report")
    markdown, html = render(_answer(hostile), "md"), render(_answer(hostile), "html")
    assert "<script>" not in markdown and "\\[x\\]" in markdown
    assert "<script>" not in html and "&lt;script&gt;" in html
