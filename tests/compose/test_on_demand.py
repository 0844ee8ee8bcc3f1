"""Literature on demand: thin evidence makes `ask` search PubMed, ingest the records and cite them.

NCBI is the outside service here: it is replaced by recorded E-utilities replies in the real format
(tests/fixtures/ncbi/*melorheostosis*) served through httpx.MockTransport. Everything else is real: the
store, the index, the ingest of the fetched records and the answer.
"""

from __future__ import annotations

import httpx
import pytest

from clinicite.app import Clinicite
from clinicite.compose.on_demand import fetch_enabled, pubmed_query, question_concepts
from clinicite.settings import load_settings
from clinicite.store.documents import save_diseases, save_documents

from .conftest import FIXTURES, corpus, records

NCBI = FIXTURES.parent / "ncbi"
FETCHED = ["32000021", "32000022", "32000023"]


class RecordedNCBI:
    """Replays one recorded esearch and efetch; keeps every request it was sent."""

    def __init__(self, esearch: str = "esearch_melorheostosis.json") -> None:
        self.esearch = esearch
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        utility = request.url.path.rsplit("/", 1)[-1]
        if utility == "esearch.fcgi":
            return httpx.Response(200, content=(NCBI / self.esearch).read_bytes(),
                                  headers={"Content-Type": "application/json"})
        if utility == "efetch.fcgi":
            return httpx.Response(200, content=(NCBI / "efetch_melorheostosis.xml").read_bytes(),
                                  headers={"Content-Type": "text/xml"})
        return httpx.Response(404)

    @property
    def terms(self) -> list[str]:
        return [r.url.params["term"] for r in self.requests if r.url.path.endswith("esearch.fcgi")]


def make_app(tmp_path, ncbi: RecordedNCBI, **settings) -> Clinicite:
    values = dict(home=tmp_path / "home", embedding_model="none", hpo_obo=FIXTURES / "ontology.obo",
                  ncbi_requests_per_second=1000.0)
    app = Clinicite(load_settings(**{**values, **settings}),
                    ncbi_client=httpx.Client(transport=httpx.MockTransport(ncbi)))
    knowledge_records = records()
    with app.database.session() as session:
        save_documents(session, corpus() + [r.to_document(label_of=app.ontology.label) for r in knowledge_records])
        save_diseases(session, knowledge_records)
    app.sync_index()
    return app


def test_thin_evidence_is_fetched_ingested_cited_and_named(tmp_path):
    ncbi = RecordedNCBI()
    app = make_app(tmp_path, ncbi, ncbi_email="team@example.org")
    answer = app.ask("How is melorheostosis treated?")
    (term,) = ncbi.terms
    assert term == "(melorheostosis) AND (therapy[sh] OR treatment[tiab] OR management[tiab]) AND hasabstract"
    notice = answer.notices[0]
    assert notice.startswith(f"Fetched 3 PubMed records for '{term}'") and "PMID 32000021, 32000022, 32000023" in notice
    assert "0 documents on melorheostosis" in notice
    cited = {r.pmid for r in answer.references}
    assert cited and cited <= set(FETCHED), answer.references
    assert not answer.abstained
    with app.database.session() as session:
        from clinicite.store.models import DocumentRow
        assert {f"pmid:{p}" for p in FETCHED} <= {row.id for row in session.query(DocumentRow)}
    # The record as PubMed shows it: authors, title, journal, year, PMID and DOI.
    reference = next(r for r in answer.references if r.pmid == "32000022")
    assert reference.citation.startswith("Okafor C, Lima A, Berg E, et al. Surgical management of melorheostosis")
    # The same question again is no longer thin: nothing more is fetched.
    again = app.ask("How is melorheostosis treated?")
    assert len(ncbi.terms) == 1 and not any(n.startswith("Fetched") for n in again.notices)


def test_off_unless_ncbi_is_configured_or_asked_for(tmp_path):
    ncbi = RecordedNCBI()
    app = make_app(tmp_path, ncbi)                      # "auto" without an e-mail or key: off
    answer = app.ask("How is melorheostosis treated?")
    assert ncbi.requests == [] and not any("PubMed" in n for n in answer.notices)
    assert answer.abstained
    assert app.ask("How is melorheostosis treated?", fetch=True).references   # explicit request wins
    assert len(ncbi.terms) == 1


def test_setting_off_and_no_fetch_win_over_a_configured_ncbi(tmp_path):
    ncbi = RecordedNCBI()
    app = make_app(tmp_path, ncbi, ncbi_api_key="KEY", literature_on_demand="off")
    app.ask("How is melorheostosis treated?")
    assert ncbi.requests == []
    other = make_app(tmp_path / "other", RecordedNCBI(), ncbi_api_key="KEY")
    other.ask("How is melorheostosis treated?", fetch=False)
    assert other.ncbi_client is not None and ncbi.requests == []
    assert fetch_enabled(load_settings(home=tmp_path, literature_on_demand="on"))
    assert not fetch_enabled(load_settings(home=tmp_path, ncbi_email="a@b.org", literature_on_demand="off"))


def test_enough_evidence_held_is_not_thin(tmp_path):
    ncbi = RecordedNCBI()
    app = make_app(tmp_path, ncbi, ncbi_email="team@example.org")
    answer = app.ask("How is Kawasaki disease treated?")
    assert ncbi.requests == [] and not answer.abstained
    # A higher bar makes the same evidence thin.
    strict = make_app(tmp_path / "strict", ncbi, ncbi_email="team@example.org", on_demand_min_documents=50)
    strict.ask("How is Kawasaki disease treated?")
    assert ncbi.terms and "Kawasaki AND disease" in ncbi.terms[0]


def test_a_failing_ncbi_still_answers_and_says_so(tmp_path):
    ncbi = RecordedNCBI(esearch="esearch_error.json")
    app = make_app(tmp_path, ncbi, ncbi_email="team@example.org")
    answer = app.ask("How is melorheostosis treated?")
    assert answer.notices[0].startswith("PubMed could not be searched for '(melorheostosis)")
    assert answer.abstained     # nothing held on it, and nothing fetched


def test_a_case_is_searched_by_its_findings_never_by_its_words(ontology):
    case = "A 16-year-old boy from Leeds has arachnodactyly, ectopia lentis and tall stature. Diagnosis?"
    concepts, is_case = question_concepts(case, ontology)
    assert concepts == ["Arachnodactyly", "Ectopia lentis", "Tall stature"] and is_case
    query = pubmed_query(concepts, "diagnosis", is_case)
    assert query == ('(Arachnodactyly AND "Ectopia lentis" AND "Tall stature") AND ((diagnosis[sh] OR '
                     '"differential diagnosis"[tiab]) OR "case reports"[pt]) AND hasabstract')
    assert "Leeds" not in query and "16" not in query
    assert question_concepts("Is lithium effective for ALS?", ontology) == (["lithium", "ALS"], False)


@pytest.fixture(autouse=True)
def _no_cached_settings():
    from clinicite.settings import current_settings
    current_settings.cache_clear()
    yield
    current_settings.cache_clear()


def test_cli_no_fetch_keeps_ask_offline(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from clinicite.cli import app as cli

    make_app(tmp_path, RecordedNCBI())
    for name, value in {"CLINICITE_HOME": str(tmp_path / "home"), "CLINICITE_EMBEDDING_MODEL": "none",
                        "CLINICITE_HPO_OBO": str(FIXTURES / "ontology.obo"),
                        "CLINICITE_LITERATURE_ON_DEMAND": "on"}.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(cli, ["ask", "How is melorheostosis treated?", "--no-fetch", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "PubMed" not in result.stdout      # the closed test port was never tried: no failure notice either


def test_api_and_web_ask_fetch_and_show_the_notice(tmp_path):
    from fastapi.testclient import TestClient

    from clinicite.web.app import create_app

    ncbi = RecordedNCBI()
    core = make_app(tmp_path, ncbi, ncbi_email="team@example.org", secret_key="on-demand-test",
                    ask_rate_limit_per_minute=1000)
    web = create_app(core.settings, service=core)
    client = TestClient(web)
    asked = client.post("/api/v1/ask", json={"question": "How is melorheostosis treated?"})
    assert asked.status_code == 201, asked.text
    answer = asked.json()["answer"]
    assert answer["notices"][0].startswith("Fetched 3 PubMed records")
    assert {r["pmid"] for r in answer["references"]} <= set(FETCHED) and answer["references"]

    page = client.get("/answers/" + asked.json()["id"])
    assert page.status_code == 200 and "Fetched 3 PubMed records" in page.text
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/32000021/"' in page.text or "32000022" in page.text
    assert len(ncbi.terms) == 1
