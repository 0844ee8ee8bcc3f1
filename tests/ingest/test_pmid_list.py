"""A file of PubMed identifiers names records and holds none: it is never stored as a text document, and
`clinicite ingest pubmed --pmids FILE` fetches exactly the records it names (recorded E-utilities replies)."""

from __future__ import annotations

import httpx
import pytest
from typer.testing import CliRunner

from clinicite.app import Clinicite
from clinicite.cli import app as cli_app
from clinicite.errors import InputError, UnsupportedFormat
from clinicite.ingest.detect import detect_format, read_pmid_list
from clinicite.ingest.readers import read_path


def test_a_file_of_pmids_is_recognised_and_read_in_order(tmp_path):
    listed = tmp_path / "pmids.txt"
    listed.write_text("32000021\n32000022, 32000021\nPMID: 32000023\n")
    assert detect_format(listed) == "pmid-list"
    assert read_pmid_list(listed.read_text()) == ["32000021", "32000022", "32000023"]   # each once, file order


@pytest.mark.parametrize("text", ["42\n", "The 3 patients were 12, 14 and 15 years old.\n",
                                  "123456789 987654321\n"])       # a lone number, prose, over-long numbers
def test_numbers_in_prose_stay_text(tmp_path, text):
    note = tmp_path / "note.txt"
    note.write_text(text)
    assert detect_format(note) == "text"


def test_reading_a_pmid_list_says_how_to_fetch_it(tmp_path):
    listed = tmp_path / "pmids.txt"
    listed.write_text("32000021 32000022\n")
    with pytest.raises(UnsupportedFormat) as raised:
        list(read_path(listed))
    assert "--pmids" in (raised.value.hint or "")


def test_a_folder_with_a_pmid_list_stores_the_rest_and_names_the_list(home, tmp_path, fixtures):
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "pmids.txt").write_text("32000021\n32000022\n")
    (folder / "small.xml").write_bytes((fixtures / "ingest" / "pubmed_small.xml").read_bytes())
    core = Clinicite(embedding_model="none")
    try:
        summary = core.ingest([folder])
        assert summary.added > 0
        assert [p.path for p in summary.problems] == [str(folder / "pmids.txt")]
        assert "clinicite ingest pubmed --pmids" in summary.problems[0].reason
        assert core.stats()["documents_by_source"] == {"pubmed": summary.added}     # no "text" document
    finally:
        core.close()


class _Recorded:
    """Replays the recorded ESearch (uid query) and EFetch replies; keeps the search terms asked."""

    def __init__(self, folder):
        self.folder, self.terms = folder, []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        name = request.url.path.rsplit("/", 1)[-1]
        if name == "esearch.fcgi":
            self.terms.append(request.url.params["term"])
            return httpx.Response(200, content=(self.folder / "esearch_pmid_list.json").read_bytes(),
                                  headers={"Content-Type": "application/json"})
        if name == "efetch.fcgi":
            return httpx.Response(200, content=(self.folder / "efetch_melorheostosis.xml").read_bytes(),
                                  headers={"Content-Type": "text/xml"})
        return httpx.Response(404)


def test_ingest_pubmed_ids_fetches_the_named_records(home, tmp_path, fixtures):
    listed = tmp_path / "pmids.txt"
    listed.write_text("32000021\n32000022\n32000023\n")
    recorded = _Recorded(fixtures / "ncbi")
    core = Clinicite(embedding_model="none", ncbi_requests_per_second=1000)
    try:
        summary = core.ingest_pubmed_ids(listed, client=httpx.Client(transport=httpx.MockTransport(recorded)))
        assert recorded.terms == ["32000021[uid] OR 32000022[uid] OR 32000023[uid]"]
        assert summary.added == 3 and not summary.failed
        assert {hit.pmid for hit in core.search("melorheostosis", k=10)} <= {"32000021", "32000022", "32000023"}
    finally:
        core.close()


def test_ingest_pubmed_ids_refuses_a_file_that_is_no_list_before_fetching(home, tmp_path):
    prose = tmp_path / "case.txt"
    prose.write_text("A 38-year-old woman with thigh pain.\n")
    core = Clinicite(embedding_model="none")
    try:
        with pytest.raises(InputError, match="not a list of PubMed identifiers"):
            core.ingest_pubmed_ids(prose, client=httpx.Client(transport=httpx.MockTransport(
                lambda request: pytest.fail("nothing may be fetched"))))
    finally:
        core.close()


def test_cli_needs_exactly_one_of_query_and_pmids(home, tmp_path):
    listed = tmp_path / "pmids.txt"
    listed.write_text("32000021\n")
    result = CliRunner().invoke(cli_app, ["ingest", "pubmed", "--query", "x", "--pmids", str(listed)],
                                env={"CLINICITE_EMBEDDING_MODEL": "none"})
    assert result.exit_code != 0 and "--query or --pmids" in result.output
