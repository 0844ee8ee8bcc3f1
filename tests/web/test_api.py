"""The REST API through FastAPI's TestClient on a real database."""

from __future__ import annotations

import shutil

import pytest
from .conftest import CORPUS_PMIDS, QUESTION, SCRIPT_PMID, citations_resolve, csrf_of
from fastapi.testclient import TestClient

from clinicite.web.security import COOKIE
from clinicite.store.threads import AnswerRow, ThreadRow


def test_the_api_audience_type_is_the_one_list_of_audiences():
    # The JSON schema needs a Literal; the list itself lives once, in compose.audience.
    from typing import get_args

    from clinicite.compose.audience import AUDIENCES
    from clinicite.web.api import Audience
    assert get_args(Audience) == AUDIENCES


def test_ask_follow_up_and_get_an_answer_as_an_anonymous_session(world):
    client = world.api(None)
    first = client.post("/api/v1/ask", json={"question": QUESTION, "audience": "trainee"})
    assert first.status_code == 201
    body = first.json()
    answer = body["answer"]
    assert answer["audience"] == "trainee" and answer["question"] == QUESTION and not answer["abstained"]
    assert answer["title"] and answer["bottom_line"]
    citations_resolve(answer)
    cited = {r["pmid"] for r in answer["references"] if r["pmid"]}
    assert cited and cited <= CORPUS_PMIDS  # only what was ingested, never an invented source
    csrf = client.get("/api/v1/session").json()["csrf_token"]
    follow = client.post(f"/api/v1/answers/{body['id']}/follow-up", json={"question": "And in infants?"},
                         headers={"X-CSRF-Token": csrf})
    assert follow.status_code == 201
    assert follow.json()["thread_id"] == body["thread_id"] and follow.json()["audience"] == "trainee"
    assert follow.json()["answer"]["turn"] == 2  # the core continued its own thread
    assert client.get(f"/api/v1/answers/{body['id']}").json()["question"] == QUESTION
    # Another session, or a signed-in user, cannot read it.
    assert world.api(None).get(f"/api/v1/answers/{body['id']}").status_code == 404
    assert world.api("admin").get(f"/api/v1/answers/{body['id']}").status_code == 404


def test_cookie_authenticated_writes_need_the_csrf_token(world):
    client = world.api(None)
    answer_id = client.post("/api/v1/ask", json={"question": "q?"}).json()["id"]
    refused = client.post(f"/api/v1/answers/{answer_id}/follow-up", json={"question": "more?"})
    assert refused.status_code == 403 and refused.json()["error"] == "CsrfFailed"
    forged = client.post(f"/api/v1/answers/{answer_id}/follow-up", json={"question": "more?"},
                         headers={"X-CSRF-Token": "guess"})
    assert forged.status_code == 403


def test_submit_review_and_publish_through_the_api(world):
    author, reviewer, public = world.api("author"), world.api("reviewer"), world.api(None)
    answer_id = author.post("/api/v1/ask", json={"question": "Kawasaki treatment?"}).json()["id"]
    article = author.post(f"/api/v1/answers/{answer_id}/submit")
    assert article.status_code == 201 and article.json()["status"] == "submitted"
    article_id = article.json()["id"]
    assert public.get(f"/api/v1/articles/{article_id}").status_code == 404
    assert [a["id"] for a in reviewer.get("/api/v1/review-queue").json()] == [article_id]
    assert reviewer.post(f"/api/v1/articles/{article_id}/take").json()["status"] == "under_review"
    changes = reviewer.post(f"/api/v1/articles/{article_id}/request-changes",
                            json={"comments": [{"anchor": "s1.b1", "body": "state the dose timing"}]})
    assert changes.json()["status"] == "changes_requested"
    edited = author.post(f"/api/v1/articles/{article_id}/edit",
                         json={"changes": {"s1.b1": "IVIG 2 g/kg within 10 days of fever onset."},
                               "note": "dose timing"})
    assert edited.status_code == 200 and edited.json()["current_version"] == 2
    diff = reviewer.get(f"/api/v1/articles/{article_id}/diff", params={"old": 1, "new": 2}).json()
    assert any(line["kind"] == "add" and "within 10 days" in line["line"] for line in diff["lines"])
    reviewer.post(f"/api/v1/articles/{article_id}/take")
    approved = reviewer.post(f"/api/v1/articles/{article_id}/approve", json={"note": "checked"})
    assert approved.json()["status"] == "approved" and approved.json()["published_version"] == 2
    shown = public.get(f"/api/v1/articles/{article_id}").json()
    assert shown["version"]["number"] == 2 and shown["comments"] == [] and shown["reviews"] == []
    assert shown["version"]["data"]["sections"][0]["bullets"][0]["text"] == "IVIG 2 g/kg within 10 days of fever onset."
    assert [a["id"] for a in public.get("/api/v1/articles").json()] == [article_id]
    assert [v["number"] for v in public.get(f"/api/v1/articles/{article_id}/versions").json()] == [2]
    trail = world.api("editor").get(f"/api/v1/articles/{article_id}/audit").json()
    assert [t["action"] for t in trail][::-1] == ["submit", "take", "request_changes", "edit", "take", "approve"]


def test_conflicting_actions_report_409_with_a_hint(world):
    article_id = world.article("submitted")
    response = world.api("reviewer").post(f"/api/v1/articles/{article_id}/approve", json={})
    assert response.status_code == 409
    assert response.json()["error"] == "WorkflowError" and "under_review" in response.json()["hint"]


def test_ask_is_rate_limited_per_user_with_retry_after(world):
    world.app.state.web.limiter.per_minute = 2
    client = world.api("reader")
    codes = [client.post("/api/v1/ask", json={"question": f"q{i}?"}).status_code for i in range(3)]
    assert codes == [201, 201, 429]
    limited = client.post("/api/v1/ask", json={"question": "again?"})
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert world.api("author").post("/api/v1/ask", json={"question": "other user?"}).status_code == 201


def test_unknown_bearer_token_is_refused(world):
    client = TestClient(world.app, headers={"Authorization": "Bearer clc_nonsense"})
    response = client.get("/api/v1/articles")
    assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"


def test_security_headers_and_session_cookie_flags(world):
    response = world.api(None).get("/api/v1/health")
    assert response.json() == {"status": "ok", "database": world.database.dialect}
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith(COOKIE) and "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie
    https = TestClient(world.app, base_url="https://testserver").get("/api/v1/health")
    assert "secure" in https.headers["set-cookie"].lower()


def test_tampered_session_cookie_is_ignored(world):
    client = world.browser("admin")
    value = client.cookies.get(COOKIE)
    assert client.get("/api/v1/session").json()["role"] == "admin"
    client.cookies.clear()
    client.cookies.set(COOKIE, value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB"))
    assert client.get("/api/v1/session").json()["role"] == "anonymous"


def test_search_and_corpus_status(world):
    hits = world.api(None).get("/api/v1/search", params={"q": "Kawasaki disease", "k": 10}).json()
    found = {h["document_id"] for h in hits}
    assert {"pmid:90000001", "pmid:90000002", f"pmid:{SCRIPT_PMID}", "ORPHA:2331"} <= found
    assert "pmid:90000010" not in found  # the Marfan review does not mention Kawasaki disease
    filtered = world.api(None).get("/api/v1/search", params={"q": "Kawasaki", "source": "knowledge"}).json()
    assert [h["document_id"] for h in filtered] == ["ORPHA:2331"]
    marfan = world.api(None).get("/api/v1/search", params={"q": "aortic root", "source": "pmc"}).json()
    assert marfan and {h["pmid"] for h in marfan} == {"90000010"}
    corpus = world.api(None).get("/api/v1/corpus").json()
    assert corpus["documents"] == 8 and corpus["knowledge_records"] == 3
    assert corpus["documents_by_source"] == {"knowledge": 3, "pmc": 1, "pubmed": 3, "text": 1}
    assert "home" not in corpus and "database" not in corpus
    assert world.api("admin").get("/api/v1/corpus").json()["home"] == str(world.settings.paths.home)


def test_openapi_document_lists_the_api(world):
    spec = world.api(None).get("/api/v1/openapi.json").json()
    for path in ("/api/v1/ask", "/api/v1/answers/{answer_id}/follow-up", "/api/v1/articles/{article_id}",
                 "/api/v1/articles/{article_id}/versions", "/api/v1/articles/{article_id}/approve",
                 "/api/v1/search", "/api/v1/corpus", "/api/v1/health"):
        assert path in spec["paths"], path
    assert not any(p.startswith("/articles") for p in spec["paths"])  # pages are not API


@pytest.mark.parametrize("payload", [{"question": ""}, {"question": "x" * 9000}, {"question": "q", "audience": "x"}])
def test_bad_questions_are_422(world, payload):
    assert world.api(None).post("/api/v1/ask", json=payload).status_code == 422
    assert world.count(AnswerRow) == 0 and world.count(ThreadRow) == 0  # the core was not asked


def test_an_unexpected_failure_is_a_500_that_leaks_nothing(world):
    # A real fault: the search index files vanish under the running server.
    index = world.settings.paths.home / "index"
    shutil.rmtree(index)
    index.write_text("not an index")
    client = TestClient(world.app, raise_server_exceptions=False)
    response = client.post("/api/v1/ask", json={"question": QUESTION})
    assert response.status_code == 500 and response.json()["error"] == "InternalError"
    assert str(world.settings.paths.home) not in response.text and "Traceback" not in response.text
    csrf = csrf_of(client.get("/").text)
    page = client.post("/ask", data={"question": QUESTION, "audience": "clinician", "csrf_token": csrf})
    assert page.status_code == 500 and "Something went wrong" in page.text
    assert str(world.settings.paths.home) not in page.text
    assert world.count(AnswerRow) == 0
