"""The web app with its default wiring: ``create_app(settings)`` builds its own :class:`clinicite.app.Clinicite`
on the same settings, as `clinicite serve` does, and shares one database engine with it."""

from __future__ import annotations

import pytest
from .conftest import BACKENDS, QUESTION, citations_resolve
from fastapi.testclient import TestClient

from clinicite.editorial import accounts
from clinicite.editorial.permissions import SYSTEM
from clinicite.web.app import create_app
from clinicite.app import Clinicite
from clinicite.settings import load_settings


@pytest.fixture(scope="module", params=BACKENDS)
def core_app(request, tmp_path_factory, templates):
    folder = tmp_path_factory.mktemp("core")
    url, drop = templates(request.param).copy(folder / "home")
    settings = load_settings(home=folder / "home", database_url=url, embedding_model="none",
                             secret_key="core-test-key", ask_rate_limit_per_minute=1000)
    app = create_app(settings)  # default wiring: the app builds its own Clinicite on these settings
    with app.state.web.database.session() as session:
        tokens = {role: (accounts.create_user(session, SYSTEM, f"{role}@example.org", role),
                         accounts.issue_token(session, SYSTEM, f"{role}@example.org"))[1]
                  for role in ("author", "reviewer")}
    yield app, tokens
    app.state.web.service.close()
    drop()


def test_the_default_wiring_is_the_real_core_on_one_engine(core_app):
    app, _ = core_app
    web = app.state.web
    assert isinstance(web.service, Clinicite) and web.service.database is web.database


def test_real_answer_cites_the_ingested_abstracts_and_goes_through_review(core_app):
    app, tokens = core_app
    author = TestClient(app, headers={"Authorization": f"Bearer {tokens['author']}"})
    asked = author.post("/api/v1/ask", json={"question": QUESTION})
    assert asked.status_code == 201, asked.text
    answer = asked.json()["answer"]
    assert not answer["abstained"]
    citations_resolve(answer)
    assert "90000001" in {r["pmid"] for r in answer["references"]}  # the IVIG trial

    html = author.get(f"/answers/{asked.json()['id']}").text
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/90000001/"' in html and "<script>alert" not in html

    article = author.post(f"/api/v1/answers/{asked.json()['id']}/submit").json()
    reviewer = TestClient(app, headers={"Authorization": f"Bearer {tokens['reviewer']}"})
    reviewer.post(f"/api/v1/articles/{article['id']}/take")
    assert reviewer.post(f"/api/v1/articles/{article['id']}/approve", json={}).json()["status"] == "approved"
    public = TestClient(app).get(f"/articles/{article['id']}")
    assert public.status_code == 200 and "Pending human review" not in public.text


def test_search_and_corpus_status_come_from_the_real_index(core_app):
    app, _ = core_app
    client = TestClient(app)
    hits = client.get("/api/v1/search", params={"q": "immunoglobulin", "source": "pubmed"}).json()
    assert hits and hits[0]["pmid"] == "90000001"
    assert client.get("/api/v1/search", params={"q": "immunoglobulin", "source": "knowledge"}).json() == []
    corpus = client.get("/api/v1/corpus").json()
    assert corpus["documents"] == 8 and "home" not in corpus
    page = client.get("/corpus").text
    assert "kawasaki_pubmed.xml" in page and "marfan_pmc.nxml" in page
