"""The core object end to end on a real home: PubMed queries (recorded NCBI replies), search and stats."""

from __future__ import annotations

import json

import httpx
import pytest
from typer.testing import CliRunner

from clinicite.app import Clinicite
from clinicite.cli import app as cli_app


def recorded_ncbi(folder):
    """Replays the recorded E-utilities exchange in tests/fixtures/ncbi (the only stand-in: NCBI is outside)."""
    def reply(request: httpx.Request) -> httpx.Response:
        name = request.url.path.rsplit("/", 1)[-1]
        if name == "esearch.fcgi":
            return httpx.Response(200, content=(folder / "esearch_hypotonia.json").read_bytes(),
                                  headers={"Content-Type": "application/json"})
        if name == "efetch.fcgi":
            page = 1 if int(request.url.params.get("retstart", "0")) == 0 else 2
            return httpx.Response(200, content=(folder / f"efetch_hypotonia_{page}.xml").read_bytes(),
                                  headers={"Content-Type": "text/xml"})
        return httpx.Response(404)
    return httpx.Client(transport=httpx.MockTransport(reply))


@pytest.fixture
def clinicite(home) -> Clinicite:
    core = Clinicite(embedding_model="none", ncbi_requests_per_second=1000)
    yield core
    core.close()


def test_pubmed_query_lands_in_store_and_index(clinicite, fixtures):
    summary = clinicite.ingest_pubmed("hypotonia", 10, client=recorded_ncbi(fixtures / "ncbi"))
    assert summary.added > 0 and not summary.failed
    stats = clinicite.stats()
    assert stats["documents_by_source"] == {"pubmed": summary.added} and stats["pending_index"] == 0
    again = clinicite.ingest_pubmed("hypotonia", 10, client=recorded_ncbi(fixtures / "ncbi"))
    assert again.added == 0 and again.unchanged == summary.added       # a re-run changes nothing
    hits = clinicite.search("hypotonia", k=3)
    assert hits and all(hit.pmid for hit in hits)
    first = hits[0]
    with clinicite.database.session() as session:
        from clinicite.store.documents import get_document
        document = get_document(session, first.document_id)
    assert document.text[first.start:first.end] == first.text      # offsets point at the exact span


def test_cli_search_and_stats_json(home, fixtures):
    runner = CliRunner()
    ingest = runner.invoke(cli_app, ["ingest", str(fixtures / "ingest" / "pubmed_small.xml"), "--json",
                                     "--no-progress"], env={"CLINICITE_EMBEDDING_MODEL": "none"})
    assert ingest.exit_code == 0, ingest.output
    added = json.loads(ingest.stdout)["added"]
    stats = json.loads(runner.invoke(cli_app, ["stats", "--json"], env={"CLINICITE_EMBEDDING_MODEL": "none"}).stdout)
    assert stats["documents"] == added and stats["passages"] > 0 and stats["index"]["pending_documents"] == 0
    with Clinicite(embedding_model="none").database.session() as session:
        from sqlalchemy import select

        from clinicite.store.models import DocumentRow
        title = session.scalars(select(DocumentRow.title)).first()
    word = max(title.split(), key=len).strip(".,:;")
    result = runner.invoke(cli_app, ["search", word, "-k", "3", "--json"], env={"CLINICITE_EMBEDDING_MODEL": "none"})
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert hits and {"document_id", "pmid", "title", "text", "start", "end", "score", "source"} <= set(hits[0])
    assert any(word.lower() in (h["title"] + h["text"]).lower() for h in hits)
