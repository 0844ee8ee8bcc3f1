"""The server-rendered pages: content, escaping, forms with CSRF, sign-in and the audience choice."""

from __future__ import annotations

import re

from .conftest import CASE, CORPUS_PMIDS, PASSWORD, QUESTION, SCRIPT_PMID, csrf_of
from markupsafe import escape

from clinicite.store.threads import AnswerRow


def _ask(client, question=QUESTION, audience="clinician"):
    csrf = csrf_of(client.get("/").text)
    response = client.post("/ask", data={"question": question, "audience": audience, "csrf_token": csrf},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"]


def test_answer_page_shows_citations_references_differential_and_escapes_document_text(world):
    client = world.browser(None)
    html = client.get(_ask(client, CASE)).text
    answer = world.stored_answers()[-1].data
    assert not answer["abstained"] and answer["title"] and answer["bottom_line"]
    assert f'<h1 id="title">{escape(answer["title"])}</h1>' in html
    assert str(escape(answer["bottom_line"])) in html
    # Every citation mark jumps to an entry of the reference list.
    marks = {c["n"] for s in answer["sections"] for b in s["bullets"] for c in b["citations"]}
    assert marks and marks <= {r["n"] for r in answer["references"]}
    for n in marks:
        assert f'href="#ref-{n}"' in html and f'id="ref-{n}"' in html
    pmids = {r["pmid"] for r in answer["references"] if r["pmid"]}
    assert pmids and pmids <= CORPUS_PMIDS
    for pmid in pmids:
        assert f'href="https://pubmed.ncbi.nlm.nih.gov/{pmid}/"' in html
    assert 'href="https://doi.org/10.9999/example.kd.2021"' in html
    # The differential ranks Kawasaki disease first for a child with its four features.
    # (its row also carries clinicite's curated record of the same disease, linked to the Orphanet one)
    assert answer["differential"][0]["ids"][0] == "ORPHA:2331"
    table = html[html.index('<table class="ddx">'):html.index("</table>")]
    body = table[table.index("<tbody>"):]
    first_row = body[:body.index("</tr>")]
    assert "Kawasaki disease" in first_row and "ORPHA:2331" in first_row
    assert re.search(r"<td>(?:&gt;|&lt;)?\d{1,3}%</td>", first_row)
    # A <script> inside a document title is text; a javascript: URL never becomes a link.
    assert SCRIPT_PMID in pmids
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "javascript:" not in html
    assert "decision support, not medical advice" in html
    assert re.search(r"<script(?![^>]*src=)[^>]*>", html) is None  # no inline scripts (CSP)


def test_audience_choice_is_remembered(world):
    client = world.browser(None)
    _ask(client, audience="patient")
    assert 'value="patient" checked' in client.get("/").text
    (row,) = world.stored_answers()
    assert row.audience == "patient" and row.data["audience"] == "patient"


def test_forms_without_the_csrf_token_are_refused(world):
    client = world.browser(None)
    client.get("/")
    response = client.post("/ask", data={"question": "q?", "audience": "clinician"})
    assert response.status_code == 403 and "security token" in response.text
    assert world.count(AnswerRow) == 0


def test_sign_in_adopts_the_questions_asked_before_and_sign_out_forgets_the_user(world):
    world.browser("author")  # sets the author's password
    client = world.browser(None)
    answer_path = _ask(client)
    page = client.get("/signin?next=//evil.example")
    assert 'name="next" value="/"' in page.text  # no open redirect
    wrong = client.post("/signin", data={"email": "author@example.org", "password": "nope",
                                         "csrf_token": csrf_of(page.text), "next": "/"})
    assert wrong.status_code == 401 and "wrong" in wrong.text
    signed = client.post("/signin", data={"email": "author@example.org", "password": PASSWORD,
                                          "csrf_token": csrf_of(page.text), "next": answer_path},
                         follow_redirects=False)
    assert signed.headers["location"] == answer_path
    html = client.get(answer_path).text
    assert "author@example.org" in html and "Submit as article for review" in html
    # The conversation came along too: the core continues the thread for the account.
    follow = client.post(f"{answer_path}/follow-up", data={"question": "And in infants?", "audience": "clinician",
                                                          "csrf_token": csrf_of(html)}, follow_redirects=False)
    assert follow.status_code == 303, follow.text[:500]
    assert world.stored_answers()[-1].data["turn"] == 2
    client.post("/signout", data={"csrf_token": csrf_of(html)})
    assert client.get(answer_path).status_code == 404  # it belongs to the account now


def test_article_page_shows_review_steps_banner_and_last_updated(world):
    article_id = world.article("under_review")
    html = world.browser("editor").get(f"/articles/{article_id}").text
    assert "Pending human review" in html
    assert re.search(r'<li class="done current" aria-current="step">Under review</li>', html)
    assert "Last updated" in html and "Audit log" in html
    world.article("approved")
    public = world.browser(None).get("/articles").text
    assert str(escape(world.version(article_id, 1)["title"])) in public
    approved_id = world.api("editor").get("/api/v1/articles", params={"status": "approved"}).json()[0]["id"]
    page = world.browser(None).get(f"/articles/{approved_id}").text
    assert "Pending human review" not in page and 'aria-current="step">Approved' in page
    assert "Take for review" not in page and "Audit log" not in page


def test_review_by_forms_with_anchored_comments_then_edit_and_diff(world):
    article_id = world.article("submitted")
    old = world.version(article_id, 1)
    last = len(old["sections"])
    anchor = f"s{last}.b1"  # the first statement of the last section
    reviewer = world.browser("reviewer")
    page = reviewer.get(f"/articles/{article_id}").text
    reviewer.post(f"/articles/{article_id}/take", data={"csrf_token": csrf_of(page)})
    page = reviewer.get(f"/articles/{article_id}").text
    assert f'<option value="{anchor}">' in page
    reviewer.post(f"/articles/{article_id}/request-changes",
                  data={"csrf_token": csrf_of(page), "anchor": [anchor, "", ""],
                        "body": ["Give the timing.", "", ""], "note": "almost"})
    author = world.browser("author")
    page = author.get(f"/articles/{article_id}").text
    assert "changes requested" in page and "Give the timing." in page and f'href="#s{last}-b1"' in page
    edit = author.get(f"/articles/{article_id}/edit").text
    response = author.post(f"/articles/{article_id}/edit", data={
        "csrf_token": csrf_of(edit), "title": "Kawasaki disease", anchor: "IVIG within 10 days.", "note": "timing"})
    assert response.status_code == 200 and "new version" in response.text
    diff = reviewer.get(f"/articles/{article_id}/diff?old=1&new=2").text
    marks = ",".join(str(c["n"]) for c in old["sections"][-1]["bullets"][0]["citations"])
    assert marks  # the statement keeps its citations through the edit
    assert f'<span class="add">+- [{anchor}] IVIG within 10 days. [{marks}]</span>' in diff
    assert f'<span class="remove">-# {escape(old["title"])}</span>' in diff
    assert '<span class="add">+# Kawasaki disease</span>' in diff


def test_corpus_and_users_pages(world):
    assert "secret" not in world.browser(None).get("/corpus").text
    admin = world.browser("admin")
    page = admin.get("/users").text
    assert "reviewer@example.org" in page
    admin.post("/users", data={"csrf_token": csrf_of(page), "email": "new@example.org", "role": "author",
                               "password": "another long password"})
    assert "new@example.org" in admin.get("/users").text
