"""Case text that stays private, and input limits (issue 13, items 14-17 and the input limits): quiet logs,
redaction before review with an identifier check, retention on a schedule with real deletion, private
files, and bounded, never-echoed, well-formed input."""

from __future__ import annotations

import json
import logging
import stat
import time
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from clinicite.editorial import answers, workflow
from clinicite.editorial.identifiers import find_identifiers
from clinicite.web.app import create_app
from clinicite.store.base import utcnow
from clinicite.store.threads import AnswerRow, keep_turn

from .conftest import QUESTION, csrf_of

NAMED_CASE = ("Mr John Smith, MRN 40012345, DOB 03/04/1961, phone 020 7946 0958, has had fever for six days "
              "with a rash. How is Kawasaki disease treated?")


def _app(world, **overrides):
    return create_app(world.settings.model_copy(update=overrides), service=world.core)


# --- 14: nothing a user typed is logged -------------------------------------------------------------------------

def test_the_access_log_drops_query_strings(world, caplog):
    _app(world)  # installs the filter on uvicorn's access logger
    access = logging.getLogger("uvicorn.access")
    access.addHandler(caplog.handler)  # uvicorn's own logging config stops this logger propagating to root
    try:
        with caplog.at_level(logging.INFO, logger="uvicorn.access"):
            # The call uvicorn's access logger makes for every request, with its own format.
            access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET",
                        "/api/v1/search?q=John+Smith+MRN+40012345", "1.1", 200)
    finally:
        access.removeHandler(caplog.handler)
    assert "/api/v1/search" in caplog.text and "John" not in caplog.text and "40012345" not in caplog.text


def test_validation_errors_neither_echo_nor_log_the_input(world, caplog):
    secret = "Zebedee Quarterman " * 600  # 11,400 characters: over the question limit
    with caplog.at_level(logging.DEBUG):
        response = world.api("author").post("/api/v1/ask", json={"question": secret})
    assert response.status_code == 422
    assert "Zebedee" not in response.text and len(response.content) < 2000
    assert "question" in response.json()["message"] and "8000" in response.json()["message"]
    assert "Zebedee" not in caplog.text


# --- 15: identifiers flagged, questions redacted before review -------------------------------------------------

def test_the_identifier_check_flags_names_record_numbers_birth_dates_and_phones():
    kinds = {(f.kind, f.text) for f in find_identifiers(NAMED_CASE)}
    assert kinds == {("name", "John Smith"), ("record number", "40012345"), ("date of birth", "03/04/1961"),
                     ("phone number", "020 7946 0958")}
    assert {f.text for f in find_identifiers("Patient Jane Doe, hospital number 4455 6677, born on 12 March 1990.")} \
        == {"Jane Doe", "4455 6677", "12 March 1990"}
    # A case needs ages, durations and doses: none of them is an identifier.
    from .conftest import CASE
    assert find_identifiers(CASE) == [] and find_identifiers(QUESTION) == []
    assert find_identifiers("Patient has a rash; 1000000 units of penicillin; CRP 120 mg/L.") == []


def test_the_submit_form_warns_about_identifiers(world):
    answer_id = world.answer("author", NAMED_CASE)
    page = world.browser("author").get(f"/answers/{answer_id}").text
    assert "may identify a patient" in page and "John Smith" in page and "40012345" in page
    plain = world.browser("author", reuse=True).get(f"/answers/{world.answer('author')}").text
    assert "may identify a patient" not in plain and "Remove names, record numbers" in plain


def test_the_author_redacts_the_question_before_review_and_the_public_sees_only_the_redaction(world):
    answer_id = world.answer("author", NAMED_CASE)
    with world.database.session() as s:
        article_id = workflow.submit_answer(s, world.actor("author"),
                                            answers.get_answer(s, world.actor("author"), answer_id)).id
    redacted = ("Mr [name], MRN [number], DOB [date], phone [number], has had fever for six days with a rash. "
                "How is Kawasaki disease treated?")
    author = world.api("author")
    assert author.post(f"/api/v1/articles/{article_id}/redact-question",
                       json={"question": NAMED_CASE + " Also give IVIG twice."}).status_code == 422  # adds words
    assert world.api("reader").post(f"/api/v1/articles/{article_id}/redact-question",
                                    json={"question": redacted}).status_code == 403
    assert author.post(f"/api/v1/articles/{article_id}/redact-question",
                       json={"question": redacted}).status_code == 200
    for number in (1,):
        assert world.version(article_id, number)["question"] == redacted
    with world.database.session() as s:
        workflow.take(s, world.actor("reviewer"), article_id)
        workflow.approve(s, world.actor("reviewer"), article_id)
    public = world.api(None).get(f"/api/v1/articles/{article_id}").json()
    assert public["question"] == redacted
    page = world.api(None).get(f"/articles/{article_id}").text
    assert "John Smith" not in page and "40012345" not in page
    with world.database.session() as s:
        trail = workflow.audit_trail(s, world.actor("editor"), "article", article_id)
        assert "redact_question" in [a.action for a in trail] and "John" not in str([a.before for a in trail])


def test_staff_see_identifier_flags_and_a_redaction_form_on_the_article_page(world):
    answer_id = world.answer("author", NAMED_CASE)
    with world.database.session() as s:
        article_id = workflow.submit_answer(s, world.actor("author"),
                                            answers.get_answer(s, world.actor("author"), answer_id)).id
    editor = world.browser("editor")
    page = editor.get(f"/articles/{article_id}").text
    assert "may identify a patient" in page and "Redact the question" in page
    response = editor.post(f"/articles/{article_id}/redact-question", follow_redirects=False,
                           data={"csrf_token": csrf_of(page), "question": "Mr [name] has had fever for six days."})
    assert response.status_code == 303
    with world.database.session() as s:
        assert workflow.get_article(s, article_id).question == "Mr [name] has had fever for six days."


# --- 16: retention on a schedule, deletion that is real --------------------------------------------------------

def _old_case(world, text: str) -> str:
    with world.database.session() as s:
        return keep_turn(s, "t-old", "anon:x", text, "clinician", {}, at=utcnow() - timedelta(days=400)).id


def test_serve_purges_old_case_text_on_a_schedule(world):
    old = _old_case(world, "Mr Zebedee Quarterman has fever")
    app = _app(world, case_purge_interval_s=0.2, case_retention_days=30)
    with TestClient(app):  # the lifespan of a running server
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with world.database.session() as s:
                if s.get(AnswerRow, old) is None:
                    break
            time.sleep(0.1)
    with world.database.session() as s:
        assert s.get(AnswerRow, old) is None
    assert app.state.retention.runs >= 1


def test_purged_case_text_is_gone_from_the_sqlite_files(world):
    if world.database.dialect != "sqlite":
        pytest.skip("byte-level check of the SQLite files; PostgreSQL relies on VACUUM (docs/configuration.md)")
    from clinicite.editorial.retention import purge_now
    _old_case(world, "Mr Zebedee Quarterman has fever")
    assert purge_now(world.database, 30) == 1
    files = sorted(world.settings.home.glob("clinicite.sqlite3*"))
    assert files and all(b"Zebedee" not in f.read_bytes() for f in files)


# --- 17: private files --------------------------------------------------------------------------------------------

def test_the_home_is_private_and_the_database_files_owner_only(tmp_path):
    from clinicite.app import Clinicite
    from clinicite.settings import load_settings
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    core = Clinicite(load_settings(home=home, embedding_model="none"))
    try:
        with core.database.session() as s:
            keep_turn(s, "t", "anon:x", "q", "clinician", {})
        assert stat.S_IMODE(home.stat().st_mode) == 0o700
        files = sorted(home.glob("clinicite.sqlite3*"))
        assert any(f.name.endswith("-wal") for f in files)
        assert {f.name: stat.S_IMODE(f.stat().st_mode) for f in files if not f.name.endswith(".lock")} == \
            {f.name: 0o600 for f in files if not f.name.endswith(".lock")}
    finally:
        core.close()


# --- input limits ---------------------------------------------------------------------------------------------------

def test_a_lone_surrogate_is_a_422_with_security_headers(world):
    body = '{"question": "fever and rash \\ud800 in a child"}'
    response = world.api("author").post("/api/v1/ask", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert "Content-Security-Policy" in response.headers and "unicode" in response.json()["message"].lower()
    # Where the model takes any text (an edit's title), the surrogate reaches the database driver: still a 422.
    article_id = world.article("approved")
    edit = world.api("editor").post(f"/api/v1/articles/{article_id}/edit",
                                    content='{"changes": {"title": "Kawasaki \\udc00 disease"}}',
                                    headers={"content-type": "application/json"})
    assert edit.status_code == 422 and "Content-Security-Policy" in edit.headers, edit.text
    assert "malformed Unicode" in edit.json()["message"]
    long_key = world.api("editor").post(f"/api/v1/articles/{article_id}/edit",
                                        json={"changes": {"Zebedee" * 1000: "x"}})
    assert long_key.status_code == 422 and len(long_key.content) < 1000  # the bad anchor is not echoed whole


def test_large_bodies_are_refused_unread_and_never_echoed(world):
    huge = "Zebedee " * 200_000  # 1.6 MB
    response = world.api("author").post("/api/v1/ask", json={"question": huge})
    assert response.status_code == 413 and len(response.content) < 1000 and "Zebedee" not in response.text
    assert "Content-Security-Policy" in response.headers
    form = world.browser("author").post("/ask", data={"question": huge, "csrf_token": "x"})
    assert form.status_code == 413 and "Zebedee" not in form.text


def _chunks(body: bytes, size: int = 16 * 1024):
    """The body as a stream of chunks: httpx sends it with Transfer-Encoding: chunked, no Content-Length."""
    for start in range(0, len(body), size):
        yield body[start:start + size]


def test_chunked_bodies_within_the_limit_are_read_and_larger_ones_refused(world):
    client = world.api("author")
    small = json.dumps({"question": QUESTION}).encode()
    asked = client.post("/api/v1/ask", content=_chunks(small, 8), headers={"content-type": "application/json"})
    assert asked.status_code == 201, asked.text
    huge = json.dumps({"question": "Zebedee " * 200_000}).encode()
    refused = client.post("/api/v1/ask", content=_chunks(huge), headers={"content-type": "application/json"})
    assert refused.status_code == 413, refused.text  # was 400 "There was an error parsing the body"
    assert refused.json()["error"] == "RequestTooLarge" and "Zebedee" not in refused.text
    assert "Content-Security-Policy" in refused.headers
    form = world.browser("author").post("/ask", content=_chunks(b"question=" + b"Zebedee+" * 200_000),
                                        headers={"content-type": "application/x-www-form-urlencoded"})
    assert form.status_code == 413 and "Zebedee" not in form.text


def test_a_conversation_holds_a_bounded_amount_of_case_text(world):
    app = _app(world, thread_max_turns=2)
    with world.database.session() as s:
        first = answers.ask(s, world.core, world.actor("author"), QUESTION, "clinician")
        first_id = first.id
    api = TestClient(app, headers={"Authorization": f"Bearer {world.tokens['author']}"})
    second = api.post(f"/api/v1/answers/{first_id}/follow-up", json={"question": "And in infants?"})
    assert second.status_code == 201, second.text
    third = api.post(f"/api/v1/answers/{second.json()['id']}/follow-up", json={"question": "And the dose?"})
    assert third.status_code == 422 and "start a new conversation" in third.json()["hint"]
    with world.database.session() as s:
        limits = answers.ThreadLimits(turns=50, chars=100)
        with pytest.raises(Exception, match="more than 100 characters"):
            answers.ask(s, world.core, world.actor("author"), "x" * 80, "clinician", follow_up_of=first_id,
                        thread_limits=limits)
    with world.database.session() as s:
        assert s.scalar(select(AnswerRow).where(AnswerRow.id == first_id)) is not None


# --- 13: a running server picks up committed index changes ----------------------------------------------------

def test_a_running_server_sees_what_another_process_indexed(world):
    from clinicite.app import Clinicite

    from .conftest import LATER, LATER_PMID
    api = world.api(None)
    assert LATER_PMID not in {h["pmid"] for h in api.get("/api/v1/search", params={"q": "prednisolone"}).json()}
    opened = world.core.index
    other = Clinicite(world.settings)  # a CLI ingest: another core on the same home and database
    try:
        assert other.ingest([LATER]).added == 1
    finally:
        other.close()
    world.app.state.web.index_watch.every_s = 0  # check on this request rather than within two seconds
    hits = api.get("/api/v1/search", params={"q": "prednisolone"}).json()
    assert LATER_PMID in {h["pmid"] for h in hits}
    assert world.core.index is not opened


def test_a_redaction_only_removes_words_or_puts_placeholders_in_their_place():
    from clinicite.editorial.redaction import is_redaction
    original = "Mr John Smith, MRN 40012345, has had fever for six days."
    assert is_redaction(original, "Mr [name], MRN [number], has had fever for six days.")
    assert is_redaction(original, "has had fever for six days.")
    assert not is_redaction(original, "Mr [name] has had no fever for six days.")  # adds "no"
    assert not is_redaction(original, "fever has had")  # reorders
